"""Injection figures of the failure hook's gate on held-out set v3 (`collect.py`).

    .venv/bin/python -m benchmarks.hook_heldout3.evaluate --reg1k /work/regs/reg1k [--list]

Same interface and figures as v2's (`benchmarks.hook_heldout2.evaluate`, whose command
line, gate adapter and per-set `rate` it uses): without `--reg1k` the 1,000-skill registry is
generated into a temporary folder (`benchmarks.generate --n 1000 --seed 0`); the real-skills
registry is imported afresh from the corpora. Per set: cases; injected; right skill among
the injected (one of the case's `acceptable` skills); right skill first; wrong only;
entries per injection. Uncovered and noise are judged on all three registries, where every
injection is wrong. The covered sets are also broken down by shape. Evaluate once: see
README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.hook_heldout2 import evaluate as v2
from benchmarks.hook_heldout2.evaluate import Gate, gate, rate
from benchmarks.lookup_dev import dev_registry
from site_gen.loader import load_registry
from site_gen.search.error_index import build_index

HERE = Path(__file__).resolve().parent


def by_shape(
    judge: Gate, indexes: dict[str, Any], sets: dict[str, list[dict[str, Any]]]
) -> list[str]:
    """Covered cases of all three registries, per shape: right skill among the injected."""
    totals: dict[str, list[int]] = {}
    for name, items in sets.items():
        for case in items:
            skills = {doc["skill"] for doc in judge(indexes[name], case["error"])}
            row = totals.setdefault(case["shape"], [0, 0])
            row[0] += 1
            row[1] += bool(skills & set(case["acceptable"]))
    return [
        f"  shape {shape:14} {n:4d}  right among {right / n:6.1%}"
        for shape, (n, right) in sorted(totals.items())
    ]


def evaluate(reg1k: Path, real: Path, show: bool, folder: Path = HERE) -> list[str]:
    """The figures of the set in `folder` (v4 has the same files)."""
    name, judge = gate()
    indexes = {
        "dev": build_index(dev_registry()),
        "real": build_index(load_registry(real).registry),
        "reg1k": build_index(load_registry(reg1k).registry),
    }
    labels = {"dev": "dev", "real": "real skills", "reg1k": "reg1k"}
    covered = {key: v2.cases(f"covered_{key}.yaml", folder) for key in indexes}
    noise, uncovered = v2.cases("noise.yaml", folder), v2.cases("uncovered.yaml", folder)
    rows = [f"gate: hook_gate.{name}", v2.real_drift(real, folder)]
    rows += [
        rate(judge, indexes[key], covered[key], f"covered, {labels[key]}", show) for key in indexes
    ]
    rows += by_shape(judge, indexes, covered)
    for key, index in indexes.items():
        rows.append(rate(judge, index, uncovered, f"uncovered, {labels[key]}", show))
        rows.append(rate(judge, index, noise, f"noise, {labels[key]}", show))
    return [row for row in rows if row]


if __name__ == "__main__":
    v2.main(evaluate)
