"""A digest of the site-gen source that a result depends on, for keys of the build cache.

A key that hashed all of site-gen's source would make any edit (a CLI message, a template)
rebuild everything. `modules_fingerprint` hashes only the given modules and the site-gen
modules they import, directly or not, found by reading their `import` statements (`ast`):
editing a module outside that closure keeps the cached results. A package's `__init__.py`
counts only when the code imports a name from the package itself: `emit/__init__.py` runs
on import of any emitter, but what an emitter returns does not depend on it.

An import inside a function counts too (`ast.walk` sees every statement); code reached
without an import statement (`importlib`, entry points) does not, so a module that does that
must be passed as a root.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from .cache_store import digest

PACKAGE = Path(__file__).resolve().parent
NAME = PACKAGE.name


def _module_file(module: str) -> Path | None:
    """The source file of a dotted site-gen module name, or None if it is not one."""
    parts = module.split(".")
    if parts[0] != NAME:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [NAME, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Dotted names of the site-gen modules `path` imports (a package, or a module in it)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            submodules = {f"{source}.{alias.name}" for alias in node.names}
            modules = {m for m in submodules if _module_file(m) is not None}
            found.update(modules)
            if len(modules) < len(submodules):  # a name defined in `source` itself
                found.add(source)
    return {m for m in found if _module_file(m) is not None}


def module_closure(*roots: str) -> list[Path]:
    """Source files of `roots` and of every site-gen module they import, sorted."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        todo.extend(_imports(path))
    return sorted(seen)


@functools.cache
def modules_fingerprint(*roots: str) -> str:
    """A digest of the source of `roots` and their site-gen imports (see module docstring)."""
    files = module_closure(*roots)
    return digest(*(p.relative_to(PACKAGE).as_posix() + "\0" + p.read_text("utf-8") for p in files))
