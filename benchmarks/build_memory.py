"""Peak memory of `site-gen build` per phase: cold, then incremental after one SKILL.md edit.

    python -m benchmarks.build_memory --registry /work/regs/reg1k --work /tmp/mem-bm1k
    flock /work/bench.lock python -m benchmarks.build_memory --registry /work/regs/reg10k \\
        --work /tmp/mem-bm10k
    python -m benchmarks.build_memory --registry /work/regs/reg1k --work /tmp/mem-bm1k \\
        --tracemalloc 12      # also: the 12 biggest allocation sites alive at each phase's end

The registry's plugins/ are copied into WORK (the edit must not touch the original). Each
build runs `build_site` in a process of its own (this module with `--child`), under
/usr/bin/time -v for the whole process's peak RSS, CPU and wall time. Inside it, each phase
starts by resetting the kernel's high-water mark (`/proc/self/clear_refs`, Linux) so the
phase's own peak (`VmHWM`) is read at its end, beside the RSS it leaves behind; Pagefind's
peak is that of the child processes (`RUSAGE_CHILDREN`). With --tracemalloc the figures
include tracemalloc's own overhead (about twice the heap): use them for who holds what, not
for the peak.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.run import MKDOCS_YML, PY, Run, run


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Pagefind)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _child(root: Path, out: Path, cache: Path, top: int) -> None:
    """One build in this process; prints one JSON line per phase, then one for the whole."""
    from site_gen.build import build_site
    from site_gen.progress import Phase, Progress

    if top:
        tracemalloc.start(1)

    class Measured(Progress):
        @contextmanager
        def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Phase]:
            _reset_peak()
            cpu = _cpu()
            with super().phase(name, total, unit) as step:
                yield step
            row = {"phase": name, "seconds": round(step.seconds, 1),
                   "cpu": round(_cpu() - cpu, 1),
                   "peak_mb": round(_status_mb("VmHWM")), "end_mb": round(_status_mb("VmRSS"))}  # fmt: skip
            if top:
                snapshot = tracemalloc.take_snapshot()
                stats = snapshot.statistics("lineno")
                row["traced_mb"] = round(sum(s.size for s in stats) / 2**20)
                row["top"] = [f"{s.size / 2**20:,.0f} MB {s.traceback[0]}" for s in stats[:top]]
            print(json.dumps(row), flush=True)

    build_site(root, out, mkdocs_yml=MKDOCS_YML, progress=Measured(lambda _: None),
               cache_dir=cache)  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"phase": "children (Pagefind)", "peak_mb": round(children)}), flush=True)


def _table(name: str, result: Run) -> list[str]:
    rows = [
        f"\n{name}: wall {result.seconds:.1f} s, CPU {result.cpu_seconds:.1f} s, "
        f"peak RSS {result.peak_mb:,.0f} MB" + ("" if result.ok else " FAILED"),
        "",
        "| phase | s | CPU s | peak RSS | RSS after |",
        "|---|---|---|---|---|",
    ]
    tops: list[str] = []
    for line in result.stdout.splitlines():
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        rows.append(
            f"| {row['phase']} | {row.get('seconds', '')} | {row.get('cpu', '')} | "
            f"{row['peak_mb']:,} MB | "
            f"{row.get('end_mb', 0):,} MB |"
        )
        if "top" in row:
            tops += [f"\n{row['phase']} (traced {row['traced_mb']:,} MB):", *row["top"]]
    if not result.ok:
        rows.append(result.stderr[-2000:])
    return rows + tops


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder (replaced)")
    parser.add_argument("--tracemalloc", type=int, default=0, metavar="N")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child, args.tracemalloc)
        return 0

    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    root = work / "registry"
    shutil.copytree(args.registry / "plugins", root / "plugins")
    child = [PY, "-m", "benchmarks.build_memory", "--registry", str(args.registry),
             "--work", str(work), "--tracemalloc", str(args.tracemalloc), "--child",
             str(root), str(work / "site"), str(work / "cache")]  # fmt: skip
    rows = _table("cold build (empty cache)", run(child))
    skill = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))[16]
    skill.write_text(skill.read_text("utf-8") + "\nEdited by the benchmark.\n", "utf-8")
    rows += _table(f"incremental after editing {skill.parent.name}", run(child))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
