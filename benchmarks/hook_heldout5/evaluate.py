"""Held-out set v5 of the failure hook (`collect.py`): its injection figures, or `--check`.

    .venv/bin/python -m benchmarks.hook_heldout5.evaluate --reg1k /work/regs/reg1k [--list]
    .venv/bin/python -m benchmarks.hook_heldout5.evaluate --check [--reg1k /work/regs/reg1k]

The figures (evaluate once, by the lead: see README.md) are v3's and v4's
(`hook_heldout3.evaluate` on this folder): per set the cases, injected, right skill among
the injected, right first, wrong only, entries per injection; per shape for the covered
sets; uncovered and noise on each of the three registries, where every injection is wrong.

`--check` never calls the gate: v4's checks (`hook_heldout4.evaluate`) on this folder,
with this set's shapes, noise commands and uncovered scripts. A covered case's output must
hold the raised message as printed (colour codes, rich's boxes and JSON escapes read), no
uncovered or noise output any line the three registries quote (digits masked).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.hook_heldout5.noise import COMMANDS
from benchmarks.hook_heldout5.shapes import SHAPES
from benchmarks.hook_heldout5.uncovered import SCRIPTS
from site_gen.model import Registry

HERE = Path(__file__).resolve().parent
SIZES = {"covered_dev.yaml": 35, "covered_real.yaml": 20, "covered_reg1k.yaml": 35}
SIZES |= {"uncovered.yaml": 60, "noise.yaml": 150}


def quoted_lines(registries: list[Registry]) -> list[str]:
    return v4.quoted_lines(registries, HERE)


def check(dev: Registry, reg1k: Registry, every: list[str]) -> list[str]:
    """Every problem of the case files (empty when the set is sound). `reg1k` may hold only
    the covered cases' plugins when `every` has all of its quoted lines."""
    problems = v4.check_files(HERE, SIZES, dict(COMMANDS), SCRIPTS, SHAPES)
    return problems + v4.check_cases(HERE, dev, reg1k, every, SHAPES)


def main() -> None:
    v4.main(__doc__.split("\n\n")[0], HERE, check, SIZES)


if __name__ == "__main__":
    main()
