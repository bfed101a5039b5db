"""Held-out set v5 (benchmarks/hook_heldout5) is sound: `evaluate.check`, never the gate.

As v4's test: the covered reg1k cases are checked against their own generated plugins
(`plugin_files` is per index: fast) and the noise against the lines reg1k quotes as
collected (`reg1k_quotes.yaml`); `python -m benchmarks.hook_heldout5.evaluate --check`
checks against the whole generated registry. No injection rate is asserted here (the set is
evaluated once, by hand).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.hook_heldout5 import evaluate
from tests.heldout_cases import assert_sound


def test_the_case_files_are_sound(tmp_path: Path) -> None:
    assert_sound(evaluate, tmp_path)


def test_every_shape_is_new_and_every_case_file_is_v5s_own() -> None:
    assert not set(evaluate.SHAPES) & set(v4.SHAPES)
    noise = v4.cases("noise.yaml", evaluate.HERE)
    assert {case["id"] for case in noise} <= {name for name, _ in evaluate.COMMANDS}
    assert not {case["command"] for case in noise} & {c for _, c in v4.COMMANDS}


def test_a_coloured_message_reads_as_printed() -> None:
    line = "\x1b[1;35mtorch.OutOfMemoryError\x1b[0m: \x1b[35mCUDA out of memory.\x1b[0m"
    assert "torch.OutOfMemoryError: CUDA out of memory." in v4.printed(line)
    crlf = "Traceback (most recent call last):\r\nValueError: bad\r\n  shape\r\n"
    assert "ValueError: bad shape" in v4.printed(crlf)
