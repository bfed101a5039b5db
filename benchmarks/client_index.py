"""The plugin client against a site's `skills-index.json`: first-use download and latency.

    .venv/bin/python -m benchmarks.client_index SITE [--client SCRIPT] [--runs 15]

Serves the built site folder SITE on loopback (a plain HTTP server, no compression: what the
client asks GitHub Pages for with `Accept-Encoding: identity`), points the client at it
(`CLAUDE_PLUGIN_OPTION_SITE_URL`, an empty `CLAUDE_PLUGIN_DATA`) and reports: the first
failure hook on that fresh cache (its wall time, whether it said anything), when the cache
was ready (download, parse, write SQLite: in the background, or in that hook for clients
before 1.7.0), the bytes and requests of that first use, then warm `lookup`, `advise` and
failure-hook runs (p50, p95). `--client`
runs another copy of `skills_registry.py` (e.g. main's, from `git archive`) for a before/after
on the same machine; the site must be in the format that client reads.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

REPO = Path(__file__).resolve().parent.parent
CLIENT = REPO / "plugins/tooling/skills-registry/scripts/skills_registry.py"
ERROR = (
    "thread '<unnamed>' panicked at src/models/bpe/trainer.rs:870:62: attempt to add with overflow"
)
GOAL = "GRPO on a 7B model with an external vLLM server on 8 A100s"


class _Counting(SimpleHTTPRequestHandler):
    served: ClassVar[list[int]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        type(self).served.append(len(data))
        outputfile.write(data)


def _time(cmd: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {done.stderr[-2000:]}")
    return seconds, done.stdout


def measure(site: Path, client: Path, runs: int) -> dict[str, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Counting, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out: dict[str, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="client-index-") as data:
            env = {
                "PATH": "/usr/bin:/bin",
                "HOME": data,
                "CLAUDE_PLUGIN_DATA": data,
                "CLAUDE_PLUGIN_OPTION_SITE_URL": f"http://127.0.0.1:{server.server_address[1]}/",
            }
            base = ["python3", "-I", str(client)]
            hook = json.dumps(
                {
                    "session_id": "bench",
                    "hook_event_name": "PostToolUseFailure",
                    "tool_name": "Bash",
                    "tool_input": {"command": "python train.py"},
                    "error": f"Exit code 1\n{ERROR}",
                }
            )
            start = time.perf_counter()
            cold, said = _time([*base, "hook"], env, hook)
            out["first hook, fresh cache: wall s"] = (
                f"{cold:.2f} ({'injects' if said else 'silent'})"
            )
            cache = Path(data) / "index" / "index.sqlite"
            while not cache.is_file():  # renamed into place when complete (either client)
                time.sleep(0.1)
            out["cache ready after (wall s)"] = f"{time.perf_counter() - start:.2f}"
            report = Path(data) / "index" / "build.json"  # the background builder's (this client)
            if report.is_file():
                built = json.loads(report.read_text())
                out["background build: CPU s, peak MB"] = (
                    f"{built.get('cpu_seconds')}, {built.get('max_rss_mb')}"
                )
            out["first use: bytes downloaded"] = f"{sum(_Counting.served):,}"
            out["first use: requests"] = str(len(_Counting.served))
            found = json.loads(_time([*base, "lookup", "--json", ERROR], env)[1])
            out["top lookup answer"] = found[0]["skill"] if found else "(none)"
            for label, args, stdin in (
                ("warm lookup", ["lookup", "--json", ERROR], ""),
                ("warm advise", ["advise", "--json", GOAL], ""),
                ("warm hook", ["hook"], hook),
            ):
                times = [_time([*base, *args], env, stdin)[0] for _ in range(runs)]
                p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
                out[f"{label}: p50 / p95 ms"] = (
                    f"{statistics.median(times) * 1000:.0f} / {p95 * 1000:.0f}"
                )
            cache = sum(p.stat().st_size for p in Path(data).rglob("*") if p.is_file())
            out["cache on disk"] = f"{cache / 1e6:.1f} MB"
    finally:
        server.shutdown()
        server.server_close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (its skills-index.json)")
    parser.add_argument("--client", type=Path, default=CLIENT)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for key, value in measure(args.site, args.client, args.runs).items():
        print(f"{key:<32} {value}")


if __name__ == "__main__":
    main()
