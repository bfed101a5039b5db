"""Rendering is pure: model in, page Markdown out. Golden page, safety, anchors, links."""

from __future__ import annotations

import html.parser
import os
import re
from pathlib import Path

import pytest
import yaml

from site_gen import urls
from site_gen.build import build_site
from site_gen.config import Config
from site_gen.registry import check_registry
from site_gen.render import entry_page, render_pages
from site_gen.render.paths import doc_path, link
from site_gen.render.safe import UNSAFE_HREF, is_safe_url
from site_gen.render.safe import sanitize_text as sanitize
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


PAYLOADS = [
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
]
"""Markdown that tries to run script; each goes into a skill page built by the real MkDocs."""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built by `build_site` (real `mkdocs build --strict`, sanitizer included) from
    a plugin whose SKILL.md carries every payload in a section of its own, plus the XSS probe."""
    root = tmp_path_factory.mktemp("payloads")
    files = {**plugin_files(), **xss_plugin_files()}
    skill = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    sections = "".join(f"\n## Payload {i}\n\n{p}\n" for i, p in enumerate(PAYLOADS))
    files[skill] = files[skill].replace("## Hyperparameters", sections + "\n## Hyperparameters")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    build_site(root, root / "site", mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    return root / "site"


def _article(site: Path, page: str) -> str:
    """The page's content as MkDocs and the sanitizer published it (theme chrome left out)."""
    text = (site / page / "index.html").read_text()
    start = text.index(">", text.index('<article class="md-content__inner md-typeset"')) + 1
    return text[start:].split("</article>")[0]


def test_no_payload_renders_active_content(payload_site: Path) -> None:
    article = _article(payload_site, "skills/lora-fp16-nan")
    assert article.count("Payload ") >= len(PAYLOADS)  # every payload reached the page
    assert _active_content(article) == [], article


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


def test_xss_probe_payloads_arrive_and_never_run(payload_site: Path) -> None:
    for page in ("skills/xss-probe", "failures", "tags", "categories/security"):
        assert _active_content(_article(payload_site, page)) == [], page
    article = _article(payload_site, "skills/xss-probe")
    # Code keeps its text, shown as text; raw HTML in prose is removed, not run.
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in article
    shown = _visible_text(article)
    assert '<script>window.__xss = "in code, shown as text";</script>' in shown
    assert "hover me" in shown and "onmouseover" not in article


def _visible_text(html_text: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    parts: list[str] = []

    class Text(html.parser.HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    Text(convert_charrefs=True).feed(html_text)
    return "".join(parts)


def test_cache_reuses_unchanged_pages(make_registry: MakeRegistry) -> None:
    registry = check_registry(make_registry(plugin_files())).registry
    cache: dict[tuple[object, ...], str] = {}
    first = render_pages(registry, CONFIG, cache=cache)
    assert len(cache) == 1
    cache[next(iter(cache))] = "cached\n"
    assert render_pages(registry, CONFIG, cache=cache)["skills/lora-fp16-nan.md"] == "cached\n"
    assert first == render_pages(registry, CONFIG)


_SCRIPT_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link",
    "meta", "base", "form", "button", "math", "template", "noscript", "foreignobject",
}  # fmt: skip
"""Tags that run or load script or restyle the page; none may come from author text."""


def _active_content(text: str) -> list[str]:
    """Tags and attributes that could run script."""
    found: list[str] = []

    class Check(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _SCRIPT_TAGS:
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
