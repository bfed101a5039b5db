# Copied from site_gen/search/hook_logs.py by `site-gen marketplace`: edit that file.
"""Errors a failing command's output states without the shape `tokenize` knows.

`tokenize` finds an error by its exception name (`FooError:`, `CUDA error`, `error: ...`).
Common outputs state their error otherwise, and `hook_shapes` reads them here:

- a logged error: `logger.error(...)` (or `.critical`, `.exception`'s first line) before an
  exit. The level is a field of the log line (`2026-11-30 17:02:10,218 | ERROR | train:11 -
  Rate limit exceeded`, `... - ERROR - trainer - ...`, pytest's captured `ERROR
  trainer:pipeline.py:11 ...`), after any timestamp or `[rankN]:` prefix, where `tokenize`
  only looks at the line's start. Read: the message, without the logger's name (a word of
  the user's program, not of the error), as an error of the output; one ending in `:`
  (`ERROR trial 2 failed, child stderr:`) is continued by the lines after it (`hook_text`).
- the line that ends a Python traceback is its exception, whatever the class is called
  (`triton.runtime.errors.OutOfResources: out of resource: shared memory`).
- a Rust library's panic line, `thread '<unnamed>' panicked at src/x.rs:588:38: attempt to
  add with overflow`, before Python's `pyo3_runtime.PanicException` with the same message.
- `Fatal Python error: Aborted`, faulthandler's dump of a process stopped by SIGABRT (a
  `timeout -s ABRT`, a watchdog), says only that it was stopped: when a line of plain words
  was printed just before it, that line is the program's last words, its error.
- `SystemExit: 1` (`sys.exit(1)` after logging the error, pytest's `E   SystemExit: 1`) says
  only that the program chose to stop: not an error to look up. When a harness printed its
  traceback (an evaluation loop that catches `SystemExit` and goes on), the line printed just
  before that traceback, plain words, is the program's last words: its error.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from . import tokenize


class Shaped(NamedTuple):
    """One line as the hook reads it: its text (a marker or log path rewritten), the text
    without log prefixes, and its weight (`tokenize.line_weight`, or set by its shape)."""

    text: str
    stripped: str
    weight: float
    forced: bool


_PREFIX = r"(?:[^|\[\]\n]{0,80}?\d{1,3}%\|[^|\n]*\|[^\]\n]*\])?(?:\s*\[[^\]\n]{0,120}\]\s*:?)*\s*"
"""A progress bar drawn without a line break, with its description (`epoch 1:  11%|#  |
136/1250 [00:01<00:11, 95.49it/s, loss=2.2]`), `[rank0]:`, `[2026-11-30 17:01:01,215]`: what
comes before the time stamp."""
_TIME = (
    r"(?:\d{4}-\d\d-\d\d[ T_]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+\-]\d\d:?\d\d)?"
    r"|\d\d:\d\d:\d\d(?:[.,]\d+)?)?"
)
_LOGGED_ERROR = re.compile(
    rf"^{_PREFIX}{_TIME}[\s|\-:\[]*(?:ERROR|CRITICAL|FATAL)\b\]?\s*[|:\-]?\s*(.*)$"
)
"""A log line at error level: the level is the line's first word after its time stamp."""
_LOGGER_NAME = re.compile(
    r"^(?:[\w.<>]+(?::[\w.<>]+)*:\d+\s+-\s+"  # loguru's `train:16 - `, `mod:fn:16 - `
    r"|[\w.<>]+\s+-\s+"  # logging's `%(name)s - %(message)s`: `trainer - `
    r"|[\w.<>]+:[\w.\-]+\.py:\d+\s+)"  # pytest's captured log: `trainer:pipeline.py:11 `
)
_DEFAULT_NAME = re.compile(r"^[\w<>]+:(?=[^\s:/])")
"""logging's default format, `ERROR:trainer:message`: the level, the logger's name and the
message joined by colons without a space. A dotted name is a library's module
(`ERROR:torch.distributed.elastic.multiprocessing.api:failed ...`): kept, as an exception's
module is."""
MAX_BLOCK = 40
"""Lines under a logged error that ends with `:` looked at for its last line."""
_WORDS = re.compile(r"[A-Za-z]{2,}")
_SYSTEM_EXIT = re.compile(r"^(?:builtins\.)?SystemExit(?::\s*-?\d*)?\s*$")
_FAILED_EXIT = re.compile(r"^(?:builtins\.)?SystemExit:\s*-?0*[1-9]\d*\s*$")
"""`sys.exit(1)` (any code but 0): the program chose to stop after a failure."""
_ABORTED = re.compile(r"^Fatal Python error: Aborted\s*$")
"""faulthandler's dump when the process got SIGABRT (`timeout -s ABRT`, a watchdog): says
only that it was stopped, as `SystemExit` does."""
_RUST_PANIC = re.compile(r"^thread '[^'\n]*' panicked at ")
"""A Rust library's panic (tokenizers, polars, safetensors): its message is the error, the
Python side's `pyo3_runtime.PanicException` repeats it under another name."""
_TRACEBACK = re.compile(
    r"^\s*(?:(?:ERROR|CRITICAL|FATAL):\s+)?Traceback \(most recent call last\)(?::|\s*$)"
)
"""Python's traceback header, logged at error level (uvicorn's `ERROR:    Traceback ...`), or
rich's in its box's top border (no colon)."""
_RANK = re.compile(r"^\s*\[[^\]\n]{0,40}\]:\s?")
_RAISED = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*(?::\s|:?$)")
"""The last line of a traceback: `name.Name: message`, or a bare name."""


def logged_message(text: str) -> str | None:
    """The message of an error-level log line (without its logger's name), or None."""
    found = _LOGGED_ERROR.match(text)
    if not found or not found.group(1).strip():
        return None
    message = found.group(1).strip()
    if text[found.start(1) - 1 : found.start(1)] == ":":  # logging's default format
        message = _DEFAULT_NAME.sub("", message, count=1) or message
    return _LOGGER_NAME.sub("", message, count=1) or message


def read(lines: list[Shaped], make: Callable[[str, float], Shaped]) -> list[Shaped]:
    """`lines` with logged errors and a traceback's last line read as errors, `SystemExit`
    as nothing (see the module docstring); `make` builds a forced line."""
    out = list(lines)
    in_traceback = False
    header = -1
    for n, line in enumerate(lines):
        if line.forced:
            in_traceback = False
            continue
        body = _RANK.sub("", line.text, count=1)
        if _TRACEBACK.match(body):
            in_traceback = True
            header = n
            continue
        ended = in_traceback
        if in_traceback:
            if not body.strip() or body[:1] in " \t" or line.weight == tokenize.SKIP:
                continue  # a frame, its source, `^^^^`
            in_traceback = False
            if line.weight != tokenize.EXCEPTION and _RAISED.match(line.stripped):
                out[n] = make(line.text, tokenize.EXCEPTION)
                continue
        if _RUST_PANIC.match(line.stripped) and line.weight != tokenize.EXCEPTION:
            out[n] = make(line.text, tokenize.EXCEPTION)
            continue
        if _ABORTED.match(line.stripped):
            said = _said_before(lines, n)
            if said is not None:  # `timeout -s ABRT`: the program's last words are its error
                out[n] = make(line.text, tokenize.SKIP)
                out[said] = make(lines[said].text, tokenize.EXCEPTION)
            continue
        if _SYSTEM_EXIT.match(line.stripped):
            out[n] = make(line.text, tokenize.SKIP)
            said = (
                _said_before(lines, header) if ended and _FAILED_EXIT.match(line.stripped) else None
            )
            if said is not None:  # `print(msg, file=sys.stderr); sys.exit(1)` under a harness
                out[said] = make(lines[said].text, tokenize.EXCEPTION)
            continue
        message = logged_message(line.text) if line.weight != tokenize.EXCEPTION else None
        if message is None:
            continue
        last = _last_said(lines, n) if message.endswith(":") else None
        if last is None:
            out[n] = make(message, tokenize.EXCEPTION)
        else:  # `trial 2 failed, child stderr:`: the child's last line is its error
            out[n] = make(message, tokenize.ERRORISH)
            out[last] = make(lines[last].text, tokenize.EXCEPTION)
    return out


def _said_before(lines: list[Shaped], header: int) -> int | None:
    """The line printed just before traceback header `header`, when it has words and states
    no error, frame or log chatter of its own (the program's last words before it exited)."""
    k = header - 1
    if k < 0 or lines[k].forced or lines[k].weight not in (tokenize.PLAIN, tokenize.ERRORISH):
        return None
    return k if _WORDS.search(lines[k].stripped) and lines[k].text[:1] not in " \t" else None


def _last_said(lines: list[Shaped], n: int) -> int | None:
    """The last line of the block under header line `n` (up to a blank line, a traceback or
    an error), when it has words and is not an error of its own already."""
    last = None
    for k in range(n + 1, min(n + 1 + MAX_BLOCK, len(lines))):
        line = lines[k]
        if not line.stripped or _TRACEBACK.match(line.stripped) or line.forced:
            break
        if line.weight == tokenize.EXCEPTION:
            return None  # the block states its error: read as it is
        last = k
    return last if last is not None and _WORDS.search(lines[last].stripped) else None
