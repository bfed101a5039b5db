"""`make bench`: how check, build, search and lookup scale with the registry, against plain MkDocs.

For each size N (100 and 1,000; 5,000 with BENCH_LARGE=1; 10,000 with BENCH_HUGE=1; or
BENCH_SIZES=100,300) it generates
a registry (benchmarks.generate), measures every phase through the public CLI and functions,
each in its own process, and writes benchmarks/RESULTS.md.

Environment: BENCH_LARGE=1 adds N=5,000; BENCH_HUGE=1 adds N=10,000; BENCH_SIZES overrides the sizes; BENCH_KEEP=1 keeps
the work folder; BENCH_BASELINE_TIMEOUT (seconds, default 900) stops a baseline build that
runs too long; BENCH_QUERY_BUDGET (seconds, default 180) caps each lookup/advise query set;
BENCH_OUT writes the table somewhere other than benchmarks/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import scale
from benchmarks.generate import _spec, generate_registry
from tests import chromium
from tests.chromium import serve_folder

REPO = Path(__file__).resolve().parent.parent
MKDOCS_YML = REPO / "mkdocs.yml"
PY = sys.executable
SITE_GEN = str(Path(PY).with_name("site-gen"))
QUERIES = 50
QUERY_BUDGET_S = float(os.environ.get("BENCH_QUERY_BUDGET", "180"))
"""Seconds per CLI query set; past it the median is over the queries that ran (and says so)."""
SEED = 0
NA = "not available yet"


@dataclass
class Run:
    """One command's wall time, peak memory and output."""

    seconds: float
    peak_mb: float
    cpu_seconds: float
    """User + system time: steadier than wall time when the machine is shared."""
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(cmd: list[str], stdin: str = "", timeout: float | None = None) -> Run:
    """Run `cmd` under /usr/bin/time -v (peak RSS), timing the wall clock here."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        timed = ["/usr/bin/time", "-v", "-o", report.name, *cmd] if _has_time() else cmd
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        start = time.perf_counter()
        try:
            done = subprocess.run(
                timed, input=stdin, capture_output=True, text=True, timeout=timeout, env=env
            )
        except subprocess.TimeoutExpired:
            return Run(time.perf_counter() - start, 0, 0, -9, "", f"stopped after {timeout:.0f} s")
        seconds = time.perf_counter() - start
        peak = cpu = 0.0
        for line in Path(report.name).read_text().splitlines():
            if "Maximum resident set size" in line:
                peak = int(line.rsplit(":", 1)[1]) / 1024
            elif "User time (seconds)" in line or "System time (seconds)" in line:
                cpu += float(line.rsplit(":", 1)[1])
    return Run(seconds, peak, cpu, done.returncode, done.stdout, done.stderr)


@functools.cache
def _has_time() -> bool:
    return Path("/usr/bin/time").is_file()


@functools.cache
def _commands() -> frozenset[str]:
    """The `site-gen` subcommands that exist in this checkout."""
    out = subprocess.run([SITE_GEN, "--help"], capture_output=True, text=True).stdout
    names = set()
    in_commands = False
    for line in out.splitlines():
        if line.startswith("Commands:"):
            in_commands = True
        elif in_commands and line.startswith("  ") and line.strip():
            names.add(line.split()[0])
    return frozenset(names)


def _failure(result: Run) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return f"failed: {lines[-1][:80] if lines else f'exit {result.returncode}'}"


# ---- what is measured ------------------------------------------------------------------------


@dataclass
class Size:
    """Measurements at one registry size, by metric name (a number or a note)."""

    n: int
    values: dict[str, float | str] = field(default_factory=dict)


def measure(n: int, work: Path, baseline_timeout: float) -> Size:
    """Every measurement for a generated registry of `n` skills, a line per step as it ends."""
    size = Size(n)
    v = size.values
    root, site = work / f"registry-{n}", work / f"site-{n}"
    with _step(n, "generate"):
        generate_registry(root, n, SEED)

    with _step(n, "check") as said:
        checks = [run([SITE_GEN, "check", "--strict", "--root", str(root)]) for _ in range(3)]
        if checks[0].ok:
            v["check_s"] = statistics.median(r.seconds for r in checks)
            v["check_cpu_s"] = statistics.median(r.cpu_seconds for r in checks)
            v["check_mb"] = max(r.peak_mb for r in checks)
        else:
            v["check_s"] = _failure(checks[0])
        said.append(f"check {_num(v['check_s'], ' s', 2)} (median of 3)")

    with _step(n, "build") as said:
        _measure_build(v, root, site)
        said.append(f"build {_num(v.get('build_s'), ' s')}")
        said.append(
            f"render {_num(v.get('render_s'), ' s')}, MkDocs {_num(v.get('mkdocs_s'), ' s')}"
        )
    with _step(n, "serve rebuild") as said:
        _measure_rebuild(v, root, work / f"serve-{n}")
        said.append(f"rebuild {_num(v.get('rebuild_s'), ' s', 2)}")
    if (site / "index.html").is_file():
        with _step(n, "site + browser") as said:
            _measure_site(v, site)
            _measure_browser(v, site, _lookup_queries(n))
            said.append(f"site {_num(v.get('site_mb'), ' MB')}")
            said.append(f"paste to results {_num(v.get('browser_paste_ms'), ' ms', 0)}")
            said.append(f"search {_num(v.get('search_ms'), ' ms', 0)}")
    for command, queries in (("lookup", _lookup_queries(n)), ("advise", _advise_queries(n))):
        with _step(n, command) as said:
            _measure_cli_queries(v, command, root, queries)
            said.append(f"median {_num(v.get(f'{command}_ms'), ' ms', 0)}")
    with _step(n, "baseline") as said:
        _measure_baseline(v, root, work / f"baseline-{n}", baseline_timeout)
        said.append(f"plain MkDocs {_num(v.get('baseline_s'), ' s')}")
    return size


_BUILD_PHASES = textwrap.dedent(
    """\
    import json, sys
    from pathlib import Path
    from site_gen.build import build_site
    result = build_site(Path(sys.argv[1]), Path(sys.argv[2]), mkdocs_yml=Path(sys.argv[3]),
                        echo=lambda _: None)
    print(json.dumps(result.seconds))
    """
)


def _measure_build(v: dict[str, float | str], root: Path, site: Path) -> None:
    """The whole `site-gen build` (CLI), then its phases (build_site's own timings)."""
    if "build" not in _commands():
        v["build_s"] = NA
        return
    cli = run(
        [SITE_GEN, "build", "--root", str(root), "--out", str(site), "--config", str(MKDOCS_YML)]
    )
    if not cli.ok:
        v["build_s"] = _failure(cli)
        return
    v["build_s"], v["build_mb"], v["build_cpu_s"] = cli.seconds, cli.peak_mb, cli.cpu_seconds
    _measure_incremental(v, root, site)
    phases = run([PY, "-c", _BUILD_PHASES, str(root), str(site), str(MKDOCS_YML)])
    if phases.ok:
        seconds = json.loads(phases.stdout.strip().splitlines()[-1])
        for phase in ("check", "render", "mkdocs", "emit", "search"):
            if phase in seconds:
                v[f"{phase}_phase_s"] = seconds[phase]
        v["render_s"] = seconds.get("render", NA)
        v["mkdocs_s"] = seconds.get("mkdocs", NA)
    else:
        v["render_s"] = v["mkdocs_s"] = _failure(phases)


def _measure_incremental(v: dict[str, float | str], root: Path, site: Path) -> None:
    """The deploy after one merged edit: `site-gen build` again with the build cache warm.

    The edit stays (a line appended to the first skill), as it would after a merge. `--out`
    holds the previous site here; `deploy.yml` restores only the build cache.
    """
    skill = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))[0]
    with skill.open("a", encoding="utf-8") as file:
        file.write("\nOne more line, merged after the first build.\n")
    cli = run(
        [SITE_GEN, "build", "--root", str(root), "--out", str(site), "--config", str(MKDOCS_YML)]
    )
    if not cli.ok:
        v["incremental_s"] = _failure(cli)
        return
    v["incremental_s"], v["incremental_cpu_s"] = cli.seconds, cli.cpu_seconds
    v["incremental_mb"] = cli.peak_mb


_REBUILD = textwrap.dedent(
    """\
    import json, sys, time
    from pathlib import Path
    from site_gen.build import BuildCache, build_site
    root, out, yml, skill = (Path(a) for a in sys.argv[1:5])
    cache, cache_dir = BuildCache(), root / ".cache" / "site-gen"  # as `site-gen serve`
    build_site(root, out, mkdocs_yml=yml, cache=cache, echo=lambda _: None, cache_dir=cache_dir)
    jobs = []
    cache.defer = jobs.append  # as serve: the registry's files after the pages are served
    original = skill.read_text("utf-8")
    try:
        skill.write_text(original.replace("## Key Insights\\n", "## Key Insights\\n\\n- Edited.\\n", 1))
        start, cpu = time.perf_counter(), time.process_time()
        result = build_site(root, out, mkdocs_yml=yml, cache=cache, echo=lambda _: None,
                            cache_dir=cache_dir)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
        later = time.process_time()
        for job in jobs:
            job()
        later = time.process_time() - later
        print(json.dumps({"total": total, "cpu": cpu, "deferred_cpu": later, **result.seconds}))
    finally:
        skill.write_text(original, "utf-8")
    """
)


def _measure_rebuild(v: dict[str, float | str], root: Path, out: Path) -> None:
    """What `make serve` does after one SKILL.md is saved: build again with the page cache."""
    if "serve" not in _commands():
        v["rebuild_s"] = NA
        return
    skill = next((root / "plugins").glob("*/*/skills/*/SKILL.md"))
    result = run([PY, "-c", _REBUILD, str(root), str(out), str(MKDOCS_YML), str(skill)])
    if not result.ok:
        v["rebuild_s"] = _failure(result)
        return
    seconds = json.loads(result.stdout.strip().splitlines()[-1])
    v["rebuild_s"], v["rebuild_cpu_s"] = seconds["total"], seconds["cpu"]
    v["rebuild_mkdocs_s"] = seconds.get("mkdocs", NA)
    v["rebuild_deferred_cpu_s"] = seconds.get("deferred_cpu", NA)
    shutil.rmtree(out, ignore_errors=True)


def _measure_site(v: dict[str, float | str], site: Path) -> None:
    v["site_mb"] = _tree_bytes(site) / 1e6
    v["site_files"] = sum(1 for p in site.rglob("*") if p.is_file())
    v.update(scale.site_by_kind(site))
    for key, rel in (("llms", "llms.txt"),):
        path = site / rel
        if path.is_file():
            data = path.read_bytes()
            v[f"{key}_kb"] = len(data) / 1e3
            v[f"{key}_gz_kb"] = len(gzip.compress(data, 6, mtime=0)) / 1e3
        else:
            v[f"{key}_kb"] = NA


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _lookup_queries(n: int) -> list[str]:
    """Pasted errors: a traceback's last lines (some with rank prefixes), from across the registry."""
    queries = []
    for i in range(QUERIES):
        spec = _spec((i * 7919) % n, SEED)
        error = spec.errors[i % len(spec.errors)]
        lines = error.traceback.splitlines()[-6:]
        if i % 3 == 0:
            lines = [f"[rank{i % 8}]: {line}" for line in lines]
        elif i % 3 == 1:
            lines = [error.message]
        queries.append("\n".join(lines))
    return queries


def _advise_queries(n: int) -> list[str]:
    """Plans of experiments, in a researcher's words."""
    queries = []
    for i in range(QUERIES):
        spec = _spec((i * 104729 + 13) % n, SEED)
        queries.append(
            f"{spec.topic.replace('-', ' ')} of {spec.model.split('/')[-1]} on {spec.hardware} "
            f"with {spec.dataset}; worried about {spec.errors[0].library} errors"
        )
    return queries


def _measure_cli_queries(
    v: dict[str, float | str], command: str, root: Path, queries: list[str]
) -> None:
    """Median wall time of `site-gen lookup|advise` over the queries, after one warm-up call."""
    if command not in _commands():
        v[f"{command}_ms"] = NA
        return
    args = {"lookup": ["--json", "-"], "advise": ["--json"]}[command]

    def call(query: str) -> Run:
        if command == "lookup":
            return run([SITE_GEN, command, "--root", str(root), *args], stdin=query)
        return run([SITE_GEN, command, "--root", str(root), *args, query])

    first = call(queries[0])  # builds the cache (.cache/ under the root)
    if not first.ok:
        v[f"{command}_ms"] = _failure(first)
        return
    v[f"{command}_first_ms"] = first.seconds * 1000
    times: list[float] = []
    budget = time.perf_counter() + QUERY_BUDGET_S
    for query in queries:
        result = call(query)
        if not result.ok:
            v[f"{command}_ms"] = _failure(result)
            return
        times.append(result.seconds)
        if time.perf_counter() > budget:
            break  # a slow command is reported on fewer queries rather than for an hour
    v[f"{command}_ms"] = statistics.median(times) * 1000
    v[f"{command}_queries"] = len(times)
    v[f"{command}_mb"] = first.peak_mb


def _measure_browser(v: dict[str, float | str], site: Path, queries: list[str]) -> None:
    """Chromium on the built /errors/ page: time to a usable lookup, ranking, paste-to-results."""
    if not (site / "errors" / "index.html").is_file():
        v["browser_load_ms"] = NA
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        v["browser_load_ms"] = "playwright not installed"
        return
    with serve_folder(site) as base, sync_playwright() as p:
        browser = chromium.launch(p)
        try:
            v.update(scale.measure_lookup(browser, base, queries[:10]))
            v["search_prefetch"] = len(scale.search_prefetch_requests(browser, base))
            v.update(scale.measure_search(browser, base, scale.SEARCH_QUERIES))
        finally:
            browser.close()


_BASELINE_YML = """\
site_name: Baseline
theme:
  name: material
"""


def _measure_baseline(v: dict[str, float | str], root: Path, folder: Path, timeout: float) -> None:
    """Plain `mkdocs build` with Material: one page per skill (its Markdown), default nav."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(_BASELINE_YML, "utf-8")
    (docs / "index.md").write_text("# Baseline\n\nOne page per skill.\n", "utf-8")
    for skill_md in sorted((root / "plugins").glob("*/*/skills/*/SKILL.md")):
        plugin = skill_md.parents[2]
        text = skill_md.read_text("utf-8").split("\n---\n", 1)[1]
        for ref in sorted((plugin / "references").glob("*.md")):
            text += "\n\n" + ref.read_text("utf-8").replace("\n# ", "\n## ", 1)
        # relative links to references/scripts do not exist here; keep the text, drop the target
        text = text.replace("](../../", "](#")
        page = docs / plugin.parent.name / f"{plugin.name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, "utf-8")
    out = folder / "site"
    result = run(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(out)],
        timeout=timeout,
    )
    if not result.ok:
        v["baseline_s"] = result.stderr.strip() if result.returncode == -9 else _failure(result)
        return
    v["baseline_s"], v["baseline_mb"] = result.seconds, result.peak_mb
    v["baseline_cpu_s"] = result.cpu_seconds
    v["baseline_site_mb"] = _tree_bytes(out) / 1e6
    # Pagefind-only: the same plain site, indexed by Pagefind (its CLI, from the same wheel).
    shutil.rmtree(out / "search", ignore_errors=True)  # Material's index: Pagefind replaces it
    indexed = run([PY, "-m", "pagefind", "--site", str(out)], timeout=timeout)
    if indexed.ok:
        v["pagefind_only_s"] = result.seconds + indexed.seconds
        v["pagefind_only_mb"] = max(result.peak_mb, indexed.peak_mb)
        v["pagefind_only_index_mb"] = _tree_bytes(out / "pagefind") / 1e6
    else:
        v["pagefind_only_s"] = _failure(indexed)
    shutil.rmtree(folder, ignore_errors=True)


# ---- the report ------------------------------------------------------------------------------


def _num(value: float | str | None, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}{unit}"


def _ratio(a: float | str | None, b: float | str | None) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float) and b:
        return f"{a / b:.2f}x"
    return "-"


def _size_cell(v: dict[str, float | str], key: str) -> str:
    raw = v.get(f"{key}_kb")
    if not isinstance(raw, int | float):
        return _num(raw)
    return f"{raw:,.0f} KB ({v[f'{key}_gz_kb']:,.0f} KB gz)"


def _query_cell(v: dict[str, float | str], command: str) -> str:
    median = _num(v.get(f"{command}_ms"), " ms", 0)
    count = v.get(f"{command}_queries", QUERIES)
    of = f" (median of {count})" if count != QUERIES else ""
    return f"{median}{of} ({_num(v.get(f'{command}_first_ms'), ' ms', 0)})"


ROWS: list[tuple[str, Callable[[dict[str, float | str]], str], str]] = [
    ("`site-gen check --strict` (median of 3)", lambda v: _num(v.get("check_s"), " s", 2), "1,000: < 2 s"),
    ("CPU time, check", lambda v: _num(v.get("check_cpu_s"), " s", 2), ""),
    ("peak memory, check", lambda v: _num(v.get("check_mb"), " MB", 0), ""),
    ("build phase: check", lambda v: _num(v.get("check_phase_s"), " s", 2), ""),
    ("build phase: render + write docs", lambda v: _num(v.get("render_s"), " s", 2), ""),
    ("build phase: MkDocs", lambda v: _num(v.get("mkdocs_s"), " s", 2), ""),
    ("build phase: emit (marketplace, llms.txt, indexes)", lambda v: _num(v.get("emit_phase_s"), " s", 2), ""),
    ("build phase: Pagefind site index", lambda v: _num(v.get("search_phase_s"), " s", 2), ""),
    ("whole `site-gen build`", lambda v: _num(v.get("build_s"), " s"), "10,000 cold: < 4 min (#15; #8 asked 1,000: < 15 s)"),
    ("CPU time, build", lambda v: _num(v.get("build_cpu_s"), " s"), ""),
    ("peak memory, build", lambda v: _num(v.get("build_mb"), " MB", 0), "10,000: < 2 GB"),
    ("incremental build after one edit (warm cache, CLI)", lambda v: _num(v.get("incremental_s"), " s"), "10,000: < 60 s"),
    ("CPU time; peak memory, incremental build", lambda v: f"{_num(v.get('incremental_cpu_s'), ' s')}; {_num(v.get('incremental_mb'), ' MB', 0)}", "10,000: < 2 GB"),
    ("plain MkDocs + Material baseline", lambda v: _num(v.get("baseline_s"), " s"), ""),
    ("CPU time, baseline", lambda v: _num(v.get("baseline_cpu_s"), " s"), ""),
    ("build time / baseline (wall; CPU)", lambda v: f"{_ratio(v.get('build_s'), v.get('baseline_s'))}; {_ratio(v.get('build_cpu_s'), v.get('baseline_cpu_s'))}", "<= 1.2x"),
    ("peak memory, baseline", lambda v: _num(v.get("baseline_mb"), " MB", 0), ""),
    ("Pagefind-only: plain MkDocs + Pagefind CLI on it", lambda v: _num(v.get("pagefind_only_s"), " s"), ""),
    ("Pagefind-only: its index; peak memory", lambda v: f"{_num(v.get('pagefind_only_index_mb'), ' MB')}; {_num(v.get('pagefind_only_mb'), ' MB', 0)}", ""),
    ("build time / Pagefind-only (wall)", lambda v: _ratio(v.get("build_s"), v.get("pagefind_only_s")), ""),
    ("serve: rebuild after one edit", lambda v: _num(v.get("rebuild_s"), " s", 2), "1,000: < 1 s"),
    ("serve: rebuild CPU time; its MkDocs phase", lambda v: f"{_num(v.get('rebuild_cpu_s'), ' s', 2)}; {_num(v.get('rebuild_mkdocs_s'), ' s', 2)}", ""),
    ("serve: CPU time of the files made after the reload", lambda v: _num(v.get("rebuild_deferred_cpu_s"), " s", 2), ""),
    ("site size on disk", lambda v: _num(v.get("site_mb"), " MB"), "10,000: < 600 MB"),
    *[(f"site: {kind}", (lambda k: lambda v: _num(v.get(f"kind:{k}"), " MB"))(kind), "") for kind in [*scale.KINDS, "other"]],
    ("largest file", lambda v: _num(v.get("largest_file")), "< 50 MB"),
    ("files in site", lambda v: _num(v.get("site_files"), "", 0), ""),
    ("baseline site size", lambda v: _num(v.get("baseline_site_mb"), " MB"), ""),
    ("site size / baseline", lambda v: _ratio(v.get("site_mb"), v.get("baseline_site_mb")), ""),
    ("`llms.txt`", lambda v: _size_cell(v, "llms"), ""),
    ("`site-gen lookup`: median of 50 (first call)", lambda v: _query_cell(v, "lookup"), "1,000: < 0.3 s (< 2 s)"),
    ("`site-gen advise`: median of 50 (first call)", lambda v: _query_cell(v, "advise"), "1,000: < 0.3 s (< 2 s)"),
    ("Chromium: /errors/ load to lookup ready; bytes", lambda v: f"{_num(v.get('browser_load_ms'), ' ms', 0)}; {_num(v.get('lookup_ready_kb'), ' KB', 0)}", ""),
    ("Chromium: paste to results shown (median of 10)", lambda v: _num(v.get("browser_paste_ms"), " ms", 0), "10,000: < 300 ms"),
    ("Chromium: bytes one paste fetched (median; max)", lambda v: f"{_num(v.get('lookup_kb'), ' KB', 0)}; {_num(v.get('lookup_max_kb'), ' KB', 0)}", "10,000: < 1 MB"),
    ("Chromium: search requests before typing", lambda v: _num(v.get("search_prefetch"), "", 0), "0"),
    ("Chromium: search, last keystroke to results (median; max of 4)", lambda v: f"{_num(v.get('search_ms'), ' ms', 0)}; {_num(v.get('search_max_ms'), ' ms', 0)}", "10,000: < 1 s"),
    ("Chromium: search, first keystroke to first results (typing 100 ms a key)", lambda v: _num(v.get("search_first_ms"), " ms", 0), ""),
    ("Chromium: search bytes per query (median; max)", lambda v: f"{_num(v.get('search_kb'), ' KB', 0)}; {_num(v.get('search_max_kb'), ' KB', 0)}", "10,000: < 600 KB"),
]  # fmt: skip

_PHASES = {
    "check": "check_phase_s",
    "render": "render_s",
    "MkDocs": "mkdocs_s",
    "emit": "emit_phase_s",
    "Pagefind": "search_phase_s",
}


def slowest_phase(v: dict[str, float | str]) -> str:
    """The build phase that took longest, with its share of the build."""
    phases = {name: v.get(key) for name, key in _PHASES.items()}
    timed = {k: t for k, t in phases.items() if isinstance(t, int | float)}
    if not timed:
        return "-"
    name = max(timed, key=lambda k: timed[k])
    return f"{name} ({timed[name]:.1f} s of {sum(timed.values()):.1f} s)"


def report(sizes: list[Size]) -> str:
    """RESULTS.md: the machine, the table, the slowest phase per size."""
    head = "| measured | " + " | ".join(f"N = {s.n:,}" for s in sizes) + " | target |"
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m benchmarks.run`); registries from "
        f"`python -m benchmarks.generate --n N --seed {SEED}`. Each command runs in its own "
        "process; times are wall clock, memory is peak RSS (`/usr/bin/time -v`).",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.machine()}, {_memory()}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; load average at the "
        f"start {LOAD_AT_START}, at the end {_load()} (above the core count, wall times are "
        "inflated by other work on the machine: compare CPU times)",
        "",
        head,
        "|" + "---|" * (len(sizes) + 2),
    ]
    for label, cell, target in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(s.values) for s in sizes) + f" | {target} |")
    lines += ["", "Slowest build phase:", ""]
    lines += [f"- N = {s.n:,}: {slowest_phase(s.values)}" for s in sizes]
    lines += [
        "",
        "The baseline is `mkdocs build` with `theme: material` and nothing else on one page per "
        "skill (SKILL.md body plus its references, same text), with MkDocs' default navigation "
        "(every page in the sidebar). Browser figures are Debian's Chromium driven by Playwright "
        "against the built site over a local HTTP server.",
        "",
    ]
    return "\n".join(lines)


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


LOAD_AT_START = _load()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return "RAM unknown"


@contextlib.contextmanager
def _step(n: int, name: str) -> Iterator[list[str]]:
    """One step at one size: a line when it ends (its wall time, then what the step appends
    to the list), so a bench that runs for an hour shows it is alive and where time goes."""
    said: list[str] = []
    start = time.perf_counter()
    try:
        yield said
    finally:
        took = time.perf_counter() - start
        print(f"[N={n:,}] {name:<15} {took:7.1f} s  {'; '.join(said)}".rstrip(), flush=True)


def sizes_from_env() -> list[int]:
    if os.environ.get("BENCH_SIZES"):
        return [int(s) for s in os.environ["BENCH_SIZES"].split(",") if s.strip()]
    sizes = [100, 1000, 5000] if os.environ.get("BENCH_LARGE") == "1" else [100, 1000]
    return [*sizes, 10_000] if os.environ.get("BENCH_HUGE") == "1" else sizes


def main() -> int:
    sizes = sizes_from_env()
    timeout = float(os.environ.get("BENCH_BASELINE_TIMEOUT", "900"))
    out = Path(os.environ.get("BENCH_OUT", REPO / "benchmarks" / "RESULTS.md"))
    work = Path(tempfile.mkdtemp(prefix="site-gen-bench-"))
    print(f"work folder: {work}", flush=True)
    results = []
    try:
        for n in sizes:
            results.append(measure(n, work, timeout))
            out.write_text(report(results), "utf-8")  # partial results survive a later failure
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out}")
    print(out.read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
