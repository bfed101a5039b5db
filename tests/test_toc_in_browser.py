"""Pages written without their table of contents and permalinks get them back in the browser,
the same elements as Material's and Python-Markdown's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc
from playwright.sync_api import Browser

from site_gen import mkdocs_plugin, pygments_reuse
from site_gen.toc_in_browser import move_to_browser
from tests.chromium import serve_folder
from tests.conftest import REPO

TRICKY = """# The page

Intro.

## First `code` &amp; <b>bold</b> heading

### Sub A

##### Skipped two levels

#### Back up one

## Second *emphasis*

!!! note "An admonition"

    ### A heading inside it

# A second title

## Under the second title
"""
DEFAULTS = {"permalink": True}


def _render(text: str, **toc: Any) -> tuple[str, Any]:
    md = markdown.Markdown(
        extensions=["toc", "admonition", "attr_list"],
        extension_configs={"toc": {"permalink": True, **toc}},
    )
    html = md.convert(text)
    return html, get_toc(md.toc_tokens)  # type: ignore[attr-defined]


def test_a_page_whose_headings_are_its_toc_loses_the_permalinks_only() -> None:
    html, toc = _render(TRICKY)
    moved = move_to_browser(html, toc, DEFAULTS)
    assert moved is not None
    assert 'class="headerlink"' in html and "headerlink" not in moved
    assert re.sub(r'<a class="headerlink"[^>]*>&para;</a>', "", html) == moved
    assert moved.count("<h") == html.count("<h") == 9


def test_pages_the_script_would_show_differently_keep_materials_markup() -> None:
    labelled, toc = _render('## Long heading { data-toc-label="Short" }\n')
    assert move_to_browser(labelled, toc, DEFAULTS) is None
    shallow, toc = _render(TRICKY, toc_depth=3)  # h4+ have ids, not entries
    assert move_to_browser(shallow, toc, DEFAULTS) is None
    raw, toc = _render('## Real\n\n<h2 id="raw">Raw HTML heading</h2>\n')
    assert move_to_browser(raw, toc, DEFAULTS) is None
    plain, toc = _render(TRICKY)
    for settings in ({"permalink": "#"}, {"permalink": True, "permalink_title": "Link"}):
        assert move_to_browser(plain, toc, settings) is None
    assert move_to_browser(plain, toc, {}) is None  # no permalinks: the page has none


def _site(tmp: Path, with_site_gen: bool) -> Path:
    shutil.copytree(REPO / "overrides", tmp / "overrides")
    shutil.copy(REPO / "mkdocs.yml", tmp / "mkdocs.yml")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "index.md").write_text("# Home\n\n## One\n")
    (tmp / "docs" / "tricky.md").write_text(TRICKY)
    config = load_config(
        str(tmp / "mkdocs.yml"),
        docs_dir=str(tmp / "docs"),
        site_dir=str(tmp / "site"),
        nav=[{"Home": "index.md"}, {"Tricky": "tricky.md"}],
        not_in_nav="",
    )
    if with_site_gen:
        mkdocs_plugin.install(config)
    try:
        build(config)
    finally:
        pygments_reuse.uninstall()
    return tmp / "site"


_DOM = """() => [...document.querySelectorAll('[data-md-component=toc]')].map(e => e.outerHTML)
    .concat([...document.querySelectorAll('article :is(h1,h2,h3,h4,h5,h6)')].map(h => h.outerHTML))
    .map(s => s.replace(/>\\s+</g, '><').trim())"""


def test_the_browser_builds_materials_toc_and_permalinks(browser: Browser, tmp_path: Path) -> None:
    material = _site(tmp_path / "material", with_site_gen=False)
    ours = _site(tmp_path / "ours", with_site_gen=True)
    page_html = (ours / "tricky" / "index.html").read_text()
    assert "data-toc-from-headings" in page_html and "headerlink" not in page_html
    assert 'class="headerlink"' in (material / "tricky" / "index.html").read_text()
    doms = []
    for site in (material, ours):
        with serve_folder(site) as url:
            page = browser.new_page()
            for path in ("tricky/", ""):
                page.goto(url + path)
                doms.append(page.evaluate(_DOM))
            page.close()
    assert doms[0] == doms[2] and doms[1] == doms[3]
    assert len(doms[0]) == 2 + 9  # two tables of contents (sidebar and nav), nine headings
    assert 'aria-label="First code &amp; bold heading"' in doms[0][0]
