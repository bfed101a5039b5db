"""One reading of each Markdown file: markdown-it-py's CommonMark tokens as a small tree.

`parse_document` parses a file once (markdown-it-py, CommonMark plus GFM tables, with
mdit-py-plugins for `!!!`/`???` admonitions and definition lists, the extensions the site
enables) into a `Document`: top-level sections, pipe tables, code blocks, and lazily the
links and code spans, each with its 1-based source line. The loader keeps the `Document`
on the model; parse_skill, parse_troubleshooting, validation, the emitters and advise read
it instead of scanning raw text with their own fence and heading regexes.

Where the boundary sits: markdown-it-py decides the block structure; the page itself is
rendered by Python-Markdown (pymdownx.superfences, tables, admonition, def_list, attr_list)
under MkDocs, which reads some constructs differently. Where that matters to the model,
this reader follows the page:
- A fence closes only at a line of exactly its own fence characters at its own indent
  (superfences; CommonMark also closes it with a longer fence, or at another indent of up
  to three spaces, which ends a fenced Markdown example at its nested fence). A fence that
  is never closed is text on the page, not code to the end of the file as in CommonMark,
  and superfences then opens no fence after it: every later block shows as text (its
  backticks as inline code). The fence rule here does the same, and reports that opener
  in `Document.unclosed_fences` for a warning. The closer search stays linear: after one
  unclosed opener no other is searched.
- A table whose header line directly follows a paragraph line is text on the page
  (Python-Markdown needs a blank line before it), while GFM lets it interrupt the
  paragraph: here it stays text too (`Document.loose_tables`).
- Cells split as Python-Markdown splits them: a `|` inside a code span or after `\\` does
  not end a cell (GFM splits at a `|` inside a code span). Cells keep their inline
  Markdown as written.
- Heading titles drop a trailing attr list (`## Title {#id}`), as attr_list does.
Known differences left as they are (the model follows CommonMark there; property tests in
tests/test_markdown_properties.py pin the model to markdown-it's reading):
- Python-Markdown nests list items only under 4-space indents (CommonMark: the content
  column), and wants a blank line before a list after a paragraph.
- Python-Markdown wants a blank line around raw HTML blocks; CommonMark ends some at the
  first blank line, so `<details>` followed directly by `## x` hides that heading here.
- A GFM table needs as many delimiter cells as header cells; Python-Markdown does not.
- Superfences refuses some info strings CommonMark accepts (```` ```yaml title ````: a word
  it does not know as an option) and shows that block as text; the model reads code.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown_it.token import Token

from .inline import code_spans, plain, slugify, split_row
from .markdown_parsers import BLOCKS as _BLOCKS
from .markdown_parsers import INLINE as _INLINE

__all__ = [
    "CodeBlock",
    "Document",
    "Link",
    "ListItem",
    "Section",
    "Table",
    "code_spans",
    "parse_document",
    "plain",
    "slugify",
    "split_row",
]

_ATTR_LIST = re.compile(r"\s*\{[#.:][^}]*\}\s*$")
_NEWLINES = re.compile(r"\r\n?")
_MAY_HOLD_LINKS_OR_SPANS = re.compile(r"[]<`]")


@dataclass(frozen=True)
class Section:
    """A top-level heading and the lines under it, up to the next heading of any level."""

    title: str
    """Heading text as written, inline Markdown kept."""
    level: int
    """1 for `#`, 6 for `######`; 0 for the text before the first heading."""
    line: int
    """1-based line of the heading in the file."""
    lines: tuple[str, ...]
    """Body lines, without the heading."""
    body_line: int = 0
    """Line of `lines[0]` (a setext heading takes two lines)."""
    index: int = 0
    """Position in `Document.sections`."""
    end: int = 0
    """Position in `Document.sections` after the last section nested under this one."""

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip("\n")

    @property
    def end_line(self) -> int:
        """The line after the section's last body line."""
        return self.body_line + len(self.lines)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block."""

    lang: str
    """First word of the info string ("" for none and for indented code)."""
    text: str
    """The code as the page shows it, without the fences."""
    line: int
    """Line of the opening fence (indented code: its first line)."""
    end_line: int = 0
    """Last line, closing fence included."""
    fenced: bool = True


@dataclass(frozen=True)
class ListItem:
    """A list item: where it is and the inline source of its first paragraph."""

    line: int
    end_line: int
    """Last line of the item (its nested blocks included)."""
    depth: int
    """0 for an item of a top-level list, 1 inside another item, ..."""
    lead: str
    """Inline Markdown of the item's first paragraph as written ("" when it starts with
    another block)."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    """Line of the header row."""
    row_lines: tuple[int, ...]


@dataclass(frozen=True)
class Link:
    """A link or image destination, as written (reference links resolved)."""

    target: str
    line: int
    image: bool = False


@dataclass(frozen=True, eq=False)
class Document:
    """A Markdown file read once: what every later stage asks about its structure."""

    text: str
    """The text as parsed (line endings normalized to `\\n`)."""
    first_line: int
    """Line of the file where `text` starts (after front matter)."""
    sections: tuple[Section, ...]
    """Top-level headings in order; the text before the first heading is level 0."""
    code_blocks: tuple[CodeBlock, ...]
    """Every code block, nested ones (in lists, admonitions) included, in source order."""
    tables: tuple[Table, ...]
    unclosed_fences: tuple[int, ...] = ()
    """Line of the fence opener without a closer (at most one: no fence opens after it)."""
    loose_tables: tuple[int, ...] = ()
    """Lines of table headers right after a paragraph line: text on the page."""
    inline_blocks: tuple[tuple[int, str], ...] = ()
    """(first line, source) of every paragraph, heading and cell that may hold a link or a
    code span (has `]`, `<` or a backtick)."""
    references: dict[str, Any] | None = None
    """Link reference definitions, for resolving `[text][label]`."""
    list_items: tuple[ListItem, ...] = ()
    """Every list item, nested ones included, in source order."""

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def children(self, section: Section) -> tuple[Section, ...]:
        """The sections nested under `section` (deeper level, before the next sibling)."""
        return self.sections[section.index + 1 : section.end]

    def tables_in(self, section: Section) -> list[Table]:
        """Tables in the body of `section` (not in its subsections)."""
        return _between(self.tables, [t.line for t in self.tables], section)

    def list_items_in(self, section: Section) -> list[ListItem]:
        """List items starting in the body of `section` (not in its subsections)."""
        return _between(self.list_items, [item.line for item in self.list_items], section)

    def code_blocks_in(self, section: Section) -> list[CodeBlock]:
        """Code blocks starting in the body of `section` (not in its subsections)."""
        return _between(self.code_blocks, self._block_starts, section)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.line for b in self.code_blocks]

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """Every line inside a code block (fences included)."""
        return frozenset(
            n for b in self.code_blocks for n in range(b.line, max(b.line, b.end_line) + 1)
        )

    def map_prose(self, transform: Callable[[str], str]) -> str:
        """`text` with `transform` applied to every line outside code blocks."""
        code, first = self.code_lines, self.first_line
        return "\n".join(
            line if first + i in code else transform(line) for i, line in enumerate(self.lines)
        )

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Every link and image destination outside code, with its line."""
        found: list[Link] = []
        for line, source in self.inline_blocks:
            if "]" in source or "<" in source:
                found.extend(_links(source, line, self.references or {}))
        return tuple(found)

    @cached_property
    def code_spans(self) -> tuple[tuple[int, str], ...]:
        """(line, code) of every inline code span outside code blocks."""
        found = []
        for line, source in self.inline_blocks:
            if "`" in source:
                cursor = 0
                for span in code_spans(source):
                    cursor = max(cursor, source.find(span, cursor))
                    found.append((line + source.count("\n", 0, cursor), span))
        return tuple(found)


def _between(items: tuple[Any, ...], starts: list[int], section: Section) -> list[Any]:
    low = bisect.bisect_left(starts, section.body_line)
    high = bisect.bisect_left(starts, section.end_line)
    return list(items[low:high])


def parse_document(text: str, first_line: int = 1) -> Document:
    """Parse `text` (a file's body starting at line `first_line`) once, into a `Document`."""
    text = _NEWLINES.sub("\n", text)
    env: dict[str, Any] = {}
    tokens = _BLOCKS.parse(text, env)
    lines = text.split("\n")
    offset = first_line  # token.map is 0-based
    headings: list[tuple[int, int, int, str]] = []  # (level, line, body_line, title)
    blocks: list[CodeBlock] = []
    tables: list[Table] = []
    inline_blocks: list[tuple[int, str]] = []
    items: list[ListItem] = []
    depth = 0
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type == "list_item_open" and token.map:
            lead = tokens[i + 2].content if tokens[i + 1].type == "paragraph_open" else ""
            start, stop = token.map
            items.append(ListItem(start + offset, stop - 1 + offset, depth - 1, lead))
        if token.type == "inline" and token.map:
            if _MAY_HOLD_LINKS_OR_SPANS.search(token.content):  # most prose holds neither
                inline_blocks.append((token.map[0] + offset, token.content))
        elif token.type == "heading_open" and token.level == 0 and token.map:
            title = _ATTR_LIST.sub("", tokens[i + 1].content).strip()
            start, stop = token.map
            headings.append((int(token.tag[1]), start + offset, stop + offset, title))
        elif token.type in ("fence", "code_block") and token.map:
            fenced = token.type == "fence"
            lang = token.info.split()[0] if fenced and token.info.strip() else ""
            start, stop = token.map
            code = token.content.removesuffix("\n")
            blocks.append(CodeBlock(lang, code, start + offset, stop - 1 + offset, fenced))
        elif token.type == "table_open" and token.map:
            tables.append(_table(tokens, i, offset))
    return Document(
        text=text,
        first_line=first_line,
        sections=_sections(headings, lines, first_line),
        code_blocks=tuple(blocks),
        tables=tuple(tables),
        unclosed_fences=tuple(sorted(n + offset for n in env.get("unclosed_fences", ()))),
        loose_tables=tuple(sorted(n + offset for n in env.get("loose_tables", ()))),
        inline_blocks=tuple(inline_blocks),
        references=env.get("references"),
        list_items=tuple(items),
    )


def _sections(
    headings: list[tuple[int, int, int, str]], lines: list[str], first_line: int
) -> tuple[Section, ...]:
    """Flat sections from the headings, each knowing where its nested ones end (one pass)."""
    bounds = [(0, first_line, first_line, ""), *headings]
    drafts: list[tuple[str, int, int, int, tuple[str, ...]]] = []
    for n, (level, line, body_line, title) in enumerate(bounds):
        stop = bounds[n + 1][1] if n + 1 < len(bounds) else first_line + len(lines)
        body = tuple(lines[body_line - first_line : stop - first_line])
        if level or "\n".join(body).strip():
            drafts.append((title, level, line, body_line, body))
    ends = [len(drafts)] * len(drafts)
    open_sections: list[int] = []
    for n, draft in enumerate(drafts):
        while open_sections and drafts[open_sections[-1]][1] >= draft[1]:
            ends[open_sections.pop()] = n
        open_sections.append(n)
    return tuple(
        Section(title, level, line, body, body_line, n, ends[n])
        for n, (title, level, line, body_line, body) in enumerate(drafts)
    )


def _table(tokens: list[Token], start: int, offset: int) -> Table:
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    line = (tokens[start].map or [0])[0] + offset
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type != "tr_open" or not token.map:
            continue
        cells = split_row(str(token.meta.get("source", "")))
        if not header:
            header = tuple(cells)
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(tuple(cells))
        row_lines.append(token.map[0] + offset)
    return Table(header, tuple(rows), line, tuple(row_lines))


def _links(source: str, first_line: int, references: dict[str, Any]) -> Iterable[Link]:
    line = first_line
    for token in _INLINE.parseInline(source, {"references": references})[0].children or ():
        if token.type in ("softbreak", "hardbreak"):
            line += 1
        elif token.type == "link_open":
            yield Link(str(token.attrs.get("href", "")), line)
        elif token.type == "image":
            yield Link(str(token.attrs.get("src", "")), line, image=True)
        elif token.type == "text":
            line += token.content.count("\n")
