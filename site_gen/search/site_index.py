"""The built site -> its Pagefind index (`pagefind/` beside the pages), for the search box.

Pagefind indexes each page's `data-pagefind-body` (the article, see `overrides/main.html`)
into small chunks that the browser fetches per query. It splits compound words by itself:
`vllm_skip_weight_sync` is found whole and by `weight` or `sync`. But it answers a query for
a part run such as `weight_sync` by its single parts, ranking "weights ... syncing" higher.
So each page goes to Pagefind with the contiguous part runs of its code-like words
(`skip_weight`, `weight_sync`, `ForCausal`, ...) in the page's hidden `data-split-terms`
element: only the index sees them; the pages on disk are not changed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html.parser
import re
from pathlib import Path

BUNDLE = "pagefind"
"""The index's folder in the site; `overrides/partials/search.html` loads it from there."""
SPLIT_MARKER = "<div hidden data-split-terms></div>"
"""The empty element `overrides/main.html` puts at the end of every article."""
BODY_ATTRIBUTE = "data-pagefind-body"
RUNS_WEIGHT = 0.1
"""Pagefind's weight for the runs: low, so that its excerpts come from the page's own text."""
EXCLUDED = (".headerlink",)
"""Not indexed: the heading permalinks' pilcrows."""
MAX_PARTS = 8
"""Words of more parts (long dotted paths) add no runs: their count grows as parts squared."""

_CODE_WORD = re.compile(r"[A-Za-z0-9_]+(?:(?:\.|::|-)[A-Za-z0-9_]+)*", re.ASCII)
_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]+", re.ASCII)


class SiteIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


def part_runs(text: str) -> list[str]:
    """Every contiguous run of two or more parts of each code-like word in `text`, short of
    the whole word (which Pagefind indexes itself), once per occurrence of the word: a page
    that says `vllm_skip_weight_sync` twenty times ranks above one that says it once."""
    runs: list[str] = []
    for word in _CODE_WORD.finditer(text):
        parts = [(m.start(), m.end()) for m in _PART.finditer(word.group())]
        if not 2 < len(parts) <= MAX_PARTS:
            continue
        for first in range(len(parts) - 1):
            for last in range(first + 1, len(parts)):
                if (first, last) != (0, len(parts) - 1):
                    runs.append(word.group()[parts[first][0] : parts[last][1]])
    return runs


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skipping += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in ("script", "style") and self._skipping > 0

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data)


def page_for_index(page: str) -> str:
    """The page as Pagefind reads it: the article's part runs in its hidden element."""
    body, marker = page.find(BODY_ATTRIBUTE), page.rfind(SPLIT_MARKER)
    start = page.find(">", body) + 1
    if body < 0 or marker < start:
        return page
    parser = _Text()
    parser.feed(page[start:marker])
    parser.close()
    runs = " ".join(part_runs(" ".join(parser.chunks)))
    filled = f'<div hidden data-split-terms data-pagefind-weight="{RUNS_WEIGHT}">{runs}</div>'
    return page[:marker] + filled + page[marker + len(SPLIT_MARKER) :]


def page_url(rel: str) -> str:
    """The URL Pagefind shows for a built file (MkDocs' directory URLs)."""
    if rel == "index.html":
        return "/"
    return "/" + (rel[: -len("index.html")] if rel.endswith("/index.html") else rel)


def index_site(site: Path) -> int:
    """Write the Pagefind index of the built pages under `site` into `site/pagefind/`.

    Returns the number of pages indexed; SiteIndexError when Pagefind fails (nothing is
    written then).
    """
    try:
        # In a thread of its own: the caller may be inside an event loop (Playwright's, a
        # notebook's), where asyncio.run() refuses to start.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(asyncio.run, _index(site)).result()
    except SiteIndexError:
        raise
    except Exception as exc:  # the Pagefind service's own errors: any failure stops the build
        raise SiteIndexError(f"pagefind could not index {site}: {exc}") from exc


async def _index(site: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    pages = sorted(
        path
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] != BUNDLE and path.is_file()
    )
    indexed = 0
    config = IndexConfig(
        force_language="en", exclude_selectors=list(EXCLUDED), output_path=str(site / BUNDLE)
    )
    async with PagefindIndex(config=config) as index:
        for path in pages:
            page = path.read_text("utf-8")
            if BODY_ATTRIBUTE not in page:
                continue
            rel = path.relative_to(site).as_posix()
            await index.add_html_file(content=page_for_index(page), url=page_url(rel))
            indexed += 1
        if not indexed:
            raise SiteIndexError(
                f"{site}: no page has `{BODY_ATTRIBUTE}`; the theme's overrides/main.html marks"
                " the article Pagefind indexes"
            )
    return indexed
