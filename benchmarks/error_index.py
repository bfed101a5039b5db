"""The error index at scale: emit time, files and bytes, and a lookup in Chromium.

    .venv/bin/python -m benchmarks.error_index emit --root /work/regs/reg1k --out /tmp/x-site
    .venv/bin/python -m benchmarks.error_index browse --site /tmp/x-site --skills 1000
    .venv/bin/python -m benchmarks.error_index bytes --site /tmp/x-site --skills 1000

`emit` builds the /errors/ page once from the dev registry (a small shell site), then loads
the registry at --root and writes its split index (site_gen/emit/error_shards.py) into the
shell, so a 10,000-skill index is measured without a 10,000-page MkDocs build. `browse`
serves any built site (a full `site-gen build` too) and pastes into /errors/ in Chromium:
the generated registry's pastes (`make bench`'s, benchmarks/run.py) and the dev set's.
`bytes` runs the page's ranking under node on the same pastes (benchmarks/error_index_bytes.js):
the stored bytes and files each paste reads, without a browser or a server in the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks import scale
from benchmarks.lookup_dev import DEV_REGISTRY, REPO, queries
from benchmarks.run import _lookup_queries
from site_gen.build import build_site
from site_gen.emit.error_shards import error_shard_files
from site_gen.loader import load_registry
from site_gen.urls import ERROR_INDEX


def shell_site(out: Path) -> None:
    """The dev registry's site: the /errors/ page and its scripts, as `site-gen build` makes them."""
    with tempfile.TemporaryDirectory(prefix="error-index-shell-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "plugins", root / "plugins")
        shutil.copytree(DEV_REGISTRY / "plugins", root / "plugins", dirs_exist_ok=True)
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        build_site(root, out, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)


def emit(root: Path, out: Path) -> None:
    shell_site(out)
    start, cpu = time.perf_counter(), time.process_time()
    registry = load_registry(root).registry
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    files = error_shard_files(registry)
    done, done_cpu = time.perf_counter(), time.process_time()
    folder = out / ERROR_INDEX
    shutil.rmtree(folder)
    for rel, content in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    written = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load {loaded - start:.1f} s wall ({loaded_cpu - cpu:.1f} s CPU)")
    print(
        f"emit error index {done - loaded:.1f} s wall ({done_cpu - loaded_cpu:.1f} s CPU), "
        f"write {written - done:.1f} s; peak RSS {peak:,.0f} MB"
    )
    report_size(folder)


def report_size(folder: Path) -> None:
    """Files, bytes and disk use (4 KB blocks) of the index, by subfolder."""
    by: dict[str, list[int]] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            kind = path.parent.name if path.parent != folder else path.name
            size = path.stat().st_size
            row = by.setdefault(kind, [0, 0, 0])
            row[0] += 1
            row[1] += size
            row[2] += -(-size // 4096) * 4096
    total = [sum(row[i] for row in by.values()) for i in range(3)]
    for kind, (count, size, disk) in sorted(by.items()):
        print(f"  {kind:12} {count:8,} files {size / 1e6:8.1f} MB ({disk / 1e6:.1f} MB on disk)")
    print(f"  {'total':12} {total[0]:8,} files {total[1] / 1e6:8.1f} MB ({total[2] / 1e6:.1f} MB)")


def browse(site: Path, skills: int, count: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests import chromium

    sets = _paste_sets(skills, count)
    with chromium.serve_folder(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.EXECUTABLE, args=chromium.ARGS)
        try:
            for name, texts in sets.items():
                v = scale.measure_lookup(browser, base, texts)
                print(
                    f"{name} ({len(texts)}): paste to results median "
                    f"{v['browser_paste_ms']:.0f} ms (max {v['paste_max_ms']:.0f}); "
                    f"fetched median {v['lookup_kb']:.0f} KB (max {v['lookup_max_kb']:.0f}); "
                    f"requests median {v['lookup_requests']:.0f}; page ready "
                    f"{v['browser_load_ms']:.0f} ms, {v['lookup_ready_kb']:.0f} KB"
                )
        finally:
            browser.close()


def read_bytes(site: Path, skills: int, count: int) -> None:
    """Per set of pastes: median (max) of the bytes and files the page's ranking reads."""
    script = Path(__file__).with_name("error_index_bytes.js")
    for name, texts in _paste_sets(skills, count).items():
        out = subprocess.run(
            ["node", str(script), str(site)],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
        )
        rows = json.loads(out.stdout)
        parts = []
        for key in ("total", "terms", "buckets", "docs", "files", "ms"):
            values = [row[key] for row in rows]
            scale_ = 1 if key in ("files", "ms") else 1e3
            unit = {"files": " files", "ms": " ms"}.get(key, " KB")
            median, most = statistics.median(values) / scale_, max(values) / scale_
            parts.append(f"{key} {median:,.0f}{unit} ({most:,.0f})")
        print(f"{name} ({len(texts)}): " + "; ".join(parts))


def _paste_sets(skills: int, count: int) -> dict[str, list[str]]:
    return {
        "generated pastes": _lookup_queries(skills)[:count],
        "dev-set pastes": [q["query"] for q in queries()][:count],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("emit")
    e.add_argument("--root", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    b = sub.add_parser("browse")
    b.add_argument("--site", type=Path, required=True)
    b.add_argument("--skills", type=int, required=True, help="size of the generated registry")
    b.add_argument("--queries", type=int, default=30)
    n = sub.add_parser("bytes")
    n.add_argument("--site", type=Path, required=True)
    n.add_argument("--skills", type=int, required=True, help="size of the generated registry")
    n.add_argument("--queries", type=int, default=30)
    s = sub.add_parser("size")
    s.add_argument("--site", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.command == "emit":
        emit(args.root, args.out)
    elif args.command == "browse":
        browse(args.site, args.skills, args.queries)
    elif args.command == "bytes":
        read_bytes(args.site, args.skills, args.queries)
    else:
        report_size(args.site / ERROR_INDEX)


if __name__ == "__main__":
    main()
