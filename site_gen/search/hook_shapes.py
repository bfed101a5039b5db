"""The everyday shapes a failing ML command's output comes in, read so its real error leads.

`hook_text` reads an output's exception lines as its errors. Four common wrappers hide the
error the user's code raised, or add an error that only says "something failed":

- pytest: the error is on `E   ` lines (a marker `tokenize` does not know), the `>` line is
  the frame's source, `path.py:12: in fn` the frame; the session header, progress lines and
  the `FAILED test_x.py::test_y - Error: ...` summary (cut at the terminal's width, and with
  the test's name) repeat what the report says. Read: `E` lines without the marker, frames
  as frames, the summary only when no `E` line exists (`--tb=no`), the rest not at all.
- `subprocess.CalledProcessError: Command '[...]' returned non-zero exit status 1.`: the
  child's error is above it (or nowhere); its own words are the same for every child. Read:
  only its command, as an error-ish line (its frames stay: a build's may say where).
- a torchrun launch: the elastic agent's `failed (exitcode: 1) local_rank: 0 (pid: 830) of
  binary: ...`, `Sending process 831 closing signal SIGTERM` and `ChildFailedError` with its
  report (`exitcode : 1 (pid: 830)`, `host`, `time`, ...) follow ANY rank's failure. When a
  rank printed an error, they are not read at all (with `@record` the report holds the
  rank's traceback: that is read). When none did (a rank killed by a signal, or silent), the
  agent's line is the error, with the module path its new log format hides
  (`E1130 ... torch/distributed/elastic/multiprocessing/api.py:869] failed ...`), and its
  exit code must be the one the entry quotes (`exit_code`; the tokenizer drops numbers, and
  `-9`, a kill by the host's OOM killer, is another failure than `1` or `-6`).

Launchers that label every line of their processes' output (`srun --label`, `docker compose
up`) have the label taken off first (`tokenize.unlabelled`, as `site-gen lookup` and the
/errors/ page read a paste), so what a process printed reads as if run alone.

Two more wrappers have modules of their own: a notebook run's `CellExecutionError` around
IPython's traceback (`hook_cells`), and the line a runner prints when a child it ran failed,
make's `*** [Makefile:N: target] Error 1`, srun's and docker compose's task-failed notices
(`hook_runners`).

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import hook_cells, hook_logs, hook_runners, tokenize
from .hook_logs import Shaped


class Reading(NamedTuple):
    lines: list[Shaped]
    exit_code: str
    """A launcher's exit code the entry must quote (`exitcode: -9`), or ""."""
    exit_line: int = -1
    """The line whose error that exit code is asked of (the agent's), or -1: every error's."""


_PYTEST = re.compile(
    r"^=+ (?:FAILURES|ERRORS|short test summary info|test session starts) =+$", re.M
)
"""What only pytest prints (with `-q` too): its report's and summary's headers."""
_SECTION = re.compile(r"^(?:[=_-]{3,} .* [=_-]{3,}|(?:_ ){3,}_?)$")
_CAPTURED = re.compile(r"^-+ Captured ")
_E_LINE = re.compile(r"^E(?:[ \t]+(.*))?$")
_SOURCE = re.compile(r"^>(?:[ \t]+(.*))?$")
_LOCATION = re.compile(r"^\S+?\.py:\d+:(?: (.*))?$")
_RAISED_THERE = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*: ")
_SUMMARY = re.compile(r"^(?:FAILED|ERROR) \S+(?: - (.*))?$")
_LOCAL = re.compile(r"^[A-Za-z_]\w* = ")
_PYTEST_CHATTER = re.compile(
    r"^(?:platform \S+ -- Python |rootdir: |cachedir: |configfile: |plugins: |testpaths: "
    r"|hypothesis profile |collecting |collected \d+ |Hint: make sure your test )"
    r"|\s\[\s*\d{1,3}%\]$"  # progress: `test_x.py .F   [100%]`, `test_x.py::t PASSED [ 50%]`
    r"|^=*\s*\d+ (?:failed|passed|errors?|skipped|deselected|xfailed|xpassed|warnings?)\b.*"
    r" in [\d.]+s\b"
)

_WRAPPER = re.compile(r"^(?:subprocess\.)?CalledProcessError: Command (.*) returned non-zero exit")
_AGENT_FAILED = re.compile(r"failed \(exitcode: (-?\d+)\) local_rank: \d+ \(pid: \d+\) of binary: ")
_AGENT_PATH = re.compile(r"([\w./]+?)(?:\.py:\d+\]|:)\s*$")
_AGENT_CHATTER = re.compile(
    r"Sending process \d+ closing signal SIG\w+|Setting OMP_NUM_THREADS environment variable"
    r"|^\*{5,}$|death signal, shutting down workers"
)
_CHILD_FAILED = re.compile(r"^(?:[\w.]+\.)?ChildFailedError:")
_REPORT_FIELD = re.compile(r"^\s*(traceback|exitcode)\s*:\s*(.*)$")
_REPORT_BORDER = re.compile(r"^={10,}$")
_TRACEBACK = re.compile(r"^\s*Traceback \(most recent call last\):")
MAX_TRACEBACK = 80
"""Lines of a wrapper's own traceback looked back over."""
MAX_REPORT = 200
"""Lines of a `ChildFailedError` report (every failed rank's, with `@record` tracebacks)."""


def shaped(text: str) -> Shaped:
    """A line as `tokenize` weighs it."""
    stripped = tokenize.strip_prefixes(text)
    return Shaped(text, stripped, tokenize.line_weight(text, stripped), False)


def _forced(text: str, weight: float) -> Shaped:
    return Shaped(text, tokenize.strip_prefixes(text), weight, True)


def read(raw: list[str]) -> Reading:
    """The output's (cleaned) lines as the hook reads them (see the module docstring)."""
    notices = [n for n, line in enumerate(raw) if tokenize.is_task_failed(line)]
    raw = tokenize.unlabelled(raw)
    joined = "\n".join(raw)
    lines = [shaped(line) for line in raw]
    if _PYTEST.search(joined):
        lines = _pytest(lines)
    if "CalledProcessError" in joined:
        lines = _wrappers(lines)
    if hook_cells.is_notebook_run(joined):
        lines = hook_cells.read(lines, _forced)
    lines = hook_logs.read(lines, _forced)
    agent = "exitcode" in joined or "ChildFailedError" in joined
    if notices or hook_runners.is_make_run(joined):
        # torchrun's agent under srun: `_launcher` finds a silent rank's words
        lines = hook_runners.read(lines, _forced, notices, last_words=not agent)
    if agent:
        return _launcher(lines)
    return Reading(lines, "")


def _pytest(lines: list[Shaped]) -> list[Shaped]:
    has_e = any(_E_LINE.match(line.text) for line in lines)
    out = []
    section = ""
    for line in lines:
        text = line.text
        if _SECTION.match(text):
            section = _section(text, section)
            out.append(_forced(text, tokenize.SKIP))
        elif _PYTEST_CHATTER.search(text):
            out.append(_forced(text, tokenize.SKIP))
        elif section == "summary" and _SUMMARY.match(text):
            message = _SUMMARY.match(text).group(1)  # type: ignore[union-attr]
            out.append(shaped(message) if message and not has_e else _forced(text, 0.0))
        elif section == "report":
            out.append(_report_line(line))
        else:
            out.append(line)
    return out


def _section(header: str, section: str) -> str:
    """Where a pytest header line starts: the failure report, captured output, the summary."""
    if header.startswith("="):
        if "FAILURES" in header or "ERRORS" in header:
            return "report"
        return "summary" if "short test summary" in header else "other"
    if _CAPTURED.match(header):
        return "captured"
    if header.startswith("_") and section == "captured":
        return "report"  # the next test's report
    return section


def _report_line(line: Shaped) -> Shaped:
    """A line of pytest's failure report (outside captured output)."""
    text = line.text
    marked = _E_LINE.match(text)
    if marked:
        return shaped(marked.group(1) or "")
    source = _SOURCE.match(text)
    if source:
        return _forced("    " + (source.group(1) or ""), tokenize.FRAME)
    location = _LOCATION.match(text)
    if location:
        tail = location.group(1) or ""
        if _RAISED_THERE.match(tail):  # `--tb=line`: `path.py:10: ValueError: message`
            return shaped(tail)
        return _forced(text, tokenize.FRAME)  # `path.py:15: in train_step`, `path.py:10: X`
    if text[:1] in (" ", "\t"):
        return _forced(text, tokenize.FRAME)  # the test's and the library's source
    if _LOCAL.match(text):
        return _forced(text, tokenize.SKIP)  # `batch = {...}`: a local's value
    return line


def _wrappers(lines: list[Shaped]) -> list[Shaped]:
    """`CalledProcessError` lines: only their command, error-ish."""
    out = list(lines)
    previous = ""
    for n, line in enumerate(lines):
        wrapper = _WRAPPER.match(line.stripped)
        if wrapper and not previous.endswith(":"):  # not `... raised:` of another error
            out[n] = _forced(wrapper.group(1), tokenize.ERRORISH)
        if line.stripped:
            previous = line.stripped
    return out


def _traceback_above(lines: list[Shaped], n: int) -> range:
    """The lines of the traceback whose exception is line `n`: its header and frames (a
    block without blank or exception lines), or none when no header is found."""
    start = n - 1
    while start >= 0 and n - start <= MAX_TRACEBACK:
        line = lines[start]
        if _TRACEBACK.match(line.stripped):
            return range(start, n)
        if not line.stripped or line.weight == tokenize.EXCEPTION:
            break
        start -= 1
    return range(0)


def _launcher(lines: list[Shaped]) -> Reading:
    out = list(lines)
    chatter = [bool(_AGENT_CHATTER.search(line.stripped)) for line in lines]
    agent = [n for n, line in enumerate(lines) if _AGENT_FAILED.search(line.text)]
    codes = [_AGENT_FAILED.search(lines[n].text).group(1) for n in agent]  # type: ignore[union-attr]
    reports = [n for n, line in enumerate(lines) if _CHILD_FAILED.match(line.stripped)]
    for n in reports:
        codes += _report(out, chatter, n)
    for n in agent:
        chatter[n] = True
    if not agent and not reports:
        return Reading(lines, "")
    rank_error = any(
        line.weight == tokenize.EXCEPTION and not chatter[n] for n, line in enumerate(out)
    )
    code = ""
    if not rank_error:
        if not agent:  # the report alone: read as it is, its exit code must agree
            return Reading(lines, codes[0] if codes else "")
        out[agent[0]] = _agent_error(lines[agent[0]].text)
        chatter[agent[0]] = False
        code = codes[0]
        last = _rank_last_line(lines, agent[0], chatter)
        if last is not None:  # what the rank said last, when it printed no error
            out[last] = _forced(lines[last].text, tokenize.EXCEPTION)
    for n, is_chatter in enumerate(chatter):
        if is_chatter:
            out[n] = _forced(out[n].text, tokenize.SKIP)
    return Reading(out, code, agent[0] if code else -1)


_RANK_LINE = re.compile(r"^\s*\[rank(\d+)\]:\s*(.*)$")
_LOCAL_RANK = re.compile(r"local_rank: (\d+)")


def _rank_last_line(lines: list[Shaped], agent: int, chatter: list[bool]) -> int | None:
    """The last line with words the failed rank (`local_rank: N` of the agent's line)
    printed before the agent reported it (`[rankN]: All genes have zero counts`)."""
    found = _LOCAL_RANK.search(lines[agent].text)
    if not found:
        return None
    for n in range(agent - 1, -1, -1):
        line = _RANK_LINE.match(lines[n].text)
        if line and line.group(1) == found.group(1) and not chatter[n]:
            return n if re.search(r"[A-Za-z]{2,}", line.group(2)) else None
    return None


def _agent_error(text: str) -> Shaped:
    """The agent's `failed (exitcode: N) ...` line as the error, with the logger's module
    (`torch.distributed.elastic.multiprocessing.api: failed ...`) its log prefix names."""
    found = _AGENT_FAILED.search(text)
    assert found is not None
    path = _AGENT_PATH.search(text[: found.start()])
    module = path.group(1).replace("/", ".") + ": " if path else ""
    return _forced(module + text[found.start() :], tokenize.EXCEPTION)


def _report(lines: list[Shaped], chatter: list[bool], n: int) -> list[str]:
    """Mark `ChildFailedError`, its traceback and its report as chatter; a rank's traceback
    in the report (`@record`) is read, un-indented. The report's exit codes."""
    chatter[n] = True
    for k in _traceback_above(lines, n):
        chatter[k] = True
    codes = []
    borders = 0
    in_traceback = False
    for k in range(n + 1, min(n + 1 + MAX_REPORT, len(lines))):
        text = lines[k].text
        field = _REPORT_FIELD.match(text)
        if borders == 0 and not text.strip():
            break  # no report under it
        if _REPORT_BORDER.match(text):
            borders += 1
            in_traceback = False
        elif field and field.group(1) == "traceback" and _TRACEBACK.match(field.group(2)):
            in_traceback = True
        elif in_traceback and text.startswith("  "):
            lines[k] = shaped(text[2:])
            continue
        else:
            in_traceback = False
            if field and field.group(1) == "exitcode":
                codes += re.findall(r"^-?\d+", field.group(2))
        chatter[k] = True
        if borders == 2:
            break
    return codes


_QUOTED_EXIT_CODE = re.compile(r"exitcode\s*:\s*(-?\d+)")


def quotes_exit_code(error: str, code: str) -> bool:
    """Whether an entry's quoted error names the launcher's exit code (or none is asked)."""
    return not code or code in _QUOTED_EXIT_CODE.findall(error)
