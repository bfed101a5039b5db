"""Recall of `site-gen advise` on the dev set: plans in other words, with the skills expected.

Registry: the starter `plugins/` plus the test-only `tests/data/dev-registry/plugins/`.

Example: python -m benchmarks.advise_dev
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_gen.config import Config
from site_gen.loader import load_registry
from site_gen.model import Registry
from site_gen.search.advise import rank, skills_index

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO / "tests" / "data" / "advise-dev.yaml"
DEV_REGISTRY = REPO / "tests" / "data" / "dev-registry"


@dataclass(frozen=True)
class Outcome:
    query: str
    expect: tuple[str, ...]
    ranked: tuple[str, ...]

    def hit(self, k: int) -> bool:
        return any(name in self.ranked[:k] for name in self.expect)


def dev_registry() -> Registry:
    """The starter registry and the test-only plugins, as one registry."""
    starter = load_registry(REPO).registry
    extra = load_registry(DEV_REGISTRY).registry
    plugins = sorted(starter.plugins + extra.plugins, key=lambda p: (p.category, p.name))
    return Registry(str(REPO), tuple(plugins))


def evaluate(registry: Registry, cases: list[dict[str, object]]) -> list[Outcome]:
    index = skills_index(registry, Config())
    outcomes = []
    for case in cases:
        expect = tuple(str(x) for x in case["expect"])  # type: ignore[attr-defined]
        ranked = tuple(a.name for a in rank(index, str(case["query"]), limit=5))
        outcomes.append(Outcome(str(case["query"]), expect, ranked))
    return outcomes


def recall(outcomes: list[Outcome], k: int) -> float:
    return sum(o.hit(k) for o in outcomes) / len(outcomes) if outcomes else 0.0


def main() -> int:
    cases = yaml.safe_load(DEV_SET.read_text("utf-8"))
    registry = dev_registry()
    start = time.perf_counter()
    outcomes = evaluate(registry, cases)
    seconds = time.perf_counter() - start
    skills = sum(len(p.skills) for p in registry)
    print(f"{len(outcomes)} queries, {skills} skills, {seconds:.2f} s")
    print(f"recall@1 {recall(outcomes, 1):.3f}  recall@3 {recall(outcomes, 3):.3f}")
    for o in outcomes:
        if not o.hit(1):
            mark = "miss@3" if not o.hit(3) else "miss@1"
            print(
                f"{mark}: {o.query!r}\n  expect {', '.join(o.expect)}; got {', '.join(o.ranked[:3])}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
