"""What the emit cache saves (`site_gen/emit/plugin_parts.py`): the emit phase alone, in
process, and whole builds through the CLI, cold and after one SKILL.md edit.

    python -m benchmarks.emit_cache --registry /work/regs/reg1k --work /tmp/ec1k --check
    flock /work/bench.lock python -m benchmarks.emit_cache --registry /work/regs/reg10k \\
        --work /tmp/ec10k

The registry's plugins/ are copied into WORK (the edit must not touch the original).
`emit` rows: `site_files` in this process, CPU (process time) and wall, with no cache, with a
cold cache, with the warm cache, and after one edit; each row's files hashed, so a row that
differs from the no-cache one is shown. `build` rows: `site-gen build` in its own process
under /usr/bin/time -v (wall, CPU user + sys with Pagefind, peak RSS, the build's phases):
cold with an empty cache, then the same edit. `--check` also builds the edited registry
with `--no-cache` and compares the two sites file by file.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import time
from pathlib import Path

from benchmarks.build_cache import _build, _row, differences
from benchmarks.run import run


def _hash(files: dict[str, str | bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        data = files[rel]
        h.update(rel.encode() + b"\0" + (data if isinstance(data, bytes) else data.encode()))
    return h.hexdigest()[:12]


def _emit_rows(root: Path, cache: Path, edit: Path) -> list[str]:
    from site_gen.cache_store import CacheStore
    from site_gen.config import load_config
    from site_gen.emit import site_files
    from site_gen.history import load_history
    from site_gen.loader import LoadCache
    from site_gen.registry import check_registry

    plugins: LoadCache = {}
    rows = ["| emit | CPU | wall | files | hash |", "|---|---|---|---|---|"]
    for name in ("no cache", "cold cache", "warm cache", "after one edit"):
        if name == "after one edit":
            edit.write_text(edit.read_text("utf-8") + "\nEdited by the benchmark.\n", "utf-8")
        registry = check_registry(root, plugin_cache=plugins).registry
        config, history = load_config(root), load_history(root, registry)
        store = None if name == "no cache" else CacheStore(cache)
        cpu, wall = time.process_time(), time.perf_counter()
        files = site_files(registry, config, history=history, store=store)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        rows.append(f"| {name} | {cpu:.1f} s | {wall:.1f} s | {len(files):,} | {_hash(files)} |")
        del files
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder (replaced)")
    parser.add_argument("--check", action="store_true", help="compare with a --no-cache build")
    parser.add_argument("--emit-only", action="store_true", help="skip the CLI builds")
    args = parser.parse_args()

    work: Path = args.work
    shutil.rmtree(work, ignore_errors=True)
    root = work / "registry"
    shutil.copytree(args.registry / "plugins", root / "plugins")
    skill = sorted((root / "plugins").glob("*/*/skills/*/SKILL.md"))[16]
    original = skill.read_text("utf-8")
    rows = _emit_rows(root, work / "emit-cache", skill)
    print("\n".join(rows), flush=True)
    if args.emit_only:
        return 0
    skill.write_text(original, "utf-8")
    rows = ["| build | wall | CPU | peak RSS | phases (s) | cache |", "|---|---|---|---|---|---|"]
    cold = run(_build(root, work / "cache", "--out", str(work / "cold")))
    rows.append(_row("cold, empty cache", cold))
    print(rows[-1], flush=True)
    skill.write_text(original + "\nEdited by the benchmark.\n", "utf-8")
    inc = run(_build(root, work / "cache", "--out", str(work / "incremental")))
    rows.append(_row(f"incremental after editing {skill.parent.name}", inc))
    if args.check:
        plain = run(_build(root, work / "cache", "--no-cache", "--out", str(work / "plain")))
        rows.append(_row("the same, --no-cache", plain))
        diff = differences(work / "incremental", work / "plain")
        rows.append(f"\nincremental vs --no-cache: {len(diff)} files differ {diff[:10]}")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
