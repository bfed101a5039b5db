"""A term's largest impact per bucket, as the error index's term shards store it.

Upper bounds, short: a page skips a bucket on these alone. Two forms, whichever is shorter
(the second coarser for common terms):

- sparse, `[gap, ceil(max * SCALE), ...]`: buckets as gaps from the previous one;
- dense, `[string, lo, step]`: two characters per bucket of the index, `!!` where the term
  is absent, else level `L = 91 * a + b` (`a`, `b` indexes in `ALPHABET`) standing for
  `lo + L * step`: 8,281 levels between the term's smallest and largest maximum, in two
  bytes a bucket instead of six. (With one byte, 91 levels, bounds were loose enough that
  queries with hundreds of near-tied documents read 1.7 times as many buckets.)
- coarse, `[string, lo, step, 1]`: the dense form with one character a bucket, 91 levels,
  for a term in many documents (`error_shards.COARSE_DF`): its idf, and so its share of any
  bound, is small, so looser levels cost little, and its two-character form was the bulk
  of a query's term shards at 10,000 skills.

`decode` is the Python twin of `termBounds` in error-search.js (tests run both).
"""

from __future__ import annotations

import math

SCALE = 100
ABSENT = "!"
ALPHABET = "".join(chr(c) for c in range(0x23, 0x7F) if chr(c) != "\\")
"""91 characters that JSON writes as themselves."""
WIDTH = 2
"""Characters a bucket in the dense form: 91 ** 2 levels, as tight as the sparse form."""
LEVELS = len(ALPHABET) ** WIDTH - 1


def encode(maxima: list[tuple[int, float]], buckets: int, *, coarse: bool = False) -> list[object]:
    """`maxima`: (bucket, largest impact) in bucket order -> the shorter form, as JSON data;
    `coarse`: the dense form takes one character a bucket."""
    width = 1 if coarse else WIDTH
    if len(maxima) * 6 <= buckets * width:
        out: list[int] = []
        last = 0
        for bucket, value in maxima:
            out += (bucket - last, _hundredths(value))
            last = bucket
        return [out]
    top = len(ALPHABET) ** width - 1
    values = [value for _, value in maxima]
    lo = math.floor(min(values) * 1e5) / 1e5
    step = max(math.ceil((max(values) - lo) / top * 1e8) / 1e8, 1e-8)
    while True:
        levels = [_level(value, lo, step) for value in values]
        if max(levels) <= top:
            break
        step = math.ceil(step * 1.01 * 1e8) / 1e8
    chars = [ABSENT * width] * buckets
    base = len(ALPHABET)
    for (bucket, _), level in zip(maxima, levels, strict=True):
        chars[bucket] = (ALPHABET[level // base] if width == 2 else "") + ALPHABET[level % base]
    return ["".join(chars), lo, step] + ([1] if coarse else [])


def _hundredths(value: float) -> int:
    """The least k with k / SCALE >= value (`ceil(value * SCALE)` can be one too many)."""
    k = math.ceil(value * SCALE)
    return k - 1 if (k - 1) / SCALE >= value else k


def _level(value: float, lo: float, step: float) -> int:
    """The least level whose bound, computed as the page does, is at least `value`."""
    level = max(0, math.ceil((value - lo) / step))
    while lo + level * step < value:
        level += 1
    return level


def decode(form: list[object]) -> dict[int, float]:
    """bucket -> the bound the page computes from a stored form."""
    if len(form) == 1:
        flat = form[0]
        assert isinstance(flat, list)
        bucket, out = 0, {}
        for i in range(0, len(flat), 2):
            bucket += flat[i]
            out[bucket] = flat[i + 1] / SCALE
        return out
    chars, lo, step, *coarse = form
    assert isinstance(chars, str) and isinstance(lo, float) and isinstance(step, float)
    width = 1 if coarse else WIDTH
    base, out = len(ALPHABET), {}
    for k in range(len(chars) // width):
        code = chars[width * k : width * k + width]
        if code[0] != ABSENT:
            level = sum(ALPHABET.index(c) * base ** (width - 1 - i) for i, c in enumerate(code))
            out[k] = lo + level * step
    return out
