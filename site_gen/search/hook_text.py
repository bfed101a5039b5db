"""A failing command's output as the failure hook reads it: its errors, the last one first.

`tokenize.query_terms` weighs every exception line of a paste alike, which suits a person who
pasted the part that matters. A command's whole output is different:

- Claude Code's `Exit code N` header says nothing about the error; a line a progress bar
  redrew with carriage returns is read as the terminal last showed it.
- An exception's message may continue past its line: C++'s `terminate called after throwing
  an instance of 'X'` prints it on the `what():` line, and a Python exception whose message
  starts with a line break (`ChildFailedError:`) on the lines after.
- A long log holds several errors, and the last is usually the one that ended the run (a
  chained traceback ends with the most specific one: `Error building extension 'cpu_adam'`
  after the `CalledProcessError` of the build). Each error (its lines and continuation) is
  a query of its own, tried last first: its tokens are the focus (what coverage and the
  distinctive words are about), the rest of the output weighs in at most as error-ish lines,
  and the traceback frames' words may corroborate the entry (`hook_gate`). The whole output
  as a paste is the last try.
- An output without any error line (a program that printed its message and exited 1:
  `OpenRouter API key not configured`, maybe with a worker's line after it) has its last
  `MAX_SAID` distinct lines with words tried as the error, each on its own (`Query.said`):
  only an entry quoting that whole line word for word may take it (`hook_gate`).
- A JSON-lines log's records are read as a text logger prints them (`hook_json`): the
  traceback in an escaped string is lines again.
- The final error's lines are also kept as written, normalized (`whole_line`: quotes unified,
  digits masked, whitespace collapsed), so the gate can tell an entry that quotes the whole
  error line word for word.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import hook_groups, hook_json, hook_rich, hook_shapes, tokenize

MAX_ERRORS = 3
"""Distinct errors of one output tried as queries (the last ones)."""
MAX_SAID = 3
"""Last lines of an output without an error line tried as its error (word for word only)."""
MAX_CONTINUATION = 12
"""Lines after an exception line with an empty message that may carry that message."""

_EXIT_CODE = re.compile(r"\AExit code -?\d+[ \t]*\r?\n")
_WHAT = re.compile(r"^\s*what\(\):")
_LETTER = re.compile(r"[A-Za-z]")
_CURLY = "\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e"
_TYPOGRAPHIC = str.maketrans(dict.fromkeys(_CURLY, "'"))
_QUOTES = str.maketrans(dict.fromkeys('"`' + _CURLY, "'"))
_DIGITS = re.compile(r"[0-9]+")


class Query(NamedTuple):
    """One way to read the output: weighted terms, the error's own tokens, and the tokens of
    the traceback frames above it (where it happened: they may corroborate an entry)."""

    weights: dict[str, float]
    focus: frozenset[str]
    context: frozenset[str]
    quoted: tuple[str, ...] = ()
    """The final error's lines as `whole_line` makes them (empty for every other reading)."""
    exit_code: str = ""
    """A launcher's exit code the entry must quote, when its lines are the error
    (`hook_shapes`: a rank killed with no error printed)."""
    said: bool = False
    """A line the output ends with when it has no error line at all (a program that printed
    its message and exited 1): only an entry quoting that whole line may take it."""


class _Line(NamedTuple):
    weight: float
    tokens: tuple[str, ...]
    text: str
    blank: bool
    raw: str


def whole_line(raw: str) -> str:
    """A line as compared word for word: log prefixes off, quotes unified, digits masked,
    whitespace collapsed (`CUDA out of memory. Tried to allocate 2.50 GiB` and `... 1.20 GiB`
    are the same line)."""
    text = tokenize.strip_prefixes(tokenize.clean(raw.translate(_QUOTES)))
    return " ".join(_DIGITS.sub("0", text).split())


def output_text(text: str) -> str:
    """The output without Claude Code's `Exit code N` line, each line as last drawn, JSON-lines
    records as a text logger prints them (`hook_json`), a logged rich traceback's exception
    at column 0 (`hook_rich`), an exception group without its margin (`hook_groups`)."""
    text = _EXIT_CODE.sub("", text, count=1)
    if "\r" in text:
        text = "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n"))
    return hook_groups.unbarred(hook_rich.dedent_boxed(hook_json.expand(text)))


def _lines(text: str) -> tuple[list[_Line], str, int]:
    """Every line (blank ones too) weighed as `tokenize.lines` weighs it, or as its shape
    says (`hook_shapes`), and the launcher exit code the entry must quote."""
    out = []
    after_frame = False
    # typographic quotes made plain before `clean` drops them: `whole_line` compares quotes
    reading = hook_shapes.read(tokenize.clean(text.translate(_TYPOGRAPHIC)).split("\n"))
    for line in reading.lines:
        weight = base = line.weight
        if (
            not line.forced
            and after_frame
            and weight in (tokenize.PLAIN, tokenize.ERRORISH)
            and line.text[:1] in " \t"
        ):
            weight = tokenize.FRAME
        after_frame = base == tokenize.FRAME
        found = tuple(tokenize.tokens(line.stripped)) if weight else ()
        out.append(_Line(weight, found, line.stripped, not line.text.strip(), line.text))
    return out, reading.exit_code, reading.exit_line


def agrees(query: Query, error: str) -> bool:
    """Whether an entry's quoted error agrees with what the reading asks of it beyond words
    (a launcher's exit code: `hook_shapes`)."""
    return hook_shapes.quotes_exit_code(error, query.exit_code)


def _ends_continuation(line: _Line, taken: int) -> bool:
    if line.blank:
        return taken > 0
    if line.weight in (tokenize.FRAME, tokenize.EXCEPTION):
        return True
    return line.weight == tokenize.SKIP and bool(_LETTER.search(line.text))  # `Traceback (...`


def errors(lines: list[_Line]) -> list[list[int]]:
    """Each error's line numbers: an exception line, its `what():` line or continuation."""
    found: list[list[int]] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.weight != tokenize.EXCEPTION:
            n += 1
            continue
        error = [n]
        n += 1
        if n < len(lines) and _WHAT.match(lines[n].text):
            error.append(n)
            n += 1
        elif line.text.rstrip().endswith(":"):
            while n < len(lines) and len(error) <= MAX_CONTINUATION:
                if _ends_continuation(lines[n], len(error) - 1):
                    break
                error.append(n)
                n += 1
        found.append(error)
    return found


def queries(text: str) -> list[Query]:
    """The readings of a command's output to try, in order (see the module docstring)."""
    lines, exit_code, exit_line = _lines(output_text(text))
    frames = {t for line in lines if line.weight == tokenize.FRAME for t in line.tokens}
    out: list[Query] = []
    seen: set[frozenset[str]] = set()
    for error in reversed(errors(lines)):
        focus = frozenset(t for n in error for t in lines[n].tokens)
        if not focus or focus in seen:
            continue  # `[rank3]:` logs repeat one error on every rank
        seen.add(focus)
        weights: dict[str, float] = {}
        for n, line in enumerate(lines):
            weight = tokenize.EXCEPTION if n in error else min(line.weight, tokenize.ERRORISH)
            for token in line.tokens:
                weights[token] = max(weights.get(token, 0.0), weight)
        quoted = tuple(whole_line(lines[n].raw) for n in error) if not out else ()
        code = exit_code if exit_line < 0 or exit_line in error else ""
        out.append(Query(weights, focus, frozenset(frames - focus), quoted, code))
        if len(out) == MAX_ERRORS:
            break
    if not out:
        out += _last_said(lines, frames)
    paste = _paste(lines, frames)._replace(exit_code=exit_code)
    if not any(q.weights == paste.weights and q.focus == paste.focus for q in out):
        out.append(paste)  # one error and nothing else error-like: the same reading
    return out


def _last_said(lines: list[_Line], frames: set[str]) -> list[Query]:
    """The last `MAX_SAID` distinct lines with words, each as the error (`Query.said`)."""
    out: list[Query] = []
    for line in reversed(lines):
        if len(out) == MAX_SAID:
            break
        if line.weight not in (tokenize.PLAIN, tokenize.ERRORISH) or not line.tokens:
            continue
        focus = frozenset(line.tokens)
        if any(q.focus == focus for q in out):
            continue
        weights = {t: tokenize.EXCEPTION for t in focus}
        quoted = (whole_line(line.raw),)
        out.append(Query(weights, focus, frozenset(frames - focus), quoted, said=True))
    return out


def _paste(lines: list[_Line], frames: set[str]) -> Query:
    """The output read as `tokenize.query_terms` reads a paste (from the same lines)."""
    weights: dict[str, float] = {}
    for line in lines:
        for token in line.tokens:
            weights[token] = max(weights.get(token, 0.0), line.weight)
    top = max(weights.values(), default=0.0)
    focus = frozenset(t for t, w in weights.items() if w >= top)
    return Query(weights, focus, frozenset(frames - focus))
