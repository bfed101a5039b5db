"""One `site-gen build` with each phase's wall and CPU time: what an incremental build costs.

    python -m benchmarks.incremental_build --root R --out SITE --cache CACHE [--edit N]
    flock /work/bench.lock /usr/bin/time -v python -m benchmarks.incremental_build \\
        --root /tmp/incr-reg10k --out /tmp/incr-site --cache /tmp/incr-cache --edit 17

The build is `build_site` as `site-gen build --config mkdocs.yml` runs it, in this process,
with a progress that also reads the CPU time (this process and its finished children,
Pagefind among them) at each phase's start and end. `--edit N` first appends a line to
the Nth SKILL.md (sorted by path) of R: what a deploy after one merged edit rebuilds.
Run it twice on a copy of a registry (cold, then with `--edit`); `--compare DIR` then diffs
the site with DIR (a `--no-cache` build of the same registry), file by file.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_gen.build import build_site
from site_gen.progress import Phase, Progress


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


class TimedProgress(Progress):
    """Plain progress lines, each with the CPU time of its phase."""

    def __init__(self) -> None:
        super().__init__(print)
        self.cpu: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Phase]:
        start = _cpu()
        with super().phase(name, total, unit) as step:
            try:
                yield step
            finally:
                self.cpu[name] = _cpu() - start


def _edit(root: Path, number: int) -> Path:
    skill = sorted(root.glob("plugins/*/*/skills/*/SKILL.md"))[number - 1]
    with skill.open("a", encoding="utf-8") as handle:
        handle.write(f"\nAppended by benchmarks.incremental_build at {time.time():.0f}.\n")
    return skill


def _differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []
    stack = [filecmp.dircmp(a, b)]
    while stack:
        cmp = stack.pop()
        found += cmp.left_only + cmp.right_only
        found += filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)[1]
        stack += cmp.subdirs.values()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--edit", type=int, default=0, help="append a line to the Nth SKILL.md")
    parser.add_argument("--compare", type=Path, help="a site to diff the result with")
    args = parser.parse_args()
    if args.edit:
        print(f"edited {_edit(args.root, args.edit)}")
    progress = TimedProgress()
    start, cpu = time.perf_counter(), _cpu()
    result = build_site(
        args.root, args.out, mkdocs_yml=args.config, progress=progress, cache_dir=args.cache
    )
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    print("| phase | wall (s) | CPU (s) |\n|---|---|---|")
    for name, seconds in result.seconds.items():
        print(f"| {name} | {seconds:.1f} | {progress.cpu.get(name, 0.0):.1f} |")
    print(f"| total | {wall:.1f} | {cpu:.1f} |")
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(f"peak RSS {peak / 1024:.0f} MB (this process or its largest child)")
    if args.compare:
        found = _differences(args.out, args.compare)
        print(
            f"{len(found)} files differ from {args.compare}" + (f": {found[:10]}" if found else "")
        )


if __name__ == "__main__":
    main()
