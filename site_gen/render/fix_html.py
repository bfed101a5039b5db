"""A fix's Markdown -> the HTML the error lookup places as it is: lists, code, links kept.

The same pipeline as the pages: `safe.sanitize` on the source (unsafe links dropped), then
Python-Markdown with the site's extensions (`mkdocs.yml`'s `markdown_extensions`, pinned here
and checked against it by a test), then nh3 on the output with the pages' allow-list
(`html_sanitize`), links to http, https and mailto only.
"""

from __future__ import annotations

import functools
import re

import markdown
import nh3

from ..html_sanitize import ATTRIBUTES, TAGS, URL_SCHEMES
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

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter, reset between fixes: building one per call costs more than converting."""
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSIONS)


@functools.lru_cache(maxsize=4096)
def render_fix(text: str) -> str:
    """Trusted HTML for a fix written in Markdown (cached: fixes repeat across entries)."""
    converter = _markdown()
    converter.reset()
    html = converter.convert(sanitize(parse_document(_cut(text.strip())))).replace(TAB_MARK, "\t")
    # The pages' allow-list (html_sanitize), but no relative links: they point from the skill
    # page, and would be wrong on /errors/.
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=None,
        strip_comments=True,
    )


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
    fence = ""
    for line in kept:
        match = _FENCE.match(line)
        if match and not fence:
            fence = match.group(1)
        elif match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            fence = ""
    if fence:
        kept.append(fence)
    return "\n".join([*kept, "", "\u2026"])
