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

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_heldout2 import project, sources, variation
from benchmarks.hook_heldout2.collect import import_real
from benchmarks.hook_heldout2.collect import write as v2_write
from benchmarks.hook_heldout3 import noise, shapes, uncovered
from benchmarks.hook_heldout3.noise_project import NODE_MODULES
from benchmarks.lookup_dev import dev_registry

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
VENV_BIN = str(Path(sys.executable).parent)
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


def _v2_sampled(name: str) -> set[tuple[str, str]]:
    path = V2_COVERED.get(name)
    if path is None:
        return set()
    return {(c["skill"], c["entry"]) for c in yaml.safe_load(path.read_text("utf-8"))}


def choose(quotes: list[sources.Quote], name: str, rng: random.Random) -> list[sources.Quote]:
    """Quotes v2 did not sample, seeded; topped up from the rest when too few."""
    seen = _v2_sampled(name)
    fresh = [q for q in quotes if (q.skill, q.title) not in seen]
    rest = [q for q in quotes if (q.skill, q.title) in seen]
    size = SIZES[name]
    chosen = rng.sample(fresh, min(size, len(fresh)))
    return chosen + rng.sample(rest, min(size - len(chosen), len(rest)))


def covered(
    quotes: list[sources.Quote], every: list[sources.Quote], name: str, python: str
) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    chosen = choose(quotes, name, rng)
    order = list(shapes.SHAPES) * (len(chosen) // len(shapes.SHAPES) + 1)
    rng.shuffle(order)
    cases = []
    for number, (quote, shape) in enumerate(zip(chosen, order, strict=False)):
        message = variation.vary(quote.message, rng)
        failure = project.parse_failure(quote.quoted, message)
        with tempfile.TemporaryDirectory() as tmp:
            project.write_project(Path(tmp), failure, rng)
            typed, text = shapes.run_shape(Path(tmp), shape, python, rng, failure.kind)
        if text.startswith("Exit code 0"):
            print(f"skipped {name}-{number}: exit 0", file=sys.stderr)
            continue
        print(f"{name}-{number} {shape}: {text.splitlines()[-1][:90]}", file=sys.stderr)
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


def run_in(folder: Path, command: str, path: str, python: str) -> str:
    """`command` under bash in `folder`, as Claude Code hands its failure to the hook."""
    env = {
        **os.environ,
        "PATH": f"{path}:{Path(python).parent}:{os.environ['PATH']}",
        "GIT_TERMINAL_PROMPT": "0",
        "NO_COLOR": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(folder / ".home"),
        "TERM": "dumb",
        # a developer's machine that is offline: no update checks, no module downloads
        "CHECKPOINT_DISABLE": "1",
        "GOPROXY": "off",
        "GOFLAGS": "-mod=mod",
        "GOTOOLCHAIN": "local",
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
        # the toolchains' own homes stay where they are installed when HOME changes
        "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", str(Path.home() / ".rustup")),
        "CARGO_HOME": os.environ.get("CARGO_HOME", str(Path.home() / ".cargo")),
        "PYENV_ROOT": os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv")),
    }
    for machine_only in ("VIRTUAL_ENV", "TF_CLI_CONFIG_FILE"):
        env.pop(machine_only, None)
    (folder / ".home").mkdir(exist_ok=True)
    done = subprocess.run(
        ["bash", "-c", command + "\nstatus=$?; exit $status"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace")
    for old, new in [
        (str(NODE_MODULES), str(folder / "node_modules")),
        (str(folder / ".home"), "/home/dev"),
        (str(folder), "/home/dev/src/app"),
        (str(Path(python).parent.parent), "/home/dev/.venv"),
        *((str(Path(p).parent), "/home/dev/.local") for p in path.split(":") if p),
        (str(Path(VENV_BIN).parent), "/home/dev/.venv"),
        (sys.base_prefix, "/usr/local"),
    ]:
        text = text.replace(old, new)
    return f"Exit code {done.returncode}\n{text.rstrip()}"


def uncovered_cases(python: str, path: str, quotes: list[str]) -> list[dict[str, Any]]:
    cases = []
    for name, script in uncovered.SCRIPTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            file = f"{name.replace('-', '_')}.py"
            (Path(tmp) / file).write_text(script, encoding="utf-8")
            text = run_in(Path(tmp), f"python {file}", path, python)
        found = sources.quoted_in(text, quotes)
        if text.startswith("Exit code 0") or found:
            print(f"dropped uncovered {name}: {found or 'exit 0'}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": f"python {file}", "script": script, "error": text})
    return cases


def noise_cases(python: str, path: str, quotes: list[str]) -> list[dict[str, Any]]:
    old = [case for file in OLD_NOISE for case in yaml.safe_load(file.read_text("utf-8"))]
    old_commands = {case.get("command") for case in old}
    old_errors = {case["error"] for case in old}
    cases = []
    for name, command in noise.COMMANDS:
        with tempfile.TemporaryDirectory() as tmp:
            noise.fixtures(Path(tmp))
            text = run_in(Path(tmp), command, path, python)
        seen = command in old_commands or text in old_errors
        found = sources.quoted_in(text, quotes)
        if text.startswith("Exit code 0") or seen or found:
            why = "seen before" if seen else (found or "exit 0")
            print(f"dropped noise {name}: {why}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": command, "error": text})
    return cases


def write(name: str, header: str, cases: Any) -> None:
    v2_write(name, header, cases, HERE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reg1k", type=Path, required=True)
    parser.add_argument("--ml-python", required=True)
    parser.add_argument("--tools-path", default="", help="PATH entries for the noise tools")
    parser.add_argument("--only", choices=["covered", "uncovered", "noise"])
    args = parser.parse_args()
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
