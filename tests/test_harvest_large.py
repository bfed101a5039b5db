"""A 100 MB transcript is read as a stream: counts right, memory well under the file's size.

Speed is measured in `benchmarks/harvest_speed.py`; this test only checks what must hold on
any machine: every failure counted, and a peak RSS that reading the file whole would exceed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from tests.transcripts import write_long_transcript

SIZE = 100 * 2**20


def test_100_mb_transcript_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "session.jsonl"
    failed = write_long_transcript(path, SIZE)
    child = (
        "import sys\n"
        "from site_gen.harvest.__main__ import main\n"
        "code = main(sys.argv[1:])\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked pytest process.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "print(hwm.split()[1], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", child, str(path)], cwd=REPO, capture_output=True, text=True
        )
    finally:
        path.unlink()  # 100 MB: pytest keeps the last three runs' folders
    assert out.returncode == 0, out.stderr
    peak_kb = int(out.stderr.split()[-1])
    data = json.loads(out.stdout)
    assert {f["error"][-1]: f["count"] for f in data["failures"]} == failed
    assert data["session"]["skipped_lines"] > 0 and data["session"]["unknown_line_types"]
    assert peak_kb < 80 * 1024, f"peak RSS {peak_kb} KB for a {SIZE >> 20} MB transcript"
