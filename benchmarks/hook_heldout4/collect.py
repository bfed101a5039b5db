"""Held-out set v4 of the failure hook: every output made by running real commands.

    .venv/bin/python -m benchmarks.hook_heldout4.collect --reg1k /work/regs/reg1k \\
        --ml-python /tmp/heldout4-mlenv/bin/python --tools-path /tmp/heldout4-tools/bin

Made once, blind to the gate's rules, to be evaluated once (`evaluate.py`); see README.md.
It shares the case-making code of v2 and v3 (`benchmarks.hook_sets`) and v2's machinery for
what a registry quotes, the scratch project that raises it and the other user's message; the
shapes (`shapes.py`), the uncovered scripts (`uncovered.py`) and the noise (`noise.py`) are
new. Seeds fixed below:

- covered_dev: the dev registry's quoted errors neither v2 nor v3 sampled first, then a
  seeded fill of the others, each raised in one of nine new shapes;
- covered_real: a seeded sample of the imported real skills' quoted errors;
- covered_reg1k: a seeded sample of reg1k's quoted errors neither v2 nor v3 sampled;
- uncovered: `uncovered.py`'s scripts, dropped when their output holds a quoted error;
- noise: `noise.py`'s commands in a scratch project, dropped when an earlier noise set has
  the same command or output, or when the output holds a quoted error.

Every output is cut the way Claude Code cuts what it hands the hook (`shapes.truncate_as_claude`).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from benchmarks.hook_heldout2 import sources
from benchmarks.hook_heldout4 import noise, shapes, uncovered
from benchmarks.hook_sets import cases, run

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
SEEDS = {"dev": 4101, "real": 4102, "reg1k": 4103}
SIZES = {"dev": 40, "real": 20, "reg1k": 40}
OLD_NOISE = [  # compared by code only: never read by the set's maker
    BENCH / "hook_dev/noise.yaml",
    BENCH / "hook_heldout/noise.yaml",
    BENCH / "hook_heldout2/noise.yaml",
    BENCH / "hook_heldout3/noise.yaml",
]
OLD_COVERED = [BENCH / "hook_heldout2", BENCH / "hook_heldout3"]


def covered(quotes: list[sources.Quote], name: str, python: str) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    old = [folder / f"covered_{name}.yaml" for folder in OLD_COVERED]
    chosen = cases.choose(quotes, cases.sampled(old), SIZES[name], rng)

    def run_shape(root: Path, shape: str, rng: random.Random, kind: str) -> tuple[str, str]:
        return shapes.run_shape(root, shape, python, rng)

    return cases.covered(chosen, quotes, name, rng, shapes.SHAPES, run_shape)


def run_in(folder: Path, command: str, path: str, python: str) -> str:
    """`command` under bash in `folder`, as Claude Code hands its failure to the hook."""
    return shapes.truncate_as_claude(run.run_in(folder, command, path, python))


def main() -> None:
    args = cases.arguments()
    python, path = args.ml_python, args.tools_path
    made = cases.Quotes.load(args.reg1k)
    if args.only in (None, "covered"):
        made.write_covered(lambda quotes, name: covered(quotes, name, python), HERE)
    cases.write_uncovered_and_noise(
        args.only,
        made,
        HERE,
        lambda folder, command, tools: run_in(folder, command, path if tools else "", python),
        (uncovered, noise, OLD_NOISE),
    )


if __name__ == "__main__":
    main()
