"""Site search over an index in bundles, in Chromium: the starter registry built with
`search_bundles = 2`, so its skill pages are in two bundles merged in the browser."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from site_gen.build import build_site
from site_gen.search.bundles import plan_bundles
from tests.chromium import serve_folder
from tests.conftest import ARTIFACTS, REPO


def _skill_files(root: Path) -> dict[str, Path]:
    """Each skill's SKILL.md by skill name."""
    return {p.parent.name: p for p in sorted(root.glob("plugins/*/*/skills/*/SKILL.md"))}


def _unique_name_word(name: str, texts: dict[str, str]) -> str | None:
    """A word of the skill's name that no other skill's text holds."""
    for word in sorted(name.split("-"), key=len, reverse=True):
        others = (t for n, t in texts.items() if n != name)
        if len(word) >= 5 and word.isalpha() and not any(word in t.lower() for t in others):
            return word
    return None


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str, str]]:
    """The site's URL, a word, the skill of the second bundle whose name has the word (its
    title: it ranks first) and a skill of the first bundle that says it once."""
    root = tmp_path_factory.mktemp("bundled-registry")
    shutil.copytree(REPO / "plugins", root / "plugins")
    (root / "pyproject.toml").write_text(
        '[tool.site-gen]\nvisibility = "public"\nsearch_bundles = "2"\n'
    )
    skills = _skill_files(root)
    texts = {name: path.read_text().lower() for name, path in skills.items()}
    first, second = (
        [group_page.split("/")[1] for group_page in group]
        for group in plan_bundles([f"skills/{name}/index.html" for name in skills], 2)
    )
    titled, word = next((n, w) for n in second if (w := _unique_name_word(n, texts)))
    mentions = first[0]
    text = skills[mentions].read_text()
    skills[mentions].write_text(text.replace("## ", f"Unlike `{word}`, this one.\n\n## ", 1))
    build_site(root, root / "site", mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    with serve_folder(root / "site") as url:
        yield url, word, titled, mentions


def test_search_merges_the_bundles_into_one_ranked_list(
    page: Page, bundled_site: tuple[str, str, str, str]
) -> None:
    url, word, titled, mentions = bundled_site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in fetched if "pagefind" in u], "search data before the user typed"
    page.locator(".md-search__input").click()
    # "the" is on every page: the query is searched without it.
    page.keyboard.type(f"the {word}")
    search = page.locator(".md-search")
    expect(search).to_have_attribute("data-query", f"the {word}", timeout=15_000)
    expect(search).to_have_attribute("data-terms", word)
    results = page.locator(".md-search-result__item a")
    # The skill named by the word, in the bundle merged last, ranks first; the page of the
    # other bundle that says the word once is in the same list.
    expect(results.first).to_have_attribute("href", f"/skills/{titled}/")
    expect(results.first.locator("p mark").first).to_contain_text(word, ignore_case=True)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert f"/skills/{mentions}/" in hrefs, hrefs
    for part in ("pagefind/part-1/", "pagefind/part-2/"):
        assert any(part in u for u in fetched), part
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-bundles.png"))


def test_a_query_of_common_words_keeps_its_rarest(
    page: Page, bundled_site: tuple[str, str, str, str]
) -> None:
    url = bundled_site[0]
    common = json.loads(urllib.request.urlopen(f"{url}pagefind/site-search.json").read())["common"]
    rare, frequent = min(common, key=common.get), max(common, key=common.get)
    assert common[rare] < common[frequent]
    page.goto(url)
    page.locator(".md-search__input").click()
    page.keyboard.type(f"{frequent} {rare}")
    search = page.locator(".md-search")
    expect(search).to_have_attribute("data-query", f"{frequent} {rare}", timeout=15_000)
    expect(search).to_have_attribute("data-terms", rare)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
