"""Small, fence-aware Markdown readers: sections, pipe tables, code spans.

Skills are written by people and by `/retrospective`; these readers are lenient about
layout but never lose line numbers, so every parsed item can point back at its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})(.*)$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_ATTR_LIST = re.compile(r"\s*\{[#.][^}]*\}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_SPACES = re.compile(r"\s+")
_ROW_TOKEN = re.compile(r"\\\||`+|\|")


@dataclass(frozen=True)
class Section:
    """A heading and the lines under it, up to the next heading of any level."""

    title: str
    """Heading text as written, inline Markdown kept."""
    level: int
    """1 for `#`, 6 for `######`; 0 for the text before the first heading."""
    line: int
    """1-based line of the heading in the file."""
    lines: tuple[str, ...]
    """Body lines, without the heading."""

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip("\n")

    @property
    def body_line(self) -> int:
        return self.line + 1


@dataclass(frozen=True)
class CodeBlock:
    lang: str
    text: str
    line: int


def split_sections(text: str, first_line: int = 1) -> list[Section]:
    """Split Markdown into flat sections; headings inside fenced code are not headings."""
    sections: list[Section] = []
    title, level, start = "", 0, first_line
    body: list[str] = []
    fence: str | None = None
    for offset, raw in enumerate(text.splitlines()):
        fence = _next_fence_state(raw, fence)
        heading = fence is None and raw.startswith("#") and not _FENCE.match(raw)
        match = _HEADING.match(raw) if heading else None
        if match:
            sections.append(Section(title, level, start, tuple(body)))
            title = _ATTR_LIST.sub("", match.group(2)).strip()
            level, start, body = len(match.group(1)), first_line + offset, []
        else:
            body.append(raw)
    sections.append(Section(title, level, start, tuple(body)))
    return [s for s in sections if s.level or s.body.strip()]


def subsections(sections: list[Section], parent: Section) -> list[Section]:
    """The sections nested under `parent` (deeper level, before the next sibling)."""
    index = sections.index(parent)
    children = []
    for section in sections[index + 1 :]:
        if section.level <= parent.level:
            break
        children.append(section)
    return children


def _next_fence_state(line: str, fence: str | None) -> str | None:
    if "```" not in line and "~~~" not in line:
        return fence  # most lines: skip the regex (a large registry has a million lines)
    match = _FENCE.match(line)
    if not match:
        return fence
    marker = match.group(1)
    if fence is None:
        return marker
    if marker[0] == fence[0] and len(marker) >= len(fence) and not match.group(2).strip():
        return None
    return fence


def code_blocks(lines: tuple[str, ...] | list[str], first_line: int) -> list[CodeBlock]:
    """Fenced code blocks in `lines`, with the line of their opening fence."""
    blocks: list[CodeBlock] = []
    fence: str | None = None
    lang, start = "", 0
    body: list[str] = []
    for offset, raw in enumerate(lines):
        state = _next_fence_state(raw, fence)
        if fence is None and state is not None:
            lang, start, body = raw.strip().lstrip("`~").strip(), first_line + offset, []
        elif fence is not None and state is None:
            blocks.append(CodeBlock(lang.split()[0] if lang else "", "\n".join(body), start))
        elif fence is not None:
            body.append(raw)
        fence = state
    return blocks


def map_outside_code(text: str, transform: Callable[[str], str]) -> str:
    """`text` with `transform` applied to every line outside fenced code blocks."""
    out: list[str] = []
    fence: str | None = None
    for raw in text.splitlines():
        state = _next_fence_state(raw, fence)
        inside = fence is not None or state is not None
        out.append(raw if inside else transform(raw))
        fence = state
    return "\n".join(out)


def strip_code_blocks(lines: tuple[str, ...] | list[str]) -> list[str]:
    """The lines outside fenced code blocks (blocks replaced by blank lines)."""
    kept: list[str] = []
    fence: str | None = None
    for raw in lines:
        state = _next_fence_state(raw, fence)
        inside = fence is not None or state is not None
        kept.append("" if inside else raw)
        fence = state
    return kept


def code_spans(text: str) -> list[str]:
    """Inline code spans, unwrapped (`` `a` `` -> `a`)."""
    return [m.group(2).strip() for m in _CODE_SPAN.finditer(text) if m.group(2).strip()]


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


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    """Line of the header row."""
    row_lines: tuple[int, ...]


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


_SEPARATOR_CELL = re.compile(r"^:?-{1,}:?$")


def tables(lines: tuple[str, ...] | list[str], first_line: int) -> list[Table]:
    """Pipe tables in `lines` (outside code fences)."""
    visible = strip_code_blocks(lines)
    found: list[Table] = []
    i = 0
    while i < len(visible) - 1:
        head, sep = visible[i], visible[i + 1]
        sep_cells = split_row(sep) if "|" in sep else []
        if (
            "|" in head
            and sep_cells
            and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in sep_cells)
        ):
            header = tuple(split_row(head))
            rows, row_lines = [], []
            j = i + 2
            while j < len(visible) and "|" in visible[j] and visible[j].strip():
                cells = split_row(visible[j])
                cells += [""] * (len(header) - len(cells))
                rows.append(tuple(cells))
                row_lines.append(first_line + j)
                j += 1
            found.append(Table(header, tuple(rows), first_line + i, tuple(row_lines)))
            i = j
        else:
            i += 1
    return found


def slugify(text: str) -> str:
    """A stable, readable anchor: lowercase words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", plain(text).lower())
    return "-".join(words)[:80].strip("-") or "entry"
