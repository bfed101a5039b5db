"""The case files of a held-out set: covered, uncovered (ML scripts) and noise (commands).

- `covered`: each chosen quote's message as another user's run prints it
  (`hook_heldout2.variation`, kept as `raised`), raised for real by a scratch project
  (`hook_heldout2.project`) that the set's `run_shape` drives in one of its shapes;
- `script_cases`: scripts run with `python FILE`, dropped when their output holds a quoted
  error (or exits 0);
- `command_cases`: commands run in a scratch folder the set lays out, dropped when an
  earlier set has the same command or output, when the output holds a quoted error, or when
  it exits 0;
- `write`: one YAML file, a header comment, keys in the cases' order.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_heldout.collect import _Dumper  # keeps a tqdm bar's \r double-quoted
from benchmarks.hook_heldout2 import project, sources, variation
from benchmarks.lookup_dev import dev_registry

RunShape = Callable[[Path, str, random.Random, str], tuple[str, str]]
"""(scratch root, shape, rng, the failure's kind) -> (command typed, `Exit code N\\n...`)."""


def sampled(files: Iterable[Path]) -> set[tuple[str, str]]:
    """(skill, entry) of the quotes earlier sets raised (their case files, read by code)."""
    seen: set[tuple[str, str]] = set()
    for path in files:
        if path.exists():
            seen |= {(c["skill"], c["entry"]) for c in yaml.safe_load(path.read_text("utf-8"))}
    return seen


def choose(
    quotes: list[sources.Quote], seen: set[tuple[str, str]], size: int, rng: random.Random
) -> list[sources.Quote]:
    """`size` quotes, those not `seen` first, seeded; topped up from the rest when too few."""
    fresh = [q for q in quotes if (q.skill, q.title) not in seen]
    rest = [q for q in quotes if (q.skill, q.title) in seen]
    chosen = rng.sample(fresh, min(size, len(fresh)))
    return chosen + rng.sample(rest, min(size - len(chosen), len(rest)))


def covered(
    chosen: list[sources.Quote],
    every: list[sources.Quote],
    name: str,
    rng: random.Random,
    shapes: Iterable[str],
    run_shape: RunShape,
) -> list[dict[str, Any]]:
    """One case per chosen quote, the shapes dealt in a seeded order."""
    kinds = list(shapes)
    order = kinds * (len(chosen) // len(kinds) + 1)
    rng.shuffle(order)
    cases = []
    for number, (quote, shape) in enumerate(zip(chosen, order, strict=False)):
        message = variation.vary(quote.message, rng)
        failure = project.parse_failure(quote.quoted, message)
        with tempfile.TemporaryDirectory() as tmp:
            project.write_project(Path(tmp), failure, rng)
            typed, text = run_shape(Path(tmp), shape, rng, failure.kind)
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
                "raised": message,
                "shape": shape,
                "command": typed,
                "error": text,
            }
        )
    return cases


def _run(run: Callable[[Path, str], str], folder: Path, command: str) -> str:
    """`run`'s output; a command that hangs past its timeout counts as exit 0 (dropped)."""
    try:
        return run(folder, command)
    except subprocess.TimeoutExpired:
        return "Exit code 0\n(timed out)"


def script_cases(
    scripts: dict[str, str], run: Callable[[Path, str], str], quotes: list[str]
) -> list[dict[str, Any]]:
    """Each script written to `<name>.py` in a scratch folder and run as `python <name>.py`
    by `run(folder, command)`."""
    cases = []
    for name, script in scripts.items():
        with tempfile.TemporaryDirectory() as tmp:
            file = f"{name.replace('-', '_')}.py"
            (Path(tmp) / file).write_text(script, encoding="utf-8")
            text = _run(run, Path(tmp), f"python {file}")
        found = sources.quoted_in(text, quotes)
        if text.startswith("Exit code 0") or found:
            print(f"dropped uncovered {name}: {found or 'exit 0'}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": f"python {file}", "script": script, "error": text})
    return cases


def command_cases(
    commands: Iterable[tuple[str, str]],
    fixtures: Callable[[Path], None],
    run: Callable[[Path, str], str],
    old_files: Iterable[Path],
    quotes: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Each command run by `run(folder, command)` in a scratch folder laid out by `fixtures`.
    `old_files`: earlier noise sets, compared by code only (never read by the set's maker)."""
    old = [case for file in old_files for case in yaml.safe_load(file.read_text("utf-8"))]
    old_commands = {case.get("command") for case in old}
    old_errors = {case["error"] for case in old}
    cases = []
    for name, command in commands:
        with tempfile.TemporaryDirectory() as tmp:
            fixtures(Path(tmp))
            text = _run(run, Path(tmp), command)
        seen = command in old_commands or text in old_errors
        found = sources.quoted_in(text, quotes) if quotes is not None else []
        if text.startswith("Exit code 0") or seen or found:
            why = "seen before" if seen else (found or "exit 0")
            print(f"dropped noise {name}: {why}", file=sys.stderr)
            continue
        cases.append({"id": name, "command": command, "error": text})
    return cases


def arguments() -> argparse.Namespace:
    """The command line of v3's, v4's and v5's `collect.py`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--reg1k", type=Path, required=True)
    parser.add_argument("--ml-python", required=True)
    parser.add_argument("--tools-path", default="", help="PATH entries for the noise tools")
    parser.add_argument("--only", choices=["covered", "uncovered", "noise"])
    parser.add_argument("--py313", default="", help="a Python 3.13 venv's python (v5's ansi)")
    return parser.parse_args()


def write(name: str, header: str, cases: Any, folder: Path) -> None:
    text = yaml.dump(cases, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    (folder / name).write_text(f"# {header}\n" + text, encoding="utf-8")
    print(f"{name}: {len(cases)}")


def indexed_items(
    registry: Iterable[Any], docs_for: Callable[[Any], Iterable[Any]], fields: Sequence[str]
) -> list[dict[str, str]]:
    """Every item the registry's error index holds, as `fields` of it, by skill then URL:
    what each set's `real_registry.yaml` keeps of the real skills it was made from."""
    items = ({name: getattr(doc, name) for name in fields} for p in registry for doc in docs_for(p))
    return sorted(items, key=lambda item: (item["skill"], item["url"]))


def every_quote(registries: Iterable[Any], real: Iterable[sources.Quote]) -> list[str]:
    """Every line the registries quote and every real skill's quoted message: what no
    uncovered or noise output may hold (v4, v5)."""
    lines = {line for registry in registries for line in sources.all_quotes(registry)}
    return sorted(lines | {q.message for q in real})


def write_snapshots(
    folder: Path,
    commits: Any,
    real_registry: Any,
    real: Iterable[sources.Quote],
    big_registry: Any,
) -> None:
    """What a set's `--check` reads instead of importing and generating again (v4, v5): the
    imported real registry's indexed items and quoted errors (`real_registry.yaml`) and
    every line reg1k quotes (`reg1k_quotes.yaml`)."""
    snapshot = {
        "corpora": commits,
        "docs": indexed_items(real_registry, sources.docs_for, ("skill", "url", "entry")),
        "quoted": sorted(
            ({"skill": q.skill, "message": q.message} for q in real),
            key=lambda q: (q["skill"], q["message"]),
        ),
        "quotes": sorted(set(sources.all_quotes(real_registry))),
    }
    header = "The imported real registry's indexed items and quoted errors (collect.py)."
    write("real_registry.yaml", header, snapshot, folder)
    header = "Every line reg1k quotes (benchmarks.generate --n 1000 --seed 0), for --check."
    write("reg1k_quotes.yaml", header, sources.all_quotes(big_registry), folder)


Run = Callable[[Path, str, bool], str]
"""(scratch folder, command, with the noise tools on PATH) -> `Exit code N\n<output>` as
the set hands it."""
Keep = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def write_uncovered_and_noise(
    only: str | None,
    made: Quotes,
    folder: Path,
    run: Run,
    sets: tuple[Any, Any, Sequence[Path]],
    keep: Keep = list,
    header: str = "ML failures no registry quotes, run for real (collect.py).",
) -> None:
    """What v4's, v5's and v6's `collect.py` do after the covered cases: `uncovered.yaml`
    from the scripts (`keep` drops those an earlier set holds), `noise.yaml` from the
    commands, unless `only` names the covered cases; then the snapshots. `sets`: the set's
    `uncovered` and `noise` modules and the earlier noise files."""
    uncovered, noise, old_noise = sets
    every = made.every()
    if only in (None, "uncovered"):
        found = script_cases(uncovered.SCRIPTS, lambda tmp, line: run(tmp, line, False), every)
        write("uncovered.yaml", header, keep(found), folder)
    if only in (None, "noise"):
        found = command_cases(
            noise.COMMANDS, noise.fixtures, lambda tmp, line: run(tmp, line, True), old_noise, every
        )
        write("noise.yaml", "Everyday failures, run for real (collect.py).", found, folder)
    made.write_snapshots(folder)


@dataclass(frozen=True)
class Quotes:
    """The three registries a set is made from, and the errors each quotes (v4, v5)."""

    dev: list[sources.Quote]
    real: list[sources.Quote]
    reg1k: list[sources.Quote]
    real_registry: Any
    reg1k_registry: Any
    commits: Any
    """The imported corpora's commits."""

    @classmethod
    def load(cls, reg1k: Path) -> Quotes:
        """The dev registry, a fresh import of the real skills, and `reg1k`."""
        # imported here: `hook_heldout2.collect` imports this module
        from benchmarks.hook_heldout2.collect import import_real

        big = sources.load(reg1k)
        with tempfile.TemporaryDirectory() as tmp:
            commits = import_real(Path(tmp) / "real")
            real = sources.load(Path(tmp) / "real")
        return cls(
            sources.quoted_errors(dev_registry()),
            sources.real_quotes(real),
            sources.quoted_errors(big),
            real,
            big,
            commits,
        )

    def write_covered(
        self, make: Callable[[list[sources.Quote], str], list[dict[str, Any]]], folder: Path
    ) -> None:
        """`covered_{dev,real,reg1k}.yaml`, each made by `make(quotes, name)`."""
        for name, quotes, label in (
            ("dev", self.dev, "Dev registry"),
            ("real", self.real, "Real skills'"),
            ("reg1k", self.reg1k, "reg1k"),
        ):
            header = f"{label} quoted errors raised for real in new shapes (collect.py)."
            write(f"covered_{name}.yaml", header, make(quotes, name), folder)

    def every(self) -> list[str]:
        """Every line the three registries quote (what no uncovered or noise case holds)."""
        return every_quote([dev_registry(), self.real_registry, self.reg1k_registry], self.real)

    def write_snapshots(self, folder: Path) -> None:
        write_snapshots(folder, self.commits, self.real_registry, self.real, self.reg1k_registry)
