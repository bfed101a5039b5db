"""The overlap rule (site_gen/overlap.py) on its dev set: flagged duplicates vs unrelated pairs.

    .venv/bin/python -m benchmarks.overlap_dev

Registry: tests/data/dev-registry/plugins/ (16 skills). New skills: tests/data/overlap-dev.yaml
(8 duplicates written in other words, 4 near-but-different). Pairs: each duplicate with its
original (must flag), each new skill with every other existing skill, and every ordered pair
of distinct existing skills (must not flag). Prints the rates at the chosen thresholds and a
sweep of SIMILAR.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from site_gen import overlap
from site_gen.loader import load_registry
from site_gen.model import Plugin

REPO = Path(__file__).resolve().parent.parent
DEV_SET = REPO / "tests" / "data" / "overlap-dev.yaml"
DEV_REGISTRY = REPO / "tests" / "data" / "dev-registry"


def plugin_files(spec: dict[str, Any]) -> dict[str, str]:
    """A valid plugin from a dev-set entry: SKILL.md with Failed Attempts, troubleshooting."""
    name, category = spec["name"], spec["category"]
    base = f"plugins/{category}/{name}"
    rows = "\n".join(f"| {a} | {w} | {lesson} |" for a, w, lesson in spec["failed"])
    skill = (
        f"---\nname: {name}\ndescription: {json.dumps(spec['description'])}\nlicense: MIT\n"
        f'metadata:\n  author: Dev Set\n  date: "2025-11-01"\n---\n\n# {name} - Research Notes\n\n'
        "## Failed Attempts\n\n| Attempt | Why it Failed | Lesson Learned |\n"
        f"|---------|---------------|----------------|\n{rows}\n\n"
        "See [troubleshooting](../../references/troubleshooting.md).\n"
    )
    entries = "\n".join(
        f"## `{error}`\n\n**Symptom:** as above.\n\n**Cause:** see the skill.\n\n**Fix:** {fix}\n"
        for error, fix in spec["errors"]
    )
    manifest = {
        "name": name,
        "version": "1.0.0",
        "description": spec["description"],
        "author": {"name": "Dev Set"},
        "keywords": [category],
        "skills": "./skills",
    }
    return {
        f"{base}/.claude-plugin/plugin.json": json.dumps(manifest, indent=2) + "\n",
        f"{base}/skills/{name}/SKILL.md": skill,
        f"{base}/references/troubleshooting.md": f"# Troubleshooting: {name}\n\n{entries}",
    }


def dev_set() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(DEV_SET.read_text("utf-8"))
    return data


def pairs(root: Path) -> list[tuple[str, overlap.Overlap]]:
    """(kind, overlap) for every pair the dev set judges: 'duplicate' or 'unrelated'."""
    data = dev_set()
    for spec in data["duplicates"] + data["different"]:
        for rel, text in plugin_files(spec).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, "utf-8")
    registry = load_registry(root).registry
    new_names = {s["name"] for s in data["duplicates"] + data["different"]}
    original = {s["name"]: s["same_as"] for s in data["duplicates"]}
    new = [p for p in registry if p.name in new_names]
    existing = [p for p in registry if p.name not in new_names]
    judged = [
        ("duplicate" if original.get(o.new.name) == o.other.name else "unrelated", o)
        for o in overlap.find_overlaps(new, existing)
    ]
    for plugin in existing:
        rest: list[Plugin] = [p for p in existing if p is not plugin]
        judged += [("unrelated", o) for o in overlap.find_overlaps([plugin], rest)]
    return judged


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        shutil.copytree(DEV_REGISTRY, root)
        judged = pairs(root)
    duplicates = [o for kind, o in judged if kind == "duplicate"]
    unrelated = [o for kind, o in judged if kind == "unrelated"]
    flagged = sum(o.strong for o in duplicates)
    false = [o for o in unrelated if o.strong]
    print(f"threshold: SIMILAR {overlap.SIMILAR}")
    print(f"duplicates flagged: {flagged}/{len(duplicates)}")
    print(f"unrelated pairs flagged: {len(false)}/{len(unrelated)}")
    for o in false:
        print(f"  false: {o.new.name} ~ {o.other.name} {o.similarity:.2f} {o.shared_errors}")
    for o in duplicates:
        mark = "" if o.strong else "  MISSED"
        print(
            f"  dup: {o.new.name} ~ {o.other.name} {o.similarity:.2f} "
            f"shared {len(o.shared_errors)}{mark}"
        )
    top = sorted(unrelated, key=lambda o: -o.similarity)[:5]
    print("most similar unrelated pairs:")
    for o in top:
        print(f"  {o.new.name} ~ {o.other.name} {o.similarity:.2f} shared {len(o.shared_errors)}")
    print("| SIMILAR | duplicates flagged | unrelated flagged |\n|---|---|---|")
    for cut in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6):
        tp = sum(o.similarity >= cut for o in duplicates)
        fp = sum(o.similarity >= cut for o in unrelated)
        print(f"| {cut:.2f} | {tp}/{len(duplicates)} | {fp}/{len(unrelated)} |")
    with_errors = [o for o in judged if o[1].shared_errors]
    print(
        f"pairs sharing an error: {sum(k == 'duplicate' for k, _ in with_errors)} duplicates, "
        f"{sum(k == 'unrelated' for k, _ in with_errors)} unrelated"
    )


if __name__ == "__main__":
    main()
