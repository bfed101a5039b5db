# Copied from site_gen/search/hook_rich.py by `site-gen marketplace`: edit that file.
"""rich's traceback box, printed or logged by `RichHandler(rich_tracebacks=True)`, as the
hook reads it.

rich draws a traceback in a box (`╭─ Traceback (most recent call last) ─╮` ... `╰───╯`) and
prints the exception under it, wrapped to the box's width. Two things hide it from the line
reading:

- A `RichHandler` prints the box in the log record's message column: every line of it, and
  the exception's lines after it, are indented by the width of the time and level columns,
  where an exception line reads as a frame's source. They are given back their column 0.
- The message is wrapped at word boundaries to the box's width, so an entry quoting the whole
  line never sees it whole. A line as long as the box (less a word's room) goes on in the
  next one: they are joined again.

The exception's lines are those after the box's bottom border, at its indent or deeper, up to
a blank line or a line that starts left of it.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re

_BOTTOM = re.compile(r"^( *)\u2570\u2500+\u256f\s*$")
"""`╰────╯`: a box's bottom border, at its indent."""
MAX_EXCEPTION_LINES = 12
"""Lines of one exception's message, wrapped to the box's width."""
WORD_ROOM = 20
"""How much shorter than the box a wrapped line may be (the next word did not fit)."""


def dedent_boxed(text: str) -> str:
    """`text` with the exception under each rich box at column 0, its wrapped lines joined."""
    if "\u2570" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    n = 0
    while n < len(lines):
        bottom = _BOTTOM.match(lines[n])
        out.append(lines[n])
        n += 1
        if not bottom:
            continue
        indent, width = len(bottom.group(1)), len(lines[n - 1].strip())
        message: list[str] = []
        full = False  # the last line filled the box: the next one goes on with it
        for _ in range(MAX_EXCEPTION_LINES):
            line = lines[n] if n < len(lines) else ""
            if not line.strip() or len(line) - len(line.lstrip(" ")) < indent:
                break
            text_of = line[indent:].rstrip()
            if full:
                message[-1] += " " + text_of.lstrip()
            else:
                message.append(text_of)
            full = len(text_of) >= width - WORD_ROOM
            n += 1
        out.extend(message)
    return "\n".join(out)
