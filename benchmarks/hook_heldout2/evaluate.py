"""Injection figures of the failure hook's gate on held-out set v2 (`collect.py`).

    .venv/bin/python -m benchmarks.hook_heldout2.evaluate --reg1k /work/regs/reg1k [--list]

Without `--reg1k` the 1,000-skill registry is generated into a temporary folder
(`benchmarks.generate --n 1000 --seed 0`, the same registry). The real-skills registry is
imported afresh from the corpora (`collect.import_real`). Works with the gate's
`confident_entry` (one entry or None) and with a list-returning `confident_entries`, when
`hook_gate` has one. Per set: cases; injected (any entry); right skill among the injected
(one of the case's `acceptable` skills); right skill first; wrong only (injected, none
acceptable); entries per injection. Uncovered and noise sets are judged on all three
registries; there every injection is wrong. Evaluate once: see README.md.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import generate_registry
from benchmarks.hook_heldout2.collect import import_real
from benchmarks.lookup_dev import dev_registry
from site_gen.loader import load_registry
from site_gen.search import hook_gate
from site_gen.search.error_index import build_index, docs_for

HERE = Path(__file__).resolve().parent
Gate = Callable[[dict[str, Any], str], list[dict[str, Any]]]


def gate() -> tuple[str, Gate]:
    """The gate as a list of injected docs, whichever function the module has."""
    many = getattr(hook_gate, "confident_entries", None)
    if many is not None:
        return "confident_entries", lambda index, text: [m.doc for m in many(index, text)]
    one = hook_gate.confident_entry
    return "confident_entry", lambda index, text: [m.doc for m in [one(index, text)] if m]


def cases(name: str, folder: Path = HERE) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((folder / name).read_text("utf-8"))
    return data


def rate(
    judge: Gate, index: dict[str, Any], items: list[dict[str, Any]], label: str, show: bool
) -> str:
    injected = right = first = wrong = entries = 0
    covered = label.startswith("covered")
    for case in items:
        docs = judge(index, case["error"])
        skills = [doc["skill"] for doc in docs]
        good = set(case.get("acceptable", [case.get("skill")])) if covered else set()
        injected += bool(docs)
        entries += len(docs)
        right += bool(good & set(skills))
        first += bool(skills) and skills[0] in good
        miss = bool(docs) and not good & set(skills)
        wrong += miss
        if show and (miss or (covered and not docs)):
            got = "; ".join(f"{d['skill']}: {d['entry'][:50]}" for d in docs) or "silent"
            print(f"[{label}] {case['id']} ({case.get('shape', '')}): {got}")
    n = len(items)
    per = entries / injected if injected else 0.0
    head = f"{label:26} {n:5d}  injected {injected / n:6.1%}"
    if not covered:
        return f"{head}  wrong only {wrong / n:6.1%} ({wrong})  entries/injection {per:.2f}"
    return (
        f"{head}  right among {right / n:6.1%} ({right})  right first {first / n:6.1%}  "
        f"wrong only {wrong / n:6.1%} ({wrong})  entries/injection {per:.2f}"
    )


def real_drift(real: Path, folder: Path = HERE) -> str:
    """A warning when the imported registry no longer has the snapshot's items."""
    now = {(d.skill, d.url) for p in load_registry(real).registry for d in docs_for(p)}
    snapshot = yaml.safe_load((folder / "real_registry.yaml").read_text("utf-8"))
    then = {(d["skill"], d["url"]) for d in snapshot["docs"]}
    return "" if then <= now else f"warning: {len(then - now)} real items gone since collection"


def evaluate(reg1k: Path, real: Path, show: bool) -> list[str]:
    name, judge = gate()
    dev = build_index(dev_registry())
    real_index = build_index(load_registry(real).registry)
    big = build_index(load_registry(reg1k).registry)
    noise, uncovered = cases("noise.yaml"), cases("uncovered.yaml")
    rows = [f"gate: hook_gate.{name}", real_drift(real)]
    rows += [
        rate(judge, dev, cases("covered_dev.yaml"), "covered, dev", show),
        rate(judge, real_index, cases("covered_real.yaml"), "covered, real skills", show),
        rate(judge, big, cases("covered_reg1k.yaml"), "covered, reg1k", show),
    ]
    for label, index in (("dev", dev), ("real skills", real_index), ("reg1k", big)):
        rows.append(rate(judge, index, uncovered, f"uncovered, {label}", show))
        rows.append(rate(judge, index, noise, f"noise, {label}", show))
    return [row for row in rows if row]


def figures(
    evaluate: Callable[[Path, Path, bool], list[str]], reg1k: Path | None, show: bool
) -> list[str]:
    """`evaluate`'s rows on reg1k (generated when None) and a fresh import of the real skills."""
    with tempfile.TemporaryDirectory() as tmp:
        if reg1k is None:
            reg1k = Path(tmp) / "reg1k"
            generate_registry(reg1k, 1000, 0)
        real = Path(tmp) / "real"
        import_real(real)
        return evaluate(reg1k, real, show)


def main(evaluate: Callable[[Path, Path, bool], list[str]] = evaluate) -> None:
    """The command line of `evaluate` (v3's passes its own)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--reg1k", type=Path)
    parser.add_argument("--list", action="store_true", help="print every miss")
    args = parser.parse_args()
    print("\n".join(figures(evaluate, args.reg1k, args.list)))


if __name__ == "__main__":
    main()
