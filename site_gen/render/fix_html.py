"""A fix's Markdown -> the HTML the error lookup places as it is: lists, code, links kept.

The same pipeline as the pages: `safe.sanitize` on the source (unsafe links dropped), then
Python-Markdown with the site's extensions (`mkdocs.yml`'s `markdown_extensions`, pinned here
and checked against it by a test), then nh3 on the output with the pages' allow-list
(`html_sanitize`), links to http, https and mailto only.
"""

from __future__ import annotations

import functools

import markdown

from .. import pygments_reuse
from ..html_sanitize import sanitize_html
from ..markdown import parse_document
from .safe import TAB_MARK, sanitize

EXTENSIONS: dict[str, dict[str, object]] = {
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "tables": {},
    "pymdownx.details": {},
    "pymdownx.highlight": {"anchor_linenums": False},
    "pymdownx.inlinehilite": {},
    "pymdownx.superfences": {},
}
"""`mkdocs.yml`'s extensions, without `toc` (a fix's headings need no anchors)."""
MAX_MARKDOWN = 2000
"""A longer fix is cut at a line before this; the entry's page has it whole."""


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter, reset between fixes: building one per call costs more than converting."""
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSIONS)


@functools.lru_cache(maxsize=4096)
def render_fix(text: str) -> str:
    """Trusted HTML for a fix written in Markdown (cached: fixes repeat across entries)."""
    # Code as the pages have it (`pygments_reuse`'s lexers), whether or not MkDocs has run
    # in this process: the build emits before MkDocs when it renders pages in workers.
    pygments_reuse.install()
    converter = _markdown()
    converter.reset()
    html = converter.convert(sanitize(parse_document(_cut(text.strip())))).replace(TAB_MARK, "\t")
    # The pages' allow-list, but no relative links: they point from the skill page, and would
    # be wrong on /errors/.
    return sanitize_html(html, relative_links=False)


def _cut(text: str) -> str:
    """At most MAX_MARKDOWN characters, cut between lines, with an open fence closed."""
    if len(text) <= MAX_MARKDOWN:
        return text
    lines, kept, size = text.split("\n"), [], 0
    for line in lines:
        if size + len(line) + 1 > MAX_MARKDOWN:
            break
        kept.append(line)
        size += len(line) + 1
    document = parse_document("\n".join(kept))
    for number in document.unclosed_fences:  # the cut left this fence open: close it
        opener = kept[number - 1].strip()
        kept.append(opener[: len(opener) - len(opener.lstrip(opener[0]))])
    return "\n".join([*kept, "", "\u2026"])
