"""The build's check and render phases alone (what `build`, every shard and `serve` run
before MkDocs), with or without the build cache: figures in benchmarks/PLUGIN_CACHE.md.

    python -m benchmarks.check_render --registry /tmp/reg1k --cache /tmp/cache1k
    flock /work/bench.lock /usr/bin/time -v python -m benchmarks.check_render \\
        --registry /tmp/reg10k --cache /tmp/cache10k

Run it twice for a warm cache; edit one SKILL.md in between for the incremental case.
The Markdown goes into a temporary folder; the registry is only read (and its cache written).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from site_gen.build import check_and_render, open_store
from site_gen.progress import Progress

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--cache", type=Path, help="the build cache (none: no cache)")
    args = parser.parse_args()
    cpu, wall = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="check-render-") as docs:
        check_and_render(
            args.registry.resolve(),
            False,
            MKDOCS_YML,
            Path(docs),
            Progress(print),
            store=open_store(args.cache),
        )
    print(f"cpu {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
