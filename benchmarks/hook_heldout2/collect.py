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

import yaml

from benchmarks.hook_heldout.collect import _Dumper  # keeps a tqdm bar's \r double-quoted
from benchmarks.hook_heldout2 import noise, project, shapes, sources, uncovered, variation
from benchmarks.import_corpora import SITE_GEN, fresh_registry
from benchmarks.lookup_dev import dev_registry

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPORA = [
    Path("/work/corpora/anthropics+skills"),
    Path("/work/corpora/K-Dense-AI+claude-scientific-skills"),
]
VENV_BIN = str(Path(sys.executable).parent)
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
    order = list(shapes.SHAPES) * (len(chosen) // len(shapes.SHAPES) + 1)
    rng.shuffle(order)
    cases = []
    for number, (quote, shape) in enumerate(zip(chosen, order, strict=False)):
        message = variation.vary(quote.message, rng)
        failure = project.parse_failure(quote.quoted, message)
        with tempfile.TemporaryDirectory() as tmp:
            project.write_project(Path(tmp), failure, rng)
            typed, text = shapes.run_shape(Path(tmp), shape, python, rng)
        if text.startswith("Exit code 0"):
            print(f"skipped {name}-{number}: exit 0", file=sys.stderr)
            continue
        cases.append(
            {
                "id": f"{name}-{number}",
                "skill": quote.skill,
                "url": quote.url,
                "entry": quote.title,
                "acceptable": sources.quoting_skills(quote, every),
                "quoted": quote.message,
                "shape": shape,
                "command": typed,
                "error": text,
            }
        )
    return cases


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
    done = subprocess.run(
        ["bash", "-c", command + "\nstatus=$?; exit $status"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=300,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace")
    for old, new in [
        (str(folder), "/home/dev/project"),
        (str(Path(python).parent.parent), "/home/dev/.venv"),
        (str(Path(VENV_BIN).parent), "/home/dev/.venv"),
        (sys.base_prefix, "/usr/local"),
    ]:
        text = text.replace(old, new)
    return f"Exit code {done.returncode}\n{text.rstrip()}"


def uncovered_cases(python: str, quotes: list[str]) -> list[dict[str, Any]]:
    cases = []
    for name, script in uncovered.SCRIPTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            file = f"{name.replace('-', '_')}.py"
            (Path(tmp) / file).write_text(script, encoding="utf-8")
            text = _run_in(Path(tmp), f"python {file}", python)
        found = sources.quoted_in(text, quotes)
        if text.startswith("Exit code 0") or found:
            print(f"dropped uncovered {name}: {found or 'exit 0'}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": f"python {file}", "script": script, "error": text})
    return cases


def noise_cases(python: str) -> list[dict[str, Any]]:
    old = [case for path in OLD_NOISE for case in yaml.safe_load(path.read_text("utf-8"))]
    old_commands = {case.get("command") for case in old}
    old_errors = {case["error"] for case in old}
    cases = []
    for name, command in noise.COMMANDS:
        with tempfile.TemporaryDirectory() as tmp:
            noise.fixtures(Path(tmp))
            text = _run_in(Path(tmp), command, python, venv_first=True)
        seen = command in old_commands or text in old_errors
        if text.startswith("Exit code 0") or seen:
            print(f"dropped noise {name}: {'seen before' if seen else 'exit 0'}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": command, "error": text})
    return cases


def write(name: str, header: str, cases: Any, folder: Path = HERE) -> None:
    text = yaml.dump(cases, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    (folder / name).write_text(f"# {header}\n" + text, encoding="utf-8")
    print(f"{name}: {len(cases)}")


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
        "docs": sorted(
            ({"skill": d.skill, "url": d.url} for p in real_registry for d in sources.docs_for(p)),
            key=lambda d: (d["skill"], d["url"]),
        ),
    }
    write(
        "real_registry.yaml", "The imported real registry's indexed items (collect.py).", snapshot
    )


if __name__ == "__main__":
    main()
