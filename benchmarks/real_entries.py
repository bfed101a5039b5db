"""Troubleshooting entries of the real public skills, by where they are written and what they
quote, and whether their symptom entries (no quoted error) hurt the error lookup.

    .venv/bin/python -m benchmarks.real_entries [--registry DIR]

Imports `/work/corpora/anthropics+skills` and `K-Dense-AI+claude-scientific-skills` with
`site-gen import` into a fresh registry (`hook_heldout2.collect.import_real`; `--registry`
reuses one made before). Prints the entries by file (SKILL.md, `references/`, other
Markdown) and kind (quoted error, title-only symptom), then three lookup measures with and
without the symptom entries: the lookup dev queries on the dev registry plus the real skills
(recall@1/@3), each real quoted error's message line pasted (its entry first, a symptom
ranked above it), and whole command outputs of `hook_heldout2` (right skill first).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from benchmarks.hook_heldout2.collect import import_real
from benchmarks.hook_heldout2.sources import message_line
from benchmarks.lookup_dev import dev_registry, is_hit, queries
from site_gen.loader import load_registry
from site_gen.model import Registry, TroubleshootingEntry
from site_gen.search.error_index import build_index, docs_for
from site_gen.search.rank import rank

HELDOUT2 = Path(__file__).with_name("hook_heldout2")


def _where(entry: TroubleshootingEntry) -> str:
    parts = entry.source.path.split("/")
    inner = "/".join(parts[parts.index("skills") + 2 :]) if "skills" in parts else ""
    if inner == "SKILL.md":
        return "SKILL.md"
    return (
        "references/"
        if inner.startswith("references/") or "/references/" in entry.source.path
        else "other .md"
    )


def counts(registry: Registry) -> list[str]:
    found: Counter[tuple[str, str]] = Counter()
    for plugin in registry:
        for entry in plugin.all_troubleshooting:
            kind = "symptom" if entry.title_only else "quoted" if entry.errors else "no error"
            found[(_where(entry), kind)] += 1
    rows = [f"{w:12} {k:9} {n:5}" for (w, k), n in sorted(found.items())]
    total = Counter(k for (_, k), n in found.items() for _ in range(n))
    return ["file         kind      count", *rows, f"{'all':12} {'quoted':9} {total['quoted']:5}"]


def without_symptoms(index: dict[str, Any]) -> dict[str, Any]:
    """The index with symptom documents left out (renumbered), as if never indexed."""
    keep = [n for n, doc in enumerate(index["docs"]) if doc["kind"] != "symptom"]
    number = {old: new for new, old in enumerate(keep)}
    postings = {}
    for term, plist in index["postings"].items():
        kept = [
            value
            for i in range(0, len(plist), 2)
            if int(plist[i]) in number
            for value in (number[int(plist[i])], plist[i + 1])
        ]
        if kept:
            postings[term] = kept
    lengths = [index["lengths"][n] for n in keep]
    docs = [index["docs"][n] for n in keep]
    return {
        **index,
        "docs": docs,
        "lengths": lengths,
        "postings": postings,
        "average": round(sum(lengths) / len(lengths), 4),
    }


def lookup_rows(real: Registry) -> list[str]:
    dev = dev_registry()
    extra = [p for p in real if p.category != "tooling"]
    both = Registry(
        dev.root, tuple(sorted((*dev.plugins, *extra), key=lambda p: (p.category, p.name)))
    )
    rows = []
    indexes = {"with symptoms": build_index(both)}
    indexes["without"] = without_symptoms(indexes["with symptoms"])
    covered = [q for q in queries() if q["expect"] != "none"]
    for name, index in indexes.items():
        hits = [
            [
                is_hit(q, r.doc["skill"], r.doc["entry"], r.doc["error"])
                for r in rank(index, q["query"], 3)
            ]
            for q in covered
        ]
        at1 = sum(bool(h[:1] and h[0]) for h in hits) / len(hits)
        at3 = sum(any(h) for h in hits) / len(hits)
        rows.append(
            f"lookup dev queries, dev + real ({name:13}): {len(index['docs'])} docs, recall@1 {at1:.3f}, @3 {at3:.3f}"
        )
    real_index = {"with symptoms": build_index(real)}
    real_index["without"] = without_symptoms(real_index["with symptoms"])
    quotes = [
        (d.url, message_line(dict(d.fields)["error"]))
        for p in real
        for d in docs_for(p)
        if d.kind != "symptom" and dict(d.fields).get("error", "").strip()
    ]
    for name, index in real_index.items():
        first = above = 0
        for url, message in quotes:
            results = rank(index, message, 5)
            place = next((i for i, r in enumerate(results) if r.doc["url"] == url), None)
            first += place == 0
            above += place is not None and any(r.doc["kind"] == "symptom" for r in results[:place])
        rows.append(
            f"real quoted errors pasted ({name:13}): {len(quotes)}, entry first {first}, a symptom above the entry {above}"
        )
    for file, index in (("covered_real.yaml", real_index), ("covered_dev.yaml", indexes)):
        cases = yaml.safe_load((HELDOUT2 / file).read_text("utf-8"))
        for name, built in index.items():
            tops = [rank(built, case["error"], 1) for case in cases]
            right = sum(
                bool(t) and t[0].doc["skill"] in case["acceptable"]
                for t, case in zip(tops, cases, strict=True)
            )
            symptom = sum(bool(t) and t[0].doc["kind"] == "symptom" for t in tops)
            rows.append(
                f"whole outputs {file} ({name:13}): right skill first {right}/{len(cases)}, a symptom first {symptom}"
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=Path, help="an imported real registry to reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.registry
        if root is None:
            root = Path(tmp) / "real"
            import_real(root)
        real = load_registry(root).registry
        print("\n".join([*counts(real), *lookup_rows(real)]))


if __name__ == "__main__":
    main()
