"""The /errors/ page in Debian's chromium: paste a real traceback, get the entry, follow it.

Its own module-scoped build of the dev registry (starter plugins + the dev set's test-only
plugins), served on 127.0.0.1; the browser is the session's (conftest).
"""

from __future__ import annotations

import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.lookup_dev import DEV_REGISTRY, queries
from site_gen.build import build_site
from site_gen.loader import load_registry
from site_gen.search.error_index import build_index
from site_gen.search.rank import rank
from tests.chromium import serve_folder
from tests.conftest import ARTIFACTS, REPO

TRACEBACK = """\
[rank0]: Traceback (most recent call last):
[rank0]:   File "/home/kai/rl/.venv/lib/python3.10/site-packages/swift/trainers/rlhf_trainer/vllm_client.py", line 175, in infer
[rank0]:     parsed.append(ChatCompletionResponse(**item))
[rank0]: TypeError: ChatCompletionResponse.__init__() got an unexpected keyword argument 'service_tier'
"""


_SITES: dict[str, Path] = {}
"""Served URL -> the built site folder."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("lookup-site")
    shutil.copytree(REPO / "plugins", root / "plugins")
    shutil.copytree(DEV_REGISTRY / "plugins", root / "plugins", dirs_exist_ok=True)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    build_site(root, root / "site", mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    with serve_folder(root / "site") as url:
        _SITES[url] = root / "site"
        yield url


def test_pasted_traceback_puts_the_entry_first_and_links_to_it(page: Page, site_url: str) -> None:
    _paste_and_follow(page, site_url)


def test_q_parameter_links_results_and_unseen_errors_say_so(page: Page, site_url: str) -> None:
    _linked_unseen_error(page, site_url)


def _paste_and_follow(page: Page, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "errors/")
    expect(page.locator(".error-lookup[data-loaded]")).to_be_attached()
    page.locator(".error-lookup__input").fill(TRACEBACK)
    first = page.locator(".error-lookup__result").first
    expect(first).to_contain_text("grpo-external-vllm-server")
    expect(first).to_contain_text("confident match")
    expect(first.locator("code").first).to_contain_text("service_tier")
    expect(first).to_contain_text("Fix:")
    # The fix as written: its code block highlighted, as on the skill page.
    expect(first.locator(".error-lookup__fix .highlight pre code")).to_contain_text("_parse_openai")
    # Only the split index's files this query needs came over the network.
    index = [url for url in fetched if "/assets/error-index/" in url]
    assert "meta.json" in index[0], index
    published = _SITES[site_url] / "assets/error-index"
    for kind in ("terms/", "buckets/", "docs/"):
        got = sum(f"/error-index/{kind}" in url for url in index)
        files = sum(1 for _ in (published / kind).glob("*.json.gz"))
        assert 0 < got <= files and (got < files or kind == "buckets/"), (kind, got, files)
    shown = page.locator(".error-lookup__result").count()
    assert sum("/error-index/docs/" in url for url in index) <= shown  # display files: on demand
    assert "q=" in page.url and "service_tier" in urllib.parse.unquote_plus(page.url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "errors-lookup.png"), full_page=True)
    link = first.locator("a.error-lookup__entry")
    anchor = (link.get_attribute("href") or "").split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**/skills/grpo-external-vllm-server/#{anchor}")
    expect(page.locator(f"[id='{anchor}']")).to_be_visible()


def _linked_unseen_error(page: Page, site_url: str) -> None:
    query = urllib.parse.quote(
        "safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge"
    )
    page.goto(site_url + "errors/?q=" + query)
    status = page.locator(".error-lookup__status")
    expect(status).to_contain_text("No confident match")
    expect(page.locator(".error-lookup__input")).to_have_value(urllib.parse.unquote(query))
    page.screenshot(path=str(ARTIFACTS / "errors-no-match.png"), full_page=True)
    status.get_by_role("link").click()
    page.wait_for_url("**/contributing/")


_RANK_IN_PAGE = """
async (texts) => {
  const folder = document.querySelector(".error-lookup").dataset.index;
  const load = (rel) => fetch(folder + rel).then((r) => r.arrayBuffer()).then(ErrorSearch.parseFile);
  const out = [];
  for (const text of texts) {
    const results = await ErrorSearch.rankSharded(load, text, 5);
    out.push(results.map((m) => [m.doc.url, m.score, m.confident]));
  }
  // A server that inflates the files itself (Content-Encoding: gzip) hands over plain JSON.
  const plain = await ErrorSearch.parseFile(new TextEncoder().encode('{"a": [1]}').buffer);
  return {ranked: out, plain: plain};
}
"""


def test_chromium_ranks_the_compressed_index_as_the_cli_does(page: Page, site_url: str) -> None:
    """The published index (gzip files inflated by Chromium's DecompressionStream) ranks the
    dev set's pastes as `site-gen lookup` does over the registry the site was built from."""
    texts = [q["query"] for q in queries()][:12]
    index = build_index(load_registry(_SITES[site_url].parent).registry)
    page.goto(site_url + "errors/")
    expect(page.locator(".error-lookup[data-loaded]")).to_be_attached()
    got = page.evaluate(_RANK_IN_PAGE, texts)
    for text, theirs in zip(texts, got["ranked"], strict=True):
        ours = [[m.doc["url"], round(m.score, 6), m.confident] for m in rank(index, text, 5)]
        assert ours == [[url, round(score, 6), sure] for url, score, sure in theirs], text[:80]
    assert any(theirs for theirs in got["ranked"]) and got["plain"] == {"a": [1]}
