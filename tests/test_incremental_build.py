"""An incremental build (warm cache, one edit) through the real `mkdocs build --strict` gives
the site a cold build of the same registry gives, byte for byte; the whole-page cache
(`page_reuse`), the error index memo (`emit/error_memo`) and the deferred delete of the
replaced site (`site_dir.swap`)."""

from __future__ import annotations

import gzip
import time
import zlib
from pathlib import Path

from site_gen.build import build_site
from site_gen.cache_store import LAYOUT
from site_gen.page_reuse import FORMAT as PAGE_FORMAT
from site_gen.site_dir import MARKER, MARKER_TEXT
from tests.conftest import MakeRegistry, plugin_files
from tests.test_build import _tree_differences
from tests.test_build_cache import SKILL, _build, _theme

NAV_PAGES = 8
"""Pages in the repo mkdocs.yml's nav: always rendered by MkDocs (`page_reuse`)."""


def _registry(make_registry: MakeRegistry) -> Path:
    return make_registry(
        {**plugin_files(), **plugin_files("ddp-hang", "distributed"),
         **plugin_files("kv-cache-oom", "inference")}
    )  # fmt: skip


def _same_as_cold(root: Path, site: Path, yml: Path, tmp_path: Path, name: str) -> None:
    """A build of `root` with no cache at all equals `site`."""
    cold = tmp_path / f"cold-{name}"
    build_site(root, cold, mkdocs_yml=yml, echo=lambda _: None)
    assert _tree_differences(site, cold) == []


def _page_entries(cache: Path) -> list[Path]:
    """The cache's whole-page entries (`page_reuse`)."""
    found = []
    for path in (cache / LAYOUT).glob("??/*"):
        body = zlib.decompress(path.read_bytes()).split(b"\n", 2)[1]
        if body.startswith(b'{"format": "' + PAGE_FORMAT.encode()):
            found.append(path)
    return found


def test_incremental_builds_equal_cold_builds(make_registry: MakeRegistry, tmp_path: Path) -> None:
    root = _registry(make_registry)
    yml, cache, site = _theme(tmp_path), tmp_path / "cache", root / "site"
    _, pages = _build(root, site, yml, cache)

    skill = root / SKILL
    skill.write_text(skill.read_text() + "\nOne more line, appended after the build.\n")
    reused, rendered = _build(root, site, yml, cache)
    assert 1 <= rendered < pages and reused + rendered == pages
    assert "One more line, appended" in (site / "skills/lora-fp16-nan/index.html").read_text()
    _same_as_cold(root, site, yml, tmp_path, "body")

    # An edit to an error document: the error index is assembled again.
    skill.write_text(skill.read_text().replace("Keep master weights in fp32", "Keep fp32 masters"))
    _build(root, site, yml, cache)
    assert "Keep fp32 masters" in "".join(
        gzip.decompress(p.read_bytes()).decode()
        for p in (site / "assets/error-index/docs").iterdir()
    )
    _same_as_cold(root, site, yml, tmp_path, "error")


def test_pages_outside_the_nav_skip_mkdocs(make_registry: MakeRegistry, tmp_path: Path) -> None:
    """With only the whole-page entries left, MkDocs renders the nav pages and nothing else."""
    root = _registry(make_registry)
    yml, cache, site = _theme(tmp_path), tmp_path / "cache", root / "site"
    _, pages = _build(root, site, yml, cache)
    kept = set(_page_entries(cache))
    assert len(kept) == pages - NAV_PAGES
    for path in (cache / LAYOUT).glob("??/*"):
        if path not in kept:
            path.unlink()
    assert _build(root, site, yml, cache) == (pages - NAV_PAGES, NAV_PAGES)
    _same_as_cold(root, site, yml, tmp_path, "pages")


def test_theme_and_site_identity_are_in_the_page_key(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = _registry(make_registry)
    yml, cache, site = _theme(tmp_path), tmp_path / "cache", root / "site"
    _build(root, site, yml, cache)

    main = yml.parent / "overrides/main.html"
    main.write_text(
        main.read_text().replace(
            "{% block extrahead %}", "{% block extrahead %}<!-- theme edited -->"
        )
    )
    assert _build(root, site, yml, cache)[1] == 0  # renders reused: the pages are not
    assert "<!-- theme edited -->" in (site / "skills/ddp-hang/index.html").read_text()
    _same_as_cold(root, site, yml, tmp_path, "theme")

    (root / "pyproject.toml").write_text(
        '[tool.site-gen]\nsite_url = "https://example.org/registry/"\n'
    )
    _build(root, site, yml, cache)
    page = (site / "skills/ddp-hang/index.html").read_text()
    assert 'href="https://example.org/registry/skills/ddp-hang/"' in page  # canonical
    _same_as_cold(root, site, yml, tmp_path, "identity")


def test_replaced_site_is_deleted_after_the_swap(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files())
    yml, site = _theme(tmp_path), tmp_path / "out" / "site"
    build_site(root, site, mkdocs_yml=yml, echo=lambda _: None)
    left = tmp_path / "out/.site.old.left-by-a-killed-build"
    left.mkdir()
    (left / MARKER).write_text(MARKER_TEXT)
    (left / "index.html").write_text("old\n")
    foreign = tmp_path / "out/.site.old.not-ours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine\n")

    build_site(root, site, mkdocs_yml=yml, echo=lambda _: None)
    assert left_beside(site.parent, ".site.", keep=(".site.old.not-ours",)) == [
        ".site.old.not-ours"
    ]
    assert (foreign / "keep.txt").read_text() == "mine\n"
    assert (site / MARKER).is_file() and (site / "index.html").is_file()


def left_beside(
    parent: Path, prefix: str, keep: tuple[str, ...] = (), seconds: float = 60
) -> list[str]:
    """The names starting with `prefix` in `parent` once all but `keep` are gone (the
    replaced sites are deleted by detached processes), or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        names = sorted(p.name for p in parent.iterdir() if p.name.startswith(prefix))
        if set(names) <= set(keep) or time.monotonic() > deadline:
            return names
        time.sleep(0.1)
