"""Inside an installed `all-skills`: the index built from the registry's own files.

Claude Code installs `all-skills` as the whole registry (its plugin root is the registry), so
the client needs no site: it loads the skills with a copy of site-gen's own loader and index
builder (`registry_build/`, written by `site-gen marketplace`; see site_gen's
`search/vendor_build.py`), leaves out plugins with errors as `site-gen build --skip-invalid`
does, and caches the result in the SQLite file a fetched index goes to (`cache_writer.py`).
Building takes a while (about 20 s of CPU at 1,000 skills): the background builder does it
(`index_builder.py`), while hooks answer from the last registry version's cache.

The registry version (when to build again) is a hash of the registry's folder, the size and
time of its `.claude-plugin/marketplace.json` (rewritten whenever a plugin is added, removed
or bumped) and, when the folder is a git checkout, the commit at HEAD: cheap on every hook
(one `stat`, and one `git rev-parse` in a checkout: ~4 ms), and enough.
Claude Code runs `all-skills` from the marketplace's own folder (a local folder as it is; a
GitHub marketplace is a clone it pulls on `marketplace update`: a new commit) or from a copy
in its plugin cache named by version or commit (a new folder on update). Uncommitted edits
in a checkout are not a new version (`site-gen advise` in the repo sees them). Walking the
files' sizes and times instead would cost about 230 ms a hook at 1,000 skills.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import index_store
from index_store import Store

HERE = Path(__file__).resolve().parent
BUILD_DIR = HERE / "registry_build"
"""site-gen's loader and index builder with the libraries they need (see the docstring)."""
RETRY_SECONDS = 6 * 3600
"""A build that failed (a bug: the log says which) is not started again in the background
for the same registry version before this (a foreground `advise` or `lookup` always tries)."""


def _market(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / ".claude-plugin" / "marketplace.json").read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@functools.cache
def registry_version(root: Path) -> str:
    """What the index depends on, cheaply (see the docstring)."""
    try:
        stat = (root / ".claude-plugin" / "marketplace.json").stat()
        market = f"{stat.st_size}-{stat.st_mtime_ns}"
    except OSError:
        market = ""
    head = ""
    if (root / ".git").exists():
        import subprocess  # here: ~8 ms of imports that a hook outside a checkout skips

        with contextlib.suppress(OSError, subprocess.SubprocessError):
            head = subprocess.run(
                ["git", "-C", str(root), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
    return hashlib.sha256(f"{root}\0{head}\0{market}".encode()).hexdigest()[:16]


def cache_key(root: Path) -> str:
    """Which registry the cache holds: its folder (the version says which state of it)."""
    return index_store.source_key(f"local:{root}")


def site_of(root: Path) -> str:
    """The site the registry publishes to, for the index's absolute URLs: the homepage of its
    `all-skills` entry (`site-gen marketplace` writes `[tool.site-gen] site_url` there), or ""."""
    plugins = _market(root).get("plugins")
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and entry.get("name") == "all-skills":
            homepage = entry.get("homepage")
            if isinstance(homepage, str) and homepage.startswith(("https://", "http://")):
                return homepage.rstrip("/") + "/"
    return ""


class LocalSource:
    """The registry at `root`, as the source of the cache: current while its version is."""

    retry_seconds = RETRY_SECONDS

    def __init__(self, root: Path) -> None:
        self.root = root
        self.key = cache_key(root)
        self.label = str(root)

    def version(self) -> str:
        return registry_version(self.root)

    def is_current(self, store: Store | None) -> bool:
        return (
            store is not None
            and store.meta("key") == self.key
            and store.meta("etag") == registry_version(self.root)
        )

    def builder_args(self) -> list[str]:
        return ["local", str(self.root)]

    def build(self, folder: Path, store: Store | None, timeout: float, note: Any) -> dict[str, Any]:
        """Build from the registry's files, one plugin at a time (parse, index, write its rows,
        drop the parse); the status `build.json` keeps."""
        root, version = self.root, self.version()
        if note:
            note(f"building the index of {root} (once per registry version) ...")
        if str(BUILD_DIR) not in sys.path:
            sys.path.insert(0, str(BUILD_DIR))
        from cache_writer import CacheWriter
        from registry_search.advise_rank import FIELD_WEIGHTS

        from site_gen.config import Config
        from site_gen.search.error_index import mean_length
        from site_gen.search.registry_index import RegistryIndex

        stream = RegistryIndex(root, site_of(root) or Config().site)
        writer = CacheWriter(folder, FIELD_WEIGHTS)
        lengths: list[float] = []
        try:
            for plugin in stream:
                first = writer.add_docs(plugin.doc_entries())
                for number, item in enumerate(plugin.docs, first):
                    writer.add_doc_terms(number, item.terms)
                    lengths.append(item.length)
                writer.add_skills(plugin.skills)
            meta = {"key": self.key, "etag": version, "site": stream.config.site}
            writer.finish(meta, lengths, mean_length(lengths))
        except BaseException:
            writer.abort()
            raise
        if note and stream.left_out:
            note(
                f"left out {len(stream.left_out)} plugin(s) with errors (`site-gen check` says "
                f"why): {', '.join(stream.left_out)}"
            )
        return {
            "version": version,
            "root": str(root),
            "skills": stream.skills,
            "left_out": stream.left_out,
        }
