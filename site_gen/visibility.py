"""`visibility` in `[tool.site-gen]`: who may read the published site, asked for once.

A team's notes can hold unreleased model names and internal hosts, so the registry never
guesses: `site-gen check` warns until `visibility` says "public" or "private", and the deploy
gate (`site_gen.deploy_gate`) and the build (noindex, robots.txt) read the same value.
`site-gen init` writes the key; `visibility_error` is the one rule both use.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from . import problems as P
from .config import VISIBILITIES

PYPROJECT = "pyproject.toml"
CHOOSE = (
    'in [tool.site-gen] of pyproject.toml write visibility = "public" (anyone on the internet '
    'may read the site) or visibility = "private" (only people with access to the repository; '
    'needs a private GitHub Pages site, see README "Deploy your own registry")'
)
"""The hint: exactly what to write, and what each choice means."""


def visibility_error(value: object) -> str:
    """Why `value` is not a valid `visibility`, or '' when it is one."""
    if value in VISIBILITIES:
        return ""
    return f"visibility = {_toml(value)} is not one of " + ", ".join(f'"{v}"' for v in VISIBILITIES)


def read_visibility(root: Path) -> tuple[object, int]:
    """(`visibility` as written or None, its line or the table's line, 0 if neither) at `root`."""
    path = root / PYPROJECT
    text = path.read_text("utf-8")
    tool = tomllib.loads(text).get("tool", {})
    table = tool.get("site-gen", {}) if isinstance(tool, dict) else {}
    value = table.get("visibility") if isinstance(table, dict) else None
    return value, _line_of(text)


def visibility_problems(root: Path) -> list[P.Problem]:
    """W802 when `visibility` is unset, E801 when it is not "public" or "private".

    A folder without pyproject.toml is not a deployable registry (the workflows
    `pip install -e .` it), so only a registry with one is asked.
    """
    if not (root / PYPROJECT).is_file():
        return []
    try:
        value, line = read_visibility(root)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [P.error(PYPROJECT, 0, "E801", f"pyproject.toml cannot be read: {exc}")]
    if value is None:
        return [
            P.warning(
                PYPROJECT,
                line,
                "W802",
                "[tool.site-gen] does not say who may read the site",
                CHOOSE,
            )
        ]
    if why := visibility_error(value):
        return [P.error(PYPROJECT, line, "E801", why, CHOOSE)]
    return []


_KEY = re.compile(r"^\s*visibility\s*=")
_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*(\"site-gen\"|site-gen)\s*\]")


def _line_of(text: str) -> int:
    """The `visibility =` line under `[tool.site-gen]`, else the table's header line, else 0."""
    header = 0
    for number, line in enumerate(text.splitlines(), 1):
        if _TABLE.match(line):
            header = number
        elif header and line.lstrip().startswith("["):
            break
        elif header and _KEY.match(line):
            return number
    return header


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)
