"""Rendering is pure: model in, page Markdown out. Golden page, safety, anchors, links."""

from __future__ import annotations

import html.parser
import os
import re
from pathlib import Path

import markdown
import pytest
import yaml

from site_gen import urls
from site_gen.config import Config
from site_gen.registry import check_registry
from site_gen.render import entry_page, render_pages
from site_gen.render.paths import doc_path, link
from site_gen.render.safe import UNSAFE_HREF, is_safe_url, sanitize
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.xss_plugin import xss_plugin_files

GOLDEN = Path(__file__).parent / "golden" / "skill-page-lora-fp16-nan.md"
CONFIG = Config()


def _extensions() -> list[object]:
    """The Markdown extensions mkdocs.yml turns on, configured the same way."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=Loader)
    names = []
    for item in config["markdown_extensions"]:
        names.append(next(iter(item)) if isinstance(item, dict) else item)
    return names


def test_skill_page_matches_golden(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    pages = render_pages(check_registry(root).registry, CONFIG, "# Home\n")
    text = pages["skills/lora-fp16-nan.md"]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_every_troubleshooting_entry_gets_its_anchor_on_its_page() -> None:
    registry = check_registry(REPO).registry
    pages = render_pages(registry, CONFIG)
    found = 0
    for plugin in registry:
        for entry in plugin.all_troubleshooting:
            page = pages[doc_path(urls.entry(entry_page(plugin, entry), entry.anchor))]
            assert re.search(rf"^#+ .*\{{#{re.escape(entry.anchor)}\}}$", page, re.M), entry
            found += 1
    assert found >= 10


@pytest.mark.parametrize(
    "payload",
    [
        "<script>window.x=1</script>",
        '<img src=x onerror="window.x=1">',
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](java&#x73;cript:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](javascript\t:alert(1))",
        "[a](<javascript:alert(1)>)",
        "[a]( javascript:alert(1) )",
        "[a](data:text/html,<script>alert(1)</script>)",
        "![a](javascript:alert(1))",
        "[c][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        'para {: onclick="alert(1)" }',
        "## head {: onmouseover=alert(1) }",
        "Some text\n    ```\n    <script>alert(1)</script>\n    ```",
        "```\n<script>alert(1)</script>",
        "``` {onclick=alert(1)}\nx\n```",
        "`code` <b onclick=alert(1)>x</b> `more`",
        "> ```\n> <script>alert(1)</script>\n> ```\n",
        "- item\n\n    <div onclick=alert(1)>x</div>\n",
        "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:1) |",
        "<!-- --><script>alert(1)</script>",
        "text\n```\n<img src=x onerror=alert(1)>\n```\n",
        "* a\n  ```\n  <script>alert(1)</script>\n  ```\n",
        "<svg onload=alert(1)>",
        '<iframe src="javascript:alert(1)"></iframe>',
    ],
)
def test_sanitized_markdown_renders_no_active_content(payload: str) -> None:
    html_out = markdown.markdown(sanitize(payload), extensions=_extensions())
    assert _active_content(html_out) == [], html_out


def test_code_keeps_its_text_and_safe_links_survive() -> None:
    text = "`a<b>` and [docs](https://example.org/a_(b)) and [m](mailto:x@y.z)\n\n```\n<b>\n```"
    out = sanitize(text)
    assert "`a<b>`" in out and "\n<b>\n" in out
    assert "(https://example.org/a_%28b%29)" in out and "(mailto:x@y.z)" in out
    assert sanitize("[x](javascript:1)") == f"[x]({UNSAFE_HREF})"
    assert sanitize("a\nb\n```\nc").count("\n") == 3  # line numbers survive
    assert not is_safe_url("java&#x73;cript:1") and is_safe_url("../x.md#y")


def test_pages_link_by_relative_md_paths() -> None:
    assert doc_path(urls.skill_page("a")) == "skills/a.md"
    assert doc_path(urls.tag_page("t")) == "tags.md"
    assert link("skills/a.md", urls.tag_page("t")) == "../tags.md#t"
    assert link("index.md", urls.category_page("c")) == "categories/c.md"


def test_repo_relative_links_in_skills_point_at_the_site_or_github(
    make_registry: MakeRegistry,
) -> None:
    files = plugin_files()
    skill = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    files[skill] += "\n[script](../../scripts/run.py) and [other](../../../x/skills/x/SKILL.md)\n"
    files["plugins/training/lora-fp16-nan/scripts/run.py"] = "print(1)\n"
    pages = render_pages(check_registry(make_registry(files)).registry, CONFIG)
    page = pages["skills/lora-fp16-nan.md"]
    assert "[troubleshooting notes](#troubleshooting)" in page
    assert (
        "(https://github.com/your-org/skills-registry/tree/main/plugins/training/lora-fp16-nan/scripts/run.py)"
        in page
    )


def test_xss_plugin_pages_have_no_raw_html(make_registry: MakeRegistry) -> None:
    root = make_registry(xss_plugin_files())
    pages = render_pages(check_registry(root).registry, CONFIG)
    for path, text in pages.items():
        html_out = markdown.markdown(text.split("\n---\n", 1)[-1], extensions=_extensions())
        assert _active_content(html_out) == [], path
        if path == "skills/xss-probe.md":  # the payloads arrived, and show as text
            assert '&lt;script&gt;window.__xss = "script";&lt;/script&gt;' in html_out
            assert "&lt;img src=x onerror=\"window.__xss='cell'\"&gt;" in html_out


def test_cache_reuses_unchanged_pages(make_registry: MakeRegistry) -> None:
    registry = check_registry(make_registry(plugin_files())).registry
    cache: dict[tuple[object, ...], str] = {}
    first = render_pages(registry, CONFIG, cache=cache)
    assert len(cache) == 1
    cache[next(iter(cache))] = "cached\n"
    assert render_pages(registry, CONFIG, cache=cache)["skills/lora-fp16-nan.md"] == "cached\n"
    assert first == render_pages(registry, CONFIG)


_SAFE_TAGS = {
    "p", "a", "code", "pre", "span", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "strong", "em", "hr",
    "br", "img", "details", "summary", "dl", "dt", "dd", "input", "select", "option",
}  # fmt: skip


def _active_content(text: str) -> list[str]:
    """Tags and attributes that could run script."""
    found: list[str] = []

    class Check(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in _SAFE_TAGS:
                found.append(tag)
            for key, value in attrs:
                if key.startswith("on") or key in ("style", "srcdoc", "formaction"):
                    found.append(key)
                if key in ("href", "src") and value and not is_safe_url(value):
                    found.append(value)

    Check().feed(text)
    return found


def test_experiment_log_links_to_entries_instead_of_repeating_them(
    make_registry: MakeRegistry,
) -> None:
    files = plugin_files()
    files["plugins/training/lora-fp16-nan/references/experiment-log.md"] = (
        "# Experiment Log\n\n## 2025-11-02\n\n### Issues Encountered and Solutions\n\n"
        "#### Issue 1: Loss is `nan` at step 300\n\n"
        "* **Symptom:** UNIQUE-SYMPTOM-TEXT\n* **Solution:** lower the LR\n\n"
        "### Results\n\n| run | loss |\n|---|---|\n| bf16 | 1.21 |\n"
    )
    registry = check_registry(make_registry(files)).registry
    page = render_pages(registry, CONFIG)["skills/lora-fp16-nan.md"]
    [entry] = [e for e in registry.plugins[0].troubleshooting if "nan" in e.title]
    assert page.count("UNIQUE-SYMPTOM-TEXT") == 1  # in the entry, not again in the log
    assert f"Shown above: [symptom, cause and fix](#{entry.anchor})." in page
    assert "| bf16 | 1.21 |" in page  # the rest of the log is still there
