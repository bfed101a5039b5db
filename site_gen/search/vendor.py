"""The modules copied into the tooling plugin, so its client ranks and harvests as `site-gen`.

Researchers run the plugin's client with their system `python3` (3.9+, no packages), so it
cannot import `site_gen`. Rather than a second, hand-kept ranking or transcript reader,
`site-gen marketplace` writes copies of the standard-library-only modules (the ranking, the
secret scanner, the transcript harvester, and lunr's Porter stemmer without its lunr
pipeline hook) into `scripts/registry_search/`, rewriting only the two imports that name
`site_gen.search`; a test fails when a copy is stale, and `site-gen marketplace --check`
reports it. `vendor_build.py` lists the copies in `scripts/registry_build/` (the loader and
index builder, for `all-skills`), written and checked here too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .vendor_build import TARGET as BUILD_TARGET
from .vendor_build import build_files

HERE = Path(__file__).resolve().parent
SHARED = (
    "tokenize.py",
    "rank.py",
    "advise_rank.py",
    "advise_concepts.py",
    "hook_filter.py",
    "hook_text.py",
    "hook_gate.py",
)
"""Modules of `site_gen/search/` that import only the standard library and each other."""
PACKAGE = HERE.parent
OTHERS = (
    "secrets.py",
    "secret_rules.py",
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
    files = {"__init__.py": '"""Ranking shared with site-gen; see site_gen/search/vendor.py."""\n'}
    for name in SHARED:
        files[name] = _NOTICE.format(name=name) + (HERE / name).read_text("utf-8")
    for name in OTHERS:
        text = (PACKAGE / name).read_text("utf-8")
        for before, after in _IMPORTS:
            text = text.replace(before, after)
        files[name] = _NOTICE.replace("search/", "").format(name=name) + text
    files["porter.py"] = _porter()
    return files


def all_vendored() -> dict[str, str]:
    """Registry-relative path -> content: `registry_search/` and `registry_build/`
    (the loader and index builder, see `vendor_build.py`)."""
    files = {f"{TARGET}/{name}": text for name, text in vendored_files().items()}
    return files | build_files(files[f"{TARGET}/porter.py"])


def stale_vendored(root: Path) -> list[str]:
    """Registry-relative paths of copies that are missing or differ, and of files left in
    `registry_build/` that are no copy (none without the plugin)."""
    folder = root / TARGET
    if not folder.parent.is_dir():
        return []
    files = all_vendored()
    stale = []
    for rel, text in files.items():
        path = root / rel
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            stale.append(rel)
    built = root / BUILD_TARGET
    if built.is_dir():
        for path in sorted(built.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and "__pycache__" not in rel and rel not in files:
                stale.append(rel)
    return stale


def write_vendored(root: Path) -> list[str]:
    """Refresh the stale copies and delete what `registry_build/` holds that is no copy (that
    folder is only ever written here); the paths written or deleted."""
    written = stale_vendored(root)
    files = all_vendored()
    for rel in written:
        path = root / rel
        if rel not in files:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel].encode("utf-8"))
    return written
