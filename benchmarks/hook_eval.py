"""Injection rates of the failure hook's gate on covered, uncovered and noise dev sets.

    .venv/bin/python -m benchmarks.hook_eval            # table
    .venv/bin/python -m benchmarks.hook_eval --list     # every wrong decision, and why

Covered: the lookup dev set's pastes that are command output (tracebacks, buried logs, last
lines, new wordings; paraphrases are people's words, not output), given to the gate as
Claude Code gives a failed Bash call (`Exit code 1\\n...`); right = the expected skill and
entry among those injected (a tie brings up to 3 skills' entries; also counted: the right one
first, entries per injection, and injections of only wrong entries). Uncovered: the dev set's uncovered pastes plus `hook_dev/uncovered.yaml`.
Noise: `hook_dev/noise.yaml`, everyday failures run for real by `hook_dev/collect_noise.py`.
Shapes (`hook_dev/shapes.yaml`, `hook_dev/collect_shapes.py`): the dev registry's entries
raised for real inside pytest, a sweep's subprocess, a torchrun-like launch, a
`logger.exception` and a tqdm loop, one row per shape (right = the entry's skill injected);
shape noise (`hook_dev/shapes_noise.yaml`): everyday mistakes in the same shapes.
The paste ranking's own `confident` flag is shown beside the gate for comparison.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from benchmarks.lookup_dev import dev_registry, is_hit, queries
from site_gen.search import hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries, distinctive
from site_gen.search.rank import rank

HERE = Path(__file__).resolve().parent / "hook_dev"
OUTPUT_KINDS = {"traceback", "buried", "last-line", "new-wording"}
SHOWN = 3
"""Entries the hook injects at most (skills that quote one error alike, best first)."""
NOT_COVERED = {"uncovered", "noise", "shape-noise"}
SHAPES = {"pytest", "subprocess", "torchrun", "logger", "tqdm"}


def dev_sets() -> dict[str, list[dict[str, Any]]]:
    covered, uncovered = [], []
    for q in queries():
        case = {**q, "error": "Exit code 1\n" + q["query"]}
        if q["expect"] == "none":
            uncovered.append(case)
        elif q["kind"] in OUTPUT_KINDS:
            covered.append(case)
    uncovered += yaml.safe_load((HERE / "uncovered.yaml").read_text("utf-8"))
    noise = yaml.safe_load((HERE / "noise.yaml").read_text("utf-8"))
    sets = {"covered": covered, "uncovered": uncovered, "noise": noise}
    for case in yaml.safe_load((HERE / "shapes.yaml").read_text("utf-8")):
        sets.setdefault(case["shape"], []).append(case)
    sets["shape-noise"] = yaml.safe_load((HERE / "shapes_noise.yaml").read_text("utf-8"))
    return sets


def _right(case: dict[str, Any], skill: str, entry: str, error: str) -> bool:
    """The lookup dev set's expected entry, or a shape case's skill."""
    if "expect" in case:
        return is_hit(case, skill, entry, error)
    return skill == case.get("skill")


class Rates(NamedTuple):
    """One set's figures: cases, injections and, for covered cases, where the right one was."""

    cases: int
    injected: int
    entries: int
    """Entries injected, summed over cases (a tie brings several)."""
    among: int
    """Covered: the right entry among those injected."""
    first: int
    """Covered: the right entry first."""
    wrong_only: int
    """Covered: injected, but not the right entry."""
    paste_confident: int


def evaluate(show: bool) -> dict[str, Rates]:
    index = build_index(dev_registry())
    table = {}
    for name, cases in dev_sets().items():
        injected = entries = among = first = wrong_only = paste_confident = 0
        covered = name not in NOT_COVERED
        for case in cases:
            text = case["error"]
            top = rank(index, text, 1)
            paste_confident += bool(top and top[0].confident)
            matches = confident_entries(index, text)[:SHOWN]
            hits = [_right(case, m.doc["skill"], m.doc["entry"], m.doc["error"]) for m in matches]
            injected += bool(matches)
            entries += len(matches)
            among += any(hits)
            first += bool(hits and hits[0])
            wrong_only += bool(matches) and not any(hits)
            wrong = (covered and not any(hits)) or (not covered and bool(matches))
            if show and wrong:
                best = matches[0] if matches else (top[0] if top else None)
                why = ""
                if best is not None:
                    why = (
                        f"{best.doc['skill']}: {best.doc['entry'][:60]} cov={best.coverage:.2f} "
                        f"conf={best.confident} "
                        f"distinct={distinctive(index, hook_text.queries(text)[-1], best)}"
                    )
                state = f"INJECTED {len(matches)}" if matches else "silent"
                print(f"[{name}] {case['id']}: {state} {why}")
        table[name] = Rates(
            len(cases), injected, entries, among, first, wrong_only, paste_confident
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    table = evaluate(args.list)
    print(
        f"{'set':11} {'cases':>5} {'injected':>9} {'entries/inj':>11} {'right among':>12} "
        f"{'right first':>12} {'wrong only':>11} {'paste-confident':>16}"
    )
    for name, r in table.items():
        per = r.entries / r.injected if r.injected else 0.0
        covered = name not in NOT_COVERED
        among = f"{r.among / r.cases:12.1%}" if covered else f"{'':12}"
        first = f"{r.first / r.cases:12.1%}" if covered else f"{'':12}"
        wrong = f"{r.wrong_only:11d}" if covered else f"{'':11}"
        print(
            f"{name:11} {r.cases:5d} {r.injected / r.cases:9.1%} {per:11.2f} {among} {first} "
            f"{wrong} {r.paste_confident / r.cases:16.1%}"
        )


if __name__ == "__main__":
    main()
