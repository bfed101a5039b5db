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

from benchmarks.lookup_dev import DEV_REGISTRY
from site_gen.build import build_site
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
    for kind, most in (("terms/", 1.0), ("docs/", 0.5)):
        got = sum(f"/error-index/{kind}" in url for url in index)
        files = sum(1 for _ in (published / kind).glob("*.json"))
        assert 0 < got < files * most, (kind, got, files)
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
