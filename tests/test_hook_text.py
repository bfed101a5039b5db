"""How the failure hook reads a command's output (`site_gen/search/hook_text.py`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from site_gen.search import hook_text, tokenize

CHAINED = """Exit code 1
Traceback (most recent call last):
  File "/opt/conda/lib/python3.10/site-packages/torch/utils/cpp_extension.py", line 2105, in _run_ninja_build
    subprocess.run(
subprocess.CalledProcessError: Command '['ninja', '-v']' returned non-zero exit status 1.

The above exception was the direct cause of the following exception:

RuntimeError: Error building extension 'cpu_adam'
"""

TERMINATE = """Exit code 134
terminate called after throwing an instance of 'c10::DistBackendError'
  what():  [PG ID 0 Rank 5] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=88123)
Aborted (core dumped)
"""

CHILD_FAILED = """Exit code 1
torch.distributed.elastic.multiprocessing.errors.ChildFailedError:
============================================================
train.py FAILED
------------------------------------------------------------
Root Cause (first observed failure):
  exitcode  : -9 (pid: 2300)
  traceback : Signal 9 (SIGKILL) received by PID 2300

epoch 3 done
"""


def test_the_exit_code_header_and_redrawn_progress_bars_are_not_read() -> None:
    text = "Exit code 2\n 10%|#   | 1/10\r 50%|#####| 5/10\r100%|##########| 10/10\nValueError: x\n"
    assert hook_text.output_text(text) == "100%|##########| 10/10\nValueError: x\n"
    assert hook_text.output_text("Exit codes differ\n") == "Exit codes differ\n"


def test_a_chained_traceback_is_read_last_error_first() -> None:
    readings = hook_text.queries(CHAINED)
    last = readings[0]
    assert sorted(last.focus) == [
        "adam", "building", "cpu", "cpu_adam", "error", "extension", "runtime", "runtimeerror"
    ]  # fmt: skip
    assert last.weights["ninja"] == tokenize.ERRORISH  # the command of the other error, lowered
    assert "calledprocesserror" not in last.weights  # its words are every child's (hook_shapes)
    assert {"ninja", "build"} <= last.context  # the frame above corroborates
    assert len(readings) == 1  # one error left: the paste reads the output the same way


def test_what_continues_a_cpp_exception() -> None:
    focus = hook_text.queries(TERMINATE)[0].focus
    assert {"distbackenderror", "watchdog", "collective", "worknccl"} <= focus
    assert "aborted" not in focus


def test_an_empty_message_continues_on_the_next_lines_until_a_blank_one() -> None:
    focus = hook_text.queries(CHILD_FAILED)[0].focus
    assert {"childfailederror", "sigkill", "exitcode", "root", "cause"} <= focus
    assert "epoch" not in focus


def test_one_error_alone_is_one_reading_and_ranks_repeat_once() -> None:
    one = (
        "Exit code 1\nTraceback (most recent call last):\n  File \"t.py\", line 1\nKeyError: 'lr'\n"
    )
    assert len(hook_text.queries(one)) == 1
    ranks = "".join(
        f"[rank{n}]: RuntimeError: CUDA error: invalid device ordinal\n" for n in range(8)
    )
    assert len(hook_text.queries("Exit code 1\n" + ranks)) == 1


def test_the_readings_stop_at_three_errors_then_the_paste() -> None:
    text = "".join(f"E{n}Error: case number{chr(97 + n)}\n" for n in range(6))
    readings = hook_text.queries(text)
    assert len(readings) == hook_text.MAX_ERRORS + 1
    assert "numberf" in readings[0].focus and "numberd" in readings[2].focus


@given(st.text(max_size=400))
def test_any_output_gives_a_paste_reading_with_tokenize_weights(text: str) -> None:
    weights, focus = tokenize.query_terms(hook_text.output_text(text))
    paste = hook_text.queries(text)[-1]
    assert paste.weights == weights and set(paste.focus) == focus
