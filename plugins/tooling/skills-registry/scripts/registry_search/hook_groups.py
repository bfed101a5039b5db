# Copied from site_gen/search/hook_groups.py by `site-gen marketplace`: edit that file.
"""Python's exception group traceback (`asyncio.TaskGroup`, `ExceptionGroup`, `trio`), as the
hook reads it.

Python 3.11 prints an exception group with a margin: `  + Exception Group Traceback (most
recent call last):`, then the group's frames and each sub-exception's own traceback behind
`| ` bars, separated by `+-+---------------- 1 ----------------` lines. Behind the bars an
exception line reads as a frame's source. Here the margin goes: each sub-exception becomes a
traceback of its own (a blank line between them), so each is an error of the output, tried last
first as any other (`hook_text`): the one that ended the run may be the first (the others were
cancelled while it propagated).

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\+ (Exception Group Traceback \(most recent call last\):)\s*$")
_SEPARATOR = re.compile(r"^\s*\+[-+]*(?:-+ (?:\d+|\.\.\.) -+|-*)\s*$")
"""`+-+---------------- 1 ----------------`, `+---------------- ... ----------------`,
`+------------------------------------`."""
_BARRED = re.compile(r"^\s*\|(?: |$)(.*)$")


def unbarred(text: str) -> str:
    """`text` with every exception group's margin taken off (module docstring)."""
    if "Exception Group Traceback" not in text:
        return text
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            inside = True
            out.append(header.group(1))
            continue
        if inside:
            barred = _BARRED.match(line)
            if barred:
                out.append(barred.group(1))
                continue
            if _SEPARATOR.match(line):
                out.append("")
                continue
            inside = False
        out.append(line)
    return "\n".join(out)
