"""Injection rates of the failure hook's gate on the held-out sets (`collect.py`).

    .venv/bin/python -m benchmarks.hook_heldout.evaluate --reg1k /work/regs/reg1k [--list]

Without `--reg1k` the 1,000-skill registry is generated into a temporary folder
(`benchmarks.generate --n 1000 --seed 0`, the same registry). Covered cases count as right
when an injected entry is of the case's skill (a skill may quote one error in two entries, or
in an entry and a Failed Attempts row); a tie injects up to 3 skills' entries, so also shown:
the right skill first, its exact entry (same link) among them, entries per injection, and
injections of other skills only ("wrong only"), and the right skill among all the skills the
gate found tied (shown or counted as "N more").
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import generate_registry
from benchmarks.lookup_dev import dev_registry
from site_gen.loader import load_registry
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

HERE = Path(__file__).resolve().parent
SHOWN = 3
"""Entries the hook injects at most (skills that quote one error alike, best first)."""


def _cases(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((HERE / name).read_text("utf-8"))
    return data


def _rate(index: dict[str, Any], cases: list[dict[str, Any]], label: str, show: bool) -> str:
    injected = entries = among = first = exact = grouped = 0
    covered = label.startswith("covered")
    for case in cases:
        group = confident_entries(index, case["error"])
        grouped += any(m.doc["skill"] == case.get("skill") for m in group)
        matches = group[:SHOWN]
        skills = [m.doc["skill"] for m in matches]
        injected += bool(matches)
        entries += len(matches)
        right = case.get("skill") in skills
        among += right
        first += bool(skills) and skills[0] == case.get("skill")
        exact += any(m.doc["url"] == case.get("url") for m in matches)
        if show and ((covered and not right) or (not covered and matches)):
            got = "; ".join(f"{m.doc['skill']}: {m.doc['entry'][:50]}" for m in matches)
            print(f"[{label}] {case['id']}: {got or 'silent'}")
    n = len(cases)
    per = f"{entries / injected:.2f}" if injected else "-"
    if covered:
        return (
            f"{label:24} {n:5d}  right skill among injected {among / n:6.1%} ({among}), first "
            f"{first / n:6.1%} ({first}), its exact entry {exact / n:6.1%} ({exact}), "
            f"entries per injection {per}, wrong only {injected - among}, right skill shown "
            f"or counted {grouped / n:6.1%} ({grouped})"
        )
    return (
        f"{label:24} {n:5d}  injected {injected / n:6.1%} ({injected}), entries per injection {per}"
    )


def evaluate(reg1k: Path, show: bool) -> list[str]:
    dev = build_index(dev_registry())
    big = build_index(load_registry(reg1k).registry)
    noise = _cases("noise.yaml")
    return [
        _rate(dev, _cases("covered_dev.yaml"), "covered, dev registry", show),
        _rate(big, _cases("covered_reg1k.yaml"), "covered, reg1k", show),
        _rate(dev, _cases("uncovered.yaml"), "uncovered, dev registry", show),
        _rate(dev, noise, "noise, dev registry", show),
        _rate(big, noise, "noise, reg1k", show),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reg1k", type=Path)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reg1k = args.reg1k
        if reg1k is None:
            reg1k = Path(tmp) / "reg1k"
            generate_registry(reg1k, 1000, 0)
        rows = evaluate(reg1k, args.list)
    print(f"{'set':24} {'cases':>5}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
