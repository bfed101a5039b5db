"""`site-gen build` end to end with the real `mkdocs build --strict`."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.build import SEARCH_LAGS, BuildCache, BuildError, build_site, write_tree
from site_gen.cli import main
from site_gen.site_dir import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.test_site_search import indexed_pages

MKDOCS_YML = str(REPO / "mkdocs.yml")
SECRET = "hf_" + "Qm7XvTn2RbKp9WzLd4YhGc8NsJf3VaEu6P"


def _old_site(root: Path) -> Path:
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site\n")
    (site / MARKER).write_text(MARKER_TEXT)
    return site


def test_broken_plugin_stops_the_build_and_leaves_the_old_site(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files["plugins/training/lora-fp16-nan/.claude-plugin/plugin.json"] = (
        '{"name": "lora-fp16-nan",\n'
    )
    root = make_registry(files)
    site = _old_site(root)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--config", MKDOCS_YML])
    assert result.exit_code == 1
    assert "plugins/training/lora-fp16-nan/.claude-plugin/plugin.json:2: E" in result.output
    assert "build stopped: nothing was written" in result.output
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert (site / "index.html").read_text() == "the old site\n"
    assert not (root / "build").exists()


def test_skip_invalid_publishes_the_rest_and_never_a_secret(make_registry: MakeRegistry) -> None:
    files = {**plugin_files(), **plugin_files("leaky-run", "data"), **plugin_files("bad", "data")}
    files["plugins/data/leaky-run/references/notes.md"] = f"# Notes\n\ntoken {SECRET}\n"
    files["plugins/data/bad/skills/bad/SKILL.md"] = "no front matter\n"
    root = make_registry(files)
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--config", MKDOCS_YML, "--skip-invalid"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "left out 2 plugin(s) with errors: plugins/data/bad, plugins/data/leaky-run"
        in result.output
    )
    assert "E900" in result.output and SECRET not in result.output
    site = root / "site"
    assert (site / "skills/lora-fp16-nan/index.html").is_file()
    assert not (site / "skills/leaky-run").exists() and not (site / "skills/bad").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".txt", ".md", ".xml"}:
            text = path.read_text("utf-8")
            assert SECRET not in text and "leaky-run" not in text, path


def test_build_is_byte_identical_and_complete(make_registry: MakeRegistry, tmp_path: Path) -> None:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    first = build_site(root, tmp_path / "one", mkdocs_yml=Path(MKDOCS_YML), echo=lambda _: None)
    build_site(root, tmp_path / "two", mkdocs_yml=Path(MKDOCS_YML), echo=lambda _: None)
    assert _tree_differences(tmp_path / "one", tmp_path / "two") == []
    site = first.out
    for page in ("index.html", "failures/index.html", "errors/index.html", "tags/index.html",
                 "categories/index.html", "categories/distributed/index.html",
                 "contributing/index.html", "skills/ddp-hang/index.html", "sitemap.xml.gz"):  # fmt: skip
        assert (site / page).is_file(), page
    # Emitted files land beside the pages, untouched by MkDocs.
    from site_gen.config import load_config
    from site_gen.emit import site_files

    for rel, content in site_files(first.registry, load_config(root)).items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (site / rel).read_bytes() == data, rel
    # Skills stay out of the nav, which every page carries.
    assert "skills/ddp-hang/" not in (site / "contributing/index.html").read_text()


def test_mkdocs_failure_keeps_the_old_site(make_registry: MakeRegistry, tmp_path: Path) -> None:
    root = make_registry(plugin_files())
    theme = tmp_path / "theme"
    theme.mkdir()
    shutil.copy(MKDOCS_YML, theme / "mkdocs.yml")
    shutil.copytree(REPO / "docs", theme / "docs")
    shutil.copytree(REPO / "overrides", theme / "overrides")
    (theme / "docs/contributing.md").write_text("# Contributing\n\n[broken](nowhere.md)\n")
    site = _old_site(root)
    with pytest.raises(BuildError, match=r"nowhere\.md"):
        build_site(root, mkdocs_yml=theme / "mkdocs.yml", echo=lambda _: None)
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_write_tree_writes_only_what_changed(tmp_path: Path) -> None:
    assert write_tree(tmp_path, {"a.md": "a\n", "d/b.md": "b\n"}) == 2
    before = (tmp_path / "a.md").stat().st_mtime_ns
    assert write_tree(tmp_path, {"a.md": "a\n", "d/c.md": "c\n"}) == 2  # c written, b removed
    assert (tmp_path / "a.md").stat().st_mtime_ns == before
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")) == [
        "a.md",
        "d/c.md",
    ]


def _tree_differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []
    compare = filecmp.dircmp(a, b)
    stack = [compare]
    while stack:
        cmp = stack.pop()
        found += cmp.left_only + cmp.right_only
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += mismatch + errors
        stack += cmp.subdirs.values()
    return found


def test_incremental_rebuild_touches_only_what_changed(make_registry: MakeRegistry) -> None:
    """What `serve` does: one edited skill is re-read, re-rendered and rebuilt; the rest is not."""
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    out, yml, cache = root / "site", Path(MKDOCS_YML), BuildCache()
    build_site(root, out, mkdocs_yml=yml, cache=cache, echo=lambda _: None)
    edited_page = out / "skills/lora-fp16-nan/index.html"
    other_page = out / "skills/ddp-hang/index.html"
    other_stamp = other_page.stat().st_mtime_ns
    skill = root / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(skill.read_text().replace("lora_r: 16", "lora_r: 64"))
    other = {key: hit.plugin for key, hit in cache.plugins.items() if "ddp-hang" in key}

    said: list[str] = []
    result = build_site(root, out, mkdocs_yml=yml, cache=cache, echo=said.append)

    assert "lora_r: 64" in re.sub(r"<[^>]+>", "", edited_page.read_text())
    assert other_page.stat().st_mtime_ns == other_stamp, "an unchanged page was rebuilt"
    assert all(result.registry.find("ddp-hang") is plugin for plugin in other.values())
    assert "lora_r: 64" in (out / ".well-known/skills/lora-fp16-nan/SKILL.md").read_text()
    assert not (out / "skills/lora-fp16-nan.md").exists(), "one copy of the text, not two"
    parts = json.loads((out / "skills-index.json").read_text())["parts"]
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("skills-index/*")) == parts
    # An edit keeps the search index (Pagefind reads the whole site) and says it may lag.
    assert "search" not in result.seconds and SEARCH_LAGS in said
    search = indexed_pages(out)
    assert "/skills/ddp-hang/" in search and "lora_r: 16" in search["/skills/lora-fp16-nan/"]

    for rel, text in plugin_files("kv-cache-oom", "inference").items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    result = build_site(root, out, mkdocs_yml=yml, cache=cache, echo=lambda _: None)

    assert "search" in result.seconds, "a new page must be searchable"
    search = indexed_pages(out)
    assert "/skills/kv-cache-oom/" in search and "lora_r: 64" in search["/skills/lora-fp16-nan/"]
