# Copied from site_gen/harvest/transcript.py by `site-gen marketplace`: edit that file.
"""Read a Claude Code session transcript as a stream of finished tool calls.

A transcript is JSON Lines (`~/.claude/projects/<encoded cwd>/<session>.jsonl`): message
lines (`type` user or assistant) carry `tool_use` blocks and the `tool_result` blocks that
answer them; many other line types (attachments, api-request shapes, queue operations, ...)
say nothing about what ran and are skipped, as is any line that is not JSON. Memory stays
bounded: a call is held only until its result arrives, a result's text is cut to
`MAX_RESULT_CHARS`, and the uuids seen (to drop the history a resumed session copies) are
kept as 8-byte digests.

Standard library only (Python 3.9+): the tooling plugin's client ships this file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_RESULT_CHARS = 200_000
"""A tool result longer than this keeps its head and tail: the error is at the end of a log,
the command's banner at the start."""
MAX_PROMPT_CHARS = 2_000
FULL_WINDOW_CUT = 20_000
"""Claude Code 2.1.328 reads back the first 30,000 characters of a failed command's output and
keeps that text's first and last 5,000 around `... [M characters truncated] ...`
(`benchmarks/HOOK_LONG_OUTPUT.md`). An output up to the window keeps its end (M below
20,000); when M is 20,000 or more the window was full and the end, where the error usually
is, is lost. (A user who widened the window with `BASH_MAX_OUTPUT_LENGTH` gets larger counts
with the end kept: read as lost too.)"""
CUT_MARKER = re.compile(r"\n\n\.\.\. \[(\d+) characters truncated\] \.\.\.\n\n")
"""The line Claude Code puts where it cut a failed command's output; M is its group."""
_EXIT_CODE = re.compile(r"^(?:Error: )?Exit code (-?\d+)\s*\n?")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


@dataclass
class ToolCall:
    """One tool call and its result, in the order the results arrived."""

    name: str
    """Tool name: Bash, Write, Edit, MultiEdit, ..."""
    input: dict[str, Any]
    ok: bool
    output: str
    """The result text as the model saw it, without the `Exit code N` line."""
    exit_code: int | None
    """The exit code of a failed Bash call; 0 for a success, None when not a Bash call."""
    line: int
    """Line of the result in its transcript file."""
    sidechain: bool = False
    """Run by a subagent."""
    file_state: str | None = None
    """For Write/Edit: the file's full text after the call, when the transcript has it."""
    truncated: bool = False
    """The CLI cut the output before it reached the transcript (see FULL_WINDOW_CUT)."""


@dataclass
class Session:
    """What a transcript says about the session besides its tool calls."""

    session_id: str = ""
    cwd: str = ""
    version: str = ""
    goal: str = ""
    """The first prompt the user typed."""
    skipped_lines: int = 0
    """Lines that were not JSON objects (a torn last line, garbage)."""
    unknown_types: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    lines_read: int = 0
    bytes_read: int = 0
    """How far reading has got (every transcript file so far): what progress shows."""
    tool_calls: int = 0
    failed_calls: int = 0


def encode_cwd(cwd: str) -> str:
    """The folder name Claude Code uses for a working directory's transcripts."""
    return _NOT_ALNUM.sub("-", cwd)


def projects_dir(home: str | None = None) -> Path:
    base = Path(home) if home else Path(os.path.expanduser("~"))
    config = os.environ.get("CLAUDE_CONFIG_DIR")
    return Path(config) / "projects" if config and not home else base / ".claude" / "projects"


class TranscriptNotFound(Exception):
    """No transcript matches; the message says where it looked."""


def find_transcript(
    session: str | None = None, cwd: str | None = None, home: str | None = None
) -> Path:
    """The transcript of `session` (an id), or the newest one of `cwd` (default: here)."""
    root = projects_dir(home)
    if session:
        folders = [root / encode_cwd(cwd)] if cwd else sorted(p for p in _dirs(root))
        for folder in folders:
            path = folder / f"{session}.jsonl"
            if path.is_file():
                return path
        raise TranscriptNotFound(f"no transcript {session}.jsonl under {root}")
    folder = root / encode_cwd(os.path.abspath(cwd or os.getcwd()))
    candidates = [p for p in folder.glob("*.jsonl") if p.is_file()] if folder.is_dir() else []
    if not candidates:
        raise TranscriptNotFound(f"no transcript in {folder}")
    return max(candidates, key=lambda p: (p.stat().st_mtime_ns, p.name))


def _dirs(root: Path) -> Iterator[Path]:
    return (p for p in root.iterdir() if p.is_dir()) if root.is_dir() else iter(())


def transcript_files(path: Path) -> list[Path]:
    """The transcript and the subagent transcripts stored beside it (`<session>/subagents/`)."""
    sub = path.with_suffix("") / "subagents"
    extra = sorted(sub.glob("*.jsonl")) if sub.is_dir() else []
    return [path, *extra]


def read_calls(
    paths: list[Path], session: Session, on_line: Callable[[Session], None] | None = None
) -> Iterator[ToolCall]:
    """Every finished tool call of the transcript files, in order; fills in `session`.

    `on_line` is called before each line is parsed, with `session` counting what was read."""
    seen: set[bytes] = set()
    for path in paths:
        session.files.append(str(path))
        pending: dict[str, tuple[str, dict[str, Any], bool]] = {}
        before = session.bytes_read
        with open(path, "rb") as binary, io.TextIOWrapper(binary, "utf-8", "replace") as lines:
            for number, raw in enumerate(lines, 1):
                session.lines_read += 1
                session.bytes_read = before + binary.tell()  # to the last 8 KB chunk read
                if on_line is not None:
                    on_line(session)
                record = _parse(raw)
                if record is None:
                    session.skipped_lines += raw.strip() != ""
                    continue
                kind = record.get("type")
                if kind not in ("user", "assistant"):
                    if not isinstance(kind, str) or kind not in _KNOWN_OTHER:
                        key = str(kind)[:40]
                        session.unknown_types[key] = session.unknown_types.get(key, 0) + 1
                    continue
                if _already_seen(record, seen):
                    continue
                _note_session(record, session)
                for call in _calls(record, number, pending, session):
                    session.tool_calls += 1
                    session.failed_calls += not call.ok
                    yield call


_KNOWN_OTHER = frozenset(
    {
        "attachment",
        "system",
        "summary",
        "queue-operation",
        "file-history-snapshot",
        "last-prompt",
        "tools-used",
        "cost-state",
        "api-request",
        "api-request-shape",
        "api-request-blob",
        "atis-latch",
    }
)
"""Line types seen from CLI 2.1.328 that hold nothing to harvest; others are counted."""


def _parse(raw: str) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _already_seen(record: dict[str, Any], seen: set[bytes]) -> bool:
    """A resumed or forked session repeats earlier lines with the same uuid."""
    uuid = record.get("uuid")
    if not isinstance(uuid, str):
        return False
    digest = hashlib.blake2b(uuid.encode(), digest_size=8).digest()
    if digest in seen:
        return True
    seen.add(digest)
    return False


def _note_session(record: dict[str, Any], session: Session) -> None:
    for key, attr in (("sessionId", "session_id"), ("cwd", "cwd"), ("version", "version")):
        value = record.get(key)
        if isinstance(value, str) and not getattr(session, attr):
            setattr(session, attr, value)
    if session.goal or record.get("type") != "user" or record.get("isSidechain"):
        return
    content = (record.get("message") or {}).get("content")
    if isinstance(content, str) and not record.get("isMeta"):
        session.goal = content[:MAX_PROMPT_CHARS]


def _calls(
    record: dict[str, Any],
    number: int,
    pending: dict[str, tuple[str, dict[str, Any], bool]],
    session: Session,
) -> Iterator[ToolCall]:
    message = record.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, list):
        return
    sidechain = bool(record.get("isSidechain"))
    for block in content:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "tool_use" and isinstance(block.get("id"), str):
            tool_input = block.get("input")
            pending[block["id"]] = (
                str(block.get("name", "")),
                tool_input if isinstance(tool_input, dict) else {},
                sidechain,
            )
        elif block.get("type") == "tool_result":
            call = pending.pop(str(block.get("tool_use_id")), None)
            if call is not None:
                yield _finish(call, block, record.get("toolUseResult"), number)


def _finish(
    call: tuple[str, dict[str, Any], bool], block: dict[str, Any], extra: Any, number: int
) -> ToolCall:
    name, tool_input, sidechain = call
    text = _text(block.get("content"))
    ok = not block.get("is_error")
    cut = CUT_MARKER.search(text)
    truncated = not ok and cut is not None and int(cut.group(1)) >= FULL_WINDOW_CUT
    text = _cut(text)
    exit_code: int | None = None
    if name == "Bash":
        match = _EXIT_CODE.match(text)
        exit_code = 0 if ok else (int(match.group(1)) if match else None)
        if match:
            text = text[match.end() :]
    state = extra.get("content") if isinstance(extra, dict) else None
    if name != "Write" and isinstance(extra, dict) and "originalFile" in extra:
        state = _edited(extra)
    return ToolCall(
        name, tool_input, ok, text, exit_code, number, sidechain, _cut_state(state), truncated
    )


def _edited(extra: dict[str, Any]) -> str | None:
    """An Edit's result: the original file with `oldString` replaced by `newString`."""
    original, old, new = extra.get("originalFile"), extra.get("oldString"), extra.get("newString")
    if not (isinstance(original, str) and isinstance(old, str) and isinstance(new, str)):
        return None
    if old not in original:
        return None
    count = -1 if extra.get("replaceAll") else 1
    return original.replace(old, new, count)


def _cut_state(text: Any) -> str | None:
    return text if isinstance(text, str) and len(text) <= MAX_RESULT_CHARS else None


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(b.get("text", "")) for b in content if isinstance(b, dict) and "text" in b
        )
    return ""


def _cut(text: str) -> str:
    if len(text) <= MAX_RESULT_CHARS:
        return text
    half = MAX_RESULT_CHARS // 2
    return f"{text[:half]}\n...\n{text[-half:]}"
