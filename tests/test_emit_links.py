"""Emitted files hard-linked from the site being replaced (`emit_writer`), and each skill's
own texts from the build cache (`emit.skill_texts`): the old site is never written through a
link, a failed build leaves it as it was, and the texts read back are the texts made."""

from __future__ import annotations

import hashlib
import os
import shutil
import zlib
from pathlib import Path

import pytest

from site_gen.build import BuildError, build_site
from site_gen.cache_store import LAYOUT, CacheStore
from site_gen.config import load_config
from site_gen.emit import skill_texts
from site_gen.emit.llms import LLMS_FULL, llms_files
from site_gen.emit.skill_texts import OwnFiles, plugin_texts, stored_texts
from site_gen.emit_writer import StagedFiles
from site_gen.loader import load_registry
from site_gen.plugin_cache import load_through_cache
from site_gen.site_dir import write_emitted
from tests.conftest import MakeRegistry, plugin_files
from tests.test_build_cache import _theme


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_bytes_are_linked_and_later_writes_never_reach_the_old_site(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "a").mkdir(parents=True)
    new.mkdir()
    (old / "a/same.txt").write_text("same\n")
    (old / "other.txt").write_text("old text\n")
    (old / "moved.txt").symlink_to(old / "a/same.txt")
    staged = StagedFiles(new, previous=old)
    staged.update({"a/same.txt": "same\n", "other.txt": "new text\n", "moved.txt": "same\n"})
    assert os.path.samefile(new / "a/same.txt", old / "a/same.txt")
    assert not os.path.samefile(new / "other.txt", old / "other.txt")
    assert not (new / "moved.txt").is_symlink() and staged.linked == 1  # a symlink: written
    staged["a/same.txt"] = "changed\n"  # a later emitter wins: a new file, not the old one
    assert (new / "a/same.txt").read_text() == "changed\n"
    assert (old / "a/same.txt").read_text() == "same\n"
    assert (old / "other.txt").read_text() == "old text\n"

    os.link(new / "other.txt", tmp_path / "shared.txt")  # serve's in-place emit replaces
    write_emitted(new, {"other.txt": "served\n"}, previous={"other.txt"})
    assert (new / "other.txt").read_text() == "served\n"
    assert (tmp_path / "shared.txt").read_text() == "new text\n"


def test_a_failed_build_leaves_the_old_site_and_its_files_as_they_were(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """The second build links every unchanged emitted file from the first, then fails in
    the last emitter (feed.xml, now also a hand-written docs file)."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    yml, cache, site = _theme(tmp_path), tmp_path / "cache", root / "site"
    build_site(root, site, mkdocs_yml=yml, cache_dir=cache, echo=lambda _: None)
    before = _snapshot(site)
    assert any(name.startswith(".well-known/skills/") for name in before)
    (yml.parent / "docs/feed.xml").write_text("<feed/>\n")
    with pytest.raises(BuildError, match=r"emitted file feed\.xml would overwrite"):
        build_site(root, site, mkdocs_yml=yml, cache_dir=cache, echo=lambda _: None)
    assert _snapshot(site) == before
    assert all(p.stat().st_nlink == 1 for p in site.rglob("*") if p.is_file())
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_skill_texts_from_the_cache_are_the_texts_made(make_registry: MakeRegistry) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    config = load_config(root)
    store = CacheStore(root.parent / "cache")
    made = {p.path: plugin_texts(p, config) for p in load_registry(root).registry}
    assert all(t.files["SKILL.md"].startswith("---\n") for ts in made.values() for t in ts)
    for plugin in load_through_cache(root, store).registry:
        assert stored_texts(plugin, config, store) == made[plugin.path]  # a miss, put
    read = load_through_cache(root, store).registry  # plugins read back: no parse held
    for plugin in read:
        assert stored_texts(plugin, config, store) == made[plugin.path]  # a hit
    assert all(s.document is None for p in read for s in p.skills)  # no parse needed
    for entry in (store.folder / LAYOUT).glob("??/*"):
        entry.write_bytes(b"damaged")
    for plugin in load_registry(root).registry:
        assert stored_texts(plugin, config, store) == made[plugin.path]  # a miss again


def test_own_files_feed_llms_full_and_let_go_of_parses(
    make_registry: MakeRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    config = load_config(root)
    registry = load_registry(root).registry
    expected = llms_files(registry, config)[LLMS_FULL]
    files: dict[str, str | bytes] = {}
    own = OwnFiles(files, config, None, release=True)
    for plugin in registry:
        own.add(plugin)
    assert not own.over_budget
    assert llms_files(registry, config, markdown=own.markdown)[LLMS_FULL] == expected
    assert ".well-known/skills/ddp-hang/SKILL.md" in files
    assert all(s.document is None for p in registry for s in p.skills)

    monkeypatch.setattr(skill_texts, "FULL_BUDGET", 100)
    small = OwnFiles({}, config, None)
    for plugin in load_registry(root).registry:
        small.add(plugin)
    assert small.over_budget
    pointer = llms_files(registry, config, over_budget=True)[LLMS_FULL]
    assert "too large for one file" in pointer and len(pointer) < len(expected)
    with pytest.raises(KeyError):
        small.markdown(registry.plugins[0], registry.plugins[0].skills[0])


def test_an_unchanged_site_is_built_again_with_links(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    yml, cache, site = _theme(tmp_path), tmp_path / "cache", root / "site"
    build_site(root, site, mkdocs_yml=yml, cache_dir=cache, echo=lambda _: None)
    keep = tmp_path / "first"
    shutil.copytree(site, keep)
    said: list[str] = []
    build_site(root, site, mkdocs_yml=yml, cache_dir=cache, echo=said.append)
    assert _snapshot(site) == _snapshot(keep)
    assert any("emitted files linked from the previous site" in line for line in said), said


def test_an_entry_put_in_chunks_reads_back_as_one(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "cache", outbox=tmp_path / "outbox")
    key = "a" * 64
    chunks = [b"", "é\n".encode(), b"x" * 70_000, b"\n"]
    store.put_chunks(key, iter(chunks), level=1)
    assert store.get(key) == b"".join(chunks)
    shipped = tmp_path / "outbox" / LAYOUT / "aa" / key  # a shard's copy, as `put` makes
    assert zlib.decompress(shipped.read_bytes()) == f"{key}\n".encode() + b"".join(chunks)
