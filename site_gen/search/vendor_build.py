"""The loader and index builder copied into the tooling plugin: its client, inside an installed
`all-skills` (whose plugin root is the registry), builds the index `site-gen build` publishes
from the registry's own files, with no site to fetch it from.

The client runs under the researcher's `python3` (3.9+, no packages). Rather than a second
parser, `site-gen marketplace` writes `scripts/registry_build/`: copies of the modules on the
path load -> validate -> model -> compact index, and of the pure-Python libraries they import,
each under its own package name so that no import is rewritten. `site-gen marketplace --check`
and a test fail when a copy differs, is missing or is left over. What is copied, and why:

- `site_gen`: `SITE_GEN` below. The loader (with `files`, the secret scan it runs, `problems`),
  the one Markdown reading (`markdown`, `inline`), the model and both parsers, `validate`
  (plugins with errors are left out, as `site-gen build --skip-invalid` leaves them out),
  `config` and `urls` (absolute URLs), and the index itself (`search/`). Nothing there imports
  jinja, click, nh3, MkDocs or tomllib at module level; each is Python 3.9 (ruff's per-file
  target in pyproject.toml, and a test runs the copy under 3.9).
- markdown-it-py with mdurl (MIT): the parser of `site_gen/markdown.py`, the version site-gen
  runs (pyproject.toml pins each copied library exactly: one parser, one version), with the
  two mechanical rewrites of `_for_python_3_9` (version 3 runs on 3.9 unchanged, but reads a
  run of link reference definitions in quadratic time: 1,000 lines of `[^1]: a` take 4 s,
  0.04 s in version 4).
- mdit-py-plugins (MIT), only `admon`, `deflist` and the `utils` they import: the two
  extensions `site_gen/markdown.py` enables.
- PyYAML (MIT), its pure-Python modules without `cyaml` (the libyaml binding): front matter.
- lunr's Porter stemmer (MIT) as `site_gen/search/porter.py`, as `vendor.py` writes it:
  `advise_rank` imports it when lunr is absent.

Third-party files are copied with their licences (`LICENSES/`), changed only by
`_for_python_3_9`; site_gen files get one comment line on top saying where to edit them.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
from pathlib import Path

TARGET = "plugins/tooling/skills-registry/scripts/registry_build"
"""Where the copies live in a registry, relative to its root."""
SITE_GEN = (
    "__init__.py",
    "config.py",
    "files.py",
    "inline.py",
    "loader.py",
    "markdown.py",
    "markdown_entries.py",
    "markdown_parsers.py",
    "model.py",
    "parse_skill.py",
    "parse_trouble_shapes.py",
    "parse_troubleshooting.py",
    "problems.py",
    "progress.py",
    "secret_files.py",
    "secret_rules.py",
    "secrets.py",
    "urls.py",
    "validate/__init__.py",
    "validate/links.py",
    "validate/manifest.py",
    "validate/names.py",
    "validate/skill_md.py",
    "search/__init__.py",
    "search/advise_concepts.py",
    "search/advise_index.py",
    "search/advise_rank.py",
    "search/compact.py",
    "search/compact_parts.py",
    "search/error_index.py",
    "search/registry_index.py",
    "search/tokenize.py",
)
"""site_gen's modules on the client's build path, relative to the package."""
LIBRARIES = {
    "markdown_it": ("markdown-it-py", ("cli/",)),
    "mdurl": ("mdurl", ()),
    "mdit_py_plugins": ("mdit-py-plugins", ()),
    "yaml": ("PyYAML", ("cyaml.py",)),
}
"""Package -> (distribution, files and folders left out)."""
ONLY = {"mdit_py_plugins": ("__init__.py", "utils.py", "admon/", "deflist/")}
"""Packages of which only these files and folders are copied."""
_PACKAGE = Path(__file__).resolve().parent.parent
_NOTICE = "# Copied from site_gen/{name} by `site-gen marketplace`: edit that file.\n"


def build_files(porter: str) -> dict[str, str]:
    """Registry-relative path -> content of every file of `scripts/registry_build/`;
    `porter` is the stemmer module's text (see `vendor._porter`)."""
    files = {
        f"{TARGET}/site_gen/{name}": _NOTICE.format(name=name) + _read(_PACKAGE / name)
        for name in SITE_GEN
    }
    files[f"{TARGET}/site_gen/search/porter.py"] = porter
    for package, (distribution, left_out) in LIBRARIES.items():
        folder = _package_folder(package)
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if _copied(package, rel, left_out) and path.is_file():
                text = _read(path)
                files[f"{TARGET}/{package}/{rel}"] = (
                    _for_python_3_9(text) if rel.endswith(".py") else text
                )
        for name, text in _licences(distribution).items():
            files[f"{TARGET}/LICENSES/{distribution}-{name}"] = text
    return files


def _for_python_3_9(source: str) -> str:
    """A library module as Python 3.9 runs it, the same way: `@dataclass(slots=True)` (3.10)
    loses `slots=True` (memory layout only), and a module whose annotations use `X | Y` (3.10
    when evaluated) gets `from __future__ import annotations` after its docstring, so they
    are not evaluated. The client's tests run the copies under 3.9 against site-gen's index."""
    text = source.replace("dataclass(slots=True)", "dataclass")
    future = "from __future__ import annotations\n"
    tree = ast.parse(text)
    if future in text or not any(_is_union(note) for note in _annotations(tree)):
        return text
    first = tree.body[0] if tree.body else None
    docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    at = first.end_lineno or 0 if first is not None and docstring else 0
    lines = text.splitlines(keepends=True)
    return "".join([*lines[:at], future, *lines[at:]])


def _annotations(tree: ast.AST) -> list[ast.expr]:
    found: list[ast.expr | None] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg):
            found.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
    return [note for note in found if note is not None]


def _is_union(note: ast.expr) -> bool:
    return any(
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) for node in ast.walk(note)
    )


def _copied(package: str, rel: str, left_out: tuple[str, ...]) -> bool:
    if "__pycache__" in rel or not (rel.endswith(".py") or "LICENSE" in rel.rsplit("/")[-1]):
        return False
    if any(rel == skip or (skip.endswith("/") and rel.startswith(skip)) for skip in left_out):
        return False
    only = ONLY.get(package)
    return only is None or any(rel == o or (o.endswith("/") and rel.startswith(o)) for o in only)


def _package_folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations, f"{package} is a dependency"
    return Path(next(iter(spec.submodule_search_locations)))


def _licences(distribution: str) -> dict[str, str]:
    """The distribution's licence files (from its wheel metadata), by file name."""
    found = {}
    for file in importlib.metadata.distribution(distribution).files or ():
        name = file.name
        if ".dist-info/" in file.as_posix() and name.startswith(("LICENSE", "COPYING")):
            found[name] = _read(Path(str(file.locate())))
    assert found, f"{distribution} ships no licence file"
    return found


def _read(path: Path) -> str:
    """The file's exact text: no newline translation."""
    return path.read_bytes().decode("utf-8")
