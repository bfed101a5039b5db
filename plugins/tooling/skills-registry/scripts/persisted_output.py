"""The whole of a long Bash output that exited 0, for the hook: its first part and its end.

Claude Code 2.1.328 hands `PostToolUse` only the first 30,000 characters of a command's output
in `tool_response.stdout` (its read-back window: `BASH_MAX_OUTPUT_LENGTH`, or the
`bashOutputMaxChars` setting). When the output is longer it saves all of it first, to
`tool_response.persistedOutputPath` (a file in the session's `tool-results/` folder, written
before the hook runs; `persistedOutputSize` bytes). A training script that logs an exception at
the end of 50,000 lines of progress and goes on (exit 0) shows its error only in that file.

A failed command (`PostToolUseFailure`) has no such file: its `error` is the window's first
and last 5,000 characters, and nothing the hook can read holds the rest
(`benchmarks/HOOK_LONG_OUTPUT.md`).

The read is bounded: at most `TAIL_BYTES` from the end of the file, whatever its size. Anything
unexpected (no path, a file outside a `tool-results` folder, not a regular file, unreadable,
bytes that are not UTF-8) gives what the payload holds, never an exception.
Standard library only, Python 3.9+.
"""

from __future__ import annotations

import os
import stat
from typing import Any

TAIL_BYTES = 65536
"""Bytes read from the end of a persisted output at most (the hook looks at less)."""


def full_stdout(response: dict[str, Any]) -> str:
    """The command's stdout as the hook should read it: the payload's `stdout` and, when
    Claude Code saved a longer output, the end of that file after it (contiguous when the
    file's end is within `TAIL_BYTES` of the shown part, else after a line break, from the
    first whole line)."""
    shown = response.get("stdout")
    shown = shown if isinstance(shown, str) else ""
    path = response.get("persistedOutputPath")
    if not isinstance(path, str) or not path:
        return shown
    shown_bytes = len(shown.encode("utf-8", "replace"))  # the file starts with `stdout`
    tail = read_tail(path, shown_bytes)
    if tail is None:
        return shown
    start, data = tail
    text = data.decode("utf-8", "replace")
    if start == shown_bytes:
        return shown + text
    line_end = text.find("\n")
    return shown + "\n" + (text[line_end + 1 :] if line_end >= 0 else text)


def read_tail(path: str, shown_bytes: int) -> tuple[int, bytes] | None:
    """(offset, bytes) of a persisted output from `shown_bytes` on, at most the last
    `TAIL_BYTES`; None when `path` is not a regular file in a `tool-results` folder or
    cannot be read."""
    if os.path.basename(os.path.dirname(path)) != "tool-results":
        return None
    try:  # O_NONBLOCK: a FIFO put there must not hang the hook (it is refused below)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        size = status.st_size
        start = max(shown_bytes, size - TAIL_BYTES)
        if start >= size:
            return None
        os.lseek(descriptor, start, os.SEEK_SET)
        chunks = []
        left = size - start
        while left > 0:
            chunk = os.read(descriptor, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return start, b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)
