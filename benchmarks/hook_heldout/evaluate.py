"""Injection rates of the failure hook's gate on the held-out sets (`collect.py`).

    .venv/bin/python -m benchmarks.hook_heldout.evaluate --reg1k /work/regs/reg1k [--list]

Without `--reg1k` the 1,000-skill registry is generated into a temporary folder
(`benchmarks.generate --n 1000 --seed 0`, the same registry). Covered cases count as right
when the injected entry is of the case's skill (a skill may quote one error in two entries, or
in an entry and a Failed Attempts row); the exact entry (same link) is shown beside it.
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
from site_gen.search.hook_gate import confident_entry

HERE = Path(__file__).resolve().parent


def _cases(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((HERE / name).read_text("utf-8"))
    return data


def _rate(index: dict[str, Any], cases: list[dict[str, Any]], label: str, show: bool) -> str:
    injected = skill = entry = 0
    covered = label.startswith("covered")
    for case in cases:
        match = confident_entry(index, case["error"])
        injected += match is not None
        same_skill = match is not None and match.doc["skill"] == case.get("skill")
        skill += same_skill
        entry += same_skill and match is not None and match.doc["url"] == case.get("url")
        if show and ((covered and not same_skill) or (not covered and match is not None)):
            got = f"{match.doc['skill']}: {match.doc['entry'][:60]}" if match else "silent"
            print(f"[{label}] {case['id']}: {got}")
    n = len(cases)
    if covered:
        return (
            f"{label:24} {n:5d}  right skill {skill / n:6.1%} ({skill}), its exact entry "
            f"{entry / n:6.1%} ({entry}), another skill {injected - skill}"
        )
    return f"{label:24} {n:5d}  injected {injected / n:6.1%} ({injected})"


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
