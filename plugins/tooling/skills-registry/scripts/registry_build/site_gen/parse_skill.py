# Copied from site_gen/parse_skill.py by `site-gen marketplace`: edit that file.
"""SKILL.md text -> `Skill`, and the problems that stop it being read.

Front matter is split and parsed here rather than by a lenient library: an unterminated
block or YAML that is not a mapping must be an error with a line, never silently empty.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from . import problems as P
from .markdown import Document, parse_document, plain
from .model import FailedAttempt, Location, Section, Skill
from .parse_trouble_shapes import with_shapes
from .parse_troubleshooting import parse_skill_troubleshooting

FAILED_HEADING = re.compile(r"failed attempts?|what didn.t work|failures", re.I)
_OVERVIEW_HEADING = re.compile(r"overview", re.I)
ATTEMPT_COLUMN = re.compile(r"attempt|tried|approach|what|change|config|idea", re.I)
WHY_COLUMN = re.compile(r"why|fail|result|error|problem|symptom|reason|outcome|what happened", re.I)
LESSON_COLUMN = re.compile(r"lesson|learn|fix|takeaway|instead|solution|do this|insight", re.I)
_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """Lines as Markdown counts them: only `\\n`, `\\r\\n` and `\\r` end a line.

    (`str.splitlines` also splits at form feeds, `\\x1c`-`\\x1e`, `\\x85` and U+2028/9, which
    would shift every line number after one of them.)
    """
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _load_yaml(raw: str) -> Any:
    """`yaml.safe_load`, through libyaml when PyYAML has it (10x faster on 1,000 skills).

    On an error, the pure-Python loader parses again: its messages name the offending character.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(raw, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(raw)


MAX_FRONT_MATTER_VALUES = 10_000
"""Front matter is a handful of keys; past this many values (counting what YAML aliases
repeat) it is refused before anything formats it: a few hundred bytes of `&a`/`*a` can
otherwise expand into gigabytes."""


class _TooLarge(Exception):
    pass


def count_values(data: Any, limit: int) -> int:
    """Scalars and containers in `data`, counting shared (aliased) parts each time they
    appear; stops counting past `limit`."""
    count, stack = 0, [data]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return count


def parse_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int, list[P.Problem]]:
    """Split `---` front matter from the body: (mapping, body, body's first line, problems)."""
    lines = split_lines(text.removeprefix("\ufeff"))
    if not lines or lines[0].strip() != "---":
        problem = P.error(
            path,
            1,
            "E201",
            "SKILL.md has no YAML front matter",
            "start the file with '---', then 'name: <skill-name>' and 'description: \"...\"', "
            "then '---'",
        )
        return {}, text, 1, [problem]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
    if end is None:
        problem = P.error(
            path,
            1,
            "E202",
            "front matter is not terminated: no closing '---' line",
            "add a line '---' after the last front matter key",
        )
        return {}, "", len(lines) + 1, [problem]
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    try:
        data = _load_yaml(raw) if raw.strip() else None
        if count_values(data, MAX_FRONT_MATTER_VALUES) > MAX_FRONT_MATTER_VALUES:
            raise _TooLarge()
    except (RecursionError, _TooLarge):
        problem = P.error(
            path,
            2,
            "E205",
            f"front matter nests too deeply or expands (YAML aliases) past "
            f"{MAX_FRONT_MATTER_VALUES:,} values",
            "keep front matter flat: name, description, license, metadata with short values",
        )
        return {}, body, end + 2, [problem]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem = P.error(
            path,
            line,
            "E203",
            f"front matter is not valid YAML: {reason}",
            'quote values that contain ":" or "#", e.g. description: "Use when: ..."',
        )
        return {}, body, end + 2, [problem]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        problem = P.error(
            path,
            2,
            "E204",
            f"front matter must be a mapping of keys to values, found {kind}",
            "write 'name: <skill-name>' and 'description: \"...\"' between the '---' lines",
        )
        return {}, body, end + 2, [problem]
    return data, body, end + 2, []


def parse_skill(text: str, path: str, name: str) -> tuple[Skill, list[P.Problem]]:
    """Parse one SKILL.md; `name` is its folder's name."""
    front, body, body_line, found = parse_front_matter(text, path)
    lines = split_lines(text.removeprefix("\ufeff"))
    raw_front = "\n".join(lines[1 : body_line - 2]) if front else ""
    document = parse_document(body, body_line)
    failed, has_section = _failed_attempts(document, path)
    skill = Skill(
        name=name,
        path=path,
        front_matter=front,
        front_matter_text=raw_front,
        body=body,
        body_line=body_line,
        sections=tuple(
            Section(s.title, s.level, s.line, s.body) for s in document.sections if s.level
        ),
        failed_attempts=tuple(failed),
        troubleshooting=tuple(
            with_shapes(parse_skill_troubleshooting(document, path), document, path)
        ),
        overview=tuple(_overview(document)),
        has_failed_attempts_section=has_section,
        document=document,
    )
    return skill, found + layout_warnings(document, path)


def layout_warnings(document: Document, path: str) -> list[P.Problem]:
    """Markdown that the page shows differently from what its author likely meant."""
    found = [
        P.warning(
            path,
            line,
            "W050",
            "this code fence is never closed: the page shows it, and every code block "
            "after it, as text",
            "close the block with a line of the same fence characters (e.g. ```)",
        )
        for line in document.unclosed_fences
    ]
    found += [
        P.warning(
            path,
            line,
            "W051",
            "this table follows a text line directly: the page shows it as text",
            "put a blank line before the table's header row",
        )
        for line in document.loose_tables
    ]
    return found


def _failed_attempts(document: Document, path: str) -> tuple[list[FailedAttempt], bool]:
    rows: list[FailedAttempt] = []
    found_section = False
    for section in document.sections:
        if not section.level or not FAILED_HEADING.search(plain(section.title)):
            continue
        found_section = True
        for part in [section, *document.children(section)]:
            for table in document.tables_in(part):
                attempt, why, lesson = _failed_columns([plain(h) for h in table.header])
                known = {attempt, why, lesson}
                for cells, line in zip(table.rows, table.row_lines):
                    if not any(plain(c) for c in cells):
                        continue
                    extra = tuple(
                        (table.header[i], cell)
                        for i, cell in enumerate(cells)
                        if i not in known and i < len(table.header) and plain(cell)
                    )
                    rows.append(
                        FailedAttempt(
                            attempt=_cell(cells, attempt),
                            why=_cell(cells, why),
                            lesson=_cell(cells, lesson),
                            source=Location(path, line),
                            extra=extra,
                        )
                    )
    return rows, found_section


def _failed_columns(headers: list[str]) -> tuple[int, int, int]:
    """Column indexes of (attempt, why, lesson), by header words, else by position."""
    taken: set[int] = set()

    def pick(pattern: re.Pattern[str], fallback: int) -> int:
        for i, header in enumerate(headers):
            if i not in taken and pattern.search(header):
                taken.add(i)
                return i
        while fallback in taken:
            fallback += 1
        taken.add(fallback)
        return fallback

    why = pick(WHY_COLUMN, 1)
    lesson = pick(LESSON_COLUMN, 2)
    attempt = pick(ATTEMPT_COLUMN, 0)
    return attempt, why, lesson


def _cell(cells: tuple[str, ...], index: int) -> str:
    return cells[index].replace("\\|", "|") if index < len(cells) else ""


def _overview(document: Document) -> list[tuple[str, str]]:
    for section in document.sections:
        if section.level and _OVERVIEW_HEADING.search(section.title):
            for table in document.tables_in(section):
                if len(table.header) >= 2:
                    return [(plain(row[0]), row[1]) for row in table.rows if plain(row[0])]
    return []
