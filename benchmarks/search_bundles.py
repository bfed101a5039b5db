"""The search step alone, on the pages of a built site: Pagefind in bundles, cold, after one
page edit and unchanged (each with the build cache), then the search in Chromium.

    python -m benchmarks.search_bundles --site /tmp/site1k --work /tmp/sb1k
    flock /work/bench.lock python -m benchmarks.search_bundles --site /work/regs/site10k \\
        --work /tmp/sb10k

The site's HTML pages and its theme's assets are copied into WORK/site (this checkout's
`site-search.js` over the copy's), so an older build serves as input. Each index run is its
own process under /usr/bin/time -v: wall time, CPU time (Pagefind included) and peak RSS
(the largest process: one Pagefind run). Then `scale.measure_search` on the queries of
`scale.SEARCH_QUERIES`, and what each query fetched by kind of file.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks import scale
from benchmarks.run import Run, run

REPO = Path(__file__).resolve().parent.parent
EDIT = "<p>One more line: pagefind_split_probe_token after an edit.</p>"


def copy_pages(source: Path, site: Path) -> int:
    """The HTML pages (not the old index) and the theme's assets of `source` into `site`."""
    count = 0
    for path in source.rglob("*.html"):
        rel = path.relative_to(source)
        if rel.parts[0] in ("pagefind", ".well-known", "assets"):
            continue
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, site / rel)
        count += 1
    for folder in ("javascripts", "stylesheets", "images"):
        if (source / "assets" / folder).is_dir():
            shutil.copytree(source / "assets" / folder, site / "assets" / folder)
    glue = REPO / "overrides/assets/javascripts/site-search.js"
    shutil.copyfile(glue, site / "assets/javascripts/site-search.js")
    return count


def edit_one_page(site: Path) -> str:
    from site_gen.search.site_index import SPLIT_MARKER

    page = sorted((site / "skills").glob("*/index.html"))[0]
    page.write_text(page.read_text().replace(SPLIT_MARKER, EDIT + SPLIT_MARKER, 1))
    return page.relative_to(site).as_posix()


def index(site: Path, cache: Path, bundles: str) -> Run:
    return run([sys.executable, "-m", "benchmarks.search_bundles", "--index", str(site),
                "--cache", str(cache), "--bundles", bundles])  # fmt: skip


def fetched_by_kind(browser: Any, base: str, query: str) -> tuple[dict[str, float], str]:
    """KB fetched by a query typed into a fresh page, by kind of file; the results' count."""
    page = browser.new_page()
    requests = scale.record_requests(page)
    try:
        page.goto(base)
        page.wait_for_load_state("networkidle")
        seen = len(requests)
        page.locator(".md-search__input").click()
        page.keyboard.type(query, delay=scale.TYPING_MS)
        page.wait_for_function(
            "q => document.querySelector('.md-search').dataset.query === q",
            arg=query,
            timeout=60_000,
        )
        page.wait_for_load_state("networkidle")
        kinds: dict[str, float] = {}
        for request in requests[seen:]:
            url, size = request.url, request.sizes()["responseBodySize"]
            name = url.rsplit("/", 1)[-1].split("?")[0]
            kind = next((k for k in ("fragment", "index") if f"/{k}/" in url), "")
            kind = kind or ("meta" if name.endswith(".pf_meta") else name)
            kinds[kind] = kinds.get(kind, 0) + size / 1e3
        meta = page.locator(".md-search-result__meta").text_content() or ""
    finally:
        page.close()
    return kinds, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (its pages are the input)")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--bundles", default="auto")
    parser.add_argument("--cold-only", action="store_true", help="skip the edit and unchanged runs")
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.index:  # one index run, in its own process
        from site_gen.cache_store import CacheStore
        from site_gen.search.bundles import index_site

        index_site(args.index, CacheStore(args.cache), args.bundles, print)
        return
    site, cache = args.work / "site", args.work / "cache"
    if not site.is_dir():
        print(f"{copy_pages(args.site, site)} pages copied into {site}")
    print("| step | wall | CPU | peak RSS | bundles |\n|---|---|---|---|---|")
    steps = ("cold",) if args.cold_only else ("cold", "after one page edit", "unchanged")
    for step in steps:
        if step == "after one page edit":
            edit_one_page(site)
        result = index(site, cache, args.bundles)
        note = (result.stdout.strip().splitlines() or [result.stderr.strip()[-200:]])[-1]
        print(f"| {step} | {result.seconds:.1f} s | {result.cpu_seconds:.1f} s | "
              f"{result.peak_mb:,.0f} MB | {note} |")  # fmt: skip
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    print(f"\nindex: {size / 1e6:.1f} MB")

    from playwright.sync_api import sync_playwright

    from tests.chromium import launch, serve_folder

    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        figures = scale.measure_search(browser, base, scale.SEARCH_QUERIES)
        print("\n" + "\n".join(f"{k}: {v:.0f}" if isinstance(v, float) else f"{k}: {v}"
                               for k, v in figures.items()))  # fmt: skip
        for query in scale.SEARCH_QUERIES:
            kinds, meta = fetched_by_kind(browser, base, query)
            parts = ", ".join(f"{k} {v:.0f}" for k, v in sorted(kinds.items()) if v)
            print(f"{query}: {sum(kinds.values()):.0f} KB ({parts}); {meta}")
        browser.close()


if __name__ == "__main__":
    main()
