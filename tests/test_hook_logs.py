"""Errors stated by a log line, a traceback's last line or a child's last words (`hook_logs`),
and the gate's two rules for rivals (`hook_gate.judge`).

Outputs are the shapes real runs print (the recorded ones from `benchmarks/hook_heldout2/`,
now a dev set, and the formats of Python's `logging`, loguru and pytest's captured log); the
gate is asked on the dev registry.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.lookup_dev import REPO, dev_registry
from site_gen.search import hook_filter, hook_logs, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

HELDOUT2 = {
    case["id"]: case
    for case in yaml.safe_load(
        (REPO / "benchmarks/hook_heldout2/covered_dev.yaml").read_text("utf-8")
    )
}


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


def _skills(index: dict[str, Any], text: str) -> list[str]:
    return [str(m.doc["skill"]) for m in confident_entries(index, text)]


def _final(text: str) -> hook_text.Query:
    return hook_text.queries(text)[0]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "2026-11-30 17:02:10,218 | ERROR    | trainer:11 - Rate limit exceeded",
            "Rate limit exceeded",
        ),
        (
            "2026-11-30 17:01:50,898 - ERROR - trainer - Insufficient credits",
            "Insufficient credits",
        ),
        ("ERROR    trainer:pipeline.py:11 LiteLLM not installed", "LiteLLM not installed"),
        ("[2026-11-30 17:01:01,215] ERROR trial 2 failed (exit 1)", "trial 2 failed (exit 1)"),
        ("[rank0]: 2026-11-30 10:00:00,001 - CRITICAL - __main__ - disk full", "disk full"),
        (
            " 11%|     | 136/1250 [00:01<00:11, 95.49it/s]2026-11-30 17:02:09,891 - ERROR - "
            "trainer - Insufficient credits",
            "Insufficient credits",
        ),
        (  # tqdm's `desc=` and postfix before a log line on the same stream
            "epoch 1:   6%|#         | 77/1200 [00:00<00:06, 178.12it/s, loss=2.24]2026-11-30 "
            "22:07:54,133 ERROR OpenRouter API key not configured",
            "OpenRouter API key not configured",
        ),
    ],
)
def test_an_error_level_log_line_gives_its_message(line: str, message: str) -> None:
    assert hook_logs.logged_message(line) == message


@pytest.mark.parametrize(
    "line",
    [
        "2026-11-30 17:02:10,218 | INFO     | train:14 - step 0/1000 loss=2.0000",
        "W1130 17:02:22.667397 18310 torch/distributed/elastic/multiprocessing/api.py:897] x",
        "the ERROR column of the table is empty",
        "ERROR",
        "evaluated 12%|## | rows flagged ERROR by the checker",
    ],
)
def test_other_lines_are_no_logged_error(line: str) -> None:
    assert hook_logs.logged_message(line) is None


def test_a_logged_error_is_the_final_error_without_logger_name() -> None:
    output = (
        "Exit code 1\n"
        "2026-11-30 17:02:10,218 | INFO     | train:14 - step 10/1000 loss=1.9900\n"
        "2026-11-30 17:02:10,218 | ERROR    | trainer:11 - Rate limit exceeded\n"
    )
    query = _final(output)
    assert query.focus == {"rate", "limit", "exceeded"}
    assert query.quoted == ("Rate limit exceeded",)


def test_system_exit_is_no_error_and_pytest_s_captured_log_is(index: dict[str, Any]) -> None:
    case = HELDOUT2["dev-4"]  # pytest: log.error(...) then sys.exit(1), `E   SystemExit: 1`
    assert "E       SystemExit: 1" in case["error"]
    query = _final(case["error"])
    assert "systemexit" not in query.focus
    assert {"loss", "scale", "minimum"} <= query.focus
    assert _skills(index, case["error"]) == ["fp16-nan-loss"]


def test_the_last_line_of_a_traceback_is_its_exception_whatever_its_name(
    index: dict[str, Any],
) -> None:
    case = HELDOUT2["dev-29"]  # triton.runtime.errors.OutOfResources: out of resource: ...
    query = _final(case["error"])
    assert query.quoted == ("triton.runtime.errors.OutOfResources: out of resource: shared memory",)
    assert _skills(index, case["error"]) == ["torch-compile-inductor"]


def test_a_child_s_last_line_under_a_header_is_its_error(index: dict[str, Any]) -> None:
    case = HELDOUT2["dev-0"]  # ERROR trial 2 failed (exit 1), child stderr:\n...\n<message>
    query = next(q for q in hook_text.queries(case["error"]) if q.quoted)
    assert query.quoted == ("The model 'default' does not exist.",)
    assert _skills(index, case["error"]) == ["grpo-external-vllm-server"]


def test_a_rival_matching_only_the_log_around_the_error_does_not_silence(
    index: dict[str, Any],
) -> None:
    case = HELDOUT2["dev-34"]  # a tqdm log of `{'loss': ..., 'grad_norm': ...}` lines
    assert "'grad_norm'" in case["error"]
    assert _skills(index, case["error"]) == ["deepspeed-zero3-finetune"]


def test_a_word_for_word_quote_outweighs_entries_sharing_the_words(
    index: dict[str, Any],
) -> None:
    case = HELDOUT2["dev-40"]  # `torch.OutOfMemoryError: CUDA out of memory`, no more
    # two skills quote longer OOM lines; one of them also quotes this very line
    assert _skills(index, case["error"]) == ["cuda-oom-long-context"]


@pytest.mark.parametrize(
    "output",
    [
        "Exit code 1\nERROR: Could not find a version that satisfies the requirement torchx==9\n"
        "ERROR: No matching distribution found for torchx==9\n",
        "Exit code 1\n2026-11-30 10:00:00,000 - ERROR - app - config.yaml: no such key 'lr'\n",
        "Exit code 2\n2026-11-30 10:00:00,000 | ERROR | main:12 - step 3 failed:\nbad batch\n",
        'Exit code 1\nTraceback (most recent call last):\n  File "a.py", line 1, in <module>\n'
        "    main()\nKeyboardInterrupt\n",
    ],
)
def test_everyday_logged_errors_stay_silent(index: dict[str, Any], output: str) -> None:
    assert _skills(index, output) == []


@given(
    st.lists(
        st.sampled_from(
            [
                "ERROR",
                " - ",
                "|",
                ":",
                "[x]",
                "a",
                "\n",
                "Traceback (most recent call last):",
                "  File",
                "SystemExit: 1",
                "é",
            ]
        ),
        max_size=30,
    )
)
def test_any_output_reads_without_error(parts: list[str]) -> None:
    hook_text.queries("".join(parts))


def test_the_same_message_with_other_quoted_values_is_the_entry_s(index: dict[str, Any]) -> None:
    case = HELDOUT2["dev-14"]  # `Error building extension 'cpu_adagrad'`; the entry: 'cpu_adam'
    assert "'cpu_adagrad'" in case["error"]
    assert _skills(index, case["error"]) == ["deepspeed-zero3-finetune"]
    case = HELDOUT2["dev-8"]  # {'c_attn', 'c_proj'}; the skill's Failed Attempts row quotes
    # {'q_proj', 'v_proj'}, its entry the same line and one more sentence
    assert _skills(index, case["error"]) == ["peft-lora-targets"]


@pytest.mark.parametrize(
    "final",
    [
        "ModuleNotFoundError: No module named 'peft_extra'",  # one word besides the value
        "FileNotFoundError: [Errno 2] No such file or directory: 'cpu_adam.so'",
        "AttributeError: 'Tensor' object has no attribute 'cpu_adam'",
    ],
)
def test_a_value_alone_does_not_make_a_message_the_entry_s(
    index: dict[str, Any], final: str
) -> None:
    output = (
        'Exit code 1\nTraceback (most recent call last):\n  File "train.py", line 3, in '
        f"<module>\n    main()\n{final}\n"
    )
    assert _skills(index, output) == []


def test_a_rank_that_printed_no_error_is_read_by_its_last_line() -> None:
    real = {
        case["id"]: case
        for case in yaml.safe_load(
            (REPO / "benchmarks/hook_heldout2/covered_real.yaml").read_text("utf-8")
        )
    }
    output = real["real-9"]["error"]  # `[rank0]: No handlers could be found for logger ...`
    readings = hook_text.queries(output)
    agent, rank = readings[0], readings[1]
    assert agent.exit_code == "1" and "multiprocessing" in agent.focus  # as before
    assert {"handler", "logger", "entrez"} <= rank.focus and "exitcode" not in rank.focus
    assert rank.exit_code == ""  # the agent's exit code is asked of the agent's line only


def test_a_rust_panic_line_is_an_error_before_python_s_panic_exception() -> None:
    output = (
        "Exit code 1\n"
        "thread '<unnamed>' panicked at src/models/bpe/trainer.rs:127:8: attempt to add with "
        "overflow\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
        'Traceback (most recent call last):\n  File "train_tok.py", line 9, in <module>\n'
        "    tokenizer.train(files, trainer)\n"
        "pyo3_runtime.PanicException: attempt to add with overflow\n"
    )
    python_side, rust_side = hook_text.queries(output)[:2]
    assert "panicexception" in python_side.focus
    assert {"panicked", "thread", "overflow"} <= rust_side.focus
    assert "panicexception" not in rust_side.focus


def _aborted_run(tmp_path: Path, last_words: str) -> str:
    """A real run stopped by SIGABRT (what `timeout -s ABRT` or a watchdog sends; sent by the
    run itself here, so no clock decides what it printed first), as Claude Code hands it to
    the hook: faulthandler dumps every thread after the program's last line."""
    script = tmp_path / "train.py"
    script.write_text(
        "import os, signal\n"
        "for step in range(3):\n    print(f'step {step} shard 24', flush=True)\n"
        f"print({last_words!r}, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGABRT)\n",
        "utf-8",
    )
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -X faulthandler {script}\nstatus=$?; exit $status"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    output = done.stdout.decode("utf-8", "replace")
    assert "Fatal Python error: Aborted" in output and done.returncode == 134
    return f"Exit code {done.returncode}\n{output}"


def test_an_aborted_run_s_last_words_are_its_error(tmp_path: Path) -> None:
    output = _aborted_run(tmp_path, "Checkpoint shard index is missing")
    assert _final(output).quoted == ("Checkpoint shard index is missing",)
    # a run whose last line states an error keeps it, and the abort stays an error line too
    output = _aborted_run(tmp_path, "RuntimeError: NCCL watchdog thread terminated")
    errors = [q.quoted for q in hook_text.queries(output) if q.quoted]
    assert errors[0] == ("Fatal Python error: Aborted",)


@pytest.mark.parametrize(
    ("output", "worth"),
    [
        (
            "step 3 loss 0.2\nthread '<unnamed>' panicked at src/lib.rs:5:9: index out of bounds",
            True,
        ),
        ('Traceback (most recent call last):\n  File "x.py", line 1', True),
        ("epoch 1 loss 0.4\nsaved checkpoint to ckpt/step-100", False),
        ("the panicked worker count is 0", False),
    ],
)
def test_a_successful_command_s_output_is_looked_at_when_it_states_an_error(
    output: str, worth: bool
) -> None:
    assert hook_filter.worth_looking(output) is worth
