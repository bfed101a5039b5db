"""Home, stats, authors in Debian's chromium: the charts are visible and readable in the light
and the dark scheme, the pages log no console error. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from site_gen.build import build_site
from tests.chromium import serve_folder
from tests.conftest import ARTIFACTS, REPO
from tests.front_registry import commit, make_git_registry

SCHEMES = ("default", "slate")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The known-history registry plus the starter plugins, committed by a fourth person."""
    root = make_git_registry(tmp_path_factory.mktemp("front-browser") / "registry")
    shutil.copytree(REPO / "plugins", root / "plugins", dirs_exist_ok=True)
    commit(root, "Sigrid", "2025-03-04T09:00:00+01:00", "Add the starter skills")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    build_site(root, root / "site", mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    with serve_folder(root / "site") as url:
        yield url


GITHUB_API = "https://api.github.com/"
"""Material's repo widget asks GitHub for stars and the latest release; offline it fails
with one console error per request. Nothing else may fail."""


@pytest.fixture
def console_errors(page: Page) -> Iterator[list[str]]:
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # A request the page still had in flight when the test ended is aborted, not failed:
    # under load the favicon or sitemap prefetch can still be pending at teardown.
    page.on(
        "requestfailed",
        lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(r.url),
    )
    yield errors
    offline = [u for u in failed if u.startswith(GITHUB_API)]
    assert [u for u in failed if u not in offline] == []
    network = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"
    assert [e for e in errors if e != network] == [], errors
    assert errors.count(network) <= len(offline)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _luminance(css: str) -> float:
    """WCAG relative luminance of an `rgb(...)`/`rgba(...)` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _use_scheme(page: Page, scheme: str) -> None:
    """What Material's palette toggle does: the scheme attribute on <body>."""
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_stats_charts_are_visible_and_readable(
    page: Page, site_url: str, console_errors: list[str], scheme: str
) -> None:
    page.goto(f"{site_url}stats/")
    _use_scheme(page, scheme)
    charts = page.locator(".md-content figure.stats-chart svg")
    expect(charts).to_have_count(5)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for i in range(charts.count()):
        chart = charts.nth(i)
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 20
        bar = chart.locator("a.stats-bar rect").first
        fill = bar.evaluate("el => getComputedStyle(el).fill")
        text = chart.locator("text").first.evaluate("el => getComputedStyle(el).fill")
        assert _contrast(text, background) >= 4.5, (scheme, text, background)
        assert _contrast(fill, background) >= 2.0, (scheme, fill, background)
    _shot(page, f"stats-{'dark' if scheme == 'slate' else 'light'}")


def test_a_bar_leads_to_the_filtered_failure_index(
    page: Page, site_url: str, console_errors: list[str]
) -> None:
    page.goto(f"{site_url}stats/")
    page.locator("#error-families a.stats-bar").filter(has_text="torch.OutOfMemoryError").click()
    expect(page).to_have_url(re.compile(r"/failures/\?q=torch\.OutOfMemoryError$"))
    expect(page.locator(".md-content table tbody tr:not([hidden])")).to_have_count(1)


def test_home_shows_new_this_week_and_recently_updated(
    page: Page, site_url: str, console_errors: list[str]
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url)
    content = page.locator(".md-content")
    expect(content.locator("#new")).to_have_text(re.compile("New this week"))
    new = content.locator("h2#new ~ * table").first  # Material wraps tables in divs
    expect(new.get_by_role("link", name="grpo-external-vllm-server")).to_be_visible()
    expect(new.get_by_role("link", name="Hojin Yang").first).to_be_visible()  # its author
    updated = content.locator("h2#updated ~ * table").first
    expect(updated.locator("tbody tr").first).to_contain_text("vllm-oom")
    # The feed is discoverable (the `alternate` token and its type), and Material does not
    # take it for a page in another language: no sitemap.xml (1.5 MB at 10,000 skills) fetched.
    assert page.locator("link[rel~=alternate][type='application/atom+xml']").count() == 1
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "sitemap" in url], fetched
    _shot(page, "home-front")


def test_author_page_and_index(page: Page, site_url: str, console_errors: list[str]) -> None:
    page.goto(f"{site_url}authors/")
    rows = page.locator(".md-content table tbody tr")
    expect(rows.first).to_contain_text("Sigrid")  # committed the most skills
    page.get_by_role("link", name="Test Author").click()
    expect(page).to_have_url(re.compile(r"/authors/test-author/$"))
    expect(page.locator("h1")).to_contain_text("Test Author")
    expect(page.locator(".md-content")).to_contain_text("5 failed attempts")
    _shot(page, "author-page")
    assert Path(ARTIFACTS / "author-page.png").stat().st_size > 0
