# Copied from site_gen/problems.py by `site-gen marketplace`: edit that file.
"""Problems found in user data, and the three ways `site-gen check` prints them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum

from .secrets import mask_secrets


class Severity(str, Enum):
    """A `StrEnum` (3.11) spelled for Python 3.9: the plugin's client loads registries with a
    copy of this module (search/vendor_build.py)."""

    ERROR = "error"
    """Breaks Claude Code, the build or safety: always fails `check` and `build`."""
    WARNING = "warning"
    """Quality: fails `check --strict` (what PRs run); the build lists it."""

    __str__ = str.__str__


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, with the fix."""

    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def plugin_path(self) -> str:
        """`plugins/<category>/<name>` this problem belongs to, or '' for registry-wide ones."""
        parts = self.path.split("/")
        return "/".join(parts[:3]) if len(parts) >= 3 and parts[0] == "plugins" else ""


def error(path: str, line: int, code: str, message: str, hint: str = "") -> Problem:
    return Problem(path, line, code, mask_secrets(message), mask_secrets(hint), Severity.ERROR)


def warning(path: str, line: int, code: str, message: str, hint: str = "") -> Problem:
    """A quality problem. Like `error`, masks any secret its text quotes from the user's files."""
    return Problem(path, line, code, mask_secrets(message), mask_secrets(hint), Severity.WARNING)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))


def format_text(problems: list[Problem]) -> str:
    """Compiler-style lines, a hint indented under each, and a count."""
    lines = []
    for p in problems:
        where = f"{p.path}:{p.line}" if p.line else p.path
        lines.append(f"{where}: {p.code} {p.severity.value}: {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def format_json(problems: list[Problem]) -> str:
    rows = [{**asdict(p), "severity": p.severity.value} for p in problems]
    return json.dumps(rows, indent=2, sort_keys=True) + "\n"


def format_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        props = f"file={_escape_property(p.path)}"
        if p.line:
            props += f",line={p.line}"
        props += f",title={_escape_property(p.code)}"
        text = f"{p.message}" + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity.value} {props}::{_escape_data(text)}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
