"""Bytes Claude reads to answer one `/advise` at N skills: the documented path before and after.

    .venv/bin/python -m benchmarks.advise_bytes --n 1000

Before (the skill as it was, path B "anywhere else"): the skill's own text, `llms.txt`, the
category digest of each of the top 5 skills' categories (what "fetch the categories that
match" costs at best), and the top 5 skills' Markdown files. Path A (inside the registry
repository) is shown too: `site-gen advise --json`, then each top skill's SKILL.md,
troubleshooting.md and experiment-log.md. After: the skill's text and the client's output
(`skills_registry.py advise`), which already holds the top 5 with their failed attempts and
hyperparameters. Goals are plans as people write them; the top 5 are `site-gen advise`'s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate_registry
from site_gen import urls
from site_gen.config import load_config
from site_gen.emit.llms import llms_files
from site_gen.emit.skill_markdown import skill_markdown_files
from site_gen.loader import load_registry
from site_gen.search.advise import rank, skills_index
from site_gen.search.compact import render_compact_index

REPO = Path(__file__).resolve().parent.parent
SKILL = REPO / "plugins/tooling/skills-registry/skills/advise/SKILL.md"
CLIENT = REPO / "plugins/tooling/skills-registry/scripts/skills_registry.py"
GOALS = [
    "GRPO on a 7B model with an external vLLM server on 8 A100s",
    "LoRA fine-tune of llama 3 8b keeps hitting NaN loss in fp16",
    "multi-node FSDP training hangs with NCCL timeouts",
    "serve a long-context model with vLLM without running out of KV cache",
    "ColBERT retrieval index: which parameters give the best recall",
    "DPO on preference data, reward margins collapse after a few hundred steps",
    "speculative decoding speedup with a small draft model",
    "dedup and pack a web dataset into tokenized shards",
]


def measure(root: Path, work: Path) -> list[dict[str, int]]:
    registry = load_registry(root).registry
    config = load_config(root)
    markdown = skill_markdown_files(registry, config)
    llms = llms_files(registry, config)
    index_file = work / "skills-index.json"
    index_file.write_text(render_compact_index(registry, config), "utf-8")
    advise_index = skills_index(registry, config)
    folders = {plugin.name: plugin.path for plugin in registry}
    before_skill = subprocess.run(
        ["git", "show", "main:plugins/tooling/skills-registry/skills/advise/SKILL.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = []
    env = {"CLAUDE_PLUGIN_DATA": str(work / "data"), "SKILLS_REGISTRY_INDEX": str(index_file)}
    for goal in GOALS:
        top = rank(advise_index, goal, 5)
        names = [a.name for a in top]
        categories = sorted({str(a.skill["category"]) for a in top})
        digests = [p for p in llms if p.startswith("llms/") and any(c in p for c in categories)]
        path_b = len(before_skill.encode()) + len(llms["llms.txt"].encode())
        path_b += sum(len(llms[d].encode()) for d in digests)
        path_b += sum(len(markdown[urls.skill_markdown(n)].encode()) for n in names)
        advise_json = subprocess.run(
            [
                str(Path(sys.executable).with_name("site-gen")),
                "advise",
                "--json",
                "--root",
                str(root),
                goal,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        path_a = len(before_skill.encode()) + len(advise_json.encode())
        for a in top:
            folder = root / folders[a.skill["plugin"]]
            for rel in (
                f"skills/{a.name}/SKILL.md",
                "references/troubleshooting.md",
                "references/experiment-log.md",
            ):
                if (folder / rel).is_file():
                    path_a += (folder / rel).stat().st_size
        after = subprocess.run(
            ["python3", "-I", str(CLIENT), "advise", goal],
            capture_output=True,
            text=True,
            check=True,
            env={"PATH": "/usr/bin:/bin", **env},
        ).stdout
        after_names = [line.split()[1] for line in after.splitlines() if line[:1].isdigit()]
        assert after_names == names, (after_names, names)
        rows.append(
            {
                "before_b": path_b,
                "before_a": path_a,
                "after": len(SKILL.read_bytes()) + len(after.encode()),
                "client_output": len(after.encode()),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument(
        "--show", action="store_true", help="print the client's output for the first goal"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        generate_registry(root, args.n, 0)
        rows = measure(root, Path(tmp))
        if args.show:
            env = {
                "PATH": "/usr/bin:/bin",
                "CLAUDE_PLUGIN_DATA": str(Path(tmp) / "data"),
                "SKILLS_REGISTRY_INDEX": str(Path(tmp) / "skills-index.json"),
            }
            print(
                subprocess.run(
                    ["python3", "-I", str(CLIENT), "advise", GOALS[0]],
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
            )
    print(f"/advise at {args.n} skills, bytes Claude reads ({len(rows)} goals: median, max)")
    for key, label in (
        ("before_b", "before, path B (llms.txt + digests + 5 skill .md)"),
        ("before_a", "before, path A (site-gen advise --json + 3 files per skill)"),
        ("after", "after (SKILL.md + client output)"),
        ("client_output", "  of which the client's output"),
    ):
        values = [r[key] for r in rows]
        print(f"{label:62} {statistics.median(values) / 1024:7.1f} KB {max(values) / 1024:7.1f} KB")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
