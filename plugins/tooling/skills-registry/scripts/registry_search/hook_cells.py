# Copied from site_gen/search/hook_cells.py by `site-gen marketplace`: edit that file.
"""A notebook run's output (`jupyter nbconvert --execute`, nbclient), read so the cell's error
leads, not the wrapper that reports it.

nbclient raises `CellExecutionError: An error occurred while executing the following cell:`
(under nbconvert's own traceback), then prints the cell between `------------------` rules,
its captured `----- stderr -----` sections, and IPython's traceback of the cell's error:

    ---------------------------------------------------------------------------
    OutOfResources                            Traceback (most recent call last)
    Cell In[4], line 1
    ----> 1 result = run(step=493)
    File /src/pipeline.py:10, in _call_impl()
    ---> 10     raise OutOfResources(message)
    OutOfResources: out of resource: shared memory

IPython's form is not Python's: the header names the class and has no colon, frames are
`Cell In[N], line M` and `File path:N, in fn(...)` with numbered source lines under them, and
the last line names the class without its module (`OutOfResources`, not
`triton.runtime.errors.OutOfResources`), so `tokenize` sees no exception line. Read:

- the header as nothing, every line up to the line that starts with the header's class name
  as a frame, and that line as the error;
- the wrapper's line as nothing and the cell's source as a frame (the user's code, where it
  happened), when a cell error or a captured stream follows it;
- a cell that printed its error to stderr and called `sys.exit(1)` (IPython: `An exception
  has occurred, use %tb to see the full traceback.` then `SystemExit: 1`): the last line with
  words of its stderr (Python warnings left out: IPython's own `To exit: use 'exit'` is one)
  is the error, as a logged error's is (`hook_logs`), unless stderr states an error itself.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import tokenize
from .hook_logs import Shaped

_HEADER = re.compile(r"^([A-Za-z_][\w.]*)\s+Traceback \(most recent call last\)\s*$")
"""IPython's traceback header: the class name, padded, then Python's words without `:`."""
_WRAPPER = re.compile(r"^(?:[\w.]+\.)?CellExecutionError:")
_RULE = re.compile(r"^-{10,}$")
_STREAM = re.compile(r"^-{5} (?:stderr|stdout) -{5}$")
_STDERR = "----- stderr -----"
_EXIT_NOTICE = re.compile(r"^An exception has occurred, use %tb to see the full traceback\.")
_SYSTEM_EXIT = re.compile(r"^(?:builtins\.)?SystemExit(?::\s*-?\d*)?\s*$")
_WARNING = re.compile(r"^\S+:\d+: [A-Z]\w*Warning: ")
"""`warnings.warn` as Python prints it: `path.py:12: UserWarning: message`, then the source."""
_WORDS = re.compile(r"[A-Za-z]{2,}")
MAX_TRACEBACK = 400
"""Lines of an IPython traceback looked over for its last line."""

Make = Callable[[str, float], Shaped]


def is_notebook_run(joined: str) -> bool:
    """Whether an output has IPython's traceback header or nbclient's wrapper (cheap)."""
    return "CellExecutionError" in joined or " Traceback (most recent call last)\n" in joined


def read(lines: list[Shaped], make: Make) -> list[Shaped]:
    """`lines` with IPython's tracebacks and nbclient's wrapper read (module docstring)."""
    out = list(lines)
    cell_error = False
    for n, line in enumerate(lines):
        header = _HEADER.match(line.stripped)
        if header and not line.forced:
            cell_error |= _traceback(out, n, header.group(1), make)
    for n, line in enumerate(lines):
        if _WRAPPER.match(line.stripped) and not line.forced:
            _wrapper(out, n, make, cell_error)
    return out


def _traceback(out: list[Shaped], n: int, name: str, make: Make) -> bool:
    """Header `n` as nothing, its frames as frames, its last line as the error; whether the
    last line was found."""
    last = re.compile(rf"^{re.escape(name)}(?::\s|:?\s*$)")
    for k in range(n + 1, min(n + 1 + MAX_TRACEBACK, len(out))):
        if last.match(out[k].text):
            out[n] = make(out[n].text, tokenize.SKIP)
            for frame in range(n + 1, k):
                if out[frame].stripped:
                    out[frame] = make(out[frame].text, tokenize.FRAME)
            out[k] = make(out[k].text, tokenize.EXCEPTION)
            return True
    return False


def _wrapper(out: list[Shaped], n: int, make: Make, cell_error: bool) -> None:
    """The wrapper's line, the cell and its captured streams (see the module docstring)."""
    end = _cell_end(out, n)
    streams = [k for k in range(n + 1, end) if _STREAM.match(out[k].stripped)]
    if not cell_error and not streams:
        return  # nothing but the wrapper says what failed: read as it is
    out[n] = make(out[n].text, tokenize.SKIP)
    rules = 0
    for k in range(n + 1, end):
        text = out[k].stripped
        if _RULE.match(text) or _STREAM.match(text):
            rules += bool(_RULE.match(text))
            out[k] = make(out[k].text, tokenize.SKIP)
        elif rules == 1 and text:
            out[k] = make(out[k].text, tokenize.FRAME)  # the cell's source
    exits = any(_SYSTEM_EXIT.match(line.stripped) for line in out[end:])
    if not cell_error and exits:
        _stderr_error(out, n, end, make)


def _cell_end(out: list[Shaped], n: int) -> int:
    """The line after the wrapper's report (the cell between two rules, then any captured
    streams closed by a rule): the first blank line after a rule not followed by a stream."""
    rules = 0
    for k in range(n + 1, len(out)):
        text = out[k].stripped
        if _RULE.match(text):
            rules += 1
        elif not text and rules >= 2 and _RULE.match(out[k - 1].stripped):
            following = next((line.stripped for line in out[k + 1 :] if line.stripped), "")
            if not _STREAM.match(following):
                return k
    return len(out)


def _stderr_error(out: list[Shaped], n: int, end: int, make: Make) -> None:
    """The last line with words of the cell's stderr as its error, unless stderr states one;
    IPython's exit notice as nothing."""
    in_stderr = False
    warning = False
    last = None
    for k in range(n + 1, end):
        text = out[k].stripped
        if _STREAM.match(text) or _RULE.match(text):
            in_stderr = text == _STDERR
            continue
        if not in_stderr or not text:
            continue
        if out[k].weight == tokenize.EXCEPTION:
            return  # the cell's stderr states its error: read as it is
        if _WARNING.match(text):
            warning = True
        elif not (warning and out[k].text[:1] in " \t"):  # not the warning's source line
            warning = False
            last = k if _WORDS.search(text) else last
    if last is not None:
        out[last] = make(out[last].text, tokenize.EXCEPTION)
    for k in range(end, len(out)):
        if _EXIT_NOTICE.match(out[k].stripped):
            out[k] = make(out[k].text, tokenize.SKIP)
