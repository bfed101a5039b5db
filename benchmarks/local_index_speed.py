"""Inside `all-skills`: the client's own index build at N skills, then hook latency on it.

    .venv/bin/python -m benchmarks.local_index_speed --copy /work/regs/reg1k --runs 30
    flock /work/bench.lock .venv/bin/python -m benchmarks.local_index_speed \
        --copy /work/regs/reg10k --runs 15 --python ~/.pyenv/versions/3.9.18/bin/python3

Writes a registry (generated, or a copy of `--copy`) with this repo's tooling plugin and a
`.claude-plugin/marketplace.json` (`site-gen marketplace`), so the plugin's client finds itself
inside a registry as in an installed `all-skills`. Then, with a fresh `CLAUDE_PLUGIN_DATA`:
1. the first hook, on no cache at all: it starts the background builder and returns, silent;
2. the background build (`index_builder.py build`): its wall time, CPU time and peak memory
   as it records them in `index/build.json`;
3. hooks afterwards: the first one (cold: the first to open the new cache), then warm runs
   of a covered failure (injects), an everyday failure, a successful command, and a
   successful command that logged a traceback: p50 and p95 of wall and CPU time;
4. `advise "<goal>"` and `lookup -` run by hand on the warm cache: p50 and p95.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from benchmarks.generate import generate_registry
from benchmarks.hook_speed import PAYLOADS, _pct, sole_and_tied
from site_gen.cli import main as site_gen

REPO = Path(__file__).resolve().parent.parent
PLUGIN = "plugins/tooling/skills-registry"
GOAL = "GRPO on a 7B model with an external vLLM server on 8 A100s"


def _registry(folder: Path, n: int, copy: str) -> Path:
    root = folder / "registry"
    if copy:
        shutil.copytree(copy, root, symlinks=True, ignore=shutil.ignore_patterns("build", "site"))
    else:
        generate_registry(root, n, 0)
    shutil.copytree(REPO / PLUGIN, root / PLUGIN, ignore=shutil.ignore_patterns("__pycache__"))
    done = CliRunner().invoke(site_gen, ["marketplace", "--root", str(root), "--skip-invalid"])
    assert done.exit_code == 0, done.output
    return root


def _run(command: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, done.stdout


def _cached_index(data: Path) -> dict[str, Any]:
    """The error index as the client cached it (to pick an error the hook injects for)."""
    db = sqlite3.connect(data / "index" / "index.sqlite")
    meta = dict(db.execute("SELECT key, value FROM meta"))
    docs = [json.loads(row[0]) for row in db.execute("SELECT data FROM docs ORDER BY n")]
    postings = {term: json.loads(data) for term, data in db.execute("SELECT * FROM postings")}
    db.close()
    lengths, average = json.loads(meta["lengths"]), float(meta["average"])
    return {"docs": docs, "postings": postings, "lengths": lengths, "average": average}


def _wait_for_build(data: Path, timeout: float = 7200) -> dict[str, Any]:
    """The background builder's report, once it is there."""
    path = data / "index" / "build.json"
    deadline = time.monotonic() + timeout
    while not path.is_file():
        if time.monotonic() > deadline:
            raise SystemExit((data / "index" / "build.log").read_text())
        time.sleep(0.5)
    report: dict[str, Any] = json.loads(path.read_text())
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--copy", default="", help="copy this registry instead of generating")
    parser.add_argument(
        "--python",
        default=shutil.which("python3", path="/usr/bin:/usr/local/bin") or "python3",
        help="the interpreter hooks run with (not a pyenv shim: it alone costs ~100 ms of CPU)",
    )
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="local-index-bench-") as tmp:
        root = _registry(Path(tmp), args.n, args.copy)
        scripts = root / PLUGIN / "scripts"
        data = Path(tmp) / "data"
        env = {"PATH": os.environ["PATH"], "HOME": tmp, "CLAUDE_PLUGIN_DATA": str(data)}
        hook = [args.python, "-I", str(scripts / "skills_registry.py"), "hook"]
        failure = json.loads((PAYLOADS / "failure-noise.json").read_text())
        wall, cpu, out = _run(hook, env, json.dumps(failure))
        print(
            f"first hook, no cache (starts the builder): {wall * 1000:.0f} ms wall, "
            f"{cpu * 1000:.0f} ms CPU; silent: {not out}"
        )
        report = _wait_for_build(data)
        size = sum(f.stat().st_size for f in (data / "index").iterdir()) / 1e6
        print(
            f"{report['skills']} skills, {len(report['left_out'])} plugins left out: background "
            f"build {report['seconds']:.1f} s wall, {report['cpu_seconds']:.1f} s CPU, peak "
            f"memory {report['max_rss_mb']} MB; cache {size:.1f} MB"
        )
        index = _cached_index(data)
        entry, _ = sole_and_tied(index)
        error = f"Exit code 1\nTraceback (most recent call last):\n{entry['error']}"
        covered = failure | {"error": error}
        wall, cpu, out = _run(hook, env, json.dumps(covered | {"session_id": "cold"}))
        print(f"first hook after the build: {wall * 1000:.0f} ms; injected: {bool(out)}")
        success = json.loads((PAYLOADS / "success-train.json").read_text())
        logged = json.loads((PAYLOADS / "success-traceback.json").read_text())
        logged["tool_response"]["stdout"] = "step 10 loss 0.3\n" + entry["error"]
        for label, payload in (
            ("covered failure (injects)", covered),
            ("noise failure", failure),
            ("success, no error (PostToolUse)", success),
            ("success that logged a traceback", logged),
        ):
            times, cpus, injected = [], [], 0
            for i in range(args.runs):
                seconds, cpu, out = _run(
                    hook, env, json.dumps(payload | {"session_id": f"{label}-{i}"})
                )
                times.append(seconds * 1000)
                cpus.append(cpu * 1000)
                injected += bool(out)
            print(
                f"warm, {label:34} wall p50 {_pct(times, 0.5):4.0f} ms "
                f"p95 {_pct(times, 0.95):4.0f} ms | CPU p50 {_pct(cpus, 0.5):4.0f} ms "
                f"p95 {_pct(cpus, 0.95):4.0f} ms | injected {injected}/{args.runs}"
            )
        client = [args.python, "-I", str(scripts / "skills_registry.py")]
        for label, command, stdin in (
            ("advise (text)", [*client, "advise", GOAL], ""),
            ("lookup - (JSON)", [*client, "lookup", "--json", "-"], entry["error"]),
        ):
            times, cpus = [], []
            for _ in range(args.runs):
                seconds, cpu, out = _run(command, env, stdin)
                times.append(seconds * 1000)
                cpus.append(cpu * 1000)
            print(
                f"warm, {label:34} wall p50 {_pct(times, 0.5):4.0f} ms "
                f"p95 {_pct(times, 0.95):4.0f} ms | CPU p50 {_pct(cpus, 0.5):4.0f} ms "
                f"p95 {_pct(cpus, 0.95):4.0f} ms | {len(out):,} characters"
            )
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average at the end: {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
