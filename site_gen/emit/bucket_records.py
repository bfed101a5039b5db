"""A document's terms in the error index's scoring records, as one short string.

A scoring record (`buckets/<k>.json`) lists every term of its document: the term's number
as a gap from the previous one and `tf * tf_scale`, both integers. As JSON numbers,
`gap,tf,` pairs took ~6 bytes a term (77 terms a document on generated registries), and
buckets were half the index at 10,000 skills and most of a hard paste's bytes. Here the
pairs are one string of variable-length base-45 digits over `bucket_maxima.ALPHABET`: the
first 45 characters are digits with more to come, the last 45 end a number, most
significant first: ~3 bytes a term, and JSON writes every character as itself.

`decode` is the Python twin of `scoreBucket`'s reading in error-search.js (tests run both).
"""

from __future__ import annotations

from .bucket_maxima import ALPHABET

BASE = 45
"""Digit values a character holds; `ALPHABET[BASE + d]` ends a number, `ALPHABET[d]` not."""


def encode(pairs: list[tuple[int, int]]) -> str:
    """`(term number, tf * tf_scale)` in number order -> the record's string of gaps and tfs."""
    out: list[str] = []
    last = 0
    for term, tf in pairs:
        out += (_number(term - last), _number(tf))
        last = term
    return "".join(out)


def _number(value: int) -> str:
    assert value >= 0, value
    digits = [value % BASE]
    while value >= BASE:
        value //= BASE
        digits.append(value % BASE)
    return "".join(ALPHABET[d] for d in reversed(digits[1:])) + ALPHABET[BASE + digits[0]]


def decode(text: str) -> list[tuple[int, int]]:
    """The `(term number, tf * tf_scale)` pairs a record's string holds."""
    numbers, value = [], 0
    for char in text:
        digit = ALPHABET.index(char)
        value = value * BASE + digit % BASE
        if digit >= BASE:
            numbers.append(value)
            value = 0
    pairs, term = [], 0
    for i in range(0, len(numbers), 2):
        term += numbers[i]
        pairs.append((term, numbers[i + 1]))
    return pairs
