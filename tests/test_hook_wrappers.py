"""Wrappers around the real error: `make`'s recipe-failed line (`hook_runners.py`), accelerate's
`CalledProcessError` and the elastic agent's `ChildFailedError` (`hook_shapes.py`), and an
error line whose quoted value outweighs its words (`hook_gate._verbatim`).

make's outputs are recorded from real runs (`benchmarks/hook_dev/collect_make.py`);
accelerate's are held-out v3 cases (a dev set since its one evaluation), real runs too.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import MakeRegistry

from benchmarks.lookup_dev import REPO, dev_registry
from site_gen.search import hook_gate, hook_logs, hook_runners, hook_shapes, hook_text, tokenize
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries
from site_gen.search.rank import rank_terms
from tests.test_hook_gate import _failure, _index, _skill, _skills

MAKE = {
    case["id"]: case
    for case in yaml.safe_load((REPO / "tests/data/make-runs.yaml").read_text("utf-8"))
}
ACCELERATE = {
    case["id"]: case
    for case in yaml.safe_load(
        (REPO / "benchmarks/hook_heldout3/covered_dev.yaml").read_text("utf-8")
    )
    if case["shape"] == "accelerate"
}


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


def _errors(error: str) -> list[str]:
    lines = tokenize.clean(hook_text.output_text(error)).split("\n")
    read = hook_shapes.read(lines).lines
    return [line.stripped for line in read if line.weight == tokenize.EXCEPTION]


LOSS_SCALE = "Current loss scale already at minimum - cannot decrease scale anymore. Exiting run."


@pytest.mark.parametrize("name", ["covered-recipe-stderr", "covered-sub-make"])
def test_the_recipes_last_words_are_the_error_not_makes_line(
    index: dict[str, Any], name: str
) -> None:
    assert _errors(MAKE[name]["error"]) == [LOSS_SCALE]
    assert _skills(confident_entries(index, MAKE[name]["error"])) == ["fp16-nan-loss"]


def test_a_recipe_that_states_its_error_is_read_as_it_is() -> None:
    assert _errors(MAKE["noise-assert"]["error"]) == ["AssertionError: expected 3 rows"]
    compile_error = _errors(MAKE["noise-compile"]["error"])
    assert len(compile_error) == 1 and "undeclared" in compile_error[0]


def test_makes_own_error_is_read_as_it_is() -> None:
    lines = ["make: *** No rule to make target 'deploy'.  Stop."]
    assert hook_runners.read(
        [hook_shapes.shaped(line) for line in lines], hook_shapes._forced, []
    ) == [hook_shapes.shaped(lines[0])]


@pytest.mark.parametrize("name", sorted(n for n in MAKE if n.startswith("noise")))
def test_make_noise_stays_silent(index: dict[str, Any], name: str) -> None:
    assert confident_entries(index, MAKE[name]["error"]) == []


def test_accelerates_wrapper_is_not_the_error(index: dict[str, Any]) -> None:
    """`accelerate launch --cpu`: the child's traceback, then accelerate's own, ending in
    `CalledProcessError`: the child's exception is the error the entry is found by."""
    case = ACCELERATE["dev-4"]
    errors = _errors(case["error"])
    assert not any("CalledProcessError" in line for line in errors)
    assert _skills(confident_entries(index, case["error"])) == [case["skill"]]


def test_the_elastic_agents_report_is_not_the_error(index: dict[str, Any]) -> None:
    case = ACCELERATE["dev-9"]  # `--multi_gpu`: torch's agent, `ChildFailedError` and its table
    assert not any("ChildFailedError" in line for line in _errors(case["error"]))
    assert _skills(confident_entries(index, case["error"])) == [case["skill"]]


def test_an_import_error_naming_another_module_stays_silent(index: dict[str, Any]) -> None:
    """accelerate itself failed to import `torch.utils`; the registry quotes `No module named
    'torch'` (flash-attn-install): another module, another cause and fix."""
    case = ACCELERATE["dev-17"]
    assert _errors(case["error"]) == ["ModuleNotFoundError: No module named 'torch.utils'"]
    assert any("No module named 'torch'" in doc["error"] for doc in index["docs"])
    assert confident_entries(index, case["error"]) == []


DISK_FULL = (
    "OSError: [Errno 28] No space left on device: "
    "'/root/.cache/huggingface/datasets/laion/default/0.0.0/cache-4849b67022e4a96a.arrow'"
)


def test_the_same_line_with_a_long_quoted_path_is_the_entrys(
    make_registry: MakeRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path's words can be most of the line's tokens by idf (in the generated 1,000-skill
    registry, 160 skills quote this line: its words are common there, the path's are not), so
    the entry covers less of the line than a candidate must; the line is still the entry's
    word for word with the quoted value masked. Here the floor is raised above the coverage."""
    skill = _skill("hf-disk", "2025-01-01", DISK_FULL, "Move HF_HOME.")
    troubleshooting = "plugins/training/hf-disk/references/troubleshooting.md"
    skill[troubleshooting] = skill[troubleshooting].replace(
        f"## `{DISK_FULL[:60]}`", "## Disk full while caching the dataset"
    )
    index = _index(make_registry, skill)
    assert DISK_FULL in [doc["error"] for doc in index["docs"]]
    other = (
        "OSError: [Errno 28] No space left on device: "
        "'/workspace/finetune/wiki_dump/shard_00017_of_00064/tokenized_wikipedia_dump.arrow'"
    )
    query = hook_text.queries(_failure(other))[0]
    coverage = rank_terms(index, query.weights, set(query.focus), 1)[0].coverage
    monkeypatch.setattr(hook_gate, "MIN_COVERAGE", coverage + 0.1)
    assert _skills(confident_entries(index, _failure(other))) == ["hf-disk"]
    missing = "FileNotFoundError: [Errno 2] No such file or directory: '/workspace/wiki_dump.arrow'"
    assert confident_entries(index, _failure(missing)) == []


SRUN_ONE_LINE = """Exit code 1
[2026-11-30 19:59:30] job 7715674 (pretrain) on dgx03
[2026-11-30 19:59:30] modules: cuda/12.1 nccl/2.18 python/3.11
0: task 0: loading configs/pretrain.yaml
0: Current loss scale already at minimum - cannot decrease scale anymore. Exiting run.
srun: error: dgx03: task 0: Exited with exit code 1
srun: Terminating StepId=7715674.0
"""


def test_a_task_that_printed_its_error_under_srun_is_read_by_its_last_words(
    index: dict[str, Any],
) -> None:
    """Two labelled lines only, but srun's notice says the output is srun's: the labels come
    off, and the notice is a wrapper as make's line is."""
    assert _errors(SRUN_ONE_LINE) == [LOSS_SCALE]
    assert _skills(confident_entries(index, SRUN_ONE_LINE)) == ["fp16-nan-loss"]
    unlabelled = SRUN_ONE_LINE.replace("\n0: ", "\n")  # `srun` without `--label`
    assert _errors(unlabelled) == [LOSS_SCALE]


def test_slurms_step_cancelled_notice_is_not_the_error() -> None:
    """After a task's traceback srun cancels the step; `DUE TO TIME LIMIT` is an error."""
    body = ["1: Traceback (most recent call last):", '1:   File "t.py", line 7, in <module>']
    body += ["1:     run(task)", "1: ValueError: Sequences must all be the same length"]
    body += ["srun: error: gpu-node017: task 1: Exited with exit code 1"]
    cancelled = (
        "slurmstepd: error: *** STEP 6153825.0 ON gpu-node017 CANCELLED AT 2026-11-30T19:59:30 ***"
    )
    text = "\n".join(["Exit code 1", *body, cancelled, "0: task 0: loading configs/sft-7b.yaml"])
    assert _errors(text) == ["ValueError: Sequences must all be the same length"]
    timeout = "slurmstepd: error: *** JOB 6153825 ON gpu-node017 CANCELLED AT 2026-11-30T19:59:30 DUE TO TIME LIMIT ***"
    assert _errors("Exit code 1\n0: step 1\n" + timeout)[-1] == timeout


def test_loggings_default_format_drops_the_programs_logger_name() -> None:
    """`logging.basicConfig()`'s `ERROR:name:message`: a program's own logger name is no word
    of the error; a library's dotted module is (as an exception's module is)."""
    assert hook_logs.logged_message("ERROR:trainer:x and y must have same length") == (
        "x and y must have same length"
    )
    assert hook_logs.logged_message("ERROR:root:RuntimeError: boom") == "RuntimeError: boom"
    agent = "ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: -9)"
    assert hook_logs.logged_message(agent) == agent.removeprefix("ERROR:")


def test_a_message_printed_before_exit_is_found_by_an_entry_quoting_it_whole(
    make_registry: MakeRegistry,
) -> None:
    """No error line at all (`print(msg); sys.exit(1)`, a worker's line after it): one of the
    last lines quoted word for word by an entry is the error; sharing words is not enough."""
    message = "OpenRouter API key not configured"
    index = _index(make_registry, _skill("router", "2025-01-01", message, "export OPENROUTER_KEY"))
    printed = f"tokenizing 11 shards with 2 workers\nshard 00002 done\n{message}\nshard 00003 done"
    assert _skills(confident_entries(index, _failure(printed))) == ["router"]
    # a line sharing the words is no quote: the rule gives nothing (the paste reading may)
    near = "OpenRouter API key configured from the environment\nshard 00003 done"
    said_near = [q for q in hook_text.queries(_failure(near)) if q.said]
    assert len(said_near) == 2 and all(hook_gate.judge(index, q) == [] for q in said_near)
    said = [q for q in hook_text.queries(_failure(printed)) if q.said]
    # the last three distinct lines (`shard N done` twice is one), each as written
    assert [q.quoted for q in said] == [
        ("shard 0 done",),
        (message,),
        ("tokenizing 0 shards with 0 workers",),
    ]
    assert hook_text.queries(_failure(f"{message}\nValueError: bad shard"))[0].said is False


HARNESS = """Exit code 1
== gsm8k
/srv/eval/evaluate.py:20: UserWarning: Metric `f1` computed on fewer than 100 examples
  warnings.warn("Metric `f1` computed on fewer than 100 examples", UserWarning)
{said}
Traceback (most recent call last):
  File "/srv/eval/evaluate.py", line 24, in <module>
    run(425)
  File "/srv/eval/src/pipeline.py", line 12, in _call_impl
    sys.exit({code})
SystemExit: {code}
== winogrande
| task | status | value |
| gsm8k | FAILED | SystemExit |
1/4 tasks failed
"""


def test_the_words_before_a_sys_exit_traceback_are_the_error(index: dict[str, Any]) -> None:
    """An evaluation harness prints the traceback of a task's `sys.exit(1)` and goes on: the
    line the task printed just before it is the task's error."""
    failed = HARNESS.format(said=LOSS_SCALE, code=1)
    assert _errors(failed) == [LOSS_SCALE]
    assert _skills(confident_entries(index, failed)) == ["fp16-nan-loss"]
    assert _errors(HARNESS.format(said=LOSS_SCALE, code=0)) == []  # it chose to stop, fine
    assert _errors(HARNESS.format(said="    " + LOSS_SCALE, code=1)) == []  # a warning's source
