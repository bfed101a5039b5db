"""Transcript lines in Claude Code's format (CLI 2.1.328), for tests and the benchmark."""

from __future__ import annotations

import json
from typing import Any


def bash_call(tool_id: str, command: str, **extra: Any) -> str:
    """An assistant line calling the Bash tool."""
    block = {"type": "tool_use", "id": tool_id, "name": "Bash", "input": {"command": command}}
    record = {"type": "assistant", "uuid": f"u-{tool_id}", "message": {"content": [block]}}
    return json.dumps({**record, **extra})


def tool_result(tool_id: str, text: str, is_error: bool = False, **extra: Any) -> str:
    """A user line with the tool's result (failed Bash results start with `Exit code N`)."""
    block = {"type": "tool_result", "tool_use_id": tool_id, "is_error": is_error, "content": text}
    record = {"type": "user", "uuid": f"r-{tool_id}", "message": {"content": [block]}}
    return json.dumps({**record, **extra})
