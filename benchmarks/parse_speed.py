"""Time the Markdown reading alone: every SKILL.md and reference parsed into the model.

Reads each file once (I/O outside the timer), then times `parse_skill`,
`parse_troubleshooting_file` and `parse_issue_sections` over all of them, best of `--repeat`.
Also times one troubleshooting file with 20,000 headings (the worst case the old reader had:
quadratic in the number of headings).

Example: python -m benchmarks.parse_speed plugins /work/corpora/anthropics+skills
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from site_gen.parse_skill import parse_skill
from site_gen.parse_troubleshooting import parse_issue_sections, parse_troubleshooting_file


def _files(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    skills, refs = [], []
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") or part == "node_modules" for part in path.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            continue
        (skills if path.name == "SKILL.md" else refs).append((str(path), text))
    return skills, refs


def _best(work: Callable[[], object], repeat: int) -> str:
    """Best wall and CPU time of `repeat` runs (CPU time: other work on the machine skews wall)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return f"{min(wall):.3f} s wall, {min(cpu):.3f} s CPU"


def parse_all(skills: list[tuple[str, str]], refs: list[tuple[str, str]]) -> int:
    count = 0
    for path, text in skills:
        skill, _ = parse_skill(text, path, Path(path).parent.name)
        count += len(skill.failed_attempts) + len(skill.troubleshooting)
    for path, text in refs:
        if path.endswith("troubleshooting.md"):
            count += len(parse_troubleshooting_file(text, path))
        else:
            count += len(parse_issue_sections(text, path))
    return count


def many_headings(n: int) -> str:
    return "# T\n\n" + "".join(f"## `Error {i}: failed`\n\nCause {i}.\n\n" for i in range(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--headings", type=int, default=20_000)
    args = parser.parse_args(argv)
    for root in args.roots:
        skills, refs = _files(root)
        size = sum(len(t) for _, t in skills + refs)
        seconds = _best(lambda s=skills, r=refs: parse_all(s, r), args.repeat)
        print(
            f"{root}: {len(skills)} SKILL.md + {len(refs)} other .md, {size / 1e6:.1f} MB "
            f"-> {seconds} ({parse_all(skills, refs)} rows/entries)"
        )
    if args.headings:
        text = many_headings(args.headings)
        seconds = _best(lambda: parse_troubleshooting_file(text, "t.md"), 1)
        print(f"one troubleshooting.md with {args.headings:,} headings -> {seconds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
