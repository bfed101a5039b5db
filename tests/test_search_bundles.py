"""The search index in bundles: which pages go where, the common words, and the bundles
Pagefind writes, reused from the build cache when their pages have not changed."""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.cache_store import CacheStore
from site_gen.search.bundles import (
    MANIFEST,
    PAGES_PER_BUNDLE,
    bundle_count,
    index_site,
    plan_bundles,
)
from site_gen.search.common_words import COMMON_SHARE, common_words, page_words
from site_gen.search.site_index import SPLIT_MARKER, SiteIndexError


def test_bundle_count_auto_grows_with_the_skill_pages() -> None:
    assert bundle_count("auto", 24) == 1
    assert bundle_count("auto", PAGES_PER_BUNDLE) == 1
    assert bundle_count("auto", PAGES_PER_BUNDLE + 1) == 2
    assert bundle_count("", 10_000) == bundle_count("AUTO", 10_000) == 5
    assert bundle_count("3", 5) == 3


@pytest.mark.parametrize("setting", ["0", "65", "many", "2.5"])
def test_bundle_count_refuses_what_is_not_a_count(setting: str) -> None:
    with pytest.raises(SiteIndexError, match=r'search_bundles = .*give "auto" or a whole number'):
        bundle_count(setting, 100)


def test_one_bundle_holds_every_page() -> None:
    pages = ["index.html", "skills/b/index.html", "skills/a/index.html"]
    assert plan_bundles(pages, 1) == [sorted(pages)]


def test_site_pages_are_the_primary_bundle_and_skills_are_split() -> None:
    skills = [f"skills/s{i}/index.html" for i in range(40)]
    site_pages = ["index.html", "tags/index.html", "categories/x/index.html"]
    plan = plan_bundles(skills + site_pages, 3)
    assert plan[0] == sorted(site_pages)
    assert len(plan) == 4 and all(plan[1:])
    assert sorted(p for group in plan[1:] for p in group) == sorted(skills)


names = st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), unique=True, max_size=30)


@given(names, names, st.integers(2, 6))
def test_a_skill_page_keeps_its_bundle_when_others_come_and_go(
    before: list[str], added: list[str], count: int
) -> None:
    """Bundles are chosen by the page's own path, so an edit or a new skill re-indexes only
    the bundles it lands in."""

    def where(pages: list[str]) -> dict[str, frozenset[str]]:
        plan = plan_bundles(pages, count)
        return {page: frozenset(group) for group in plan for page in group}

    old = [f"skills/{n}/index.html" for n in before]
    new = old + [f"skills/{n}/index.html" for n in added if n not in before]
    old_groups, new_groups = where(["index.html", *old]), where(["index.html", *new])
    for page in old:
        # Same companions from the old set: the page did not move to another bundle.
        assert old_groups[page] <= new_groups[page]


def test_common_words_are_plain_words_on_most_pages() -> None:
    pages = [
        "CUDA out of memory in init_process_group",
        "cuda memory fragmentation",
        "CUDA_VISIBLE_DEVICES and cuda memory",
        "tokenizer padding side",
    ]
    counts: Counter[str] = Counter()
    for text in pages:
        counts.update(page_words(text))
    common = common_words(counts, len(pages))
    assert common == {"cuda": 0.75, "memory": 0.75}
    assert all(share >= COMMON_SHARE for share in common.values())
    assert "init_process_group" not in page_words(pages[0])  # code tokens are never listed
    assert common_words(Counter(), 0) == {}


def _page(title: str, text: str) -> str:
    return (
        f'<html lang="en"><head><title>{title}</title></head><body>'
        f'<article class="md-content__inner"><h1>{title}</h1><p>{text}</p>{SPLIT_MARKER}'
        "</article></body></html>"
    )


def _write_site(site: Path, skills: int) -> None:
    (site / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(_page("Home", "every skill of the registry"))
    for i in range(skills):
        page = site / f"skills/skill-{i}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(_page(f"skill-{i}", f"the registry token_{i} fixes cuda errors"))


def _indexed_urls(bundle: Path) -> list[str]:
    urls = []
    for path in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        urls.append(data["url"])
    return sorted(urls)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_bundles_split_the_pages_and_an_edit_reindexes_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write_site(site, 8)
    store = CacheStore(tmp_path / "cache")
    notes: list[str] = []
    assert index_site(site, store, "2", notes.append) == 9
    assert notes == ["search index: 3 bundles, 0 unchanged, 3 indexed"]

    output = site / "pagefind"
    manifest = json.loads((output / MANIFEST).read_text())
    assert manifest["bundles"] == ["part-1/", "part-2/"] and manifest["pages"] == 9
    assert manifest["common"]["registry"] == 1.0
    # The part `token` of every `token_N` is common (Pagefind indexes parts); no token is.
    assert manifest["common"]["token"] == 0.889 and not any("_" in w for w in manifest["common"])
    primary, parts = _indexed_urls(output), [_indexed_urls(output / p) for p in manifest["bundles"]]
    assert primary == ["/"]
    assert sorted(parts[0] + parts[1]) == sorted(f"/skills/skill-{i}/" for i in range(8))
    assert (output / "pagefind.js").is_file() and not (output / "part-1/pagefind.js").exists()

    # The same pages: every bundle from the cache, the same files.
    first = _files(output)
    notes.clear()
    index_site(site, store, "2", notes.append)
    assert notes == ["search index: 3 bundles, 3 unchanged, 0 indexed"]
    assert _files(output) == first

    # One page edited: its bundle alone is indexed again, and the index is what a build
    # without the cache writes.
    edited = site / "skills/skill-3/index.html"
    edited.write_text(_page("skill-3", "the registry token_3 fixes cuda errors edited_now"))
    notes.clear()
    index_site(site, store, "2", notes.append)
    assert notes == ["search index: 3 bundles, 2 unchanged, 1 indexed"]
    cached = _files(output)
    index_site(site, None, "2")
    assert _files(output) == cached


def test_a_damaged_cached_bundle_is_indexed_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write_site(site, 3)
    store = CacheStore(tmp_path / "cache")
    index_site(site, store, "1")
    [entry] = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and len(p.name) == 64]
    key = entry.name
    entry.write_bytes(zlib.compress(f"{key}\n".encode() + b"not a tar"))
    notes: list[str] = []
    assert index_site(site, store, "1", notes.append) == 4
    assert len(_indexed_urls(site / "pagefind")) == 4
