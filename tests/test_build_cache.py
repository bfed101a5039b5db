"""The build cache through the real `mkdocs build --strict`: what is reused, what is not."""

from __future__ import annotations

import os
import re
import shutil
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.build import BuildError, build_site
from site_gen.cache_store import LAYOUT, TAG, CacheStore
from site_gen.cli import main
from site_gen.shard import build_shard, merge_site
from site_gen.shard_plan import Shard
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.test_build import _old_site, _tree_differences

SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"


def _theme(tmp_path: Path) -> Path:
    """A copy of the repo's mkdocs.yml, docs/ and overrides/ that a test may edit."""
    theme = tmp_path / "theme"
    theme.mkdir()
    shutil.copy(REPO / "mkdocs.yml", theme / "mkdocs.yml")
    shutil.copytree(REPO / "docs", theme / "docs")
    shutil.copytree(REPO / "overrides", theme / "overrides")
    return theme / "mkdocs.yml"


def _build(root: Path, out: Path, yml: Path, cache: Path | None) -> tuple[int, int]:
    """Build; (pages reused from the cache, pages rendered), as the build says them."""
    said: list[str] = []
    build_site(root, out, mkdocs_yml=yml, cache_dir=cache, echo=said.append)
    if cache is None:
        return 0, 0
    match = re.search(r"page cache .*: (\d+) reused, (\d+) rendered", "\n".join(said))
    assert match, said
    return int(match.group(1)), int(match.group(2))


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / LAYOUT).glob("??/*"))


def test_cache_reuses_pages_and_renders_only_what_changed(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    reused, rendered = _build(root, tmp_path / "cold", yml, cache)
    assert reused == 0 and rendered > 5
    pages = rendered

    assert _build(root, tmp_path / "warm", yml, cache) == (pages, 0)
    _build(root, tmp_path / "plain", yml, None)
    assert _tree_differences(tmp_path / "warm", tmp_path / "plain") == []
    assert _tree_differences(tmp_path / "cold", tmp_path / "plain") == []

    skill = root / SKILL
    skill.write_text(skill.read_text().replace("lora_r: 16", "lora_r: 64"))
    reused, rendered = _build(root, tmp_path / "edited", yml, cache)
    # The skill's page and the pages built from its text (home, failures, a category...).
    assert 1 <= rendered < pages and reused + rendered == pages
    edited = (tmp_path / "edited/skills/lora-fp16-nan/index.html").read_text()
    assert "lora_r: 64" in re.sub(r"<[^>]+>", "", edited)
    untouched = "skills/ddp-hang/index.html"
    assert (tmp_path / "edited" / untouched).read_text() == (
        tmp_path / "warm" / untouched
    ).read_text()

    # Anything in mkdocs.yml can change every page: nothing is reused.
    text = yml.read_text().replace("permalink: true", 'permalink: "#"')
    yml.write_text(text)
    assert _build(root, tmp_path / "config", yml, cache) == (0, pages)
    assert 'class="headerlink" href="#' in (tmp_path / "config" / untouched).read_text()


def test_a_vanished_link_target_fails_strict_and_keeps_the_old_site(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files())
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    docs = yml.parent / "docs"
    (docs / "guide.md").write_text("# Guide\n\nSee [the notes](notes.md).\n")
    (docs / "notes.md").write_text("# Notes\n\nNotes.\n")
    yml.write_text(yml.read_text().replace("  - Contributing: contributing.md\n",
                                           "  - Contributing: contributing.md\n"
                                           "  - Guide: guide.md\n  - Notes: notes.md\n"))  # fmt: skip
    _build(root, tmp_path / "first", yml, cache)
    assert 'href="../notes/"' in (tmp_path / "first/guide/index.html").read_text()
    site = _old_site(root)
    before = {p.name: p.read_bytes() for p in site.iterdir()}

    (docs / "notes.md").unlink()
    yml.write_text(yml.read_text().replace("  - Notes: notes.md\n", ""))
    (docs / "guide.md").touch()  # same text: the cached page would still say ../notes/
    for _ in range(2):  # the failed page was not stored: the second build fails the same way
        with pytest.raises(BuildError, match=r"guide\.md' contains a link 'notes\.md'"):
            _build(root, root / "site", yml, cache)
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before


def test_a_link_target_removed_without_a_config_change_is_a_miss(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """The page's own text and mkdocs.yml are unchanged: only the lookup record catches it."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    docs = yml.parent / "docs"
    yml.write_text(yml.read_text().replace("  /authors/\n", "  /authors/\n  /extra/\n"))
    (docs / "extra").mkdir()
    (docs / "extra/a.md").write_text("# A\n\n[B](b.md)\n")
    (docs / "extra/b.md").write_text("# B\n")
    _build(root, tmp_path / "one", yml, cache)
    (docs / "extra/b.md").unlink()
    with pytest.raises(BuildError, match=r"extra/a\.md' contains a link 'b\.md'"):
        _build(root, tmp_path / "two", yml, cache)


def test_damaged_entries_are_misses_not_tracebacks(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files())
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    _, pages = _build(root, tmp_path / "one", yml, cache)
    entries = _entries(cache)
    assert len(entries) >= pages  # each page's render, and its sanitized HTML
    damages = [
        lambda data: b"not zlib at all",
        lambda data: data[:20],  # cut short
        lambda data: zlib.compress(b'{"content": 5}'),  # readable, no key
        lambda data: zlib.compress(zlib.decompress(data).split(b"\n")[0] + b'\n{"content": 5}'),
        lambda data: zlib.compress(zlib.decompress(data).split(b"\n")[0] + b"\n[1, 2]"),
        lambda data: zlib.compress(zlib.decompress(data).split(b"\n")[0] + b"\n\xff\xfe"),
    ]
    for i, entry in enumerate(entries):
        entry.write_bytes(damages[i % len(damages)](entry.read_bytes()))
    assert _build(root, tmp_path / "two", yml, cache) == (0, pages)
    assert _tree_differences(tmp_path / "one", tmp_path / "two") == []
    assert _build(root, tmp_path / "three", yml, cache) == (pages, 0)


def test_a_folder_that_is_not_a_cache_is_refused(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    (root / "notes").mkdir()
    (root / "notes/keep.txt").write_text("mine\n")
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml"), "--cache",
         str(root / "notes")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"not a site-gen cache (no {TAG} in it)" in result.output
    assert [p.name for p in (root / "notes").iterdir()] == ["keep.txt"]


def test_eviction_drops_least_recently_used_never_this_builds(tmp_path: Path) -> None:
    old = CacheStore(tmp_path / "c")
    for i in range(6):
        old.put(f"{i:064x}", bytes(range(256)) * 40)
    store = CacheStore(tmp_path / "c", max_bytes=old.size() // 2)
    assert store.get(f"{0:064x}") is not None  # oldest written, but used by this build
    store.put(f"{9:064x}", b"new")
    assert store.evict() >= 3
    assert store.size() <= store.max_bytes
    kept = {p.name for p in _entries(tmp_path / "c")}
    assert {f"{0:064x}", f"{9:064x}"} <= kept
    assert f"{1:064x}" not in kept  # least recently used goes first
    crashed = tmp_path / "c" / LAYOUT / "00" / ".tmp-abc"
    crashed.write_bytes(b"half")
    store.evict()
    assert crashed.exists()  # may be another build's write in progress
    os.utime(crashed, (0, 0))
    store.evict()
    assert not crashed.exists()


def test_shards_then_merge_equal_one_build(make_registry: MakeRegistry, tmp_path: Path) -> None:
    root = make_registry(
        {**plugin_files(), **plugin_files("ddp-hang", "distributed"),
         **plugin_files("kv-cache-oom", "inference")}
    )  # fmt: skip
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    with pytest.raises(BuildError, match="no finished shard 1-of-2, 2-of-2"):
        merge_site(root, cache, 2, tmp_path / "merged", mkdocs_yml=yml)
    assert not (tmp_path / "merged").exists()

    counts = [build_shard(root, Shard(i, 2), cache, mkdocs_yml=yml) for i in (1, 2)]
    assert not list((root / "build").glob("shard-*")), "a shard left its docs behind"
    said: list[str] = []
    from site_gen.progress import Progress

    merge_site(root, cache, 2, tmp_path / "merged", mkdocs_yml=yml, progress=Progress(said.append))
    assert f"{sum(counts)} reused, 0 rendered" in "\n".join(said)
    _build(root, tmp_path / "single", yml, None)
    assert _tree_differences(tmp_path / "merged", tmp_path / "single") == []


def test_shard_option_is_checked(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    run = CliRunner().invoke
    bad = run(main, ["build", "--root", str(root), "--shard", "3/2"])
    assert bad.exit_code == 2 and "I/N needs 1 <= I <= N <= 64" in bad.output
    both = run(main, ["build", "--root", str(root), "--shard", "1/2", "--out", "x"])
    assert both.exit_code == 2 and "--shard renders into the cache only" in both.output
    assert not (root / "x").exists() and not (root / ".cache").exists()


def test_serve_rebuilds_through_the_cache(make_registry: MakeRegistry, tmp_path: Path) -> None:
    """`serve` keeps MkDocs between rebuilds; its first build and its edits use the cache."""
    from site_gen.build import BuildCache

    root = make_registry(plugin_files())
    yml, cache = _theme(tmp_path), tmp_path / "cache"
    _, pages = _build(root, tmp_path / "cold", yml, cache)
    said: list[str] = []
    keep = BuildCache()
    build_site(root, root / "site", mkdocs_yml=yml, cache=keep, cache_dir=cache, echo=said.append)
    skill = root / SKILL
    skill.write_text(skill.read_text() + "\nOne more line from serve.\n")
    build_site(root, root / "site", mkdocs_yml=yml, cache=keep, cache_dir=cache, echo=said.append)
    notes = [line for line in said if line.startswith("page cache")]
    assert [n.split(": ", 1)[1] for n in notes] == [
        f"{pages} reused, 0 rendered",
        "0 reused, 1 rendered",
    ]
    assert (
        "One more line from serve." in (root / "site/skills/lora-fp16-nan/index.html").read_text()
    )
