"""How the failure hook reads pytest, subprocess and torchrun output (`hook_shapes.py`).

The outputs are recorded from real runs (`benchmarks/hook_dev/collect_shapes.py`); the gate
is asked on the dev registry, whose entries those runs raise.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.lookup_dev import REPO, dev_registry
from site_gen.search import hook_shapes, hook_text, tokenize
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entry

RECORDED = {
    case["id"]: case
    for case in yaml.safe_load((REPO / "benchmarks/hook_dev/shapes.yaml").read_text("utf-8"))
}
NOISE = {
    case["id"]: case
    for case in yaml.safe_load((REPO / "benchmarks/hook_dev/shapes_noise.yaml").read_text("utf-8"))
}

PYTEST_LONG = RECORDED["pytest-30"]["error"]  # the default report

PYTEST_NO_TRACEBACK = """Exit code 1
.F                                                                       [100%]
=========================== short test summary info ============================
FAILED test_train.py::test_step - RuntimeError: Dataset scripts are no longer supported, but found my_corpus.py
1 failed, 1 passed in 0.31s
"""

CALLED_PROCESS_ALONE = """Exit code 1
Traceback (most recent call last):
  File "/home/user/project/sweep.py", line 5, in <module>
    subprocess.check_call([sys.executable, "train.py"])
  File "/usr/lib/python3.11/subprocess.py", line 413, in check_call
    raise CalledProcessError(retcode, cmd)
subprocess.CalledProcessError: Command '['false']' returned non-zero exit status 1.
"""

LAUNCHER_WORDS = {"elastic", "childfailederror", "binary", "exitcode", "sigterm"}


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


def _skill(index: dict[str, Any], text: str) -> str | None:
    match = confident_entry(index, text)
    return None if match is None else str(match.doc["skill"])


def test_pytest_reads_the_e_lines_not_the_summary_or_the_test_names() -> None:
    readings = hook_text.queries(PYTEST_LONG)
    first = readings[0].focus
    assert {"diststoreerror", "timed", "client", "joined"} <= first
    assert not any("test_train_step_loss_is_finite" in r.focus for r in readings)
    assert {"forward", "train_step"} <= readings[0].context  # `>` and `path:15: in` frames
    assert "rootdir" not in readings[0].weights and "pluggy" not in readings[0].weights


def test_pytest_without_a_report_reads_the_summary_message() -> None:
    focus = hook_text.queries(PYTEST_NO_TRACEBACK)[0].focus
    assert {"dataset", "script", "longer", "supported"} <= focus
    assert "test_step" not in focus


def test_every_recorded_pytest_report_reads_its_error_first() -> None:
    for case in RECORDED.values():
        if case["shape"] != "pytest":
            continue
        last = [
            line[len("E   ") :].strip() for line in case["error"].splitlines() if line[:2] == "E "
        ][-1]
        name = last.split(":")[0].rsplit(".", 1)[-1].lower()
        assert name in hook_text.queries(case["error"])[0].focus, case["id"]


def test_the_child_error_leads_and_called_process_error_is_no_reading(
    index: dict[str, Any],
) -> None:
    case = RECORDED["subprocess-29"]  # the child's traceback above the parent's
    readings = hook_text.queries(case["error"])
    assert "distbackenderror" in readings[0].focus
    assert not any("calledprocesserror" in r.focus for r in readings)
    assert _skill(index, case["error"]) == case["skill"]
    assert not any("calledprocesserror" in r.focus for r in hook_text.queries(CALLED_PROCESS_ALONE))
    assert _skill(index, CALLED_PROCESS_ALONE) is None


def test_a_rank_error_under_torchrun_is_read_without_the_launcher(
    index: dict[str, Any],
) -> None:
    for name in ("torchrun-29", "torchrun-30", "torchrun-31"):  # new and old logs, @record
        case = RECORDED[name]
        readings = hook_text.queries(case["error"])
        assert all(r.exit_code == "" for r in readings)
        assert not any(LAUNCHER_WORDS & set(r.weights) for r in readings), name
        assert _skill(index, case["error"]) == case["skill"] == "nccl-timeout-multinode"


def test_a_rank_that_fails_with_an_everyday_error_brings_nothing(index: dict[str, Any]) -> None:
    for name, case in NOISE.items():
        if case["shape"] == "torchrun":
            assert _skill(index, case["error"]) is None, name


def test_a_rank_killed_without_an_error_is_the_host_oom_entry_only_for_exit_code_minus_9(
    index: dict[str, Any],
) -> None:
    for name in ("torchrun-oom-0", "torchrun-oom-1", "torchrun-oom-2"):
        text = RECORDED[name]["error"]
        first = hook_text.queries(text)[0]
        assert first.exit_code == "-9"
        assert {"elastic", "multiprocessing", "binary"} <= first.focus
        assert _skill(index, text) == "cuda-oom-long-context"
        for signal in ("-6", "-11", "1"):
            other = text.replace("exitcode: -9", f"exitcode: {signal}")
            other = other.replace("exitcode  : -9", f"exitcode  : {signal}")
            assert _skill(index, other) is None, (name, signal)


@settings(max_examples=50, deadline=None)
@given(code=st.integers(-64, 255), rank_error=st.booleans())
def test_the_launcher_exit_code_is_asked_only_when_no_rank_printed_an_error(
    code: int, rank_error: bool
) -> None:
    text = RECORDED["torchrun-oom-1"]["error"].replace("-9", str(code))
    if rank_error:
        text = text.replace("model loaded", "model loaded\n[rank0]:KeyError: 'lr'", 1)
    readings = hook_text.queries(text)
    if rank_error:
        assert {r.exit_code for r in readings} == {""}
    else:  # the agent's line (the final error) and the paste; the rank's last words: none
        assert readings[0].exit_code == readings[-1].exit_code == str(code)
        assert {r.exit_code for r in readings[1:-1]} <= {""}
    assert hook_shapes.quotes_exit_code(f"failed (exitcode: {code}) local_rank: 0", str(code))
    assert not hook_shapes.quotes_exit_code(f"failed (exitcode: {code}1)", str(code))


CHATTER = st.sampled_from(
    [
        "platform linux -- Python 3.11.7, pytest-8.3.2, pluggy-1.5.0",
        "rootdir: /srv/ml/project",
        "plugins: anyio-4.4.0, xdist-3.6.1",
        "collected 12 items",
        "tests/test_model.py ..F.s                                 [ 41%]",
        "tests/test_data.py::test_collate PASSED                   [ 58%]",
        "W1130 17:31:22.473729 1047 torch/distributed/elastic/multiprocessing/api.py:869] "
        "Sending process 1084 closing signal SIGTERM",
    ]
)


@settings(max_examples=60, deadline=None)
@given(before=st.lists(CHATTER, max_size=6), after=st.lists(CHATTER, max_size=6))
def test_chatter_around_a_pytest_report_does_not_change_its_reading(
    before: list[str], after: list[str]
) -> None:
    head, _, tail = PYTEST_LONG.partition("=================================== FAILURES")
    text = head + "\n".join(before) + "\n=================================== FAILURES" + tail
    text += "\n".join(after)
    assert hook_text.queries(text)[0].focus == hook_text.queries(PYTEST_LONG)[0].focus


def _labelled(error: str, label: str, header: list[str], footer: list[str]) -> str:
    """`error` (`Exit code N` and the output) as a launcher that labels each line prints it."""
    code, _, body = error.partition("\n")
    return "\n".join([code, *header, *(label + line for line in body.splitlines()), *footer])


SRUN = (
    "{}: ",
    ["[2026-11-30 19:56:36] job 2381408 on gpu-node017"],
    ["srun: error: gpu-node017: task 0: Exited with exit code 1"],
)
COMPOSE = ("worker-1  | ", ["Attaching to worker-1"], ["worker-1 exited with code 1"])


@pytest.mark.parametrize("launcher", [SRUN, COMPOSE], ids=["srun --label", "docker compose"])
def test_output_labelled_by_a_launcher_reads_as_the_process_alone(
    index: dict[str, Any], launcher: tuple[str, list[str], list[str]]
) -> None:
    label, header, footer = launcher
    read = 0
    for case in RECORDED.values():
        if case["shape"] not in ("logger", "tqdm"):
            continue
        # The launcher's other lines in both: the label is the only difference.
        alone = _skill(index, _labelled(case["error"], "", header, []))
        labelled = _labelled(case["error"], label.format(0), header, footer)
        assert _skill(index, labelled) == alone, case["id"]
        read += alone == case["skill"]
    assert read >= 60  # of 76: what the launcher's label hid


@pytest.mark.parametrize("launcher", [SRUN, COMPOSE], ids=["srun --label", "docker compose"])
def test_labelled_noise_stays_silent(
    index: dict[str, Any], launcher: tuple[str, list[str], list[str]]
) -> None:
    label, header, footer = launcher
    for case in NOISE.values():
        assert _skill(index, _labelled(case["error"], label.format(1), header, footer)) is None


def test_labels_come_off_only_when_the_output_is_labelled() -> None:
    make = ["make: *** [Makefile:10: train] Error 1", "0: not a label alone", "x | y"]
    assert tokenize.unlabelled(make) == make
    srun = ["0: Traceback (most recent call last):", '0:   File "a.py", line 1', "0: E: x"]
    assert tokenize.unlabelled(["srun: error", *srun]) == [
        "srun: error",
        "Traceback (most recent call last):",
        '  File "a.py", line 1',
        "E: x",
    ]


def test_a_log_level_column_is_no_label() -> None:
    """loguru's `LEVEL    | ` column is the log's, read by its level; a service's is a label."""
    loguru = [f"{level:8} | trainer:run:1{n} - step" for n, level in enumerate(["INFO"] * 3)]
    assert tokenize.unlabelled(loguru) == loguru
    compose = [f"api_1  | line {n}" for n in range(3)]
    assert tokenize.unlabelled(compose) == ["line 0", "line 1", "line 2"]


@pytest.mark.parametrize("launcher", [SRUN, COMPOSE], ids=["srun --label", "docker compose"])
def test_lookup_reads_labelled_output_as_the_hook_does(
    launcher: tuple[str, list[str], list[str]],
) -> None:
    """The paste reading (`site-gen lookup`, the /errors/ page) takes the labels off too."""
    label, header, footer = launcher
    for case in list(RECORDED.values())[:40]:
        body = case["error"].partition("\n")[2]
        alone = tokenize.query_terms("\n".join([*header, body]))
        labelled = _labelled(case["error"], label.format(0), header, footer).partition("\n")[2]
        assert tokenize.query_terms(labelled) == alone, case["id"]
