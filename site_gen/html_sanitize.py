"""What is published is sanitized last, on the output HTML (nh3, the Ammonia binding).

Skill text comes from sessions and pull requests, and Python-Markdown has no safe mode: its
maintainers advise sanitizing the HTML it produces. Every page's content passes through
`sanitize_html` after Markdown (see `site_gen.mkdocs_plugin`), so raw HTML, event handlers,
`javascript:`/`data:` links and attr-list attributes in author text never reach a reader,
whatever the Markdown dialect, while code blocks and code spans keep their exact text
(they are already escaped text by then, and stay so).

The allow-list is what Python-Markdown, its extensions (tables, admonitions, footnotes,
details, highlight, toc) and the site's generated pages produce: block and inline text
elements, tables, the filter form controls of the failure index, and a small SVG subset
for charts. Links and images may be relative, http, https or mailto.
"""

from __future__ import annotations

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SVG = {"svg", "g", "rect", "line", "polyline", "path", "circle", "text", "tspan", "title", "desc"}
_FORM = {"input", "select", "option", "label"}
TAGS = frozenset(nh3.ALLOWED_TAGS | _SVG | _FORM)
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "hidden"}
_SVG_ATTRS = {
    "viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "dx", "dy", "r", "cx",
    "cy", "d", "points", "fill", "stroke", "stroke-width", "text-anchor",
    "dominant-baseline", "font-size", "font-weight", "transform", "preserveAspectRatio",
    "opacity", "fill-opacity", "xmlns",
}  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href", "name", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start", "type"},
    "input": {"type", "placeholder", "autocomplete", "value"},
    "option": {"value", "selected"},
    "label": {"for"},
    "span": {"data-tags"},
    "time": {"datetime"},
    **{tag: _SVG_ATTRS for tag in _SVG},
}
"""Attributes allowed per tag (`*`: on every tag); `aria-*` is allowed everywhere."""


def sanitize_html(html: str, relative_links: bool = True) -> str:
    """`html` with only allowed tags, attributes and URL schemes left; comments removed.

    `relative_links=False` drops relative URLs too (HTML placed on another page than the one
    its links were written for)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        url_relative="pass_through" if relative_links else "deny",
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )
