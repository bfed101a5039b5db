"""Held-out set v4 (benchmarks/hook_heldout4) is sound: `evaluate.check`, never the gate.

The covered reg1k cases are checked against their own generated plugins (`plugin_files` is
per index: fast) and the noise against the lines reg1k quotes as collected
(`reg1k_quotes.yaml`); `python -m benchmarks.hook_heldout4.evaluate --check` checks against
the whole generated registry. No injection rate is asserted here (the set is evaluated
once, by hand).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.hook_heldout4 import evaluate
from benchmarks.lookup_dev import dev_registry
from tests.heldout_cases import reg1k_plugins


def test_the_case_files_are_sound(tmp_path: Path) -> None:
    dev, reg1k = dev_registry(), reg1k_plugins(tmp_path, evaluate.cases("covered_reg1k.yaml"))
    stored = evaluate._load("reg1k_quotes.yaml")
    every = sorted(set(evaluate.quoted_lines([dev, reg1k])) | set(stored))
    assert evaluate.check(dev, reg1k, every) == []


def test_the_check_finds_a_covered_noise_case_and_a_wrong_entry() -> None:
    noise = [{"id": "n", "error": "Exit code 1\nRuntimeError: CUDA error: out of memory now"}]
    assert evaluate.check_clean(noise, ["CUDA error: out of memory"], "noise")
    case = dict(evaluate.cases("covered_dev.yaml")[0], entry="Not an entry of this skill")
    dev = dev_registry()
    problems = evaluate.check_covered([case], evaluate._items(dev), evaluate._quoted_pairs(dev))
    assert problems and "indexes no entry" in problems[0]


def test_printed_reads_wrapped_and_json_escaped_messages() -> None:
    boxed = "│ RuntimeError: element 3 of tensors does not   │\n│ require grad │"
    assert "element 3 of tensors does not require grad" in evaluate.printed(boxed)
    line = '{"exc_info": "Traceback\\n  raise X(\\"a\\")\\nValueError: bad \\"x\\""}'
    assert 'ValueError: bad "x"' in evaluate.printed(line)
