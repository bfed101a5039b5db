"""Does a new skill cover the same experiment as one already in the registry?

Two signals, both from the search code the registry already has:
- **shared errors**: the new skill's quoted errors (troubleshooting entries, Failed Attempts
  rows) that the error lookup confidently matches to an entry of the other skill;
- **similarity**: cosine of the two skills' term vectors (advise's terms: stemmed words, code
  tokens, ML concepts; each field weighted as advise weighs it; tf-idf over the registry).

A pair overlaps when `similarity >= SIMILAR`; the shared errors are named in the warning but do
not decide: on the dev set (`tests/data/overlap-dev.yaml`: 8 duplicates written in other
words, 4 near-but-different skills, 424 unrelated pairs) every duplicate shares an error with
its original, but so do 10 unrelated pairs (one OOM is not one experiment), while similarity
alone separates them: duplicates 0.58-0.71, unrelated at most 0.27. `python -m
benchmarks.overlap_dev` prints the figures. `site-gen check --base REF` warns W501 on a plugin
added since REF that overlaps an existing one.
"""

from __future__ import annotations

import math
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import problems as P
from .model import Plugin, Registry
from .search import advise_index, error_index, rank

SIMILAR = 0.40
"""The same experiment, in whatever words: midway between the dev set's lowest duplicate
(0.58) and its highest unrelated pair (0.27)."""


@dataclass(frozen=True)
class Overlap:
    """A new skill and an existing one it overlaps."""

    new: Plugin
    other: Plugin
    similarity: float
    shared_errors: tuple[str, ...]
    """Entries of `other` that the new skill's errors matched."""

    @property
    def strong(self) -> bool:
        return self.similarity >= SIMILAR


def _vector(plugin: Plugin) -> dict[str, float]:
    """Term -> field-weighted count over the plugin's skills."""
    counts: dict[str, float] = {}
    for skill in plugin.skills:
        for name, text in advise_index.skill_fields(plugin, skill).items():
            if name == "name":  # a renamed copy must not look different, nor a namesake alike
                continue
            for term in advise_index.terms(text):
                counts[term] = counts.get(term, 0.0) + advise_index.FIELD_WEIGHTS[name]
    return counts


def _weighted(counts: dict[str, float], df: Counter[str], total: int) -> dict[str, float]:
    vector = {
        t: (1 + math.log(max(c, 1.0))) * math.log(1 + total / df[t]) for t, c in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def find_overlaps(new: list[Plugin], existing: list[Plugin]) -> list[Overlap]:
    """Every (new, existing) pair with its similarity and shared errors, best first per new."""
    counts = {p.path: _vector(p) for p in new + existing}
    df: Counter[str] = Counter()
    for vector in counts.values():
        df.update(vector.keys())
    total = len(counts)
    vectors = {path: _weighted(c, df, total) for path, c in counts.items()}
    index = error_index.build_index(Registry("", tuple(existing)))
    found = []
    for plugin in new:
        shared = _shared_errors(plugin, index)
        for other in existing:
            similarity = _cosine(vectors[plugin.path], vectors[other.path])
            found.append(Overlap(plugin, other, similarity, tuple(shared.get(other.name, []))))
    found.sort(key=lambda o: (o.new.name, -o.similarity, o.other.name))
    return found


def _shared_errors(plugin: Plugin, index: dict[str, object]) -> dict[str, list[str]]:
    """Other skill -> its entries that the plugin's quoted errors confidently match."""
    shared: dict[str, list[str]] = {}
    for doc in error_index.docs_for(plugin):
        matches = rank.rank(index, doc.error, 1)
        if matches and matches[0].confident:
            entry = matches[0].doc
            names = shared.setdefault(entry["skill"], [])
            if entry["entry"] not in names:
                names.append(entry["entry"])
    return shared


def overlap_problems(root: Path, registry: Registry, base: str) -> list[P.Problem]:
    """W501 for each plugin added since `base` that strongly overlaps an existing one."""
    merge_base = _git(root, "merge-base", base, "HEAD")
    if merge_base is None:
        return []  # version_problems already reports a base git cannot find (E160)
    sha = merge_base.strip()
    added = [
        p for p in registry if _git(root, "cat-file", "-e", f"{sha}:./{p.manifest_path}") is None
    ]
    existing = [p for p in registry if p not in added and p.category != "tooling"]
    if not added or not existing:
        return []
    found = []
    for overlap in find_overlaps(added, existing):
        if not overlap.strong:
            continue
        errors = ", ".join(f"`{e}`" for e in overlap.shared_errors) or "none"
        path = overlap.new.skills[0].path if overlap.new.skills else overlap.new.manifest_path
        found.append(
            P.warning(
                path,
                1,
                "W501",
                f"new skill '{overlap.new.name}' overlaps '{overlap.other.name}' "
                f"(similarity {overlap.similarity:.2f}; shared errors: {errors})",
                f"update '{overlap.other.name}' instead: add the new failed attempts and "
                "troubleshooting entries there and bump its version; or say in the pull "
                "request why both are needed",
            )
        )
    return found


def _git(root: Path, *args: str) -> str | None:
    """git's output, or None when it fails."""
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None
