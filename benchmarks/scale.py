"""The scale measurements of `make bench`: the site by kind of file, and what a search and an
error lookup cost a reader in Chromium (bytes over the network, time to results).

Bytes are what Playwright's network events report for each response (the body as served by
a plain local HTTP server, without compression); times are wall clock in the page.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

KINDS = {
    "pages": lambda rel: rel.endswith(".html"),
    "search index (pagefind/)": lambda rel: rel.startswith("pagefind/"),
    "error index (assets/error-index/)": lambda rel: rel.startswith("assets/error-index/"),
    "well-known skills (.well-known/)": lambda rel: rel.startswith(".well-known/"),
    "llms.txt, llms-full.txt": lambda rel: rel.startswith("llms"),
    "plugin client index (skills-index*)": lambda rel: rel.startswith("skills-index"),
}
"""Kinds of site file, first match wins; the rest is counted as "other"."""

SEARCH_QUERIES = ["vllm_skip_weight_sync", "weight_sync", "CUDA out of memory", "nccl timeout"]


def site_by_kind(site: Path) -> dict[str, float | str]:
    """MB per kind of file, the largest file and its size."""
    totals: dict[str, float] = dict.fromkeys([*KINDS, "other"], 0.0)
    largest, largest_size = "", 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel, size = path.relative_to(site).as_posix(), path.stat().st_size
        kind = next((k for k, test in KINDS.items() if test(rel)), "other")
        if kind == "pages" and rel.startswith("pagefind/"):
            kind = "search index (pagefind/)"
        totals[kind] += size
        if size > largest_size:
            largest, largest_size = rel, size
    out: dict[str, float | str] = {f"kind:{k}": v / 1e6 for k, v in totals.items()}
    out["largest_file"] = f"{largest} ({largest_size / 1e6:,.1f} MB)"
    out["largest_mb"] = largest_size / 1e6
    return out


def record_requests(page: Any) -> list[Any]:
    """The page's finished requests, in order. Their sizes are asked for later (`_bytes`),
    while the page is open: a listener that asked itself could still be waiting for the
    answer when the page closed, and printed a TargetClosedError traceback."""
    requests: list[Any] = []
    page.on("requestfinished", lambda request: requests.append(request))
    return requests


def _bytes(requests: list[Any]) -> int:
    """Bytes of the responses (headers and body, as served) of finished requests."""
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += int(sizes.get("responseBodySize", 0)) + int(sizes.get("responseHeadersSize", 0))
    return total


TYPING_MS = 100
"""Delay between keystrokes when the benchmark types a query: a quick typist's pace."""

_SEARCH_CLOCK = """
window.__keys = []; window.__shown = [];
document.addEventListener("keydown", () => window.__keys.push(performance.now()), true);
document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector(".md-search[data-pagefind-bundle]");
  const list = root && root.querySelector(".md-search-result__list");
  if (!list) return;
  new MutationObserver(() => {
    if (list.children.length) window.__shown.push([performance.now(), root.dataset.query]);
  }).observe(list, {childList: true});
});
"""
"""In the page, on its own clock: every keystroke, and every time results are shown with the
query they answer (`data-query`, set by site-search.js)."""


def measure_search(browser: Any, base: str, queries: list[str]) -> dict[str, float | str]:
    """Site search from a fresh page per query, typed at `TYPING_MS` a key: bytes before
    typing, bytes per query, time from the first keystroke to the first results shown and
    from the last keystroke to the results of the whole query (what a reader waits for)."""
    per_query: list[int] = []
    to_first: list[float] = []
    to_final: list[float] = []
    first: list[str] = []
    for query in queries:
        page = browser.new_page()
        try:
            page.add_init_script(_SEARCH_CLOCK)
            sizes = record_requests(page)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            loaded = len(sizes)
            page.locator(".md-search__input").click()
            page.keyboard.type(query, delay=TYPING_MS)
            page.wait_for_function(
                "q => window.__shown.some(s => s[1] === q)", arg=query, timeout=60_000
            )
            keys, shown = page.evaluate("[window.__keys, window.__shown]")
            final = next(at for at, answered in shown if answered == query)
            to_first.append(shown[0][0] - keys[0])
            to_final.append(final - keys[-1])
            page.wait_for_load_state("networkidle")
            per_query.append(_bytes(sizes[loaded:]))
            first.append(page.locator(".md-search-result__item a").first.get_attribute("href"))
        finally:
            page.close()
    return {
        "search_ms": statistics.median(to_final),
        "search_max_ms": max(to_final),
        "search_first_ms": statistics.median(to_first),
        "search_kb": statistics.median(per_query) / 1e3,
        "search_max_kb": max(per_query) / 1e3,
        "search_first": str(first[0]),
    }


def search_prefetch_requests(browser: Any, base: str) -> list[str]:
    """Search-related requests made by loading a page (and not typing)."""
    page = browser.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    try:
        page.goto(base)
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    return [u for u in urls if "pagefind" in u or "search_index" in u]


def measure_lookup(browser: Any, base: str, queries: list[str]) -> dict[str, float | str]:
    """The /errors/ page, fresh per pasted error: bytes and time to be ready, then the bytes
    the paste fetched and paste-to-results (with lookup.js's 60 ms typing debounce)."""
    ready_ms, ready_kb, times, kbs, requests = [], [], [], [], []
    for query in queries:
        page = browser.new_page()
        try:
            sizes = record_requests(page)
            start = time.perf_counter()
            page.goto(base + "errors/")
            page.wait_for_function(
                "Number(document.querySelector('.error-lookup').dataset.ranked) >= 1",
                timeout=120_000,
            )
            ready_ms.append((time.perf_counter() - start) * 1000)
            page.wait_for_load_state("networkidle")
            ready_kb.append(_bytes(sizes) / 1e3)
            seen = len(sizes)
            start = time.perf_counter()
            page.fill(".error-lookup__input", query)
            page.wait_for_function(
                "Number(document.querySelector('.error-lookup').dataset.ranked) >= 2",
                timeout=60_000,
            )
            times.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            kbs.append(_bytes(sizes[seen:]) / 1e3)
            requests.append(len(sizes) - seen)
        finally:
            page.close()
    return {
        "browser_load_ms": statistics.median(ready_ms),
        "lookup_ready_kb": statistics.median(ready_kb),
        "browser_paste_ms": statistics.median(times) * 1000,
        "lookup_kb": statistics.median(kbs),
        "lookup_max_kb": max(kbs),
        "paste_max_ms": max(times) * 1000,
        "lookup_requests": statistics.median(requests),
    }
