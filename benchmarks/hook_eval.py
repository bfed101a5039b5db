"""Injection rates of the failure hook's gate on covered, uncovered and noise dev sets.

    .venv/bin/python -m benchmarks.hook_eval            # table
    .venv/bin/python -m benchmarks.hook_eval --list     # every wrong decision, and why

Covered: the lookup dev set's pastes that are command output (tracebacks, buried logs, last
lines, new wordings; paraphrases are people's words, not output), given to the gate as
Claude Code gives a failed Bash call (`Exit code 1\\n...`); right = the expected skill and
entry injected. Uncovered: the dev set's uncovered pastes plus `hook_dev/uncovered.yaml`.
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
from typing import Any

import yaml

from benchmarks.lookup_dev import dev_registry, is_hit, queries
from site_gen.search import hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entry, distinctive
from site_gen.search.rank import rank

HERE = Path(__file__).resolve().parent / "hook_dev"
OUTPUT_KINDS = {"traceback", "buried", "last-line", "new-wording"}
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


def evaluate(show: bool) -> dict[str, tuple[int, int, int]]:
    index = build_index(dev_registry())
    table = {}
    for name, cases in dev_sets().items():
        injected = right = paste_confident = 0
        covered = name not in NOT_COVERED
        for case in cases:
            text = case["error"]
            top = rank(index, text, 1)
            paste_confident += bool(top and top[0].confident)
            match = confident_entry(index, text)
            injected += match is not None
            ok = match is not None and _right(
                case, match.doc["skill"], match.doc["entry"], match.doc["error"]
            )
            right += ok
            wrong = (covered and not ok) or (not covered and match is not None)
            if show and wrong:
                best = match or (top[0] if top else None)
                why = ""
                if best is not None:
                    why = (
                        f"{best.doc['skill']}: {best.doc['entry'][:60]} cov={best.coverage:.2f} "
                        f"conf={best.confident} "
                        f"distinct={distinctive(index, hook_text.queries(text)[-1], best)}"
                    )
                print(f"[{name}] {case['id']}: {'INJECTED' if match else 'silent'} {why}")
        table[name] = (len(cases), injected, right if covered else paste_confident)
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    table = evaluate(args.list)
    print(f"{'set':11} {'cases':>5} {'injected':>9} {'right/paste-confident':>22}")
    for name, (n, injected, extra) in table.items():
        label = "paste rule confident" if name in NOT_COVERED else "right entry"
        if name in SHAPES:
            label = "right skill"
        print(f"{name:11} {n:5d} {injected / n:9.1%} {extra / n:10.1%} {label}")


if __name__ == "__main__":
    main()
