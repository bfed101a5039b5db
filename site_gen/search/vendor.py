"""The modules copied into the tooling plugin, so its client ranks and harvests as `site-gen`.

Researchers run the plugin's client with their system `python3` (3.9+, no packages), so it
cannot import `site_gen`. Rather than a second, hand-kept ranking or transcript reader,
`site-gen marketplace` writes copies of the standard-library-only modules (the failure
lookup's ranking and gate, the transcript harvester) into `scripts/registry_search/`, rewriting
only the two imports that name `site_gen.search`; a test fails when a copy is stale, and
`site-gen marketplace --check` reports it. `vendor_build.py` lists the copies in
`scripts/registry_build/` (the loader and index builder, for `all-skills`), written and checked
here too; the modules both need (the tokenizer, the plan ranking and its concepts, lunr's
Porter stemmer without its lunr pipeline hook, the secret scanner) are copied there only, and
`registry_search` imports them from there (`FROM_BUILD`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .vendor_build import TARGET as BUILD_TARGET
from .vendor_build import build_files

HERE = Path(__file__).resolve().parent
SHARED = (
    "rank.py",
    "hook_filter.py",
    "hook_text.py",
    "hook_json.py",
    "hook_groups.py",
    "hook_rich.py",
    "hook_words.py",
    "hook_logs.py",
    "hook_cells.py",
    "hook_runners.py",
    "hook_shapes.py",
    "hook_gate.py",
)
"""Modules of `site_gen/search/` that import only the standard library and each other."""
FROM_BUILD = (
    "search/tokenize.py",
    "search/advise_rank.py",
    "search/advise_concepts.py",
    "search/porter.py",
    "secrets.py",
    "secret_rules.py",
)
"""Modules the client needs that `registry_build/site_gen/` holds already (`vendor_build.py`):
`registry_search` reads them from there (its `__init__.py` adds those folders to its path),
one copy of each in the plugin."""
PACKAGE = HERE.parent
OTHERS = (
    "harvest/__init__.py",
    "harvest/__main__.py",
    "harvest/commands.py",
    "harvest/draft.py",
    "harvest/harvest.py",
    "harvest/masking.py",
    "harvest/render.py",
    "harvest/transcript.py",
)
"""Modules of `site_gen/` the client needs for `harvest` (standard library only)."""
_IMPORTS = (
    ("from ..search import rank as error_rank", "from .. import rank as error_rank"),
    ("from ..search import tokenize", "from .. import tokenize"),
)
_INIT = '''"""Ranking shared with site-gen; see site_gen/search/vendor.py.

The modules `registry_build/` holds too (the tokenizer, the plan ranking, its concepts, the
stemmer, the secret scanner) are read from there: one copy of each in the plugin."""

import os as _os

_BUILT = _os.path.join(_os.path.dirname(_os.path.dirname(__file__)), "registry_build", "site_gen")
__path__ += [_os.path.join(_BUILT, "search"), _BUILT]  # noqa: F821 (the package's own path)
'''
TARGET = "plugins/tooling/skills-registry/scripts/registry_search"
"""Where the copies live in a registry, relative to its root."""
_NOTICE = "# Copied from site_gen/search/{name} by `site-gen marketplace`: edit that file.\n"


def _porter() -> str:
    """lunr's stemmer without the two lines that register it with lunr's pipeline."""
    spec = importlib.util.find_spec("lunr.stemmer")
    assert spec is not None and spec.origin is not None, "lunr is a dependency of site-gen"
    text = Path(spec.origin).read_text("utf-8")
    text = text.replace("from lunr.pipeline import Pipeline\n", "")
    text = text.replace('Pipeline.register_function(stemmer, "stemmer")\n', "")
    return "# Copied from lunr (MIT) by `site-gen marketplace`: lunr.stemmer.\n" + text


def vendored_files() -> dict[str, str]:
    """File name -> content, for every file of the plugin's `registry_search` package."""
    files = {"__init__.py": _INIT}
    for name in SHARED:
        files[name] = _NOTICE.format(name=name) + (HERE / name).read_text("utf-8")
    for name in OTHERS:
        text = (PACKAGE / name).read_text("utf-8")
        for before, after in _IMPORTS:
            text = text.replace(before, after)
        files[name] = _NOTICE.replace("search/", "").format(name=name) + text
    return files


def all_vendored() -> dict[str, str]:
    """Registry-relative path -> content: `registry_search/` and `registry_build/`
    (the loader and index builder, see `vendor_build.py`)."""
    files = {f"{TARGET}/{name}": text for name, text in vendored_files().items()}
    built = build_files(_porter())
    assert all(f"{BUILD_TARGET}/site_gen/{name}" in built for name in FROM_BUILD)
    return files | built


def stale_vendored(root: Path) -> list[str]:
    """Registry-relative paths of copies that are missing or differ, and of files left in
    `registry_build/` or `registry_search/` that are no copy (none without the plugin)."""
    folder = root / TARGET
    if not folder.parent.is_dir():
        return []
    files = all_vendored()
    stale = []
    for rel, text in files.items():
        path = root / rel
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    for folder in (root / BUILD_TARGET, root / TARGET):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            rel = path.relative_to(root).as_posix()
            if path.is_file() and "__pycache__" not in rel and rel not in files:
                stale.append(rel)
    return stale


OWN_COPY = b"# Copied from "
"""How every copy of a site-gen module begins (`_NOTICE`, `vendor_build._NOTICE`)."""


def written_by_site_gen(path: Path) -> bool:
    """Whether a file left in the copy folders begins as site-gen's copies do."""
    with path.open("rb") as handle:
        return handle.read(len(OWN_COPY)) == OWN_COPY


def write_vendored(root: Path) -> list[tuple[str, str]]:
    """Refresh the stale copies, and delete the copies of site-gen modules an older site-gen
    wrote that are no copy now; `(path, "wrote" | "deleted" | "kept")` for each path touched
    or left. A leftover that does not begin as site-gen's copies do (someone's own file, or a
    library file) is kept and named: a command deletes only what it wrote."""
    done = []
    files = all_vendored()
    for rel in stale_vendored(root):
        path = root / rel
        if rel in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[rel].encode("utf-8"))
            done.append((rel, "wrote"))
        elif written_by_site_gen(path):
            path.unlink()
            done.append((rel, "deleted"))
        else:
            done.append((rel, "kept"))
    return done
