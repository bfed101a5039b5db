"""Material's per-page inline config and scope script as shared files (site_gen/shared_scripts)."""

from __future__ import annotations

import json
from pathlib import Path

import material
from playwright.sync_api import Page

from site_gen import shared_scripts, theme_bytes
from tests.conftest import REPO
from tests.test_shared_chrome import post_page

TEMPLATES = Path(material.__file__).parent / "templates"
CONFIG = {
    "annotate": None,
    "base": "../..",
    "features": ["content.code.copy"],
    "search": "../../assets/javascripts/workers/search.a7633da7.min.js",
    "tags": None,
    "translations": {"clipboard.copy": "Copy to clipboard"},
    "version": None,
}


def _page(config: dict[str, object]) -> str:
    inline = json.dumps(config)
    return f'<body><p>x</p><script id="__config" type="application/json">{inline}</script></body>'


def test_scope_script_is_a_fresh_copy_of_materials_inline_script() -> None:
    # Stale after a Material upgrade changes the script: regenerate with scope_script().
    script = (REPO / "overrides" / shared_scripts.SCOPE_SCRIPT).read_text()
    assert script == shared_scripts.scope_script(TEMPLATES)
    assert script.startswith("__md_scope=new URL(document.currentScript.dataset.scope||")
    assert "__md_get=" in script and "__md_set=" in script


def test_pages_load_the_shared_config_when_theirs_is_the_sites() -> None:
    plugin = shared_scripts.ConfigScriptPlugin()
    skill = post_page(plugin, _page(CONFIG), "skills/x/")
    home = post_page(plugin, _page({**CONFIG, "base": ".", "search": CONFIG["search"][6:]}), "")
    assert (
        skill
        == '<body><p>x</p><script src="../../assets/javascripts/page-config.js"></script></body>'
    )
    assert home == '<body><p>x</p><script src="assets/javascripts/page-config.js"></script></body>'
    assert plugin.config_json == {**CONFIG, "base": ".", "search": CONFIG["search"][6:]}


def test_a_page_with_another_config_keeps_its_own() -> None:
    plugin = shared_scripts.ConfigScriptPlugin()
    post_page(plugin, _page(CONFIG), "skills/x/")
    other = _page({**CONFIG, "features": []})
    assert post_page(plugin, other, "skills/y/") == other
    wrong_base = _page(CONFIG)  # "../.." is not the base of a page one folder deep
    assert post_page(plugin, wrong_base, "tags/") == wrong_base


def test_unused_theme_files_are_materials_search_and_source_maps() -> None:
    unused = shared_scripts.UNUSED_THEME_FILES.fullmatch
    assert unused("assets/javascripts/lunr/min/lunr.de.min.js")
    assert unused("assets/javascripts/workers/search.a7633da7.min.js")
    assert unused("assets/javascripts/bundle.a5f9d56c.min.js.map")
    assert not unused("assets/javascripts/bundle.a5f9d56c.min.js")
    assert not unused("assets/stylesheets/main.57a0d79d.min.css")


def test_code_without_the_empty_span_keeps_its_leading_newline(page: Page) -> None:
    # theme_bytes.without_empty_pre_spans: the newline an HTML parser drops is the one right
    # after `<pre>`; with `<code>` between, it stays, span or not.
    code = "\n\nx = 1\n"
    written = f'<div class="highlight">{theme_bytes.EMPTY_PRE_SPAN}{code}</code></pre></div>'
    page.set_content(written + theme_bytes.without_empty_pre_spans(written))
    texts = page.eval_on_selector_all("pre", "pres => pres.map(p => p.textContent)")
    assert texts == [code, code]
    assert "<span>" not in theme_bytes.without_empty_pre_spans(written)


def test_content_scripts_are_fresh_copies_of_materials_inline_scripts() -> None:
    # Stale after a Material upgrade changes them: regenerate with content_scripts().
    for path, script in shared_scripts.content_scripts(TEMPLATES).items():
        assert (REPO / "overrides" / path).read_text() == script
    target = (REPO / "overrides" / shared_scripts.CONTENT_SCRIPTS[1]).read_text()
    assert target.startswith("var target=document.getElementById(location.hash.slice(1))")
