"""Held-out set v6 of the failure hook (`collect.py`): its injection figures, or `--check`.

    .venv/bin/python -m benchmarks.hook_heldout6.evaluate --reg1k /work/regs/reg1k [--list]
    .venv/bin/python -m benchmarks.hook_heldout6.evaluate --check [--reg1k /work/regs/reg1k]

The figures (evaluate once, by the lead: see README.md) are v3's, v4's and v5's
(`hook_heldout3.evaluate` on this folder): per set the cases, injected, right skill among
the injected, right first, wrong only, entries per injection; per shape for the covered
sets; uncovered and noise on each of the three registries, where every injection is wrong.

`--check` never calls the gate: v4's checks (`hook_heldout4.evaluate`) on this folder,
with this set's shapes, noise commands and uncovered scripts, and every `error` as Claude
Code 2.1.328 hands it (`shapes.claude_cut`): whole up to 11,000 characters, otherwise its
first and last 5,000 around the `... [M characters truncated] ...` line.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.hook_heldout6.noise import COMMANDS
from benchmarks.hook_heldout6.shapes import CUT_ABOVE, KEEP, SHAPES
from benchmarks.hook_heldout6.uncovered import SCRIPTS
from site_gen.model import Registry

HERE = Path(__file__).resolve().parent
SIZES = {"covered_dev.yaml": 30, "covered_real.yaml": 20, "covered_reg1k.yaml": 30}
SIZES |= {"uncovered.yaml": 60, "noise.yaml": 110}
_MARKER = re.compile(r"\n\n\.\.\. \[(\d+) characters truncated\] \.\.\.\n\n")


def as_handed(error: str) -> bool:
    """`error` is a text `shapes.claude_cut` can hand: whole and at most 11,000 characters,
    or 5,000 + the marker + 5,000, the marker's count the cut characters of a text longer
    than 11,000."""
    found = _MARKER.search(error, KEEP, KEEP + 60)
    if found is None or found.start() != KEEP:
        return len(error) <= CUT_ABOVE and _MARKER.search(error) is None
    cut = int(found.group(1))
    return len(error) == found.end() + KEEP and cut + 2 * KEEP > CUT_ABOVE


def quoted_lines(registries: list[Registry]) -> list[str]:
    return v4.quoted_lines(registries, HERE)


def check(dev: Registry, reg1k: Registry, every: list[str]) -> list[str]:
    """Every problem of the case files (empty when the set is sound). `reg1k` may hold only
    the covered cases' plugins when `every` has all of its quoted lines."""
    longest = CUT_ABOVE + 2 * KEEP  # past it only a cut text; `as_handed` tells which
    problems = v4.check_files(HERE, SIZES, dict(COMMANDS), SCRIPTS, SHAPES, longest)
    for name in SIZES:
        problems += [
            f"{name} {case['id']}: not cut as Claude Code cuts it"
            for case in v4.cases(name, HERE)
            if not as_handed(case["error"])
        ]
    return problems + v4.check_cases(HERE, dev, reg1k, every, SHAPES)


def main() -> None:
    v4.main(__doc__.split("\n\n")[0], HERE, check, SIZES)


if __name__ == "__main__":
    main()
