"""Harvest speed and peak memory on a long synthetic transcript (default 100 MB).

    .venv/bin/python -m benchmarks.harvest_speed            # 100 MB
    .venv/bin/python -m benchmarks.harvest_speed --mb 500

Each command runs in its own process under `/usr/bin/time -v` (wall time, peak RSS): the
standard-library client (`python -m site_gen.harvest`), `site-gen harvest` with this
repository's registry (known/new marking included), and a bare loop that only parses each
line with `json.loads`, the floor any streaming reader pays.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.transcripts import write_long_transcript

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def measure(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KB) of one command."""
    out = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=REPO, capture_output=True, text=True, check=True
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", out.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    assert wall and rss, out.stderr
    hours, minutes, seconds = wall.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), int(rss.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.jsonl"
        failed = write_long_transcript(path, args.mb * 2**20)
        size = path.stat().st_size / 2**20
        print(f"transcript: {size:.1f} MB, {sum(failed.values())} failed calls")
        rows = {
            "python -m site_gen.harvest (stdlib client)": [PY, "-m", "site_gen.harvest", str(path)],
            "site-gen harvest --root . (with lookup)": [
                str(Path(PY).with_name("site-gen")),
                "harvest",
                "--root",
                ".",
                str(path),
            ],
            "json.loads per line only (floor)": [
                PY,
                "-c",
                "import json,sys\nfor l in open(sys.argv[1]):\n"
                " try: json.loads(l)\n except ValueError: pass",
                str(path),
            ],
        }
        print("| command | wall | MB/s | peak RSS |\n|---|---|---|---|")
        for label, command in rows.items():
            wall, rss = measure(command)
            print(f"| {label} | {wall:.2f} s | {size / wall:.0f} | {rss / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
