"""Held-out set v6 of the failure hook: every output made by running real commands.

    .venv/bin/python -m benchmarks.hook_heldout6.collect --reg1k /work/regs/reg1k \\
        --ml-python /tmp/heldout6-mlenv/bin/python [--only covered|uncovered|noise]

Made once, blind to the gate's rules, to be evaluated once (`evaluate.py`); see README.md.
v5's making (`hook_heldout5.collect`: choosing quotes by how many earlier sets raised them,
moving a case its shape could not raise, dropping what earlier sets already hold) with v5
among the earlier sets, and this set's shapes (`shapes.py`), uncovered scripts
(`uncovered.py`) and noise (`noise.py`). Seeds fixed below. Every output is cut the way
Claude Code 2.1.328 really cuts what it hands the hook (`shapes.claude_cut`).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from benchmarks.hook_heldout2 import sources
from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.hook_heldout4.evaluate import printed
from benchmarks.hook_heldout5 import collect as v5
from benchmarks.hook_heldout6 import noise, shapes, uncovered
from benchmarks.hook_sets import cases
from benchmarks.hook_sets.run import run_in

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
SEEDS = {"dev": 6101, "real": 6102, "reg1k": 6103}
SIZES = {"dev": 32, "real": 25, "reg1k": 32}
EARLIER = [*v5.EARLIER, BENCH / "hook_heldout5"]
"""The earlier held-out sets, compared by code only: never read by the set's maker."""
OLD_NOISE = [*v5.OLD_NOISE, BENCH / "hook_heldout5/noise.yaml"]
PLAIN_SHAPES = ("wrapper", "config-loop", "make-k")
"""Shapes whose tools import no package a quoted exception's own may shadow."""


def holds(case: dict[str, Any]) -> bool:
    """The output holds the raised message as printed, its class maybe without its module
    (IPython prints `ArrowInvalid: ...` for `pyarrow.lib.ArrowInvalid`): `--check`'s test
    (`hook_heldout4.evaluate.check_covered`); v5's `_holds` wanted the module too."""
    shown = "".join(printed(case["error"]).split())
    raised = "".join(printed(case["raised"]).split())
    return raised in shown or v4._MODULE.sub("", raised) in shown


def covered(quotes: list[sources.Quote], name: str, python: str) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    chosen = v5.choose(quotes, name, rng, SIZES, EARLIER)

    def run_shape(root: Path, shape: str, rng: random.Random, kind: str) -> tuple[str, str]:
        typed, text = shapes.run_shape(root, shape, python, rng)
        if text.startswith("Exit code 0"):
            print(f"{shape} exited 0: {typed}", file=sys.stderr)
        return typed, text

    def run_plain(root: Path, shape: str, rng: random.Random) -> tuple[str, str]:
        return shapes.run_shape(root, shape, python, rng)

    made = cases.covered(chosen, quotes, name, rng, shapes.SHAPES, run_shape)
    return [v5.raised_elsewhere(case, run_plain, PLAIN_SHAPES, holds) for case in made]


def run_cut(folder: Path, command: str, path: str, python: str) -> str:
    """`command` run as `hook_sets.run.run_in` runs it, cut as Claude Code cuts it."""
    return shapes.cut_as_claude(run_in(folder, command, path, python))


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
        lambda folder, command, tools: run_cut(folder, command, path if tools else "", python),
        (uncovered, noise, OLD_NOISE),
        lambda found: v5.new_uncovered(found, EARLIER),
        "ML and data failures no registry quotes, run for real (collect.py).",
    )


if __name__ == "__main__":
    main()
