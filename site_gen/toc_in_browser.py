"""A page's table of contents and heading permalinks, made in the browser from its headings.

Every page carried its table of contents twice over what the article already holds: each
heading's text and id again in the sidebar, wrapped in Material's list markup, and a
permalink (`<a class="headerlink" href="#id" title="Permanent link">¶</a>`) in each heading.
On a generated skill page that was ~8.5 KB of ~43 (85 MB at 10,000 skills): the
troubleshooting headings are whole error messages.

So a page whose table of contents the browser can rebuild exactly is written without both,
and `overrides/assets/javascripts/headings.js`, run before Material's bundle, puts them back
from the article's headings: the same elements, attributes and text as Material's
`partials/toc.html` and Python-Markdown's `toc` extension write, so Material's scripts
(`toc.follow`, `navigation.tracking`) find the table of contents as before and the page
looks the same (tests/test_toc_in_browser.py compares the two in Chromium).

"Exactly" is checked per page, not assumed: the headings with an id, in order, must be the
table of contents (a `data-toc-label`, a `toc_depth`, a raw-HTML heading with an id, or text
that the two would show differently all fail the check) and `mkdocs.yml`'s permalinks must
be the `toc` extension's defaults. A page that fails keeps Material's own markup, and so does
every page when `navigation.instant` is on (Material then swaps pages without running their
scripts). Without JavaScript the sidebar's list stays empty and registry.css hides its title;
the headings keep their ids, so links to them work.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

PERMALINK = '<a class="headerlink" href="#{}" title="Permanent link">¶</a>'
"""What the `toc` extension appends to a heading with `permalink: true` (and what the script
appends again)."""
_PERMALINK = re.compile(
    r'<a class="headerlink" href="#([^"<>]*)" title="Permanent link">(?:¶|&para;)</a>(?=</h[1-6]>)'
)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")

Entry = tuple[int, str, str, str]
"""(level, id, text, aria label) of a heading or a table of contents entry."""


def _text(markup: str) -> str:
    """The text a browser shows for `markup` (its `textContent`)."""
    return html.unescape(_TAG.sub("", markup))


def _aria(text: str) -> str:
    """The script's aria-label from a heading's text: runs of whitespace as one space."""
    return " ".join(text.split())


def default_permalinks(toc_config: dict[str, Any]) -> bool:
    """Whether `mkdocs.yml`'s `toc` settings give the permalinks the script writes."""
    return (
        toc_config.get("permalink") is True
        and toc_config.get("permalink_class", "headerlink") == "headerlink"
        and toc_config.get("permalink_title", "Permanent link") == "Permanent link"
        and not toc_config.get("permalink_leading", False)
    )


def toc_entries(toc: Iterable[Any]) -> list[Entry]:
    """MkDocs' table of contents in document order, as Material's template shows each entry:
    the title as text, and `title | striptags` as its list's aria-label."""
    entries: list[Entry] = []
    for item in toc:
        title = str(item.title)
        entries.append((item.level, item.id, _text(title), Markup(title).striptags()))
        entries += toc_entries(item.children)
    return entries


def without_permalinks(content: str) -> tuple[str, list[Entry]] | None:
    """The page content without its headings' permalinks, and the entries the script will
    make from its headings with an id; None when a heading with an id has no permalink."""
    entries: list[Entry] = []
    for match in _HEADING.finditer(content):
        found = _ID.search(match.group(2))
        inner = match.group(3)
        link = _PERMALINK.search(inner + f"</h{match.group(1)}>")
        if not found and not link:
            continue  # the script reads only headings with an id
        if not found or link is None or link.group(1) != found.group(1):
            return None
        text = _text(inner[: link.start()])
        entries.append((int(match.group(1)), html.unescape(found.group(1)), text, _aria(text)))
    return _PERMALINK.sub("", content), entries


def move_to_browser(content: str, toc: Iterable[Any], toc_config: dict[str, Any]) -> str | None:
    """`content` without permalinks when the script rebuilds this page's table of contents
    and permalinks exactly; None when the page must keep Material's markup."""
    if not default_permalinks(toc_config):
        return None
    stripped = without_permalinks(content)
    if stripped is None or stripped[1] != toc_entries(toc):
        return None
    return stripped[0]
