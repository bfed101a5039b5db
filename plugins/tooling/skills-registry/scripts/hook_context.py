"""What Claude reads when a failing command matches the registry: one entry, or the entries of
a few skills that quote the same error (best first), in at most `CONTEXT_LIMIT` characters.

Each entry gives the skill, the entry's title, its cause, its fix and its link. When several
share the room, a long cause is cut at a word and a long fix at a command's end: a shell line
continued with `\\`, a statement whose brackets are still open, an indented block, a heredoc
and a code fence stay whole (an open fence is closed), so what Claude may copy is never half a
command. Skills left out are counted, with where to see them. Standard library, Python 3.9+.
"""

from __future__ import annotations

import re
from typing import Any

CONTEXT_LIMIT = 1500
"""Characters of hook context at most: enough for a fix, small beside a failing log."""
MAX_TITLE = 160
"""Characters of an entry's title shown at most (a title is often the whole error)."""
REST = "[... the rest of the fix is at the link]"
MIN_CAUSE = 80
"""A cause cut shorter than this says too little: the fix gets the room instead."""
_DIGITS = re.compile(r"[0-9]+")
_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")


def render_context(
    found: list[dict[str, Any]], more: int = 0, site: str = "", earlier: int = 0
) -> str:
    """The hook's context for `found` (entries as `Match.as_json` gives them, best first),
    `more` skills quoting the same error that are not shown, and `earlier` ones left out
    because they were given earlier in the session."""
    if len(found) == 1 and not more and not earlier:
        head = "Team skills registry: this failure matches a recorded fix. "
        text = _entry(found[0], "", None, CONTEXT_LIMIT - len(head))
        return (head + text)[:CONTEXT_LIMIT]
    first = str(found[0]["entry"])
    given = f" ({earlier} given earlier in this session)" if earlier else ""
    head = (
        f"Team skills registry: {len(found) + more + earlier} skills quote this error{given}, "
        f"the first as: {_words(first, MAX_TITLE)}\nTheir recorded fixes, best first:\n"
    )
    tail = ""
    if more:
        where = f"{site}errors/ (paste the error there)" if site else "the registry's site"
        tail = (
            f"{more} more skill{'s' if more > 1 else ''} quote this error: {where}, or /advise.\n"
        )
    labels = [f"{number}. " for number in range(1, len(found) + 1)]
    whole = [_entry(match, label, first, CONTEXT_LIMIT) for match, label in zip(found, labels)]
    rooms = fair_shares([len(text) for text in whole], CONTEXT_LIMIT - len(head) - len(tail))
    parts = [
        text if len(text) <= room else _entry(match, label, first, room)
        for match, label, text, room in zip(found, labels, whole, rooms)
    ]
    return (head + "".join(parts) + tail)[:CONTEXT_LIMIT]


def fair_shares(needs: list[int], room: int) -> list[int]:
    """Room for each entry: what it needs when that is less than an even share of what is
    left, the even share otherwise (the long ones split what the short ones leave)."""
    shares = [0] * len(needs)
    left = sorted(range(len(needs)), key=lambda i: needs[i])
    while left:
        share = room // len(left)
        i = left.pop(0)
        shares[i] = min(needs[i], share)
        room -= shares[i]
    return shares


def _entry(match: dict[str, Any], label: str, shared: str | None, room: int) -> str:
    """One entry in `room` characters; its title is left out when it is `shared`'s (the error
    the header names) up to the numbers in it. The fix has the room first, then the cause."""
    title = str(match["entry"])
    if shared is None or _masked(title) != _masked(shared):
        head = f"{label}Skill `{match['skill']}`, entry: {_words(title, MAX_TITLE)}\n"
    else:
        head = f"{label}Skill `{match['skill']}`\n"
    link = f"Full entry: {match['url']}\n"
    room -= len(head) + len(link) + len("Cause: \n") + len("Fix:\n\n")
    fix = str(match["fix"]).strip()
    cause = str(match.get("cause") or "")
    cause_room = max(room - len(fix), min(len(cause), room // 4))
    cause = _words(cause, cause_room) if cause_room >= MIN_CAUSE else ""
    cause_line = f"Cause: {cause}\n" if cause else ""
    fix = shorten_fix(fix, max(room - len(cause), 0))
    return f"{head}{cause_line}Fix:\n{fix}\n{link}"


def _masked(text: str) -> str:
    return " ".join(_DIGITS.sub("0", text).split())


def _words(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit < 20:
        return ""
    cut = text[: limit - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(",;:") + "\u2026"


def shorten_fix(fix: str, room: int) -> str:
    """The fix in at most `room` characters, cut between whole commands (module docstring)."""
    if len(fix) <= room:
        return fix
    kept: list[tuple[str, bool]] = []  # each unit, and whether a fence is open after it
    size = 0
    for unit in command_units(fix.split("\n")):
        text = "\n".join(unit)
        fenced = (kept[-1][1] if kept else False) != bool(
            sum(line.strip().startswith("```") for line in unit) % 2
        )
        closing = len("\n```") if fenced else 0
        if size + len(text) + 1 + closing + len(REST) + 1 > room:
            break
        kept.append((text, fenced))
        size += len(text) + 1
    while kept and kept[-1][1] and kept[-1][0].strip().startswith("```"):
        kept.pop()  # a fence opened with nothing in it
    lines = [text for text, _ in kept]
    if kept and kept[-1][1]:
        lines.append("```")
    return "\n".join([*lines, REST]) if lines else "[the fix is at the link]"


def command_units(lines: list[str]) -> list[list[str]]:
    """The lines grouped so that no group ends inside a command (see the module docstring)."""
    units: list[list[str]] = []
    n = 0
    while n < len(lines):
        unit = [lines[n]]
        depth = _depth(lines[n])
        heredoc = _HEREDOC.search(lines[n])
        indent = len(lines[n]) - len(lines[n].lstrip())
        opens_block = lines[n].rstrip().endswith(":") and not lines[n].lstrip().startswith("#")
        n += 1
        while n < len(lines):
            line, previous = lines[n], unit[-1]
            if heredoc and previous.strip() == heredoc.group(1) and len(unit) > 1:
                break
            inside = (
                bool(heredoc)
                or previous.rstrip().endswith("\\")
                or depth > 0
                or (opens_block and line.strip() and len(line) - len(line.lstrip()) > indent)
            )
            if not inside or line.strip().startswith("```"):
                break
            unit.append(line)
            depth += _depth(line)
            n += 1
        units.append(unit)
    return units


def _depth(line: str) -> int:
    """Brackets a line leaves open (strings and comments are not parsed: a rough count)."""
    code = line.split(" #", 1)[0]
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
