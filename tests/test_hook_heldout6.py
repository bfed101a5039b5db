"""Held-out set v6 (benchmarks/hook_heldout6) is sound: `evaluate.check`, never the gate.

As v4's and v5's tests: the covered reg1k cases are checked against their own generated
plugins and the noise against the lines reg1k quotes as collected (`reg1k_quotes.yaml`).
The cut v6 applies (`shapes.claude_cut`) is compared with what the real Claude Code CLI
hands a `PostToolUseFailure` hook (`benchmarks.hook_long_output.probe`, a scripted model).
No injection rate is asserted here (the set is evaluated once, by hand).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.hook_heldout5 import evaluate as v5
from benchmarks.hook_heldout6 import evaluate
from benchmarks.hook_heldout6.shapes import claude_cut
from benchmarks.hook_long_output import probe
from tests.heldout_cases import assert_sound


def test_the_case_files_are_sound(tmp_path: Path) -> None:
    assert_sound(evaluate, tmp_path)


def test_every_shape_and_noise_command_is_new() -> None:
    assert not set(evaluate.SHAPES) & (set(v4.SHAPES) | set(v5.SHAPES))
    noise = v4.cases("noise.yaml", evaluate.HERE)
    assert {case["id"] for case in noise} <= {name for name, _ in evaluate.COMMANDS}
    earlier = {c for _, c in v4.COMMANDS} | {c for _, c in v5.COMMANDS}
    assert not {case["command"] for case in noise} & earlier


def test_the_cut_is_what_the_real_cli_hands_the_hook(tmp_path: Path) -> None:
    """A failed run handed whole though longer than v4's 10,040 characters, and one whose
    middle the CLI cuts out: `claude_cut` gives the hook's `error` to the character."""
    calls = probe([(10800, 1), (31000, 2)], tmp_path)
    for call in calls:
        assert claude_cut(call.code, call.output) == call.hook_text
    assert len(calls[0].hook_text) > 10_040 and "characters truncated" not in calls[0].hook_text
    assert "characters truncated" in calls[1].hook_text


@given(st.integers(0, 60_000), st.integers(1, 255))
def test_a_cut_output_reads_as_handed(length: int, code: int) -> None:
    output = "".join(f"step {n} loss 0.{n % 97:02d}\n" for n in range(length // 16 + 1))[:length]
    assert evaluate.as_handed(claude_cut(code, output))
    if len(output) > 11_000:  # longer than 11,000 characters: never handed whole
        assert not evaluate.as_handed(f"Exit code {code}\n{output}"[:11_001])
