"""Site search: the part runs given to Pagefind, and the index `site-gen build` writes with it."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.build import BuildError, build_site
from site_gen.search.bundles import index_site
from site_gen.search.site_index import (
    SPLIT_MARKER,
    SiteIndexError,
    page_for_index,
    part_runs,
)
from site_gen.site_dir import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeRegistry, plugin_files


def indexed_pages(site: Path) -> dict[str, str]:
    """What Pagefind stored per page (its fragments: gzip of `pagefind_dcd` + JSON)."""
    pages = {}
    for path in (site / "pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data["content"]
    return pages


RUNS = {
    "set vllm_skip_weight_sync=1": {
        "vllm_skip", "vllm_skip_weight", "skip_weight", "skip_weight_sync", "weight_sync"
    },
    "AutoModelForCausalLM": {
        "AutoModel", "AutoModelFor", "AutoModelForCausal", "ModelFor", "ModelForCausal",
        "ModelForCausalLM", "ForCausal", "ForCausalLM", "CausalLM",
    },
    "init_process_group and CUDA_VISIBLE_DEVICES": {
        "init_process", "process_group", "CUDA_VISIBLE", "VISIBLE_DEVICES"
    },
    "two_parts, plain words, x.y": set(),
}  # fmt: skip


@pytest.mark.parametrize("text", sorted(RUNS))
def test_part_runs_are_the_inner_runs_of_code_words(text: str) -> None:
    assert set(part_runs(text)) == RUNS[text]


def test_dotted_paths_give_runs_across_dots() -> None:
    runs = part_runs("torch.distributed.init_process_group")
    assert "init_process_group" in runs and "distributed.init_process_group" in runs
    assert "torch.distributed.init_process_group" not in runs


def test_part_runs_count_every_occurrence() -> None:
    assert part_runs("a_b_c then a_b_c").count("b_c") == 2


def test_related_skills_are_left_out_of_the_index() -> None:
    """Other skills' names in the list at the end of a skill page: neither text nor runs."""
    page = (
        "<html><head><title>x</title></head><body><nav>menu</nav>"
        '<article class="md-content__inner"><h1>own_skill_name</h1>'
        '<h2 id="related-skills">Related</h2><ul><li>other_skill_name</li></ul>'
        f'<h2 id="after">After</h2><p>kept_after_text</p>{SPLIT_MARKER}</article></body></html>'
    )
    filled = page_for_index(page)
    assert "other_skill" not in filled and "Related" not in filled
    assert "kept_after_text" in filled and "own_skill" in filled.split("data-split-terms")[1]
    assert "menu" not in filled  # the nav is not given to Pagefind at all


@given(st.text(alphabet="abcXYZ_.-09 ", max_size=60))
def test_every_run_is_a_shorter_piece_of_a_word_in_the_text(text: str) -> None:
    for run in part_runs(text):
        assert run in text
        assert run[0].isalnum() and run[-1].isalnum()


def test_page_for_index_fills_only_the_marker_with_article_text() -> None:
    page = (
        "<html><head><title>x</title><script>var ignored_script_token = 1;</script></head>"
        '<body><nav>nav_only_token_here</nav><article class="md-content__inner md-typeset">'
        "<p>call <code>vllm_skip_weight_sync</code> &amp; more</p>"
        f"<script>inline_script_token_x()</script>{SPLIT_MARKER}</article></body></html>"
    )
    filled = page_for_index(page)
    runs = filled.split("data-split-terms", 1)[1]
    assert "weight_sync" in runs and "skip_weight" in runs
    assert "only_token" not in runs and "script_token" not in runs
    article = page[page.index("<article") : page.index(SPLIT_MARKER)]
    assert article in filled and "nav_only" not in filled  # the nav is not indexed: not given
    assert filled.startswith(page[: page.index("</head>")])
    assert page_for_index("<html><body>no marker</body></html>") == (
        "<html><body>no marker</body></html>"
    )


def test_index_site_writes_pagefind_and_refuses_a_site_without_a_body(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text(
        '<html lang="en"><body><article class="md-content__inner"><h1>A</h1>'
        f"<p>use <code>vllm_skip_weight_sync</code></p>{SPLIT_MARKER}</article></body></html>"
    )
    (site / "404.html").write_text("<html><body><h1>Not found</h1></body></html>")
    assert index_site(site) == 1
    content = indexed_pages(site)["/a/"]
    assert "vllm_skip_weight_sync" in content and "weight_sync" in content.split("sync", 1)[1]
    assert (site / "pagefind/pagefind.js").is_file()

    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "index.html").write_text("<html><body><h1>No body marked</h1></body></html>")
    with pytest.raises(SiteIndexError, match="data-split-terms"):
        index_site(bare)
    assert not (bare / "pagefind").exists()


def test_built_site_is_searchable_without_material_search(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    root = make_registry(plugin_files())
    site = build_site(root, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None).out
    assert not (site / "search").exists(), "Material's search index is built again"
    pages = indexed_pages(site)
    assert "/skills/lora-fp16-nan/" in pages and "/404.html" not in pages
    assert "¶" not in pages["/skills/lora-fp16-nan/"]  # heading permalinks are left out
    # Pages that list every skill are found by their title only.
    for url in ("/failures/", "/tags/", "/stats/"):
        assert 0 < len(pages[url]) < 60, (url, pages[url][:200])
    assert "lora-fp16-nan" not in pages["/failures/"] + pages["/tags/"]


def test_failed_index_keeps_the_old_site(make_registry: MakeRegistry, tmp_path: Path) -> None:
    """A theme whose pages mark no article for Pagefind: the build stops before the swap."""
    root = make_registry(plugin_files())
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "docs", theme / "docs")
    shutil.copytree(REPO / "overrides", theme / "overrides")
    shutil.copy(REPO / "mkdocs.yml", theme / "mkdocs.yml")
    main = theme / "overrides/main.html"
    main.write_text(main.read_text().replace(SPLIT_MARKER, ""))
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site\n")
    (site / MARKER).write_text(MARKER_TEXT)
    with pytest.raises(BuildError, match="data-split-terms"):
        build_site(root, mkdocs_yml=theme / "mkdocs.yml", echo=lambda _: None)
    assert sorted(p.name for p in site.iterdir()) == sorted([MARKER, "index.html"])
    assert (site / "index.html").read_text() == "the old site\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
