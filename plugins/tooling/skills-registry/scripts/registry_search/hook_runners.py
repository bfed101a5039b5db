# Copied from site_gen/search/hook_runners.py by `site-gen marketplace`: edit that file.
"""A runner's line that a child it ran failed, read so the child's error leads: `make`'s (and
`just`'s, go-task's) recipe-failed line, `srun`'s and `docker compose`'s task-failed notices.

`make: *** [Makefile:10: train] Error 1` (`make[1]: *** [sub] Error 2` in a sub-make) follows
any recipe that exited non-zero, whatever it printed, and so do `srun: error: node: task 0:
Exited with exit code 1` and `trainer-1 exited with code 1` (`tokenize.is_task_failed`) any
task's failure: like `CalledProcessError` (`hook_shapes`) they say only that something failed,
in words every such failure shares. Read: the runner's line as nothing, and when the child
printed no error line of its own (a script that printed its error and exited 1), the last line
with words it printed before the runner's line as the error (as a logged error's child's last
words, `hook_logs`). make's own chatter (`make[1]: Entering directory ...`) is never that line.
make's own errors (`make: *** No rule to make target 'x'.  Stop.`) are not a child's: read as
they are.

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import tokenize
from .hook_logs import Shaped

_CHILD_FAILED = re.compile(
    r"^(?:g?make(?:\[\d+\])?: \*\*\* (?:\[[^\]\n]*\] )?Error -?\d+"
    r"|error: [Rr]ecipe `[^`\n]*` failed (?:on line \d+ )?with exit code \d+"
    r"|task: Failed to run task \"[^\"\n]*\": exit status \d+"
    r"|FAILED \((?:failures|errors)=\d+[^)\n]*\))\s*$"
)
"""make's recipe-failed line, `just`'s (``error: recipe `train` failed on line 11 with exit code
1``), go-task's (`task: Failed to run task "train": exit status 1`) and unittest's summary
(`FAILED (failures=1)`): each says only that what it ran failed."""
_MAKE_SAYS = re.compile(r"^g?make(?:\[\d+\])?: ")
_WORDS = re.compile(r"[A-Za-z]{2,}")
MAX_CHILD = 200
"""Lines above the runner's line looked over for the child's last words."""


def is_make_run(joined: str) -> bool:
    """Whether an output may hold a runner's line for a failed recipe (cheap)."""
    return (
        ("make" in joined and "*** " in joined)
        or "ecipe `" in joined
        or "task: " in joined
        or "FAILED (" in joined
    )


def read(
    lines: list[Shaped],
    make: Callable[[str, float], Shaped],
    notices: list[int],
    last_words: bool = True,
) -> list[Shaped]:
    """`lines` with make's recipe-failed lines and the launcher's `notices` (line numbers) as
    nothing and, when the child printed no error line and `last_words` is asked, its last line
    with words as the error (see the module docstring)."""
    failed = sorted(
        {n for n, line in enumerate(lines) if _CHILD_FAILED.match(line.stripped)} | set(notices)
    )
    if not failed:
        return lines
    out = list(lines)
    for n in failed:
        out[n] = make(lines[n].text, tokenize.SKIP)
    first = failed[0]
    if not last_words or any(line.weight == tokenize.EXCEPTION for line in lines[:first]):
        return out  # the child states its error: read as it is
    for k in range(first - 1, max(-1, first - 1 - MAX_CHILD), -1):
        text = lines[k].stripped
        if _MAKE_SAYS.match(text) or not _WORDS.search(text) or lines[k].weight == tokenize.SKIP:
            continue  # make's own words, a rule, `SystemExit: 1` (`hook_logs`)
        out[k] = make(lines[k].text, tokenize.EXCEPTION)
        break
    return out
