"""An `ImportReport` as text for a person or JSON for a script."""

from __future__ import annotations

import json
from collections import Counter

from .. import problems as P
from . import LAYOUT_NAMES, ImportReport

SHOWN_PLUGINS = 5
"""Plugins named per error code in the text verdict; the rest are counted."""


def format_text(report: ImportReport) -> str:
    lines: list[str] = []
    if report.layout:
        found = len(report.planned)
        lines.append(
            f"{report.source}: {LAYOUT_NAMES[report.layout]}, {_count(found, 'skill')} found"
            + (" (dry run: nothing written)" if report.dry_run else "")
        )
    for item in report.planned:
        where = item.target or item.candidate.origin
        detail = f"  (from {item.candidate.origin})"
        if item.action == "update":
            before, after = item.versions
            detail = f"  {before or '?'} -> {after}, {_count(len(item.files), 'file')} changed"
        lines.append(f"  {item.action:<9} {where}{detail}")
    problems = P.sort_problems(
        [*report.problems, *(p for item in report.planned for p in item.problems)]
    )
    if problems:
        lines.append(P.format_text(problems).rsplit("\n", 2)[0])
    if report.layout:
        lines.append(_totals(report))
        lines.extend(_verdict_lines(report))
    return "\n".join(lines) + "\n"


def _totals(report: ImportReport) -> str:
    actions = Counter(item.action for item in report.planned)
    verb = "would import" if report.dry_run else "imported"
    return (
        f"{verb} {actions['new'] + actions['update']} (new {actions['new']}, updated "
        f"{actions['update']}), unchanged {actions['unchanged']}, refused {actions['refused']}"
    )


def _verdict_lines(report: ImportReport) -> list[str]:
    if not report.checked:
        return []
    failing = {path: _codes(found, errors=True) for path, found in report.checked.items()}
    failing = {path: codes for path, codes in failing.items() if codes}
    total = len(report.checked)
    lines = [
        f"check: {total - len(failing)} of {_count(total, 'plugin')} would publish"
        + (f"; {len(failing)} {'has' if len(failing) == 1 else 'have'} errors:" if failing else "")
    ]
    by_code: dict[str, list[str]] = {}
    for path, codes in sorted(failing.items()):
        for code in codes:
            by_code.setdefault(code, []).append(path)
    for code, paths in sorted(by_code.items()):
        shown = ", ".join(paths[:SHOWN_PLUGINS])
        more = f" and {len(paths) - SHOWN_PLUGINS} more" if len(paths) > SHOWN_PLUGINS else ""
        lines.append(f"  {code} in {_count(len(paths), 'plugin')}: {shown}{more}")
    warnings = Counter(code for found in report.checked.values() for code in _codes(found, False))
    if warnings:
        listed = ", ".join(f"{code} in {n}" for code, n in sorted(warnings.items()))
        lines.append(f"warnings, plugins with each (they still publish): {listed}")
    if failing or warnings:
        lines.append("every problem with its line and a hint: site-gen check")
    return lines


def _codes(found: list[P.Problem], errors: bool) -> list[str]:
    return sorted({p.code for p in found if p.is_error == errors})


def format_json(report: ImportReport) -> str:
    problems = P.sort_problems(report.problems)
    data = {
        "source": report.source,
        "layout": report.layout,
        "dry_run": report.dry_run,
        "skills": [
            {
                "name": item.candidate.name,
                "origin": item.candidate.origin,
                "action": item.action,
                "target": item.target,
                "files": sorted(item.files),
                "version": {"before": item.versions[0], "after": item.versions[1]},
                "problems": json.loads(P.format_json(P.sort_problems(item.problems))),
                "check": {
                    "errors": _codes(report.checked.get(item.target, []), errors=True),
                    "warnings": _codes(report.checked.get(item.target, []), errors=False),
                },
            }
            for item in report.planned
        ],
        "problems": json.loads(P.format_json(problems)),
        "would_publish": sum(
            1 for found in report.checked.values() if not any(p.is_error for p in found)
        ),
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
