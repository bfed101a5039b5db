"""`harvest` on a large transcript says what it read: phases on stderr for `site-gen harvest`,
one plain line for the standard-library client; the harvest itself (stdout) is unchanged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.cli import main
from site_gen.harvest.__main__ import main as client_main
from tests.transcripts import write_long_transcript

PHASE = re.compile(r"^(\w+) +(\d+\.\d)s(?:  ([\d,]+) (\w+))?$")


@pytest.fixture(scope="module")
def transcript(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("harvest") / "session.jsonl"
    return path, write_long_transcript(path, 3 * 2**20)


def expected_summary(path: Path, failed: dict[str, int]) -> str:
    """The summary's numbers, counted here from the file rather than by the harvester."""
    text = path.read_text("utf-8")
    calls = text.count('"type": "tool_result"')
    errors = text.count('"is_error": true')
    assert errors == sum(failed.values())  # a control: the counts above see every failure
    return (
        f"read 1 transcript file, {path.stat().st_size / 1e6:,.1f} MB "
        f"({text.count(chr(10)):,} lines, {calls:,} tool calls, {errors:,} failed) in "
    )


def test_site_gen_harvest_prints_phases_and_a_summary_on_stderr(
    transcript: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, failed = transcript
    args = ["harvest", "--root", str(tmp_path), str(path)]  # no plugins/: no index phase
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    *phases, summary = result.stderr.splitlines()
    matched = [PHASE.match(line) for line in phases]
    rows = {m.group(1): (m.group(3), m.group(4)) for m in matched if m}
    assert len(rows) == len(phases) and list(rows) == ["read", "match"], phases
    assert rows["read"] == (f"{path.stat().st_size >> 10:,}", "KB")
    assert rows["match"] == (str(len(failed)), "failures")
    assert summary.startswith(expected_summary(path, failed)), summary
    assert summary.endswith(f"s: {len(failed)} distinct failures")
    quiet = CliRunner().invoke(main, [*args, "--quiet"])
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_the_client_prints_one_plain_line(
    transcript: tuple[Path, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, failed = transcript
    assert client_main([str(path)]) == 0
    out, err = capsys.readouterr()
    assert err.startswith(f"harvest: {expected_summary(path, failed)}"), err
    assert err.count("\n") == 1 and "\x1b[" not in err
    assert client_main([str(path), "--quiet"]) == 0
    assert capsys.readouterr() == (out, "")
