"""The site's Pagefind index in bundles: one Pagefind run per bundle, one after another, each
cached by the content of its pages, merged in the browser into one ranked list.

Pagefind holds every page it indexes in memory (about 0.7 MB a page on the generated
registries: 6.9 GB at 10,000 skills) and re-indexes the whole site on every run. So the
skill pages are split into `count` bundles by a hash of their path (a page stays in its
bundle as the site grows, and an edit touches one bundle), and the site's other pages
(home, categories, tags, authors: what a new or renamed skill changes) form a small bundle
of their own, the primary one, at `pagefind/`, beside `pagefind.js`. The others go to
`pagefind/part-N/`, and the search box merges them with Pagefind's multisite API
(`mergeIndex`, every bundle at the same `indexWeight`, so one list sorted by score: the
bundles are random shares of the same kind of page, so their term statistics agree).

Each bundle is kept in the build cache (`site_gen.cache_store`) under a key made of its
pages' paths and bytes, Pagefind's version and this code: a build after one edit runs
Pagefind on the one bundle that changed and unpacks the rest. `pagefind/site-search.json`
tells the search box the other bundles and the site's common words (`common_words`).

With one bundle (`search_bundles = 1`, or "auto" on a site of up to `PAGES_PER_BUNDLE`
skills) the index is one bundle at `pagefind/`, as Pagefind writes it for the whole site.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import urls
from ..cache_store import CacheStore, digest
from ..code_version import code_version
from . import common_words, site_index
from .site_index import BUNDLE, SPLIT_MARKER, TITLE_ONLY, SiteIndexError, indexed_page

MANIFEST = "site-search.json"
"""In the primary bundle: the other bundles' folders and the common words."""
PAGES_PER_BUNDLE = 2000
"""`search_bundles = "auto"`: skill pages per bundle. Pagefind's peak memory grows with the
pages of one run (about 0.7 MB a generated skill page: 1 GB for 1,430, so about 1.4 GB for
2,000); each bundle costs a query one index chunk per word, most of it other words
(benchmarks/SEARCH_BUNDLES.md: at 1,000 skills `nccl timeout` fetched 112 KB of chunks from
8 bundles, 66 KB from 5, the metadata the same). 2,000, not 1,500: 6 bundles at 10,000
skills instead of 8, whose worst query fetched 604 KB (the target is 600)."""
MAX_BUNDLES = 64
PART = "part-{}"
"""Folder of a bundle after the primary one, inside `pagefind/`."""
KEPT_IN_PARTS = ("pagefind-entry.json", ".pf_meta", "index", "fragment", "filter")
"""What the browser reads of a merged bundle: the primary bundle's `pagefind.js` and wasm
search them all, so the rest of Pagefind's output is left out of the others."""
FORMAT = "1"
SKILL_PAGES = urls.skill_page("x").removesuffix("x/")
"""The folder of the skill pages (`skills/`), the pages split among bundles."""

Note = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    rel: str
    """Site-relative path of the HTML file."""
    sha: str
    """SHA-256 of its bytes."""


def bundle_count(setting: str, skill_pages: int) -> int:
    """How many bundles the skill pages go into: `search_bundles` of `[tool.site-gen]`
    ("auto": one per `PAGES_PER_BUNDLE`), or SiteIndexError naming the setting."""
    if setting.strip().lower() in ("", "auto"):
        return max(1, math.ceil(skill_pages / PAGES_PER_BUNDLE))
    try:
        count = int(setting)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_BUNDLES:
        raise SiteIndexError(
            f"pyproject.toml:0: E010 error: [tool.site-gen] search_bundles = {setting!r}; "
            f'give "auto" or a whole number from 1 to {MAX_BUNDLES}'
        )
    return count


def plan_bundles(pages: list[str], count: int) -> list[list[str]]:
    """The pages of each bundle, the primary first; no bundle is empty.

    One bundle: every page. More: the pages outside `skills/` first, then the skill pages
    in `count` bundles by a hash of their path."""
    pages = sorted(pages)
    if count <= 1:
        return [pages] if pages else []
    groups: list[list[str]] = [[p for p in pages if not p.startswith(SKILL_PAGES)]]
    groups += [[] for _ in range(count)]
    for page in pages:
        if page.startswith(SKILL_PAGES):
            groups[1 + int(hashlib.sha256(page.encode()).hexdigest()[:12], 16) % count].append(page)
    return [group for group in groups if group]


def index_site(
    site: Path,
    store: CacheStore | None = None,
    bundles: str = "auto",
    note: Note | None = None,
) -> int:
    """Write the Pagefind index of the built pages under `site` into `site/pagefind/` in
    bundles (replacing the folder's earlier index); the number of pages indexed.
    SiteIndexError when a page set cannot be indexed.

    Pagefind reads filled copies of the pages (`site_index.page_for_index`) from a temporary
    folder beside `site`, so the published pages stay as MkDocs wrote them."""
    pages = _indexable_pages(site)
    if not pages:
        raise SiteIndexError(
            f"{site}: no page has `{SPLIT_MARKER}`; the theme's overrides/main.html puts it"
            " in every article Pagefind indexes"
        )
    skill_pages = sum(1 for p in pages if p.rel.startswith(SKILL_PAGES))
    plan = plan_bundles([p.rel for p in pages], bundle_count(bundles, skill_pages))
    by_rel = {p.rel: p for p in pages}
    counts: Counter[str] = Counter()
    reused = 0
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as tmp:
        output = Path(tmp) / BUNDLE
        for number, group in enumerate(plan):
            folder = output / PART.format(number) if number else output
            key = _bundle_key([by_rel[rel] for rel in group])
            packed = store.get(key, count=False) if store is not None else None
            words = _unpack(packed, folder) if packed is not None else None
            if words is None:
                if packed is not None and store is not None:
                    store.discard(key, count=False)
                copies = Path(tmp) / f"pages-{number}"
                words = _index_bundle(site, group, copies, folder, primary=not number)
                if store is not None:
                    store.put(key, _pack(folder, words), count=False)
            else:
                reused += 1
            counts.update(words)
        parts = [f"{PART.format(number)}/" for number in range(1, len(plan))]
        manifest = {
            "bundles": parts,
            "common": common_words.common_words(counts, len(pages)),
            "pages": len(pages),
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        (output / MANIFEST).write_text(text, "utf-8")
        # The last build's index, if any, is replaced whole: no chunk of it is left behind.
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        output.rename(site / BUNDLE)
    if note is not None and len(plan) > 1:
        note(f"search index: {len(plan)} bundles, {reused} unchanged, {len(plan) - reused} indexed")
    return len(pages)


def _indexable_pages(site: Path) -> list[Page]:
    """The site's pages that mark an article for Pagefind, each with the hash of its bytes."""
    marker = SPLIT_MARKER.encode()
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] == BUNDLE or not path.is_file():
            continue
        data = path.read_bytes()
        if marker in data:
            pages.append(Page(rel.as_posix(), hashlib.sha256(data).hexdigest()))
    return pages


def _index_bundle(
    site: Path, group: list[str], copies: Path, folder: Path, primary: bool
) -> dict[str, int]:
    """Run Pagefind over the filled copies of `group` into `folder`; the page count of each
    plain word of their text."""
    counts: Counter[str] = Counter()
    for rel in group:
        filled, text = indexed_page((site / rel).read_text("utf-8"), rel in TITLE_ONLY)
        copy = copies / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(filled, "utf-8")
        counts.update(common_words.page_words(text))
    site_index.run_pagefind(copies, folder)
    shutil.rmtree(copies, ignore_errors=True)  # ours: the copies are not needed past here
    if not primary:
        for path in folder.iterdir():
            if not any(path.name == kept or path.name.endswith(kept) for kept in KEPT_IN_PARTS):
                path.unlink() if path.is_file() else shutil.rmtree(path)
    return dict(counts)


def _bundle_key(pages: list[Page]) -> str:
    """Everything a bundle's files are made of: its pages (path and bytes), Pagefind's
    version and the code that fills the pages and runs it."""
    return digest(
        "pagefind-bundle",
        FORMAT,
        _code_fingerprint(),
        *(f"{page.rel}\0{page.sha}" for page in pages),
    )


@cache
def _code_fingerprint() -> str:
    """Pagefind's version and the source of this module and what it imports (`code_version`
    follows the imports, so a new helper module cannot be left out of the key)."""
    return digest(
        _version("pagefind"), _version("pagefind_bin"), code_version("site_gen.search.bundles")
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _pack(folder: Path, words: dict[str, int]) -> bytes:
    """A bundle's files and its word counts as one tar (the store compresses it)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=f"bundle/{path.relative_to(folder).as_posix()}")
        data = json.dumps(words, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo("words.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _unpack(packed: bytes, folder: Path) -> dict[str, int] | None:
    """Write a cached bundle's files into `folder`; its word counts, or None when the entry
    cannot be read (then nothing of it is left in `folder`)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(packed), mode="r") as tar:
            words_file = tar.extractfile("words.json")
            words = json.loads(words_file.read()) if words_file else None
            if not isinstance(words, dict):
                return None
            members = [m for m in tar.getmembers() if m.name.startswith("bundle/")]
            for member in members:
                member.name = member.name.removeprefix("bundle/")
            folder.mkdir(parents=True, exist_ok=True)
            tar.extractall(folder, members=members, filter="data")
            return {str(w): int(c) for w, c in words.items()}
    except (tarfile.TarError, OSError, KeyError, ValueError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)
        return None
