"""Task groups and task runners as the failure hook reads them: an exception group's margin
(`hook_groups.py`), `just`/go-task/unittest's lines that only say a child failed
(`hook_runners.py`) and a traceback logged at error level (`hook_logs.py`). The outputs are
made here by real code: CPython's own traceback formatting of an `asyncio.TaskGroup`, a real
`python -m unittest` run, stdlib `logging` as uvicorn configures it."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.lookup_dev import dev_registry
from site_gen.search import hook_groups, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

NCCL = "Watchdog caught collective operation timeout"
"""The dev registry's `nccl-timeout-multinode` quotes it (`[Rank 3] Watchdog caught ...`)."""
PAD = (
    "Asking to pad but the tokenizer does not have a padding token. Please select a token to "
    "use as `pad_token` `(tokenizer.pad_token = tokenizer.eos_token e.g.)` or add a new pad "
    "token via `tokenizer.add_special_tokens({'pad_token': '[PAD]'})`."
)


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


def _skills(index: dict[str, Any], output: str) -> list[str]:
    return [m.doc["skill"] for m in confident_entries(index, output)]


TASK_GROUP = f"""
import asyncio

async def collate():
    raise ValueError({PAD!r})

async def report():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        raise ConnectionResetError("http://metrics.internal:9091: connection reset") from None

async def main():
    async with asyncio.TaskGroup() as group:
        group.create_task(report())
        group.create_task(collate())

print("prefetched shard 0", flush=True)
asyncio.run(main())
"""
"""A run whose task group fails: one task's error, another cancelled while it propagated."""


def _task_group_failure(tmp_path: Path) -> str:
    script = tmp_path / "train.py"
    script.write_text(TASK_GROUP, "utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False
    )
    return f"Exit code {done.returncode}\n{done.stdout.decode()}"


def test_a_task_group_s_sub_exceptions_are_errors_of_their_own(
    tmp_path: Path, index: dict[str, Any]
) -> None:
    output = _task_group_failure(tmp_path)
    assert "+-+---------------- 1 ----------------" in output and "| ValueError" in output
    lines = hook_text.output_text(output).split("\n")
    assert f"ValueError: {PAD}" in lines and "Traceback (most recent call last):" in lines
    assert not any(line.lstrip().startswith(("|", "+-")) for line in lines)
    assert _skills(index, output) == ["tokenizer-pad-token"]


@given(st.text(max_size=300))
def test_text_without_a_group_is_unchanged(text: str) -> None:
    if "Exception Group Traceback" not in text:
        assert hook_groups.unbarred(text) == text


@pytest.mark.parametrize(
    "runner_line",
    [
        "error: recipe `train` failed on line 11 with exit code 1",
        'task: Failed to run task "train": exit status 1',
    ],
)
def test_a_task_runner_s_line_leaves_the_child_s_last_words(
    runner_line: str, index: dict[str, Any]
) -> None:
    output = f"Exit code 1\npython train.py --lr 2e-5\nepoch 0: loss 2.200\n{NCCL}\n{runner_line}"
    assert hook_text.queries(output)[0].quoted == (NCCL,)
    assert _skills(index, output) == ["nccl-timeout-multinode"]


def test_unittest_s_summary_is_no_error(tmp_path: Path, index: dict[str, Any]) -> None:
    (tmp_path / "test_smoke.py").write_text(
        "import unittest\n\n"
        "class Smoke(unittest.TestCase):\n"
        "    def test_ok(self):\n        pass\n\n"
        "    def test_collate(self):\n"
        f"        raise ValueError({PAD!r})\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "unittest", "test_smoke"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    output = f"Exit code {done.returncode}\n{done.stdout.decode()}"
    assert output.rstrip().endswith("FAILED (errors=1)")
    assert hook_text.queries(output)[0].quoted == (hook_text.whole_line(f"ValueError: {PAD}"),)
    assert _skills(index, output) == ["tokenizer-pad-token"]


def test_a_traceback_logged_at_error_level_is_read_as_one(index: dict[str, Any]) -> None:
    """uvicorn logs a failed startup's traceback as one message: `ERROR:    Traceback ...`,
    then `ERROR:    Application startup failed. Exiting.`; the run's last words before the
    traceback (its `sys.exit(1)`) are the error."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s:    %(message)s"))
    logger = logging.getLogger("uvicorn-like")
    logger.handlers[:] = [handler]
    logger.propagate = False
    print(NCCL, file=stream)
    try:
        sys.exit(1)
    except SystemExit:
        logger.error(traceback.format_exc().rstrip())
    logger.error("Application startup failed. Exiting.")
    output = f"Exit code 3\n{stream.getvalue()}"
    assert "ERROR:    Traceback (most recent call last):" in output
    assert _skills(index, output) == ["nccl-timeout-multinode"]
