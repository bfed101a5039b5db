"""Troubleshooting entries from the three layouts authors write.

(a) `#### Issue N: title` with `**Symptom:**` / `**Cause:**` / `**Solution:**` bullets;
(b) a table with Error / Cause / Fix (or Symptom / Solution) columns;
(c) a heading that is the error itself (``## `RuntimeError: ...` ``), prose, a fix code block.

The exact error text (code spans and error-looking code blocks) is kept apart from prose:
the error lookup matches on it. Everything here reads the file's `Document` (one parse);
which lines are code comes from it, never from a fence scan of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markdown import Document, Section, Table, code_spans, parse_document, plain
from .model import Location, TroubleshootingEntry

_LABELS = {
    "symptom": "symptom",
    "symptoms": "symptom",
    "error": "symptom",
    "errors": "symptom",
    "error message": "symptom",
    "message": "symptom",
    "cause": "cause",
    "root cause": "cause",
    "causes": "cause",
    "why": "cause",
    "reason": "cause",
    "solution": "fix",
    "solutions": "fix",
    "fix": "fix",
    "fixes": "fix",
    "resolution": "fix",
    "workaround": "fix",
    "how to fix": "fix",
}
_LABEL_WORDS = "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
_BOLD_LABEL = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:\*\*|__)\s*({_LABEL_WORDS})\s*:?\s*(?:\*\*|__)\s*:?\s*(.*)$", re.I
)
_PLAIN_LABEL = re.compile(rf"^\s*(?:[-*+]\s+)?({_LABEL_WORDS})\s*:\s+(.*)$", re.I)
_ERRORISH = re.compile(
    r"(error|exception|traceback|failed|failure|fatal|panic|errno|not found|denied|refused|"
    r"timeout|timed out|nan|oom|out of memory|segmentation|abort|\b[45]\d\d\b|warning)",
    re.I,
)
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CONTAINER = re.compile(r"issue|problem|troubleshoot|error|known|pitfall|gotcha", re.I)
_SKILL_TROUBLESHOOTING = re.compile(r"troubleshoot|common errors|known issues|error", re.I)
_ERROR_BLOCK_LANGS = {
    "",
    "text",
    "txt",
    "log",
    "console",
    "pytb",
    "python-traceback",
    "shell-session",
}

ERROR_COLUMN = re.compile(r"error|symptom|message|problem|issue", re.I)
CAUSE_COLUMN = re.compile(r"cause|why|reason", re.I)
FIX_COLUMN = re.compile(r"fix|solution|resolution|workaround|remed|how to", re.I)


@dataclass
class _Draft:
    title: str
    line: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """Field name -> (line number, text) of its lines, code lines included."""


def parse_troubleshooting_file(
    text: str, path: str, document: Document | None = None
) -> list[TroubleshootingEntry]:
    """Every entry of a `references/troubleshooting.md` (`document`: `text` already parsed)."""
    doc = document or parse_document(text)
    entries: list[TroubleshootingEntry] = []
    for section in doc.sections:
        entries.extend(_table_entries(doc, section, path))
        if section.level >= 2 and _is_entry(doc, section):
            entries.append(_section_entry(doc, section, path))
    return entries


def parse_issue_sections(
    text: str,
    path: str,
    container: re.Pattern[str] = _CONTAINER,
    document: Document | None = None,
) -> list[TroubleshootingEntry]:
    """Entries nested under a heading such as "Issues Encountered and Solutions"."""
    doc = document or parse_document(text)
    entries: list[TroubleshootingEntry] = []
    for parent in doc.sections:
        if not parent.level or not container.search(plain(parent.title)):
            continue
        entries.extend(_table_entries(doc, parent, path))
        for child in doc.children(parent):
            if _is_entry(doc, child):
                entries.extend(_table_entries(doc, child, path))
                entries.append(_section_entry(doc, child, path))
    return _dedupe_by_location(entries)


def parse_skill_troubleshooting(document: Document, path: str) -> list[TroubleshootingEntry]:
    """Entries in a SKILL.md "Troubleshooting" / "Common Errors" section."""
    return parse_issue_sections(document.text, path, _SKILL_TROUBLESHOOTING, document)


def _is_entry(doc: Document, section: Section) -> bool:
    has_children = section.end > section.index + 1
    body = section.body.strip()
    if not body:
        return False
    code = doc.code_lines
    lines = enumerate(section.lines, section.body_line)
    if any(_label(line) for number, line in lines if number not in code):
        return True
    if has_children and not doc.code_blocks_in(section):
        return False
    title = plain(section.title)
    return (
        bool(code_spans(section.title))
        or bool(_ERRORISH.search(title))
        or (title.lower().startswith("issue"))
    )


def _label(line: str) -> tuple[str, str] | None:
    match = _BOLD_LABEL.match(line) or _PLAIN_LABEL.match(line)
    if not match:
        return None
    return _LABELS[match.group(1).lower()], match.group(2)


def _section_entry(doc: Document, section: Section, path: str) -> TroubleshootingEntry:
    title = re.sub(r"^issue\s*\d*\s*[:.\-]\s*", "", section.title, flags=re.I).strip()
    draft = _Draft(title or section.title, section.line)
    current = "intro"
    code = doc.code_lines
    for number, raw in enumerate(section.lines, section.body_line):
        if number not in code:
            if _THEMATIC_BREAK.match(raw):
                continue  # a `---` between entries belongs to no field
            label = _label(raw)
            if label:
                current, raw = label[0], label[1]
        draft.fields.setdefault(current, []).append((number, raw))
    return _finish(doc, draft, section, path)


def _finish(doc: Document, draft: _Draft, section: Section, path: str) -> TroubleshootingEntry:
    code = doc.code_lines
    fields = {name: _join(lines) for name, lines in draft.fields.items()}
    prose = {
        name: _join([(n, ln) for n, ln in lines if n not in code])
        for name, lines in draft.fields.items()
    }
    errors = list(code_spans(draft.title)) or wholly_quoted(draft.title)
    if not errors and _ERRORISH.search(plain(draft.title)):
        errors.append(plain(draft.title))
    fix = fields.get("fix", "")
    leftover_blocks: list[str] = []
    for name in ("intro", "symptom"):
        numbers = {n for n, _ in draft.fields.get(name, [])}
        for block in doc.code_blocks_in(section):
            if block.line not in numbers:
                continue
            if block.lang.lower() in _ERROR_BLOCK_LANGS and _ERRORISH.search(block.text):
                errors.append(block.text.strip())
            elif name == "intro":
                leftover_blocks.append(_fenced(block.text, block.lang))
    symptom = prose.get("symptom", "")
    errors.extend(code_spans(symptom) or wholly_quoted(symptom))  # `**Error**: "Rate limit"`
    prose_intro = prose.get("intro", "")
    cause = fields.get("cause", "") or (prose_intro if fix or leftover_blocks else "")
    if not fix and leftover_blocks:
        fix = "\n\n".join(leftover_blocks)
    elif not fix and not cause:
        fix = prose_intro
    return TroubleshootingEntry(
        title=draft.title,
        errors=tuple(dict.fromkeys(e for e in errors if e)),
        symptom=prose.get("symptom", ""),
        cause=cause.strip(),
        fix=fix.strip(),
        anchor="",
        source=Location(path, section.line),
    )


QUOTES = "\"'\u201c\u201d\u2018\u2019"
_OPENING = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_ERROR_LABEL = re.compile(r"^(?:error|error message|message|exception)\s*[:\-\u2013]\s*", re.I)


def wholly_quoted(text: str) -> list[str]:
    """The text an author quoted as a whole (`"Insufficient credits"`, `Error: "Model not
    found"`): what the program prints, with the quotes and an error label off; else []."""
    words = _ERROR_LABEL.sub("", plain(text).strip(), count=1)
    close = _OPENING.get(words[:1])
    if len(words) < 3 or close is None or words[-1] != close or close in words[1:-1]:
        return []
    inner = words[1:-1].strip()
    return [inner] if inner else []


def _join(lines: list[tuple[int, str]]) -> str:
    return "\n".join(text for _, text in lines).strip()


def _fenced(text: str, lang: str) -> str:
    """`text` as a fenced block whose fence no line of `text` can close."""
    ticks = max([3, *(len(m) + 1 for m in re.findall(r"`{3,}", text))])
    return f"{'`' * ticks}{lang}\n{text}\n{'`' * ticks}"


def _table_entries(doc: Document, section: Section, path: str) -> list[TroubleshootingEntry]:
    entries = []
    for table in doc.tables_in(section):
        columns = _troubleshooting_columns(table)
        if columns is None:
            continue
        error_col, cause_col, fix_col = columns
        for row, line in zip(table.rows, table.row_lines):
            error_cell = row[error_col]
            if not plain(error_cell):
                continue
            entries.append(
                TroubleshootingEntry(
                    title=error_cell,
                    errors=tuple(code_spans(error_cell) or [plain(error_cell)]),
                    symptom=error_cell,
                    cause=row[cause_col] if cause_col is not None else "",
                    fix=row[fix_col],
                    anchor="",
                    source=Location(path, line),
                )
            )
    return entries


def _troubleshooting_columns(table: Table) -> tuple[int, int | None, int] | None:
    headers = [plain(h) for h in table.header]
    error = next((i for i, h in enumerate(headers) if ERROR_COLUMN.search(h)), None)
    fix = next((i for i, h in enumerate(headers) if FIX_COLUMN.search(h) and i != error), None)
    cause = next(
        (i for i, h in enumerate(headers) if CAUSE_COLUMN.search(h) and i not in (error, fix)),
        None,
    )
    if error is None or fix is None:
        return None
    return error, cause, fix


def _dedupe_by_location(entries: list[TroubleshootingEntry]) -> list[TroubleshootingEntry]:
    seen: dict[Location, TroubleshootingEntry] = {}
    for entry in entries:
        seen.setdefault(entry.source, entry)
    return list(seen.values())
