"""Held-out set v2 of the failure hook: every output made by running real commands.

    .venv/bin/python -m benchmarks.hook_heldout2.collect --reg1k /work/regs/reg1k \\
        --ml-python /path/to/python-with-numpy-pandas-scikit-learn-pyyaml-tqdm

Made once, before the gate's next change landed, to be evaluated once after it
(`evaluate.py`); see README.md. Sets (seeds fixed below):

- covered_dev: a seeded sample of the dev registry's quoted errors (`sources.quoted_errors`),
  each raised for real (`project.py`) in one of five shapes (`shapes.py`), its message as
  another user's run prints it (`variation.py`);
- covered_real: the same for what the real public skills quote (imported with
  `site-gen import` into a fresh registry, `benchmarks.import_corpora.fresh_registry`);
- covered_reg1k: the same on the generated 1,000-skill registry; `acceptable` lists every
  skill quoting the same error once digits are masked;
- uncovered: `uncovered.py`'s scripts, dropped when their output holds a quoted error;
- noise: `noise.py`'s commands in a scratch project, dropped when v1 or the dev set has the
  same command or output.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.hook_heldout2 import noise, shapes, sources, uncovered
from benchmarks.hook_sets import cases
from benchmarks.hook_sets.run import VENV_BIN, run_bash
from benchmarks.import_corpora import SITE_GEN, fresh_registry
from benchmarks.lookup_dev import dev_registry

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPORA = [
    Path("/work/corpora/anthropics+skills"),
    Path("/work/corpora/K-Dense-AI+claude-scientific-skills"),
]
SEEDS = {"dev": 2101, "real": 2102, "reg1k": 2103}
SIZES = {"dev": 45, "real": 20, "reg1k": 35}
OLD_NOISE = [REPO / "benchmarks/hook_dev/noise.yaml", REPO / "benchmarks/hook_heldout/noise.yaml"]


def import_real(root: Path) -> list[str]:
    """The real skills imported into a fresh registry at `root`; the corpora's commits."""
    fresh_registry(root)
    commits = []
    for corpus in CORPORA:
        subprocess.run(
            [SITE_GEN, "import", str(corpus), "--root", str(root), "-q"],
            capture_output=True,
            check=False,  # exit 1 when a skill is refused (claude-api: reserved name)
        )
        head = subprocess.run(
            ["git", "-C", str(corpus), "rev-parse", "HEAD"], capture_output=True, text=True
        )
        commits.append(f"{corpus.name}@{head.stdout.strip()}")
    return commits


def covered(
    quotes: list[sources.Quote], every: list[sources.Quote], name: str, python: str
) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    chosen = rng.sample(quotes, min(SIZES[name], len(quotes)))

    def run_shape(root: Path, shape: str, rng: random.Random, kind: str) -> tuple[str, str]:
        return shapes.run_shape(root, shape, python, rng)

    return cases.covered(chosen, every, name, rng, shapes.SHAPES, run_shape)


def _run_in(folder: Path, command: str, python: str, venv_first: bool = False) -> str:
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}"
        if venv_first
        else f"{Path(python).parent}:{os.environ['PATH']}",
        "GIT_TERMINAL_PROMPT": "0",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("VIRTUAL_ENV", None)
    replacements = [
        (str(folder), "/home/dev/project"),
        (str(Path(python).parent.parent), "/home/dev/.venv"),
        (str(Path(VENV_BIN).parent), "/home/dev/.venv"),
        (sys.base_prefix, "/usr/local"),
    ]
    return run_bash(folder, command, env, 300, replacements)


def uncovered_cases(python: str, quotes: list[str]) -> list[dict[str, Any]]:
    return cases.script_cases(
        uncovered.SCRIPTS, lambda folder, command: _run_in(folder, command, python), quotes
    )


def noise_cases(python: str) -> list[dict[str, Any]]:
    return cases.command_cases(
        noise.COMMANDS,
        noise.fixtures,
        lambda folder, command: _run_in(folder, command, python, venv_first=True),
        OLD_NOISE,
    )


def write(name: str, header: str, items: Any, folder: Path = HERE) -> None:
    cases.write(name, header, items, folder)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reg1k", type=Path, required=True)
    parser.add_argument("--ml-python", required=True)
    args = parser.parse_args()
    python = args.ml_python
    dev = sources.quoted_errors(dev_registry())
    big = sources.quoted_errors(sources.load(args.reg1k))
    with tempfile.TemporaryDirectory() as tmp:
        commits = import_real(Path(tmp) / "real")
        real_registry = sources.load(Path(tmp) / "real")
    real = sources.real_quotes(real_registry)
    write(
        "covered_dev.yaml",
        "Dev registry errors raised for real (collect.py).",
        covered(dev, dev, "dev", python),
    )
    write(
        "covered_real.yaml",
        "Real skills' quoted errors raised for real (collect.py).",
        covered(real, real, "real", python),
    )
    write(
        "covered_reg1k.yaml",
        "reg1k errors raised for real (collect.py).",
        covered(big, big, "reg1k", python),
    )
    every = sorted(
        {
            *sources.all_quotes(dev_registry()),
            *sources.all_quotes(real_registry),
            *sources.all_quotes(sources.load(args.reg1k)),
            *(q.message for q in real),
        }
    )
    write(
        "uncovered.yaml",
        "ML failures no registry quotes, run for real (collect.py).",
        uncovered_cases(python, every),
    )
    write("noise.yaml", "Everyday failures, run for real (collect.py).", noise_cases(python))
    snapshot = {
        "corpora": commits,
        "docs": cases.indexed_items(real_registry, sources.docs_for, ("skill", "url")),
    }
    write(
        "real_registry.yaml", "The imported real registry's indexed items (collect.py).", snapshot
    )


if __name__ == "__main__":
    main()
