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
    "per-skill Markdown (skills/*.md)": lambda rel: (
        rel.startswith("skills/") and rel.endswith(".md")
    ),
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


def _record_bytes(page: Any) -> list[int]:
    sizes: list[int] = []

    def done(request: Any) -> None:
        sizes_ = request.sizes()
        sizes.append(
            int(sizes_.get("responseBodySize", 0)) + int(sizes_.get("responseHeadersSize", 0))
        )

    page.on("requestfinished", done)
    return sizes


def measure_search(browser: Any, base: str, queries: list[str]) -> dict[str, float | str]:
    """Site search from a fresh page per query: bytes before typing, bytes and time per query."""
    per_query, per_time, first = [], [], []
    for query in queries:
        page = browser.new_page()
        try:
            sizes = _record_bytes(page)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            loaded = len(sizes)
            page.locator(".md-search__input").click()
            start = time.perf_counter()
            page.keyboard.type(query, delay=0)
            page.wait_for_selector(".md-search-result__item", timeout=60_000)
            per_time.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            per_query.append(sum(sizes[loaded:]))
            first.append(page.locator(".md-search-result__item a").first.get_attribute("href"))
        finally:
            page.close()
    return {
        "search_ms": statistics.median(per_time) * 1000,
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
            sizes = _record_bytes(page)
            start = time.perf_counter()
            page.goto(base + "errors/")
            page.wait_for_function(
                "Number(document.querySelector('.error-lookup').dataset.ranked) >= 1",
                timeout=120_000,
            )
            ready_ms.append((time.perf_counter() - start) * 1000)
            page.wait_for_load_state("networkidle")
            ready_kb.append(sum(sizes) / 1e3)
            seen = len(sizes)
            start = time.perf_counter()
            page.fill(".error-lookup__input", query)
            page.wait_for_function(
                "Number(document.querySelector('.error-lookup').dataset.ranked) >= 2",
                timeout=60_000,
            )
            times.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            kbs.append(sum(sizes[seen:]) / 1e3)
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
