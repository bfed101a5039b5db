"""Failure-hook latency at N skills, process start to exit, as Claude Code runs it.

    .venv/bin/python -m benchmarks.hook_speed --n 1000 --runs 40

Generates a registry (benchmarks.generate), writes its `skills-index.json`, then runs
the client as hooks.json runs it (`python3 -I -S skills_registry.py hook`) with recorded payload shapes: the first run finds no
cache and starts the background builder (read and parse the index, write SQLite); once it is
there, the first run on it (cold), the rest warm. Payloads: a failure
quoting an error (injects), one that many skills quote alike
(injects 3 and counts the rest), an everyday failure (silent), a successful
command's output (PostToolUse, no error: the common case), a successful command that
logged a traceback, and one that logged it at the end of 200,000 characters of progress (the
payload holds the first 30,000, the rest is in the file Claude Code saved: `persisted_output.py`).
Reports p50 and p95 of wall time per payload.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import generate_registry
from benchmarks.hook_long_output import progress
from site_gen.config import load_config
from site_gen.loader import load_registry
from site_gen.search.compact import render_compact_index
from site_gen.search.hook_gate import confident_entries

REPO = Path(__file__).resolve().parent.parent
CLIENT = REPO / "plugins/tooling/skills-registry/scripts/skills_registry.py"
PAYLOADS = REPO / "tests/data/hook-payloads"
_HOOKS = json.loads((REPO / "plugins/tooling/skills-registry/hooks/hooks.json").read_text())
HOOK_PYTHON = _HOOKS["hooks"]["PostToolUseFailure"][0]["hooks"][0]["command"].split(' "')[0].split()
"""The interpreter and its flags as the plugin's hooks.json runs the client (`python3 -I -S`)."""


def _run(payload: dict[str, object], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system: steadier on a shared machine), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*HOOK_PYTHON, str(CLIENT), "hook"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        generate_registry(root, args.n, 0)
        registry = load_registry(root).registry
        text = render_compact_index(registry, load_config(root))
        index_file = Path(tmp) / "skills-index.json"
        index_file.write_text(text, "utf-8")
        index = json.loads(text)["lookup"]
        entry, tied = sole_and_tied(index)
        failure = json.loads((PAYLOADS / "failure-noise.json").read_text())
        covered = failure | {
            "error": f"Exit code 1\nTraceback (most recent call last):\n{entry['error']}"
        }
        tie = failure | {"error": f"Exit code 1\n{tied['error']}"}
        success = json.loads((PAYLOADS / "success-train.json").read_text())
        logged = json.loads((PAYLOADS / "success-traceback.json").read_text())
        logged["tool_response"]["stdout"] = "step 10 loss 0.3\n" + entry["error"]
        long_run = _long_run(Path(tmp), entry["error"])
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": tmp,  # the once-per-session markers (`once.py`) go under it
            "CLAUDE_PLUGIN_DATA": str(Path(tmp) / "data"),
            "SKILLS_REGISTRY_INDEX": str(index_file),
        }
        cold, cold_cpu, out = _run(covered | {"session_id": "cold"}, env)
        print(f"{args.n} skills; skills-index.json {len(text.encode()) / 1e6:.1f} MB")
        print(
            f"first run, no cache (starts the background builder): {cold * 1000:.0f} ms "
            f"(CPU {cold_cpu * 1000:.0f} ms); injected: {bool(out)}"
        )
        cache = Path(tmp) / "data" / "index"
        while not (cache / "build.json").is_file():  # parse the index, write the SQLite cache
            time.sleep(0.1)
        built = json.loads((cache / "build.json").read_text())
        print(
            f"background build: {built['seconds']} s wall, {built['cpu_seconds']} s CPU, "
            f"peak {built['max_rss_mb']} MB"
        )
        cold, cold_cpu, out = _run(covered | {"session_id": "cold2"}, env)
        print(
            f"first run on the new cache: {cold * 1000:.0f} ms (CPU {cold_cpu * 1000:.0f} ms); "
            f"injected: {bool(out)}"
        )
        print(
            f"cache in CLAUDE_PLUGIN_DATA: {sum(f.stat().st_size for f in cache.iterdir()) / 1e6:.1f} MB"
        )
        for label, payload in (
            ("covered failure (injects)", covered),
            ("tied failure (injects 3 skills)", tie),
            ("noise failure", failure),
            ("success, no error (PostToolUse)", success),
            ("success that logged a traceback", logged),
            ("traceback after 200k chars (saved)", long_run),
        ):
            times, cpus, injected = [], [], 0
            for i in range(args.runs):  # a session each: the hook gives an entry once per session
                seconds, cpu, out = _run(payload | {"session_id": f"{label}-{i}"}, env)
                times.append(seconds * 1000)
                cpus.append(cpu * 1000)
                injected += bool(out)
            print(
                f"warm, {label:34} wall p50 {_pct(times, 0.5):4.0f} ms p95 {_pct(times, 0.95):4.0f} ms"
                f" | CPU p50 {_pct(cpus, 0.5):4.0f} ms p95 {_pct(cpus, 0.95):4.0f} ms"
                f" | injected {injected}/{args.runs}"
            )
        print(
            f"load average at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
            f" on {os.cpu_count()} cores"
        )


def _long_run(tmp: Path, error: str) -> dict[str, Any]:
    """A PostToolUse payload of a run that logged `error` after 200,000 characters of progress,
    its whole output saved as Claude Code saves it (`benchmarks/HOOK_LONG_OUTPUT.md`)."""
    output = progress(200000) + "Traceback (most recent call last):\n" + error + "\n"
    saved = tmp / "projects" / "-work" / "session" / "tool-results" / "b1.txt"
    saved.parent.mkdir(parents=True)
    saved.write_text(output, "utf-8")
    payload: dict[str, Any] = json.loads((PAYLOADS / "success-long.json").read_text())
    payload["tool_response"] |= {
        "stdout": output[:30000],
        "persistedOutputPath": str(saved),
        "persistedOutputSize": len(output.encode()),
    }
    return payload


def sole_and_tied(index: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An entry whose error the gate gives (alone when one is: since 1.8.0 none of a generated
    registry's is, its "unique" errors differ from others only by a quoted path or hash), and
    one it gives with other skills' entries (most are tied: templates repeat)."""
    sole = tied = None
    for doc in index["docs"]:
        if doc["kind"] != "entry":
            continue
        found = len(confident_entries(index, "Exit code 1\n" + doc["error"]))
        if found >= 1 and sole is None:
            sole = doc
        elif found > 3 and tied is None:
            tied = doc
        if sole is not None and tied is not None:
            return sole, tied
    raise ValueError("the registry has no entry the gate gives, or none it gives tied")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
