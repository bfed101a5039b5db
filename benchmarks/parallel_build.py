"""A cold `site-gen build` with --jobs 1 and --jobs N: wall and CPU per phase, every
process's timeline, and the peak of the summed RSS of the whole process tree.

    python -m benchmarks.parallel_build --registry /work/regs/reg1k --work /tmp/pb1k
    python -m benchmarks.parallel_build --registry R --work W --runs 1:0 2:1 4:2

Each run is JOBS:PYTHONHASHSEED. Set PYTHONPATH to a copy of site_gen to measure a fixed
version while editing the worktree (spawned workers import site_gen afresh).

Each build is `site-gen build --no-cache --jobs J` in a process of its own, under
`nice -n 10`, with PYTHONHASHSEED set. While it runs, the whole process tree (the build,
its render workers, Pagefind) is sampled every 0.1 s with psutil: the sum of the RSS of
every live process at each sample (its maximum is the figure the 2 GB target is about; a
process living less than 0.1 s can be missed), each process's first and last sample, its
CPU time and its own peak RSS. A phase's CPU is the tree's CPU time (live processes plus
the ones that ended) between the line the build prints when the phase before it ended and
its own line. The sites of all runs are compared byte for byte (`filecmp`).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks.run import MKDOCS_YML, SITE_GEN

PHASES = ("check", "render", "mkdocs", "emit", "search", "swap")
SAMPLE_S = 0.1


@dataclass
class Proc:
    name: str
    first: float
    last: float
    cpu: float = 0.0
    peak_mb: float = 0.0


@dataclass
class Sampled:
    procs: dict[int, Proc] = field(default_factory=dict)
    peak_sum_mb: float = 0.0
    peak_sum_at: float = 0.0
    cpu_at: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since start, CPU seconds of the tree so far)."""


def _role(proc: psutil.Process, root: int) -> str:
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "?"
    if proc.pid == root:
        return "build"
    if "multiprocessing" in cmd and "spawn_main" in cmd:
        return "render worker"
    if "resource_tracker" in cmd:
        return "mp resource tracker"
    if "pagefind" in cmd or "pagefind" in proc.name():
        return "pagefind"
    return cmd[:40]


def _sample(root: psutil.Process, start: float, into: Sampled, stop: threading.Event) -> None:
    while not stop.is_set():
        now = time.perf_counter() - start
        total_rss = 0.0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        for proc in tree:
            try:
                with proc.oneshot():
                    rss = proc.memory_info().rss / 2**20
                    times = proc.cpu_times()
            except psutil.Error:
                continue
            entry = into.procs.get(proc.pid)
            if entry is None:
                entry = into.procs[proc.pid] = Proc(_role(proc, root.pid), now, now)
            entry.last, entry.cpu = now, times.user + times.system
            entry.peak_mb = max(entry.peak_mb, rss)
            total_rss += rss
        if total_rss > into.peak_sum_mb:
            into.peak_sum_mb, into.peak_sum_at = total_rss, now
        into.cpu_at.append((now, sum(p.cpu for p in into.procs.values())))
        stop.wait(SAMPLE_S)


def _cpu_by(sampled: Sampled, at: float) -> float:
    before = [cpu for t, cpu in sampled.cpu_at if t <= at]
    return before[-1] if before else 0.0


def build_once(registry: Path, work: Path, jobs: int, seed: int) -> dict[str, object]:
    root = work / f"reg-j{jobs}-s{seed}"
    out = work / f"site-j{jobs}-s{seed}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copytree(registry / "plugins", root / "plugins", symlinks=True)
    command = ["nice", "-n", "10", SITE_GEN, "build", "--root", str(root), "--config",
               str(MKDOCS_YML), "--out", str(out), "--no-cache", "--jobs", str(jobs)]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    before_cpu = psutil.Process().cpu_times()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)  # fmt: skip
    sampled, stop = Sampled(), threading.Event()
    sampler = threading.Thread(target=_sample, args=(psutil.Process(child.pid), start, sampled, stop))  # fmt: skip
    sampler.start()
    ends: dict[str, float] = {}
    lines = []
    assert child.stdout is not None
    for line in child.stdout:
        lines.append(line.rstrip("\n"))
        word = line.split(" ", 1)[0]
        if word in PHASES:
            ends[word] = time.perf_counter() - start
    code = child.wait()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    usage = psutil.Process().cpu_times()
    cpu = usage.children_user + usage.children_system
    cpu -= before_cpu.children_user + before_cpu.children_system
    phases, before = {}, 0.0
    for name in sorted(ends, key=ends.__getitem__):  # --jobs N: emit ends before MkDocs
        phases[name] = {"wall_s": round(ends[name] - before, 1),
                        "cpu_s": round(_cpu_by(sampled, ends[name]) - _cpu_by(sampled, before), 1)}  # fmt: skip
        before = ends[name]
    procs = sorted(sampled.procs.values(), key=lambda p: p.first)
    return {
        "jobs": jobs,
        "seed": seed,
        "ok": code == 0,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_sum_rss_mb": round(sampled.peak_sum_mb),
        "peak_sum_at_s": round(sampled.peak_sum_at, 1),
        "phases": phases,
        "processes": [_process_row(p) for p in procs],
        "output": lines if code else lines[-2:],
        "site": str(out),
    }


def _process_row(p: Proc) -> dict[str, object]:
    return {"role": p.name, "from_s": round(p.first, 1), "to_s": round(p.last, 1),
            "cpu_s": round(p.cpu, 1), "peak_rss_mb": round(p.peak_mb)}  # fmt: skip


def same_tree(a: Path, b: Path) -> bool:
    """Every file of `a` and `b` present in both, byte for byte equal."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def _report(run: dict[str, object]) -> str:
    rows = [f"\n--jobs {run['jobs']}, PYTHONHASHSEED={run['seed']}: wall {run['wall_s']} s, "
            f"CPU {run['cpu_s']} s, peak summed RSS {run['peak_sum_rss_mb']} MB "
            f"(at {run['peak_sum_at_s']} s)" + ("" if run["ok"] else " FAILED"),
            "", "| phase | wall s | CPU s |", "|---|---|---|"]  # fmt: skip
    for name, phase in run["phases"].items():  # type: ignore[attr-defined]
        rows.append(f"| {name} | {phase['wall_s']} | {phase['cpu_s']} |")
    rows += ["", "| process | from s | to s | CPU s | peak RSS MB |", "|---|---|---|---|---|"]
    for p in run["processes"]:  # type: ignore[attr-defined]
        if p["cpu_s"] >= 0.1 or p["role"] == "build":
            rows.append(f"| {p['role']} | {p['from_s']} | {p['to_s']} | {p['cpu_s']} | {p['peak_rss_mb']} |")  # fmt: skip
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", nargs="+", default=["1:0", "2:1"],
                        help="JOBS:PYTHONHASHSEED of each build, in order (default: 1:0 2:1)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="Keep the sites and registries.")
    args = parser.parse_args()
    pairs = [tuple(int(n) for n in run.split(":")) for run in args.runs]
    runs = [build_once(args.registry, args.work, jobs, seed) for jobs, seed in pairs]
    for run in runs:
        print(_report(run), flush=True)
    first = Path(str(runs[0]["site"]))
    for run in runs[1:]:
        same = same_tree(first, Path(str(run["site"])))
        print(f"\nsite of --jobs {run['jobs']} seed {run['seed']} == site of --jobs "
              f"{runs[0]['jobs']} seed {runs[0]['seed']}: {same}")  # fmt: skip
    (args.work / "parallel_build.json").write_text(json.dumps(runs, indent=2, sort_keys=True) + "\n")  # fmt: skip
    if not args.keep:
        for run in runs:
            shutil.rmtree(str(run["site"]), ignore_errors=True)
            shutil.rmtree(str(run["site"]).replace("/site-", "/reg-"), ignore_errors=True)


if __name__ == "__main__":
    main()
