"""Whether a successful command's output may hold an error: the failure hook's first look.

Claude Code runs the hook after every Bash command, and most exit 0 with nothing wrong: this
check runs before anything else is imported (the tokenizer's patterns, the index), so the
common case costs little more than starting Python. Standard library only, Python 3.9+:
copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re

_WORTH_LOOKING = re.compile(
    r"Traceback \(most recent call last\)|\b[A-Z]\w*(?:Error|Exception)\b|error:|"
    r"\bCUDA error\b|\bNCCL\b|Segmentation fault|terminate called|' panicked at ",
)
"""Cheap pre-filter for successful commands' output (PostToolUse): most have no error. A Rust
library's panic (`thread '<unnamed>' panicked at src/x.rs:5:9: ...`) is one (`hook_logs`)."""


def worth_looking(text: str) -> bool:
    """Whether output of a command that exited 0 may hold an error worth a lookup."""
    return bool(_WORTH_LOOKING.search(text))
