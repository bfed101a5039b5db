"""Troubleshooting written the way public skills write it, beyond the template's entries.

`parse_troubleshooting` reads the template's layouts (an entry per heading with labelled
Symptom / Cause / Solution, error tables). Real skills also write, under a heading such as
"Troubleshooting", "Common Issues" or "Error Handling" (in SKILL.md or any reference file):

- a subheading per problem that is a symptom, not an error (`### Slow convergence`), prose
  and code under it;
- bullets led by bold text: `- **"ModuleNotFoundError: rdkit"**: pip install rdkit` (a quoted
  error) or `- **Memory errors**: lower the batch size` (a symptom);
- `**Problem:** ... **Solution:** ...` (or `**Error:**` / `**Issue:**`) paragraphs, several
  in one section.

Each becomes an entry. Its `errors` are only what the author quoted (code spans or a quoted
string that looks like an error, error-looking code blocks); an entry with none is
`title_only`: `site-gen lookup` finds it by its words, the failure hook never names it.
Only what the template parsers did not already read is added (their entries stay exactly as
they were). Structure comes from the file's one parse (`Document`: sections, list items, code
lines); the small regexes here read one bold lead or one label, never block structure.
"""

from __future__ import annotations

import re

from .markdown import Document, ListItem, Section, code_spans, plain
from .model import Location, TroubleshootingEntry
from .parse_troubleshooting import (
    _ERROR_BLOCK_LANGS,
    _ERROR_LABEL,
    _ERRORISH,
    _label,
    _table_entries,
    wholly_quoted,
)

CONTAINER = re.compile(
    r"troubleshoot|common (?:issues|errors|problems|pitfalls|mistakes)|error handling"
    r"|known (?:issues|problems|limitations)|pitfalls|gotchas",
    re.I,
)
"""Headings whose subsections and bullets are problems with their fixes."""
_NOT_PROBLEMS = re.compile(
    r"resource|best practice|reference|see also|getting help|further|tips\b|checklist"
    r"|overview|summary|introduction|links|documentation|prevention|avoid",
    re.I,
)
"""Subsections of a troubleshooting section that list advice or links, not problems."""
_BOLD_LEAD = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(\*\*|__)(.+?)\1\s*[:\-\u2013\u2014]?\s*(.*)$", re.S
)
_PROBLEM_LABELS = {"problem", "issue", "error", "symptom", "symptoms", "error message"}
_EXCEPTION = re.compile(r"\b\w*(?:Error|Exception|Warning)\b|\berror\b|\bfailed\b", re.I)


def bold_lead(text: str) -> tuple[str, str] | None:
    """(bold text, the rest) of a paragraph or bullet that opens with bold text."""
    match = _BOLD_LEAD.match(text)
    if not match or not plain(match.group(2)).strip(" :"):
        return None
    return match.group(2).strip(), match.group(3).strip()


def error_label(title: str) -> bool:
    """`**Problem:**`, `**Error:**`, ...: a label opening a problem, not a title."""
    return plain(title).strip().rstrip(":").strip().lower() in _PROBLEM_LABELS


def quoted_errors(text: str) -> list[str]:
    """Error text the author quoted in `text`: error-looking code spans, or the whole text
    when it is in quotes and looks like an error."""
    spans = [s.strip() for s in code_spans(text) if _ERRORISH.search(s) and s.strip()]
    if spans:
        return spans
    inner = wholly_quoted(text)
    labelled = inner and _ERROR_LABEL.match(plain(text).strip())  # `Error: "Rate limit"`
    return inner if inner and (labelled or _ERRORISH.search(inner[0])) else []


def is_quoted_error(text: str) -> bool:
    return bool(quoted_errors(text))


def shape_entries(doc: Document, path: str, taken: set[int]) -> list[TroubleshootingEntry]:
    """Entries of the troubleshooting sections of `doc` that no entry at `taken` (the lines of
    the entries already read from it) covers."""
    entries: list[TroubleshootingEntry] = []
    done: set[int] = set()
    for parent in doc.sections:
        if parent.index in done or not parent.level or not CONTAINER.search(plain(parent.title)):
            continue
        if parent.line in taken:
            continue
        done.update(range(parent.index, parent.end))
        entries += _table_entries(doc, parent, path) if parent.line not in taken else []
        entries += _body_entries(doc, parent, path)
        skip_until = -1
        for child in doc.children(parent):
            if child.index < skip_until:
                continue
            if child.line in taken or _NOT_PROBLEMS.search(plain(child.title)):
                skip_until = child.end  # an entry already, or advice: not problems
                continue
            entries += _table_entries(doc, child, path)
            found = _body_entries(doc, child, path)
            if found:
                entries += found
            elif child.end == child.index + 1 and child.body.strip():
                entries.append(_heading_entry(doc, child, path))
    seen = set(taken)
    unique = []
    for entry in entries:
        if entry.source.line not in seen and (entry.errors or plain(entry.title).strip()):
            seen.add(entry.source.line)
            unique.append(entry)
    return unique


def _body_entries(doc: Document, section: Section, path: str) -> list[TroubleshootingEntry]:
    """Bold-led bullets and labelled problem paragraphs in the body of `section`."""
    return _labelled(doc, section, path) or _bullets(doc, section, path)


def _bullets(doc: Document, section: Section, path: str) -> list[TroubleshootingEntry]:
    items = doc.list_items_in(section)
    depth = min((item.depth for item in items), default=0)
    entries = []
    for item in items:
        lead = bold_lead(item.lead) if item.depth == depth else None
        if lead is None or error_label(lead[0]) or _label(f"**{lead[0]}**"):
            continue
        title, rest = lead
        body = "\n".join([rest, *_item_lines(doc, item)[1:]]).strip()
        errors = quoted_errors(title)
        entries.append(_entry(title, errors, "", body, path, item.line))
    return entries


def _item_lines(doc: Document, item: ListItem) -> list[str]:
    lines = doc.lines[item.line - doc.first_line : item.end_line - doc.first_line + 1]
    return [line.strip() for line in lines]


def _labelled(doc: Document, section: Section, path: str) -> list[TroubleshootingEntry]:
    """`**Problem:** x` then `**Cause:**` / `**Solution:**` lines, repeated."""
    drafts: list[tuple[int, str, dict[str, list[str]]]] = []
    code = doc.code_lines
    for number, line in enumerate(section.lines, section.body_line):
        lead = bold_lead(line) if number not in code else None
        if lead and error_label(lead[0]):
            drafts.append((number, lead[1], {}))
            continue
        if not drafts:
            continue
        label = _label(line) if number not in code else None
        fields = drafts[-1][2]
        if label and label[0] in ("cause", "fix"):
            fields.setdefault(label[0], []).append(label[1])
        elif fields:
            fields[list(fields)[-1]].append(line)
        else:
            fields.setdefault("symptom", []).append(line)
    entries = []
    for start, problem, fields in drafts:
        text = {name: "\n".join(lines).strip() for name, lines in fields.items()}
        title = problem or plain(section.title)
        errors = quoted_errors(problem) or [
            s for s in code_spans(text.get("symptom", "")) if _EXCEPTION.search(s)
        ]
        cause, fix = text.get("cause", ""), text.get("fix", "")
        entries.append(_entry(title, errors, cause, fix, path, start, text.get("symptom", "")))
    return [e for e in entries if e.fix or e.cause]


def _heading_entry(doc: Document, section: Section, path: str) -> TroubleshootingEntry:
    errors = quoted_errors(section.title)
    blocks = doc.code_blocks_in(section)
    for block in blocks[:1]:
        first = block.text.strip().split("\n")[-1] if block.text.strip() else ""
        if block.lang.lower() in _ERROR_BLOCK_LANGS and _EXCEPTION.search(first):
            errors.append(block.text.strip())
    paragraphs = [p for p in section.body.split("\n\n") if p.strip()]
    symptom = (
        paragraphs[0].strip() if paragraphs and not paragraphs[0].startswith(("`", " ")) else ""
    )
    return _entry(section.title, errors, "", section.body.strip(), path, section.line, symptom)


def _entry(
    title: str,
    errors: list[str],
    cause: str,
    fix: str,
    path: str,
    line: int,
    symptom: str = "",
) -> TroubleshootingEntry:
    return TroubleshootingEntry(
        title=title.strip().rstrip(":.").strip(),
        errors=tuple(dict.fromkeys(e for e in errors if e)),
        symptom=symptom,
        cause=cause,
        fix=fix,
        anchor="",
        source=Location(path, line),
        title_only=not any(errors),
    )


def with_shapes(
    entries: list[TroubleshootingEntry], doc: Document, path: str
) -> list[TroubleshootingEntry]:
    """`entries` (read from `doc` by the template parsers), then what else `doc` holds."""
    return [*entries, *shape_entries(doc, path, {e.source.line for e in entries})]
