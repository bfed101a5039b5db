"""Author Markdown's links made to work on the site, and unsafe ones dropped early.

The text itself is left as written (code blocks and spans byte for byte): what makes the
page safe is `site_gen.html_sanitize`, run on the HTML MkDocs produces. Here every link
destination is rewritten for the site (repo-relative paths to pages or source links) and
`javascript:`, `data:` and friends, even entity-encoded, are dropped before they are
rewritten. Line count is kept, so callers can still address lines by their number.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..markdown import Document, parse_document

LinkFn = Callable[[str], str]
"""Rewrites a safe link destination (e.g. a repo-relative path to a site page)."""

_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_SPECIAL = re.compile(r"`|\]\(")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_BLANK = re.compile(r"[\x00-\x20\x7f\\]+")
UNSAFE_HREF = "#unsafe-link-removed"
TAB_MARK = "\uf709"
"""Stands for a tab inside code between the page Markdown and its HTML (see `sanitize`)."""


def is_safe_url(url: str) -> bool:
    """True for http(s)/mailto and scheme-less (relative) URLs, however they are encoded."""
    decoded = _BLANK.sub("", html.unescape(html.unescape(url)))
    match = _SCHEME.match(decoded)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def sanitize(document: Document, link: LinkFn | None = None) -> str:
    """The document's text, links rewritten outside code, code kept (tabs marked): same lines."""
    code_tabs = _code_tab_lines(document)
    first = document.first_line
    out = []
    for i, line in enumerate(document.lines):
        number = first + i
        if number in code_tabs:
            out.append(code_tabs[number])
        elif number in document.code_lines:
            out.append(line)
        else:
            out.append(sanitize_inline(line, link))
    return "\n".join(out)


def sanitize_text(text: str, link: LinkFn | None = None) -> str:
    """`sanitize` for a fragment that has no parsed document of its own (an entry's fix)."""
    return sanitize(parse_document(text), link)


def _code_tab_lines(document: Document) -> dict[int, str]:
    """Code lines holding tabs, with those tabs marked so that Markdown keeps them.

    Python-Markdown expands every tab to spaces before it parses, code blocks included, which
    breaks copy-pasted Makefiles and TSV. A tab inside code becomes `TAB_MARK` here and a tab
    again in the page's HTML (`site_gen.mkdocs_plugin`). Indentation that makes the block
    (a fence's own indent, an indented block's first tab or four spaces) stays as written.
    """
    lines, first = document.lines, document.first_line
    marked: dict[int, str] = {}
    for block in document.code_blocks:
        opener = lines[block.line - first] if 0 <= block.line - first < len(lines) else ""
        indent = len(opener) - len(opener.lstrip(" ")) if block.fenced else -1
        if block.fenced:
            body = range(block.line + 1, block.end_line)
        else:
            body = range(block.line, max(block.line, block.end_line) + 1)
        for number in body:
            line = lines[number - first] if 0 <= number - first < len(lines) else ""
            if "\t" in line:
                keep = _block_indent(line, indent)
                marked[number] = line[:keep] + line[keep:].replace("\t", TAB_MARK)
    return marked


def _block_indent(line: str, fence_indent: int) -> int:
    """How many leading characters of a code line belong to the block's indentation."""
    stripped = line.lstrip(" ")
    spaces = len(line) - len(stripped)
    if fence_indent >= 0:
        return min(spaces, fence_indent)
    if spaces >= 4:
        return 4
    return spaces + 1 if stripped.startswith("\t") else spaces


def sanitize_inline(text: str, link: LinkFn | None = None) -> str:
    """One line (or table cell) of inline Markdown, links rewritten; code spans untouched."""
    ref = _REF_DEF.match(text)
    if ref:
        dest = ref.group(2).strip("<>")
        return ref.group(1) + _rewrite(dest, link) + ref.group(3)
    parts: list[str] = []
    i = 0
    while i < len(text):
        special = _SPECIAL.search(text, i)
        if special is None:
            parts.append(text[i:])
            break
        parts.append(text[i : special.start()])
        i = special.start()
        if text[i] == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            end = text.find("`" * run, i + run)
            while end != -1 and text[end + run : end + run + 1] == "`":
                end = text.find("`" * run, end + run + 1)
            if end != -1:
                parts.append(text[i : end + run])
                i = end + run
                continue
            parts.append("`" * run)
            i += run
            continue
        if text.startswith("](", i):
            dest, title, stop = _destination(text, i + 2)
            parts.append("](" + _rewrite(dest, link) + title + ")")
            i = stop
            continue
        parts.append(text[i])
        i += 1
    return "".join(parts)


def plain_attr(text: str) -> str:
    """Text for a theme attribute or title (front matter): no markup, no entities, no quotes."""
    text = html.unescape(text)
    return re.sub(r"\s+", " ", re.sub(r"[<>\"`{}&\\]", "", text)).strip()


def _destination(text: str, start: int) -> tuple[str, str, int]:
    """Parse `dest "title")` after `](`: (dest, rest before `)`, index after `)`)."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] == "<":
        end = text.find(">", i)
        if end == -1:
            end = len(text)
        dest, i = text[i + 1 : end], end + 1
    else:
        depth, begin = 0, i
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text):
                i += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char in " \t" and depth == 0:
                break
            i += 1
        dest = text[begin:i]
    close = _closing_paren(text, i)
    rest = text[i:close]
    if rest.strip() and rest.strip()[0] not in "\"'(":
        # Not a title: Markdown may read it as part of the URL, so judge them together.
        dest, rest = dest + rest, ""
    return dest, rest, min(close + 1, len(text))


def _closing_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(text)


def _rewrite(dest: str, link: LinkFn | None) -> str:
    if not is_safe_url(dest):
        return UNSAFE_HREF
    new = link(dest) if link else dest
    if not is_safe_url(new):
        return UNSAFE_HREF
    # Percent-encode what would end the `(...)` early or start markup.
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", new)
