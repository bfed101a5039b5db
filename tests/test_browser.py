"""The built site in a real browser: Debian's chromium driven by Playwright.

One session-scoped build (starter plugins + a search probe + an XSS probe) served by a
local http.server; screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from site_gen.build import build_site
from tests.chromium import serve_folder
from tests.conftest import ARTIFACTS, REPO, plugin_files
from tests.xss_plugin import NAME as XSS_NAME
from tests.xss_plugin import xss_plugin_files

GRPO = "grpo-external-vllm-server"


def _search_probe() -> dict[str, str]:
    """A plugin whose text holds `init_process_group` and a camelCase class name."""
    files = plugin_files("ddp-nccl-hang", "distributed")
    skill = "plugins/distributed/ddp-nccl-hang/skills/ddp-nccl-hang/SKILL.md"
    files[skill] = files[skill].replace(
        "## Hyperparameters",
        "`dist.init_process_group(backend='nccl')` hung until `NCCL_P2P_DISABLE=1`;"
        " load with `AutoModelForCausalLM`.\n\n## Hyperparameters",
    )
    return files


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser-registry")
    shutil.copytree(REPO / "plugins", root / "plugins")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for rel, text in {**_search_probe(), **xss_plugin_files()}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    build_site(root, root / "site", mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    with serve_folder(root / "site") as url:
        yield url


def _shot(page: Page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def test_home_shows_counts_setup_and_newest_skills(page: Page, site_url: str) -> None:
    page.goto(site_url)
    content = page.locator(".md-content")
    expect(content).to_contain_text("skills in")
    expect(content.locator("code", has_text="/plugin marketplace add")).to_be_visible()
    expect(content.locator("code", has_text="/plugin install all-skills@")).to_be_visible()
    # content.code.copy: every set-up command has a copy button.
    expect(page.locator(".md-content button[title='Copy to clipboard']").nth(1)).to_be_attached()
    expect(content.get_by_role("link", name=GRPO).first).to_be_visible()
    # Skills stay out of the nav (it is rendered into every page).
    assert page.locator(f".md-nav a[href*='skills/{GRPO}']").count() == 0
    _shot(page, "home", full_page=True)


def test_skill_page_has_failures_anchors_and_install(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}skills/{GRPO}/")
    content = page.locator(".md-content")
    expect(page.locator("h1")).to_contain_text(GRPO)
    expect(content.locator(".admonition.failure table")).to_be_visible()
    expect(content.locator("code", has_text=f"/plugin install {GRPO}@")).to_be_visible()
    expect(content.locator("#troubleshooting")).to_be_attached()
    assert content.locator("[id^='error-']").count() >= 3
    source = content.locator(f"a[href$='/tree/main/plugins/training/{GRPO}']")
    expect(source).to_be_visible()
    _shot(page, "skill-page")
    page.locator(".admonition.failure").first.scroll_into_view_if_needed()
    _shot(page, "skill-page-failed-attempts")


def test_header_icons_are_drawn_from_the_shared_sprite(page: Page, site_url: str) -> None:
    # Logo, menu, palette toggle, search, GitHub mark: `<use>`s of assets/images/icons.svg
    # (site_gen/theme_bytes.py). A missing sprite or symbol draws nothing: an empty box.
    page.goto(f"{site_url}skills/{GRPO}/")
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll(".md-header svg use"))
            .filter(use => use.closest("svg").getClientRects().length)  // shown at this width
            .map(use => {
                const box = use.getBBox();
                return [use.getAttribute("href").split("#")[1], box.width > 0 && box.height > 0];
            })"""
    )
    shown = {icon for icon, _ in drawn}
    assert {"material-library", "material-magnify", "fontawesome-brands-github"} <= shown
    assert all(ok for _, ok in drawn), drawn
    _shot(page, "skill-page-header")


def test_failure_index_filters_as_you_type(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}failures/")
    rows = page.locator(".md-content table tbody tr")
    total = rows.count()
    assert total >= 10
    page.fill("#fm-query", "served-model-name")
    visible = page.locator(".md-content table tbody tr:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text(GRPO)
    expect(page.locator("#fm-count")).to_have_text(f"1 of {total} shown")
    _shot(page, "failures-filtered")
    page.fill("#fm-query", "")
    page.select_option("#fm-category", "retrieval")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        expect(visible.nth(i).locator("td").nth(4)).to_have_text("retrieval")
    page.select_option("#fm-category", "")
    page.select_option("#fm-tag", "vllm")
    expect(visible.first).to_contain_text(GRPO)
    assert visible.count() < total
    page.fill("#fm-query", "no such failure anywhere")
    expect(page.locator("#fm-empty")).to_be_visible()
    # The filter is in the URL, so a filtered view can be shared.
    assert "tag=vllm" in page.url


def test_follow_links_from_home_and_failure_index(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-content").get_by_role("link", name=GRPO).first.click()
    expect(page).to_have_url(f"{site_url}skills/{GRPO}/")
    page.goto(f"{site_url}failures/")
    page.locator(".md-content table tbody tr").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/skills/[a-z0-9-]+/#failed-attempts$"))
    expect(page.locator("#failed-attempts")).to_be_in_viewport()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vllm_skip_weight_sync", GRPO),
        ("weight_sync", GRPO),
        ("CUDA_VISIBLE_DEVICES", GRPO),
        ("init_process_group", "ddp-nccl-hang"),
        ("process_group", "ddp-nccl-hang"),
        ("AutoModelForCausalLM", "ddp-nccl-hang"),
        ("ForCausalLM", "ddp-nccl-hang"),
    ],
)
def test_search_finds_code_like_tokens_first(
    page: Page, site_url: str, query: str, expected: str
) -> None:
    """Pagefind behind Material's search box: the page that holds the token ranks first, by
    the whole token and by a run of its parts."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "pagefind" in url or "search" in url] == [
        f"{site_url}assets/javascripts/site-search.js"
    ], "search data was downloaded before the user typed"
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item a")
    # The results shown answer the whole query, not a prefix typed on the way.
    expect(page.locator(".md-search")).to_have_attribute("data-query", query, timeout=15_000)
    expect(results.first).to_have_attribute("href", f"/skills/{expected}/", timeout=15_000)
    # The excerpt is the page's own text around the token, with the token marked.
    excerpt = results.first.locator("p")
    expect(excerpt.locator("mark").first).to_contain_text(query)
    assert any("pagefind/pagefind.js" in url for url in fetched)
    if query in ("vllm_skip_weight_sync", "weight_sync"):
        expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
        _shot(page, f"search-{query}")


def test_raw_html_in_skill_markdown_never_runs(page: Page, site_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (f"skills/{XSS_NAME}/", "failures/", "tags/", ""):
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        content = page.locator(".md-content")
        for selector in ("script", "img[onerror]", "svg[onload]", "iframe", "[onmouseover]"):
            assert content.locator(selector).count() == 0, (path, selector)
        assert content.locator("a[href^='javascript' i]").count() == 0, path
        assert content.locator("[onclick]").count() == 0, path
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{site_url}skills/{XSS_NAME}/")
    content = page.locator(".md-content")
    # Code keeps its text verbatim, shown as text; raw HTML in prose is removed, never run.
    expect(content).to_contain_text("<script>alert(1)</script>")
    expect(content).to_contain_text('{: onclick="x"} and (?<![\\w./]) too')
    expect(content.locator("pre code", has_text="in code, shown as text")).to_be_visible()
    for link in content.get_by_role("link", name="a javascript link").all():
        link.click()
    content.get_by_text("hover me").hover()
    page.locator(".md-search__input").click()
    page.keyboard.type("onerror")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    _shot(page, "xss-probe-search")
    page.keyboard.press("Escape")
    page.goto(f"{site_url}skills/{XSS_NAME}/")
    _shot(page, "xss-probe", full_page=True)


def test_materials_config_and_scope_come_from_the_shared_files(page: Page, site_url: str) -> None:
    # site_gen/shared_scripts.py: the page loads page-config.js and scope.js instead of
    # Material's inline copies; Material must read the same config and scope from them.
    page.goto(f"{site_url}skills/{GRPO}/")
    page.wait_for_load_state("networkidle")
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    assert config["base"] == site_url
    assert config["features"] == [
        "content.code.copy",
        "navigation.top",
        "navigation.tracking",
        "toc.follow",
    ]
    assert config["translations"]["clipboard.copy"] == "Copy to clipboard"
    assert page.evaluate("__md_scope.href") == site_url
    # Material read them: copy buttons (a feature from the config), and the palette choice
    # saved under the scope survives a reload.
    expect(page.locator(".md-content button[title='Copy to clipboard']").first).to_be_attached()
    page.locator("label[for=__palette_1]").click()
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.locator("label[for=__palette_0]").click()
    assert '<script src="../../assets/javascripts/page-config.js">' in page.content()


def test_shared_chrome_is_the_markup_a_page_of_its_own_has(page: Page, site_url: str) -> None:
    # site_gen/shared_chrome.py: a skill page loads its nav, header parts, table of contents
    # and footer from shared scripts; the home page (no `../` to find the root by) keeps its
    # own. Both must show the same links (the home page's nav also lists its own headings),
    # controls and text.
    def chrome() -> dict[str, object]:
        page.wait_for_load_state("networkidle")
        result: dict[str, object] = page.evaluate(
            """() => ({
                nav: [...document.querySelectorAll(".md-nav--primary a:not([href*='#'])")]
                    .map(a => [a.textContent.trim(), a.href]),
                header: [...document.querySelectorAll(".md-header input, .md-header label")]
                    .map(e => e.outerHTML.replace(/ href="[^"]*"/g, "")),
                source: document.querySelector(".md-header__source a").href,
                toggles: [...document.querySelectorAll("body > input, body > label")]
                    .map(e => e.outerHTML),
                top: document.querySelector(".md-top").outerHTML.replace(/ href="[^"]*"/g, ""),
                footer: document.querySelector(".md-footer").outerHTML,
                toc: document.querySelector("[data-md-component=toc]") !== null,
                loaders: document.querySelectorAll("script[src*='/shared/']").length,
            })"""
        )
        return result

    page.goto(site_url)
    home = chrome()
    page.goto(f"{site_url}skills/{GRPO}/")
    skill = chrome()
    assert skill == home
    assert skill["loaders"] == 0 and len(skill["nav"]) == 10  # type: ignore[arg-type]
    served = page.request.get(f"{site_url}skills/{GRPO}/").text()
    loaded = set(re.findall(r"assets/javascripts/shared/([a-z]+)\.", served))
    assert loaded == {"toggles", "palette", "header", "nav", "toc", "top", "footer"}, loaded
    assert 'class="md-nav md-nav--primary"' not in served
    # The search box put in by its script searches.
    page.locator(".md-search__input").click()
    page.keyboard.type("vllm_skip_weight_sync")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", f"/skills/{GRPO}/", timeout=15_000)
