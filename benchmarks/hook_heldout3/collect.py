"""Held-out set v3 of the failure hook: every output made by running real commands.

    .venv/bin/python -m benchmarks.hook_heldout3.collect --reg1k /work/regs/reg1k \\
        --ml-python /path/to/ml-venv/bin/python --tools-path TOOLS_BIN:NODE_BIN

Made once, blind to the gate's rules, to be evaluated once (`evaluate.py`); see README.md.
It reuses v2's machinery for what a registry quotes (`hook_heldout2.sources`), the scratch
project that raises it (`hook_heldout2.project`) and the other user's message
(`hook_heldout2.variation`); the shapes (`shapes.py`), the uncovered scripts
(`uncovered.py`) and the noise (`noise.py`) are new. Seeds fixed below:

- covered_dev: the dev registry's quoted errors v2 did not sample first, then a seeded
  fill of the others, each raised in one of nine new shapes;
- covered_real: every quoted error of the imported real skills, each in a seeded shape;
- covered_reg1k: a seeded sample of reg1k's quoted errors v2 did not sample;
- uncovered: `uncovered.py`'s scripts, dropped when their output holds a quoted error;
- noise: `noise.py`'s commands in a scratch project, dropped when an earlier noise set has
  the same command or output, or when the output holds a quoted error.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.hook_heldout2 import sources
from benchmarks.hook_heldout2.collect import import_real
from benchmarks.hook_heldout3 import noise, shapes, uncovered
from benchmarks.hook_heldout3.noise_project import NODE_MODULES
from benchmarks.hook_sets import cases, run
from benchmarks.lookup_dev import dev_registry

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
SEEDS = {"dev": 3101, "real": 3102, "reg1k": 3103}
SIZES = {"dev": 40, "real": 40, "reg1k": 40}
OLD_NOISE = [
    BENCH / "hook_dev/noise.yaml",  # compared by code only: never read by the set's maker
    BENCH / "hook_heldout/noise.yaml",
    BENCH / "hook_heldout2/noise.yaml",
]
V2_COVERED = {
    "dev": BENCH / "hook_heldout2/covered_dev.yaml",
    "reg1k": BENCH / "hook_heldout2/covered_reg1k.yaml",
}


def covered(
    quotes: list[sources.Quote], every: list[sources.Quote], name: str, python: str
) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    old = [path for key, path in V2_COVERED.items() if key == name]
    chosen = cases.choose(quotes, cases.sampled(old), SIZES[name], rng)

    def run_shape(root: Path, shape: str, rng: random.Random, kind: str) -> tuple[str, str]:
        return shapes.run_shape(root, shape, python, rng, kind)

    return cases.covered(chosen, every, name, rng, shapes.SHAPES, run_shape)


def run_in(folder: Path, command: str, path: str, python: str) -> str:
    """`command` under bash in `folder`, as Claude Code hands its failure to the hook."""
    return run.run_in(
        folder, command, path, python, [(str(NODE_MODULES), str(folder / "node_modules"))]
    )


def uncovered_cases(python: str, path: str, quotes: list[str]) -> list[dict[str, Any]]:
    return cases.script_cases(
        uncovered.SCRIPTS, lambda folder, command: run_in(folder, command, path, python), quotes
    )


def noise_cases(python: str, path: str, quotes: list[str]) -> list[dict[str, Any]]:
    return cases.command_cases(
        noise.COMMANDS,
        noise.fixtures,
        lambda folder, command: run_in(folder, command, path, python),
        OLD_NOISE,
        quotes,
    )


def write(name: str, header: str, items: Any) -> None:
    cases.write(name, header, items, HERE)


def main() -> None:
    args = cases.arguments()
    python = args.ml_python
    dev = sources.quoted_errors(dev_registry())
    big = sources.quoted_errors(sources.load(args.reg1k))
    with tempfile.TemporaryDirectory() as tmp:
        commits = import_real(Path(tmp) / "real")
        real_registry = sources.load(Path(tmp) / "real")
    real = sources.real_quotes(real_registry)
    if args.only in (None, "covered"):
        sets = [
            ("dev", dev, "Dev registry"),
            ("real", real, "Real skills'"),
            ("reg1k", big, "reg1k"),
        ]
        for name, quotes, label in sets:
            write(
                f"covered_{name}.yaml",
                f"{label} quoted errors raised for real in new shapes (collect.py).",
                covered(quotes, quotes, name, python),
            )
    every = sorted(
        {
            *sources.all_quotes(dev_registry()),
            *sources.all_quotes(real_registry),
            *sources.all_quotes(sources.load(args.reg1k)),
            *(q.message for q in real),
        }
    )
    if args.only in (None, "uncovered"):
        write(
            "uncovered.yaml",
            "ML failures no registry quotes, run for real (collect.py).",
            uncovered_cases(python, "", every),
        )
    if args.only in (None, "noise"):
        write(
            "noise.yaml",
            "Everyday failures, run for real (collect.py).",
            noise_cases(python, args.tools_path, every),
        )
    snapshot = {
        "corpora": commits,
        "docs": cases.indexed_items(real_registry, sources.docs_for, ("skill", "url")),
    }
    write(
        "real_registry.yaml", "The imported real registry's indexed items (collect.py).", snapshot
    )


if __name__ == "__main__":
    main()
