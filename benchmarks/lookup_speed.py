"""Error lookup speed and size: per-query latency in Chromium, index size, CLI cold vs warm.

    .venv/bin/python -m benchmarks.lookup_speed            # 5,000 entries in the browser, 1,000 skills CLI
    .venv/bin/python -m benchmarks.lookup_speed --skills 300 --entries 2000

The browser part loads the real error-search.js into Debian's chromium (Playwright) with an
index of N entries built from generated skills, and times `ErrorSearch.rank` on 50-line pastes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.generate import generate_registry
from benchmarks.lookup_dev import REPO, queries
from site_gen.loader import load_registry
from site_gen.model import Registry
from site_gen.search.error_index import build_index, docs_for
from tests import chromium

SCRIPT = REPO / "overrides" / "assets" / "javascripts" / "error-search.js"


def fifty_line_pastes() -> list[str]:
    """Each dev-set paste padded to 50 lines with the other pastes' lines (realistic noise)."""
    lines = [ln for q in queries() for ln in q["query"].splitlines() if ln.strip()]
    out = []
    for n, q in enumerate(queries()):
        own = q["query"].splitlines()
        pad = [lines[(n * 7 + i) % len(lines)] for i in range(max(0, 50 - len(own)))]
        out.append("\n".join(pad[: len(pad) // 2] + own + pad[len(pad) // 2 :]))
    return out


def index_for(root: Path, entries: int) -> dict[str, object]:
    """An index of generated skills with `entries` items (whole plugins, so slightly more)."""
    generate_registry(root, max(10, entries // 4), seed=1)
    registry = load_registry(root).registry
    kept, count = [], 0
    for plugin in registry:
        if count >= entries:
            break
        kept.append(plugin)
        count += len(docs_for(plugin))
    return build_index(Registry(registry.root, tuple(kept)))


def browser_latency(index: dict[str, object], pastes: list[str]) -> dict[str, float]:
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=SCRIPT.read_text())
        page.evaluate("(text) => { window.IDX = JSON.parse(text); }", json.dumps(index))
        timings = page.evaluate(
            """(pastes) => {
                const out = [];
                for (let round = 0; round < 3; round++) {
                  for (const text of pastes) {
                    const t0 = performance.now();
                    window.ErrorSearch.rank(window.IDX, text, 5);
                    out.push(performance.now() - t0);
                  }
                }
                return out.slice(pastes.length);  // first round warms the JIT
            }""",
            pastes,
        )
        browser.close()
    timings.sort()
    return {
        "median ms": statistics.median(timings),
        "p95 ms": timings[int(len(timings) * 0.95)],
        "max ms": timings[-1],
    }


def size_per_thousand(index: dict[str, object]) -> tuple[float, float]:
    text = json.dumps(index, separators=(",", ":"), sort_keys=True).encode()
    docs = index["docs"]
    assert isinstance(docs, list)
    per = 1000 / len(docs)
    return len(text) * per / 1e6, len(gzip.compress(text, 9)) * per / 1e6


def cli_times(root: Path) -> tuple[float, float]:
    paste = queries()[1]["query"]
    cmd = [str(REPO / ".venv" / "bin" / "site-gen"), "lookup", "--root", str(root), "--json", "-"]
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, input=paste, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - t0)
    return times[0], min(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--skills", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = index_for(Path(tmp) / "big", args.entries)
        docs = index["docs"]
        assert isinstance(docs, list)
        raw, gz = size_per_thousand(index)
        print(
            f"index: {len(docs)} entries; per 1,000 entries {raw:.2f} MB raw, {gz:.2f} MB gzipped"
        )
        pastes = fifty_line_pastes()
        stats = browser_latency(index, pastes)
        print(
            f"chromium, {len(pastes)} pastes of 50 lines, {len(docs)} entries: "
            + ", ".join(f"{k} {v:.1f}" for k, v in stats.items())
        )
        root = Path(tmp) / "cli"
        generate_registry(root, args.skills, seed=2)
        cold, warm = cli_times(root)
        print(f"site-gen lookup at {args.skills} skills: cold {cold:.2f} s, warm {warm:.2f} s")


if __name__ == "__main__":
    main()
