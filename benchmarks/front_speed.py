"""What the feed, author and stats pages cost: one `git log` pass and the pure renders.

    .venv/bin/python -m benchmarks.front_speed               # 1,000 skills, 300 commits
    .venv/bin/python -m benchmarks.front_speed --n 100 --updates 50

Generates a registry, commits it in batches of 10 plugins (one author per batch, one day
apart) and then `--updates` commits that each change one SKILL.md, and times each step
(median of 5 runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import generate_registry
from site_gen.config import Config
from site_gen.credit import people
from site_gen.emit.feed import render_feed
from site_gen.history import plugin_histories, read_git_log
from site_gen.loader import load_registry
from site_gen.render.authors import render_author, render_authors_index
from site_gen.render.stats import render_stats
from site_gen.search.families import families

BATCH = 10
DAY = 86_400
START = 1_735_689_600  # 2025-01-01 UTC


def _commit(root: Path, author: str, when: int, message: str) -> None:
    stamp = f"@{when} +0000"
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_COMMITTER_NAME": author}
    env |= {"GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_EMAIL": "a@example.com"}
    env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_history(root: Path, n: int, updates: int) -> int:
    """Commit the generated registry's plugins in batches, then `updates` edits; commits made."""
    generate_registry(root, n)
    folders = sorted(p for p in (root / "plugins").glob("*/*") if p.is_dir())
    hidden = root.parent / "hidden"
    hidden.mkdir()
    for i, folder in enumerate(folders):
        folder.rename(hidden / str(i))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commits = 0
    for start in range(0, len(folders), BATCH):
        for i in range(start, min(start + BATCH, len(folders))):
            (hidden / str(i)).rename(folders[i])
        _commit(root, f"Author {start // BATCH % 17}", START + commits * DAY, "add")
        commits += 1
    skills = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))
    for u in range(updates):
        skill = skills[(u * 37) % len(skills)]
        skill.write_text(skill.read_text() + f"\nUpdate {u}.\n")
        _commit(root, f"Editor {u % 5}", START + commits * DAY, "update")
        commits += 1
    return commits


def median_seconds(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        root.mkdir()
        commits = make_history(root, args.n, args.updates)
        registry = load_registry(root).registry
        log = read_git_log(root)
        history = plugin_histories(registry, log)
        persons = people(registry, history)
        config = Config()
        feed = render_feed(registry, config, history)
        rows = [
            ("git log, one pass (read_git_log)", median_seconds(lambda: read_git_log(root))),
            (
                "histories (plugin_histories)",
                median_seconds(lambda: plugin_histories(registry, log)),
            ),
            ("people (credit.people)", median_seconds(lambda: people(registry, history))),
            (
                f"author pages ({len(persons)} + index)",
                median_seconds(
                    lambda: [render_author(p) for p in persons] + [render_authors_index(persons)]
                ),
            ),
            (
                "stats page, cold (render_stats)",
                median_seconds(lambda: (families.cache_clear(), render_stats(registry, history))),
            ),
            (
                "feed.xml (render_feed)",
                median_seconds(lambda: render_feed(registry, config, history)),
            ),
        ]
        print(f"{len(registry)} plugins, {commits} commits, {os.cpu_count()} cores")
        print("| step | median s |\n|---|---:|")
        for label, seconds in rows:
            print(f"| {label} | {seconds:.3f} |")
        print(f"feed.xml: {len(feed.encode())} bytes, {feed.count('<entry>')} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
