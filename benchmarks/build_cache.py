"""What the build cache and shards save: cold build, incremental build after one skill edit,
shards + merge, and whether the merged site equals a one-process build.

    python -m benchmarks.build_cache --registry /work/regs/reg1k --work /tmp/bc1k --cold
    flock /work/bench.lock python -m benchmarks.build_cache --registry /work/regs/reg10k \\
        --work /tmp/bc10k --shards 2 --reference /work/regs/site10k

The registry's plugins/ are copied into WORK (the edit must not touch the original). Every
command runs through the CLI in its own process under /usr/bin/time -v; the table gives wall
time, CPU time (user + sys, children included: Pagefind), peak RSS and the build's own
phase times. Steps, in order: [--cold: one-process cold build with an empty cache], N shards
at once with an empty cache, `site-gen merge`, the merged site compared file by file with
the cold build (or --reference), one SKILL.md body edited, `site-gen build` again.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import time
from pathlib import Path

from benchmarks.run import MKDOCS_YML, SITE_GEN, Run, run

PHASE = re.compile(r"^(check|render|mkdocs|emit|search|swap)\s+([\d.]+)s", re.M)
CACHE_NOTE = re.compile(
    r": (\d+) reused, (\d+) rendered|\((\d+) already in the cache, (\d+) rendered"
)


def _row(name: str, result: Run) -> str:
    text = result.stdout + result.stderr
    phases = ", ".join(f"{m[1]} {float(m[2]):.1f}" for m in PHASE.finditer(text))
    note = CACHE_NOTE.search(text)
    cache = f"{note[1] or note[3]} reused / {note[2] or note[4]} rendered" if note else ""
    if not result.ok:
        cache = (
            f"FAILED: {text.strip().splitlines()[-1][:100] if text.strip() else result.returncode}"
        )
    return (
        f"| {name} | {result.seconds:.1f} s | {result.cpu_seconds:.1f} s | "
        f"{result.peak_mb:,.0f} MB | {phases} | {cache} |"
    )


def _build(root: Path, cache: Path, *extra: str) -> list[str]:
    return [SITE_GEN, "build", "--root", str(root), "--config", str(MKDOCS_YML),
            "--cache", str(cache), *extra]  # fmt: skip


def _shards(root: Path, cache: Path, count: int) -> tuple[float, list[Run]]:
    """All shards at once, as a CI matrix runs them; (wall seconds of the slowest, runs)."""
    import concurrent.futures

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        runs = list(
            pool.map(
                lambda i: run(_build(root, cache, "--shard", f"{i}/{count}")),
                range(1, count + 1),
            )
        )
    return time.perf_counter() - start, runs


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (the build marker aside)."""
    found: list[str] = []
    stack = [(filecmp.dircmp(a, b), "")]
    while stack:
        cmp, prefix = stack.pop()
        found += [prefix + n for n in cmp.left_only + cmp.right_only]
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += [prefix + n for n in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in cmp.subdirs.items()]
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder (replaced)")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="also a one-process cold build")
    parser.add_argument("--reference", type=Path, help="a site to compare the merged one with")
    args = parser.parse_args()

    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    root = work / "registry"
    shutil.copytree(args.registry / "plugins", root / "plugins")
    rows = [
        "| step | wall | CPU | peak RSS | phases (s) | cache |",
        "|---|---|---|---|---|---|",
    ]
    reference = args.reference
    if args.cold:
        cold = run(_build(root, work / "cache-cold", "--out", str(work / "cold")))
        rows.append(_row("cold build, one process", cold))
        reference = reference or work / "cold"

    wall, shard_runs = _shards(root, work / "cache", args.shards)
    for i, result in enumerate(shard_runs, 1):
        rows.append(_row(f"shard {i}/{args.shards} (cold cache, shards run at once)", result))
    cpu = sum(r.cpu_seconds for r in shard_runs)
    rows.append(f"| all {args.shards} shards | {wall:.1f} s | {cpu:.1f} s | | | |")
    merge = run(
        [SITE_GEN, "merge", "--root", str(root), "--config", str(MKDOCS_YML), "--cache",
         str(work / "cache"), "--shards", str(args.shards), "--out", str(work / "merged")]
    )  # fmt: skip
    rows.append(_row("merge", merge))
    if reference is not None and merge.ok:
        diff = differences(work / "merged", reference)
        rows.append(f"\nmerged site vs {reference}: {len(diff)} files differ {diff[:10]}\n")

    skill = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))[16]
    skill.write_text(skill.read_text("utf-8") + "\nEdited by the benchmark.\n", "utf-8")
    inc = run(_build(root, work / "cache", "--out", str(work / "incremental")))
    rows.append(_row(f"incremental after editing {skill.parent.name}", inc))
    print("\n".join(rows))
    subprocess.run(["du", "-sh", str(work / "cache")], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
