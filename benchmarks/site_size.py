"""A site's bytes by kind of file, its largest files and any over the per-file limit.

    .venv/bin/python -m benchmarks.site_size SITE            # a built site folder
    .venv/bin/python -m benchmarks.site_size --emit ROOT [--out DIR]   # only what is emitted

`--emit` loads the registry at ROOT and calls the emitters (marketplace, llms, well-known,
error index, skills-index, feed) without MkDocs or Pagefind: the cheap way to see the
emitted share at 10,000 skills; `--out` also writes those files (for `client_index`). Kinds are `scale.KINDS` (what `make bench` reports), first
match wins.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterable
from pathlib import Path

from benchmarks.scale import KINDS

FILE_LIMIT = 50_000_000
"""Bytes: the per-file target (GitHub warns at 50 MB and refuses 100 MB)."""


def kind_of(rel: str) -> str:
    if rel.startswith("pagefind/"):
        return "search index (pagefind/)"
    return next((k for k, test in KINDS.items() if test(rel)), "other")


def account(sizes: Iterable[tuple[str, int]], top: int = 10) -> str:
    """A table of MB and file counts per kind, then the `top` largest files."""
    totals: dict[str, list[int]] = {k: [0, 0] for k in [*KINDS, "other"]}
    everything = sorted(sizes, key=lambda item: (-item[1], item[0]))
    for rel, size in everything:
        totals[kind_of(rel)][0] += size
        totals[kind_of(rel)][1] += 1
    total = sum(size for _, size in everything)
    width = max(len(k) for k in totals)
    lines = [f"{'kind':<{width}}  {'MB':>9}  {'files':>7}"]
    for kind, (size, count) in totals.items():
        lines.append(f"{kind:<{width}}  {size / 1e6:9.1f}  {count:7,}")
    lines.append(f"{'total':<{width}}  {total / 1e6:9.1f}  {len(everything):7,}")
    lines.append(f"\nlargest {min(top, len(everything))} files:")
    lines += [f"  {size / 1e6:8.2f} MB  {rel}" for rel, size in everything[:top]]
    skill_pages = sorted(
        size for rel, size in everything if rel.startswith("skills/") and rel.endswith(".html")
    )
    if skill_pages:
        middle = skill_pages[len(skill_pages) // 2]
        lines.append(
            f"skill pages (skills/*/index.html): median {middle / 1e3:.1f} KB, "
            f"max {skill_pages[-1] / 1e3:.1f} KB"
        )
    over = [rel for rel, size in everything if size > FILE_LIMIT]
    lines.append(f"files over {FILE_LIMIT // 1_000_000} MB: {', '.join(over) or 'none'}")
    return "\n".join(lines)


def site_sizes(site: Path) -> list[tuple[str, int]]:
    return [
        (path.relative_to(site).as_posix(), path.stat().st_size)
        for path in site.rglob("*")
        if path.is_file()
    ]


def emitted_sizes(root: Path, out: Path | None = None) -> list[tuple[str, int]]:
    from site_gen.config import load_config
    from site_gen.emit import site_files
    from site_gen.loader import load_registry

    start = time.perf_counter()
    registry = load_registry(root).registry
    loaded = time.perf_counter()
    files = site_files(registry, load_config(root))
    done = time.perf_counter()
    print(f"load {loaded - start:.1f}s, emit {done - loaded:.1f}s ({len(registry)} plugins)")
    sizes = []
    for rel, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        sizes.append((rel, len(data)))
        if out is not None:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="a built site, or a registry root with --emit")
    parser.add_argument("--emit", action="store_true", help="emit from the registry at PATH")
    parser.add_argument("--out", type=Path, help="with --emit: write the emitted files here")
    parser.add_argument("--top", type=int, default=10, help="how many of the largest files")
    args = parser.parse_args()
    sizes = emitted_sizes(args.path, args.out) if args.emit else site_sizes(args.path)
    print(account(sizes, args.top))


if __name__ == "__main__":
    main()
