# Copied from site_gen/harvest/harvest.py by `site-gen marketplace`: edit that file.
"""Harvest a session: failures with their fixes, environment, parameters, configs, scripts.

Everything is copied from tool calls and their results, never written by us: the error
lines are the log's own lines, the fix is the command that ran, the parameters are the flags
it ran with. One pass over the stream; what is kept is bounded (failures grouped by error,
one last run per step, file texts under `MAX_FILE_CHARS`). Every string of the result goes
through the secret scanner (`masking.mask_all`) on the way out.

Standard library only (Python 3.9+): the tooling plugin's client ships this package.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import rank as error_rank
from . import commands as C
from .masking import mask_all
from .transcript import Session, ToolCall, read_calls, transcript_files

FORMAT = 1
MAX_FILE_CHARS = 100_000
MAX_COMMANDS_PER_FAILURE = 10
MAX_REPORT_LINES = 200
MAX_REPORTS_PER_KIND = 3
CONFIG_LANGUAGES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
SCRIPT_LANGUAGES = {".py": "python", ".sh": "bash", ".bash": "bash"}
EDIT_TOOLS = frozenset({"Write", "Edit", "MultiEdit", "NotebookEdit"})


@dataclass
class Failure:
    """One error, however often it recurred, and what fixed it."""

    error: list[str]
    step: str
    tool: str
    exit_code: int | None
    commands: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    fix: dict[str, Any] | None = None
    edits: list[str] = field(default_factory=list)
    """Files written since the last occurrence: the candidate fix's code change."""
    steps: set[str] = field(default_factory=set)
    truncated: bool = False
    """Claude Code cut the output: the error lines may be missing from the transcript."""


@dataclass
class Harvest:
    """The accumulator; `feed` one call at a time, then `result`."""

    session: Session
    failures: dict[tuple[str, ...], Failure] = field(default_factory=dict)
    last_runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    models: dict[str, None] = field(default_factory=dict)
    datasets: dict[str, None] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    script_runs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def feed(self, call: ToolCall) -> None:
        if call.name in EDIT_TOOLS:
            self._edit(call)
        if not call.ok:
            self._fail(call)
        elif call.name == "Bash":
            self._success(call)

    def _edit(self, call: ToolCall) -> None:
        path = str(call.input.get("file_path") or call.input.get("notebook_path") or "")
        if not path or not call.ok:
            return
        for failure in self.failures.values():
            if failure.fix is None and path not in failure.edits:
                failure.edits.append(path)
        suffix = Path(path).suffix.lower()
        if suffix in CONFIG_LANGUAGES or suffix in SCRIPT_LANGUAGES:
            state = call.file_state
            if state is None and call.name == "Write":
                state = call.input.get("content")
            if isinstance(state, str) and len(state) <= MAX_FILE_CHARS:
                self.files[path] = state
            else:
                self.files.pop(path, None)  # an edit we cannot follow: the old text is stale

    def _fail(self, call: ToolCall) -> None:
        command = _command(call)
        lines = C.error_lines(call.output)
        step = C.step(command) if call.name == "Bash" else f"{call.name} {_target(call)}"
        signature = C.signature(lines) if C.has_error_line(lines) or not call.truncated else ()
        key = signature or ("(output cut by Claude Code)" if call.truncated else "", step)
        failure = self.failures.get(key)
        if failure is None:
            failure = self.failures[key] = Failure(lines, step, call.name, call.exit_code)
            failure.truncated = call.truncated and not C.has_error_line(lines)
        failure.count += 1
        failure.fix = None  # it came back: an earlier "fix" did not fix it
        failure.edits = []
        failure.steps.add(step)
        entry = {"command": command, "exit_code": call.exit_code, "line": call.line}
        if call.sidechain:
            entry["sidechain"] = True
        if len(failure.commands) < MAX_COMMANDS_PER_FAILURE:
            failure.commands.append(entry)
        else:
            failure.commands[-1] = entry  # keep the first ones and the latest
        if call.name == "Bash":
            self._note_script_run(command, call, ok=False)

    def _success(self, call: ToolCall) -> None:
        command = _command(call)
        step = C.step(command)
        for failure in self.failures.values():
            if failure.fix is None and step in failure.steps:
                failed = failure.commands[-1]["command"]
                failure.fix = {
                    "command": command,
                    "line": call.line,
                    "changed_flags": _changed(C.flags(failed), C.flags(command)),
                    "edited_files": list(failure.edits),
                }
        if C.is_training_or_eval(command):
            self.last_runs[step] = {
                "step": step,
                "command": command,
                "flags": C.flags(command),
                "line": call.line,
            }
        models, datasets = C.names(command)
        self.models.update(dict.fromkeys(models))
        self.datasets.update(dict.fromkeys(datasets))
        probe = C.environment_probe(command)
        if probe:
            kept = self.reports.setdefault(probe, [])
            report = {"command": command, "output": _head(call.output, MAX_REPORT_LINES)}
            if report not in kept:
                kept.append(report)
                del kept[:-MAX_REPORTS_PER_KIND]
        self._note_script_run(command, call, ok=True)

    def _note_script_run(self, command: str, call: ToolCall, ok: bool) -> None:
        mentioned = set(C.words(command))
        for path in self.files:
            if Path(path).suffix.lower() not in SCRIPT_LANGUAGES:
                continue
            name = os.path.basename(path)
            if any(w in (path, name) or w.endswith("/" + name) for w in mentioned):
                self.script_runs[path] = {"command": command, "ok": ok, "line": call.line}

    def result(self, index: dict[str, Any] | None = None, site: str = "") -> dict[str, Any]:
        """The harvest as JSON-ready data, every string masked."""
        cwd = self.session.cwd
        failures = [self._failure_json(f, index, cwd, site) for f in self.failures.values()]
        related: dict[str, list[str]] = {}
        for item in failures:
            known = item.get("known")
            if known:
                related.setdefault(known["skill"], []).append(known["entry"])
        data = {
            "format": FORMAT,
            "session": {
                "id": self.session.session_id,
                "cwd": cwd,
                "claude_code_version": self.session.version,
                "goal": self.session.goal,
                "transcripts": self.session.files,
                "skipped_lines": self.session.skipped_lines,
                "unknown_line_types": dict(sorted(self.session.unknown_types.items())),
            },
            "failures": failures,
            "environment": {
                "reports": [
                    {"kind": kind, **report}
                    for kind, kept in self.reports.items()
                    for report in kept
                ],
                "models": list(self.models),
                "datasets": list(self.datasets),
            },
            "parameters": list(self.last_runs.values()),
            "configs": [
                {
                    "path": _relative(p, cwd),
                    "language": CONFIG_LANGUAGES[Path(p).suffix.lower()],
                    "content": text,
                }
                for p, text in self.files.items()
                if Path(p).suffix.lower() in CONFIG_LANGUAGES
            ],
            "scripts": [
                {
                    "path": _relative(p, cwd),
                    "language": SCRIPT_LANGUAGES[Path(p).suffix.lower()],
                    "command": run["command"],
                    "content": self.files[p],
                }
                for p, run in self.script_runs.items()
                if run["ok"] and p in self.files
            ],
            "related_skills": [
                {"skill": skill, "shared_errors": entries}
                for skill, entries in sorted(related.items(), key=lambda s: (-len(s[1]), s[0]))
            ],
        }
        return mask_all(data)

    @staticmethod
    def _failure_json(
        failure: Failure, index: dict[str, Any] | None, cwd: str, site: str
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "error": failure.error,
            "step": failure.step,
            "tool": failure.tool,
            "exit_code": failure.exit_code,
            "count": failure.count,
            "commands": failure.commands,
            "fix": failure.fix,
            "status": "new",
        }
        if failure.truncated:
            item["output_cut_by_claude_code"] = True
        if failure.fix:
            failure.fix["edited_files"] = [_relative(p, cwd) for p in failure.fix["edited_files"]]
        known = (
            None if failure.truncated else _known(failure.error, index, site)
        )  # no error, no match
        if known:
            item["status"] = "known"
            item["known"] = known
        return item


def _known(error: list[str], index: dict[str, Any] | None, site: str) -> dict[str, Any] | None:
    """The registry entry the lookup confidently matches to this error, if any."""
    if not index or not error:
        return None
    matches = error_rank.rank(index, "\n".join(error), 1)
    if not matches or not matches[0].confident:
        return None
    doc = matches[0].as_json(site)
    return {k: doc[k] for k in ("skill", "entry", "url", "kind", "coverage")}


def _command(call: ToolCall) -> str:
    if call.name == "Bash":
        return str(call.input.get("command", ""))
    return f"{call.name} {_target(call)}".strip()


def _target(call: ToolCall) -> str:
    for key in ("file_path", "notebook_path", "path", "url", "pattern"):
        if isinstance(call.input.get(key), str):
            return str(call.input[key])
    return ""


def _changed(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str | None]]:
    """Flags whose value differs: name -> [failed run's value, fixed run's value]."""
    names = list(dict.fromkeys([*before, *after]))
    return {n: [before.get(n), after.get(n)] for n in names if before.get(n) != after.get(n)}


def _head(text: str, limit: int) -> str:
    lines = text.splitlines()
    kept = "\n".join(lines[:limit])
    return kept + (f"\n... ({len(lines) - limit} more lines)" if len(lines) > limit else "")


def _relative(path: str, cwd: str) -> str:
    if cwd and path.startswith(cwd.rstrip("/") + "/"):
        return path[len(cwd.rstrip("/")) + 1 :]
    return path


def harvest_file(path: Path, index: dict[str, Any] | None = None, site: str = "") -> dict[str, Any]:
    """Harvest one transcript (and its subagents' transcripts beside it); `site` is the
    registry site's URL, so known entries link to their page."""
    return read_harvest(path).result(index, site)


def read_harvest(path: Path, on_line: Callable[[Session], None] | None = None) -> Harvest:
    """One pass over the transcript files, `on_line` told of each line (for progress)."""
    harvest = Harvest(Session())
    for call in read_calls(transcript_files(path), harvest.session, on_line):
        harvest.feed(call)
    return harvest


def read_summary(harvest: Harvest, seconds: float) -> str:
    """`read 1 transcript file, 104.9 MB (14,003 lines, 6,000 tool calls, 2,000 failed) in
    3.2s: 3 distinct failures`: what a long harvest says when it is done."""
    session = harvest.session
    files = len(session.files)
    distinct = len(harvest.failures)
    return (
        f"read {files} transcript file{'s' * (files != 1)}, {session.bytes_read / 1e6:,.1f} MB "
        f"({session.lines_read:,} lines, {session.tool_calls:,} tool calls, "
        f"{session.failed_calls:,} failed) in {seconds:.1f}s: "
        f"{distinct} distinct failure{'s' * (distinct != 1)}"
    )
