# Copied from site_gen/inline.py by `site-gen marketplace`: edit that file.
"""Inline Markdown of one cell, title or paragraph: code spans, plain text, table cells, slugs.

Code spans are read by markdown-it-py's inline parser (CommonMark's backtick-run rules),
the same reader as the document tree. `plain` and `split_row` stay small regex/scan
functions: `plain` only makes text readable for matching and summaries, and `split_row`
splits as the page's renderer (Python-Markdown's tables) does, which no CommonMark parser
does (GFM splits at a `|` inside a code span).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_SPACES = re.compile(r"\s+")
_ROW_TOKEN = re.compile(r"\\\||`+|\|")


@functools.cache
def _spans() -> MarkdownIt:
    """Only what decides where a code span is: backtick runs, escapes, text. Made on first
    use: `plain` alone (what `site-gen advise` prints with) needs no parser."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(
        ["emphasis", "link", "image", "autolink", "html_inline", "entity", "linkify"],
        ignoreInvalid=True,
    )


def code_spans(text: str) -> list[str]:
    """Inline code spans, unwrapped (`` `a` `` -> `a`), as CommonMark reads them."""
    if "`" not in text:
        return []
    found = []
    for block in _spans().parseInline(text):
        for token in block.children or ():
            if token.type == "code_inline" and token.content.strip():
                found.append(token.content.strip())
    return found


def plain(text: str) -> str:
    """Inline Markdown reduced to readable text: code ticks, emphasis and links removed."""
    if "`" in text:
        text = _CODE_SPAN.sub(lambda m: m.group(2), text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _STRONG.sub(r"\2", text)
    if "*" in text:
        text = _EMPHASIS.sub(r"\1", text)
    text = text.replace("\\|", "|").replace("\\!", "!")
    return _SPACES.sub(" ", text).strip()


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; `\\|` and pipes inside code spans do not split."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    if "`" not in text and "\\" not in text:
        return [cell.strip() for cell in text.split("|")]  # the common case, without the scan
    cells: list[str] = []
    start, ticks = 0, 0  # start of the current cell; length of the open code span's ticks
    for token in _ROW_TOKEN.finditer(text):
        piece = token.group()
        if piece.startswith("`"):
            run = len(piece)
            if ticks == 0 and text.find(piece, token.end()) != -1:
                ticks = run
            elif ticks == run:
                ticks = 0
        elif piece == "|" and ticks == 0:
            cells.append(text[start : token.start()].strip())
            start = token.end()
    cells.append(text[start:].strip())
    return cells


def slugify(text: str) -> str:
    """A stable, readable anchor: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", plain(text).lower())
    return "-".join(words)[:80].strip("-") or "entry"
