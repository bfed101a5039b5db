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

LinkFn = Callable[[str], str]
"""Rewrites a safe link destination (e.g. a repo-relative path to a site page)."""

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_INFO = re.compile(r"[\w+.#-]*")
"""Fence info strings kept as written: a language name only (attributes feed HTML)."""
_SPECIAL = re.compile(r"`|\]\(")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_BLANK = re.compile(r"[\x00-\x20\x7f\\]+")
UNSAFE_HREF = "#unsafe-link-removed"


def is_safe_url(url: str) -> bool:
    """True for http(s)/mailto and scheme-less (relative) URLs, however they are encoded."""
    decoded = _BLANK.sub("", html.unescape(html.unescape(url)))
    match = _SCHEME.match(decoded)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def sanitize(text: str, link: LinkFn | None = None) -> str:
    """Block Markdown with its links rewritten; closed fenced code untouched; same lines."""
    lines = text.split("\n")
    code = fenced_lines(lines)
    return "\n".join(
        line if i in code else sanitize_inline(line, link) for i, line in enumerate(lines)
    )


def fenced_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside closed fences (the fences included, info strings checked).

    A fence that is never closed is not code to Markdown either: its lines are sanitized.
    """
    inside: set[int] = set()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match or (match.group(1)[0] == "`" and "`" in match.group(2)):
            i += 1
            continue
        marker = match.group(1)
        close = next(
            (
                j
                for j in range(i + 1, len(lines))
                if (m := _FENCE.match(lines[j]))
                and m.group(1)[0] == marker[0]
                and len(m.group(1)) >= len(marker)
                and not m.group(2).strip()
            ),
            None,
        )
        if close is None:
            i += 1
            continue
        if _INFO.fullmatch(match.group(2).strip()):
            inside.update(range(i, close + 1))
        i = close + 1
    return inside


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
