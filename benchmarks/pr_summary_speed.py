"""What the PR summary step adds to a Validate run, beside the strict check it repeats.

    .venv/bin/python -m benchmarks.pr_summary_speed              # 100 and 1,000 skills
    .venv/bin/python -m benchmarks.pr_summary_speed --sizes 5000

For each size: a generated registry committed as `main`, then a pull request that adds one
skill and gives another a new troubleshooting entry. Times (median of 3, each in its own
process) `python -m site_gen.pr_summary`, `site-gen check --strict --base main`, and the deploy
gate; sizes of summary.json and of the comment.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate_registry, plugin_files

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
GIT = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.invalid"]
ENTRY = "\n## `RuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1970, unhandled system error`\n\n**Cause:** interfaces differ.\n\n**Fix:** set `NCCL_SOCKET_IFNAME`.\n"


def _pull_request(root: Path, n: int) -> None:
    subprocess.run([*GIT, "init", "-qb", "main"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=root, check=True)
    subprocess.run([*GIT, "checkout", "-qb", "pr"], cwd=root, check=True)
    for rel, text in plugin_files(n, seed=1).items():  # one more skill
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    changed = sorted((root / "plugins").glob("*/*/references/troubleshooting.md"))[0]
    changed.write_text(changed.read_text() + ENTRY)
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "pr"], cwd=root, check=True)


def _median_seconds(cmd: list[str], cwd: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n: int, work: Path) -> dict[str, float | int]:
    root = work / f"r{n}"
    generate_registry(root, n)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    _pull_request(root, n)
    out = work / f"out{n}"
    summary = [
        str(BIN / "python"),
        "-m",
        "site_gen.pr_summary",
        "--base",
        "main",
        "--out",
        str(out),
    ]
    check = [str(BIN / "site-gen"), "check", "--strict", "--base", "main"]
    event = work / "push.json"
    event.write_text(json.dumps({"repository": {"private": False}}))
    gate = ["env", f"GITHUB_EVENT_PATH={event}", str(BIN / "python"), "-m", "site_gen.deploy_gate"]
    result = {
        "skills": n,
        "pr_summary_s": _median_seconds(summary, root),
        "check_strict_base_s": _median_seconds(check, root),
        "deploy_gate_s": _median_seconds(gate, root),
    }
    comment = subprocess.run(summary, cwd=root, capture_output=True, text=True).stdout
    result["summary_json_bytes"] = (out / "summary.json").stat().st_size
    result["comment_chars"] = len(comment)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pr-bench-") as tmp:
        rows = [measure(n, Path(tmp)) for n in args.sizes]
    print("| skills | pr_summary | check --strict --base | deploy gate | summary.json | comment |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['skills']:,} | {r['pr_summary_s']:.2f} s | {r['check_strict_base_s']:.2f} s "
            f"| {r['deploy_gate_s']:.2f} s | {r['summary_json_bytes']:,} B "
            f"| {r['comment_chars']:,} chars |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
