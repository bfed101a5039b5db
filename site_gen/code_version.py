"""Which version of site-gen's code made a cached result: the source of exactly the modules
that produce it, found by following their imports.

A cache entry made by one version of the loader must never be read by another, and while
site-gen is developed its version number stays the same: so keys hash the source itself.
Hashing only the modules a result depends on (their `from .x import` closure inside
`site_gen`, function-level imports included) keeps an edit to, say, the emitters from
throwing away every cached plugin. Written here because `modulefinder` also walks the
standard library and third-party packages and takes seconds.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

from .cache_store import digest

PACKAGE = Path(__file__).parent
"""The `site_gen` folder."""


def _module_file(name: str) -> Path | None:
    if name == PACKAGE.name:
        return PACKAGE / "__init__.py"
    relative = PACKAGE.joinpath(*name.split(".")[1:])
    for candidate in (relative.with_suffix(".py"), relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache  # as `code_version`: once per process (keys share most of their closures)
def _imported(name: str, path: Path) -> frozenset[str]:
    """The `site_gen` modules `path` (module `name`) imports, anywhere in its body, and
    each name imported from them that may itself be a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return frozenset(m for m in found if m == PACKAGE.name or m.startswith(PACKAGE.name + "."))


def import_closure(*roots: str) -> dict[str, Path]:
    """Every `site_gen` module the `roots` import, directly or not, with its parent
    packages (their `__init__` runs first), by dotted name."""
    seen: dict[str, Path] = {}
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:  # a class or function imported by name, not a module
            continue
        seen[name] = path
        parts = name.split(".")
        stack.extend(".".join(parts[:n]) for n in range(1, len(parts)))
        stack.extend(_imported(name, path))
    return dict(sorted(seen.items()))


@functools.cache
def code_version(*roots: str, folders: tuple[str, ...] = ()) -> str:
    """A hash of the source of `roots` and every `site_gen` module they import, of every
    file under `folders` (package-relative, e.g. templates) and of the Python version."""
    parts: list[str | bytes] = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for name, path in import_closure(*roots).items():
        parts += [name, path.read_bytes()]
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)
