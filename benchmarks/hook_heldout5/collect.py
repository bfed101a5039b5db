"""Held-out set v5 of the failure hook: every output made by running real commands.

    .venv/bin/python -m benchmarks.hook_heldout5.collect --reg1k /work/regs/reg1k \\
        --ml-python /tmp/heldout5-mlenv/bin/python --py313 /tmp/heldout5-py313/bin/python \\
        --tools-path /tmp/heldout5-tools/bin:/tmp/heldout5-node/node_modules/.bin

Made once, blind to the gate's rules, to be evaluated once (`evaluate.py`); see README.md.
It shares v4's case making (`benchmarks.hook_sets`) and v2's machinery for what a registry
quotes, the scratch project that raises it and the other user's message; the shapes
(`shapes.py`), the uncovered scripts (`uncovered.py`) and the noise (`noise.py`) are new.
Seeds fixed below:

- covered_*: a seeded sample of each registry's quoted errors that no earlier set (v1-v4)
  raised, compared by code on the quoted message (digits masked) and on (skill, entry),
  topped up from those the fewest earlier sets raised when too few are left (the dev
  registry: every one of its quotes was raised before);
- uncovered: `uncovered.py`'s scripts, dropped when their output holds a quoted error or
  ends in the same error line (digits masked) as an earlier set's uncovered case;
- noise: `noise.py`'s commands in a scratch project, dropped when an earlier noise set has
  the same command or output, or when the output holds a quoted error.

Every output is cut the way Claude Code cuts what it hands the hook.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_heldout2 import project, sources
from benchmarks.hook_heldout2.variation import mask
from benchmarks.hook_heldout4.collect import run_in
from benchmarks.hook_heldout4.evaluate import printed
from benchmarks.hook_heldout5 import noise, shapes, uncovered
from benchmarks.hook_sets import cases

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
SEEDS = {"dev": 5101, "real": 5102, "reg1k": 5103}
SIZES = {"dev": 40, "real": 26, "reg1k": 40}
EARLIER = [BENCH / f"hook_heldout{v}" for v in ("", "2", "3", "4")]
"""The earlier held-out sets, compared by code only: never read by the set's maker."""
OLD_NOISE = [BENCH / "hook_dev/noise.yaml", *(folder / "noise.yaml" for folder in EARLIER)]


def _old(name: str, earlier: list[Path] = EARLIER) -> list[list[dict[str, Any]]]:
    """The case files called `name` of the `earlier` sets, one list per set."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [
        yaml.load((folder / name).read_text("utf-8"), Loader=loader) or []
        for folder in earlier
        if (folder / name).exists()
    ]


def _raised_by(quotes: list[sources.Quote], old: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """(skill, entry) of every quote one earlier set raised: its own, and any other whose
    message (digits masked) the set quoted, or, for v1's cases that name no quote, whose
    message their output holds."""
    pairs = {(case["skill"], case["entry"]) for case in old if case.get("entry")}
    messages = {mask(case.get("quoted") or case.get("raised") or "") for case in old}
    outputs = [mask(case["error"]) for case in old if not case.get("quoted")]
    seen = {(q.skill, q.title) for q in quotes if mask(q.message) in messages}
    seen |= {(q.skill, q.title) for q in quotes if any(mask(q.message) in o for o in outputs)}
    return pairs | seen


def choose(
    quotes: list[sources.Quote],
    name: str,
    rng: random.Random,
    sizes: dict[str, int] = SIZES,
    earlier: list[Path] = EARLIER,
) -> list[sources.Quote]:
    """`sizes[name]` quotes, seeded: those no `earlier` set raised first, then those the
    fewest earlier sets raised (the dev registry has fewer quotes than the sets took)."""
    counts: Counter[tuple[str, str]] = Counter()
    for old in _old(f"covered_{name}.yaml", earlier):
        counts.update(_raised_by(quotes, old))
    tiers = sorted({counts[(q.skill, q.title)] for q in quotes})
    print(
        f"covered_{name}: {len(quotes)} quotes; raised by 0, 1, ... earlier sets: "
        + ", ".join(str(sum(counts[(q.skill, q.title)] == n for q in quotes)) for n in tiers),
        file=sys.stderr,
    )
    chosen: list[sources.Quote] = []
    for tier in tiers:
        group = [q for q in quotes if counts[(q.skill, q.title)] == tier]
        chosen += rng.sample(group, min(sizes[name] - len(chosen), len(group)))
    return chosen


def covered(
    quotes: list[sources.Quote], name: str, python: str, py313: str
) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[name])
    chosen = choose(quotes, name, rng)

    def run_shape(root: Path, shape: str, rng: random.Random, kind: str) -> tuple[str, str]:
        typed, text = shapes.run_shape(root, shape, python, py313, rng)
        if text.startswith("Exit code 0"):
            print(f"{shape} exited 0: {typed}", file=sys.stderr)
        return typed, text

    made = cases.covered(chosen, quotes, name, rng, shapes.SHAPES, run_shape)
    return [_raised_elsewhere(case, python, py313) for case in made]


PLAIN_SHAPES = ("timed", "unittest", "just")
"""Shapes whose tools import no package a quoted exception's own may shadow."""


def _holds(case: dict[str, Any]) -> bool:
    """The output holds the raised message as printed (`--check`'s test)."""
    shown = "".join(printed(case["error"]).split())
    return "".join(printed(case["raised"]).split()) in shown


RunPlain = Callable[[Path, str, random.Random], tuple[str, str]]
"""(scratch root, shape, rng) -> (command typed, `error` as handed): a set's `run_shape`."""


def _raised_elsewhere(case: dict[str, Any], python: str, py313: str) -> dict[str, Any]:
    def run(root: Path, shape: str, rng: random.Random) -> tuple[str, str]:
        return shapes.run_shape(root, shape, python, py313, rng)

    return raised_elsewhere(case, run, PLAIN_SHAPES, _holds)


def raised_elsewhere(
    case: dict[str, Any],
    run: RunPlain,
    plain: Iterable[str],
    holds: Callable[[dict[str, Any]], bool],
) -> dict[str, Any]:
    """`case`, or when its shape could not raise it (the exception's package, written into
    the scratch environment, shadows one the shape's tools import: a quoted `triton` error
    breaks `import lightning`), the same message raised by `run` in the first `plain`
    shape whose output `holds` it, seeded by the case's id (v5, v6)."""
    if holds(case):
        return case
    failure = project.parse_failure(case["quoted"], case["raised"])
    for shape in plain:
        rng = random.Random(f"{case['id']}-{shape}")
        with tempfile.TemporaryDirectory() as tmp:
            project.write_project(Path(tmp), failure, rng)
            typed, text = run(Path(tmp), shape, rng)
        moved = {**case, "shape": shape, "command": typed, "error": text}
        if holds(moved) and not text.startswith("Exit code 0"):
            print(f"{case['id']}: {case['shape']} could not raise it, {shape} did", file=sys.stderr)
            return moved
    return case


def last_line(error: str) -> str:
    """The output's last non-empty line, digits masked: the error a script ends in."""
    lines = [line for line in error.splitlines() if line.strip()]
    return mask(lines[-1]) if lines else ""


def new_uncovered(
    found: Iterable[dict[str, Any]], earlier_sets: list[Path] = EARLIER
) -> list[dict[str, Any]]:
    """`found` less the scripts that end as an uncovered case of `earlier_sets` ends."""
    old = {
        last_line(case["error"])
        for earlier in _old("uncovered.yaml", earlier_sets)
        for case in earlier
    }
    kept = []
    for case in found:
        if last_line(case["error"]) in old:
            print(f"dropped uncovered {case['id']}: an earlier set's error", file=sys.stderr)
            continue
        kept.append(case)
    return kept


def main() -> None:
    args = cases.arguments()
    python, path = args.ml_python, args.tools_path
    made = cases.Quotes.load(args.reg1k)
    if args.only in (None, "covered"):
        made.write_covered(lambda quotes, name: covered(quotes, name, python, args.py313), HERE)
    cases.write_uncovered_and_noise(
        args.only,
        made,
        HERE,
        lambda folder, command, tools: run_in(folder, command, path if tools else "", python),
        (uncovered, noise, OLD_NOISE),
        new_uncovered,
    )


if __name__ == "__main__":
    main()
