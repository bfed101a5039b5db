# Copied from site_gen/search/hook_json.py by `site-gen marketplace`: edit that file.
"""JSON-lines logs as the failure hook reads them: each record as a text logger prints it.

Structured loggers (python-json-logger, structlog's `JSONRenderer`, loguru's
`serialize=True`, ECS and cloud formatters) write one JSON object per line. The record's
traceback is then inside a JSON string with `\\n` escapes (`"exc_info": "Traceback ...\\n
..."`), or a list of such strings (`"exception": ["Traceback ...\\n", "  File ..."]`), where
the hook's line reading cannot see it. A record is therefore rewritten as a plain logger
prints it: `LEVEL | message`, then the lines of each of its multi-line strings (the
traceback), as `logging` puts `exc_text` under the message.

A record cut short (Claude Code hands a hook only the first ~10,040 characters of an output)
is read as far as it goes: the missing closing quote and brackets are added. A line that is
no JSON object is left as it is.

`json` does the decoding; which fields are the level and the message is this module's own
knowledge of the common formatters. Standard library only, Python 3.9+: copied into the
tooling plugin with the ranking.
"""

from __future__ import annotations

import json
from typing import Any

LEVEL_KEYS = ("levelname", "level", "severity", "log.level", "lvl", "loglevel")
MESSAGE_KEYS = ("message", "msg", "event", "text", "log")
ERROR_KEYS = frozenset(
    {"exc_info", "exc_text", "exception", "exc", "error", "err", "stack", "stack_info"}
    | {"stack_trace", "stacktrace", "traceback", "backtrace", "error.message", "error.stack"}
)
"""Fields whose one-line strings are kept too (`"error": "CUDA out of memory"`): any other
field's one-line value (a run id, a learning rate) is the record's data, not its error."""
MAX_DEPTH = 4
"""Nesting looked into for multi-line strings (loguru's `record.exception`, ECS `error`)."""
_CLOSERS = ("", '"}', '"]}', '"}}', "}", "]}", "}}", '"]}}', '"}]}')
"""What a record cut short may lack, tried in turn (a string, a list, a nested object)."""


def expand(text: str) -> str:
    """`text` with every JSON-lines record rewritten as plain log lines (module docstring)."""
    if "{" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines):
        record = _record(line, last=n == len(lines) - 1)
        printed = _printed(record) if record is not None else []
        out.extend(printed or [line])  # a record with no level, message or error stays
    return "\n".join(out)


def _record(line: str, last: bool) -> dict[str, Any] | None:
    """The JSON object a line holds, or None (the last line may be cut short)."""
    body = line.strip()
    if not body.startswith("{"):
        return None
    for closer in _CLOSERS if last else ("",):
        try:
            found = json.loads(_whole_escape(body) + closer if closer else body)
        except (ValueError, RecursionError):  # RecursionError: `[[[[...` thousands deep
            continue
        return found if isinstance(found, dict) else None
    return None


def _whole_escape(body: str) -> str:
    """A cut line without a half escape at its end (`...line 3\\`)."""
    trailing = len(body) - len(body.rstrip("\\"))
    return body[:-1] if trailing % 2 else body


def _field(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, str]:
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return key, str(value)
    return "", ""


def _printed(record: dict[str, Any]) -> list[str]:
    """A record's lines as a text logger prints them: `LEVEL | message`, then the lines of
    its multi-line strings (a traceback) in the record's order."""
    level_key, level = _field(record, LEVEL_KEYS)
    message_key, message = _field(record, MESSAGE_KEYS)
    head = " | ".join(part for part in (level.upper(), message.split("\n", 1)[0]) if part)
    out = [head] if head else []
    for key, value in record.items():
        if key in (level_key, message_key) and "\n" not in str(value):
            continue
        if key == message_key:
            out.extend(message.split("\n")[1:])
            continue
        out.extend(_lines_of(value, MAX_DEPTH, str(key).lower() in ERROR_KEYS))
    return out


def _lines_of(value: Any, depth: int, every: bool) -> list[str]:
    """The lines of every multi-line string in `value`, and of one-line strings too when
    `every` (an error field). A list of strings is one text when its parts end with line
    breaks (`traceback.format_exception`'s parts), else one line per part."""
    if isinstance(value, str):
        text = value.rstrip("\n")
        return text.split("\n") if "\n" in text or (every and text.strip()) else []
    if depth <= 0:
        return []
    if isinstance(value, list):
        if value and all(isinstance(part, str) for part in value):
            joined = "".join(value) if value[0].endswith("\n") else "\n".join(value)
            return _lines_of(joined, depth, every)
        return [line for part in value for line in _lines_of(part, depth - 1, every)]
    if isinstance(value, dict):
        return [
            line
            for key, part in value.items()
            for line in _lines_of(part, depth - 1, every or str(key).lower() in ERROR_KEYS)
        ]
    return []
