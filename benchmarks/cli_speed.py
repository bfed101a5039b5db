"""CPU time of `site-gen lookup` and `advise` as a user meets them: with no cache at all, after
a `site-gen build` (or `check`), warm, and after one SKILL.md edit; and the cache's size.

    .venv/bin/python -m benchmarks.cli_speed --registry /work/regs/reg1k --work /tmp/cs1k
    .venv/bin/python -m benchmarks.cli_speed --registry /work/regs/reg1k --work /tmp/cs1k --after build

Each row is one process (`site-gen ...`): its user + system CPU time from `getrusage` of the
children (and the peak memory of the processes so far); wall time is printed too, but it is
the machine's load as much as ours. The registry's plugins/ are copied into `--work`, a new
folder.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.lookup_dev import queries

SITE_GEN = str(Path(sys.executable).with_name("site-gen"))
MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
GOAL = "LoRA fine-tune on 4 GPUs, loss goes NaN in fp16"


def timed(label: str, args: list[str], stdin: str | None = None) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([SITE_GEN, *args], input=stdin, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(
        f"{label:<34} {cpu:6.2f} s CPU {wall:7.1f} s wall {after.ru_maxrss // 1024:5d} MB peak so far"
    )


def both(label: str, root: Path) -> None:
    paste = queries()[1]["query"]
    timed(f"lookup, {label}", ["lookup", "--root", str(root), "--json", "-"], paste)
    timed(f"advise, {label}", ["advise", "--root", str(root), "--json", GOAL])


def cache_sizes(root: Path) -> None:
    for folder in sorted((root / ".cache").iterdir()):
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"cache {folder.name:<10} {size / 1e6:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument(
        "--after",
        choices=["nothing", "check", "build"],
        default="nothing",
        help="What runs before the first lookup: nothing (no cache at all), check or build.",
    )
    args = parser.parse_args()
    root = args.work / "registry"
    if args.work.exists():
        parser.error(f"--work {args.work} exists: give a new folder (nothing is deleted)")
    shutil.copytree(args.registry / "plugins", root / "plugins", symlinks=True)
    if args.after == "check":
        timed("check (cold)", ["check", "--root", str(root), "-q"])
    elif args.after == "build":
        out = ["--out", str(args.work / "site"), "--config", str(MKDOCS_YML), "-q"]
        timed("build (cold)", ["build", "--root", str(root), *out])
    if args.after != "nothing":
        cache_sizes(root)
    both(f"after {args.after}" if args.after != "nothing" else "no cache at all", root)
    for _ in range(2):
        both("warm", root)
    cache_sizes(root)
    skills = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))
    skill = skills[min(16, len(skills) - 1)]
    skill.write_text(skill.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    both("after one edit", root)
    cache_sizes(root)


if __name__ == "__main__":
    main()
