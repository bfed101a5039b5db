"""The built site -> its Pagefind index (`pagefind/` beside the pages), for the search box.

Pagefind indexes the article of each page that `overrides/main.html` marks (an empty
`data-split-terms` element at its end) into small chunks that the browser fetches per query.
It splits compound words by itself: `vllm_skip_weight_sync` is found whole and by `weight`
or `sync`. But it answers a query for a part run such as `weight_sync` by its single parts,
ranking "weights ... syncing" higher. So each page goes to Pagefind with the contiguous part
runs of its code-like words (`skip_weight`, `weight_sync`, `ForCausal`, ...) in that hidden
element: only the index sees them; the pages on disk are not changed.

Left out of the index: a skill page's "Related skills" list (`NOT_INDEXED`). It holds other
skills' names and summaries, which made a page match (and rank for) its neighbours' names
and added about a sixth to every page's indexed text: more index to fetch per query and more
memory for Pagefind.

The index is written in bundles, each by its own Pagefind run (`site_gen/search/bundles.py`).

The failure index, the tag index and the stats page are indexed by their title only
(`TITLE_ONLY`): they list every skill, so they matched most queries, and showing one as a
result fetched its whole text (at 1,000 skills 233 KB for /tags/, 118 KB for /failures/;
ten times that at 10,000). Their own filters search them.
"""

from __future__ import annotations

import functools
import html
import os
import re
import subprocess
import sys
from pathlib import Path

from .. import urls

BUNDLE = "pagefind"
"""The index's folder in the site; `overrides/partials/search.html` loads it from there."""
SPLIT_MARKER = "<div hidden data-split-terms></div>"
"""The empty element `overrides/main.html` puts at the end of every article."""
ROOT = "article.md-content__inner"
"""What Pagefind indexes of a page: Material's article, not the nav, header or footer."""
RUNS_WEIGHT = 0.1
"""Pagefind's weight for the runs: low, so that its excerpts come from the page's own text."""
EXCLUDED = (".headerlink",)
"""Not indexed: the heading permalinks' pilcrows."""
NOT_INDEXED = ('<h2 id="related-skills"',)
"""Sections of the article left out of the index: from the heading to the next `<h2` or the
end of the article (`site_gen/render/templates/skill.md.j2` gives the ids)."""
TITLE_ONLY = frozenset(
    f"{url}index.html" for url in (urls.FAILURES_PAGE, urls.TAGS_PAGE, urls.STATS_PAGE)
)
"""Pages (site-relative) whose article goes to Pagefind as its `<h1>` alone."""
CHUNK_SIZE = "5000"
"""Word locations per index chunk (Pagefind's default: 20,000), through the variable
`PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE` that Pagefind 1.5 reads (`pagefind/src/options.rs`): a
query fetches one chunk per word from every bundle (`site_gen/search/bundles.py`), so
smaller chunks cut a rare word's cost per bundle from about 22 KB to 6 KB, for 8 KB more
index metadata per bundle (measured at 1,000 skills in 4 bundles). A Pagefind that no
longer reads it writes chunks of its default size: the same search, larger downloads."""
MAX_PARTS = 8
"""Words of more parts (long dotted paths) add no runs: their count grows as parts squared."""

_CODE_WORD = re.compile(r"[A-Za-z0-9_]+(?:(?:\.|::|-)[A-Za-z0-9_]+)*", re.ASCII)
_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[A-Z]+", re.ASCII)


class SiteIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


def part_runs(text: str) -> list[str]:
    """Every contiguous run of two or more parts of each code-like word in `text`, short of
    the whole word (which Pagefind indexes itself), once per occurrence of the word: a page
    that says `vllm_skip_weight_sync` twenty times ranks above one that says it once
    (capping the count at 3 saved Pagefind 4% of its memory and ranked a page that names
    the word once in a short text above the long page built around it)."""
    runs: list[str] = []
    for word in _CODE_WORD.findall(text):
        runs.extend(_word_runs(word))
    return runs


@functools.lru_cache(maxsize=1 << 16)
def _word_runs(word: str) -> tuple[str, ...]:
    """`part_runs` of one word: kept, since a site says the same words on many pages."""
    parts = [(m.start(), m.end()) for m in _PART.finditer(word)]
    if not 2 < len(parts) <= MAX_PARTS:
        return ()
    return tuple(
        word[parts[first][0] : parts[last][1]]
        for first in range(len(parts) - 1)
        for last in range(first + 1, len(parts))
        if (first, last) != (0, len(parts) - 1)
    )


_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_H1 = re.compile(r"<h1\b.*?</h1\s*>", re.S | re.I)


def page_for_index(page: str, title_only: bool = False) -> str:
    """The page as Pagefind reads it: its head and its article (or the article's `<h1>`),
    with the article's part runs in the hidden element."""
    return indexed_page(page, title_only)[0]


def indexed_page(page: str, title_only: bool = False) -> tuple[str, str]:
    """`page_for_index` and the plain text of the article it gives Pagefind."""
    body, marker = page.find("<article"), page.rfind(SPLIT_MARKER)
    start = page.find(">", body) + 1
    if body < 0 or marker < start:
        return page, ""
    article = _without_sections(page[start:marker])
    if title_only:
        title = _H1.search(article)
        article = title.group() if title else ""
    text = html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", article)))
    runs = html.escape(" ".join(part_runs(text)), quote=False)
    filled = f'<div hidden data-split-terms data-pagefind-weight="{RUNS_WEIGHT}">{runs}</div>'
    # Only the head and the article: Pagefind parses all it is given, and the header, nav
    # and sidebars it would skip were about 40% of each page.
    head = page.find("</head>")
    before = page[:head] + "</head><body>" if 0 <= head < body else page[:body]
    return f"{before}{page[body:start]}{article}{filled}</article></body></html>", text


def _without_sections(article: str) -> str:
    """The article's HTML without the `NOT_INDEXED` sections."""
    for heading in NOT_INDEXED:
        begin = article.find(heading)
        if begin >= 0:
            end = article.find("<h2", begin + len(heading))
            article = article[:begin] + (article[end:] if end >= 0 else "")
    return article


def run_pagefind(pages: Path, output: Path) -> None:
    """Pagefind over the filled pages in `pages`, its bundle into `output` (SiteIndexError if
    it fails). Its command line, not its Python API: the API sends every page through a
    pipe, six times slower at 1,000 skills."""
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path"]
    command += [str(output), "--root-selector", ROOT, "--force-language", "en", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": CHUNK_SIZE}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise SiteIndexError(f"pagefind could not index {pages}: {detail}")
