"""Harvest's parts on their own: commands, error lines, masking, the standard-library client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.hook_heldout6.shapes import claude_cut
from site_gen.harvest import commands as C
from site_gen.harvest.harvest import harvest_file
from site_gen.harvest.masking import mask_all, mask_text
from site_gen.search import tokenize
from tests.transcripts import bash_call, tool_result


def test_step_is_the_script_not_the_flags() -> None:
    assert C.step("CUDA_VISIBLE_DEVICES=0,1 python3 -u train.py --lr 1e-4") == "train.py"
    assert C.step("cd exp && torchrun --nproc_per_node 4 scripts/sft.py --bf16") == "sft.py"
    assert C.step("timeout 60 python -m lm_eval --model hf") == "python -m lm_eval"
    assert C.step("pip install flash-attn --no-build-isolation") == "pip install"
    assert C.step("./run.sh 2>&1 | tee log") == "run.sh"


def test_flags_and_names() -> None:
    command = "accelerate launch train.py --model_name_or_path meta-llama/Llama-3-8B --lr=2e-5 --bf16 --dataset_name tatsu-lab/alpaca --warmup -0.1"
    assert C.flags(command) == {
        "--model_name_or_path": "meta-llama/Llama-3-8B",
        "--lr": "2e-5",
        "--bf16": "",
        "--dataset_name": "tatsu-lab/alpaca",
        "--warmup": "-0.1",
    }
    assert C.names(command) == (["meta-llama/Llama-3-8B"], ["tatsu-lab/alpaca"])
    assert C.is_training_or_eval(command)
    piped = "cd exp && python3 train.py --lr 3 --bf16 2>&1 | tail -n 3; exit ${PIPESTATUS[0]}"
    assert C.flags(piped) == {"--lr": "3", "--bf16": ""}
    assert C.flags("python3 train.py --bf16 > log.txt") == {"--bf16": ""}
    assert not C.is_training_or_eval("ls -la")
    assert not C.is_training_or_eval('site-gen advise --json "train with a yaml config"')
    assert C.is_training_or_eval("lm_eval --model hf --tasks gsm8k")


def test_error_lines_cut_a_long_log_to_its_exception() -> None:
    noise = [f"[rank{r}]: step {i} loss 0.{i:04d}" for i in range(2000) for r in (0,)]
    log = [
        *noise,
        "Traceback (most recent call last):",
        '  File "/home/u/train.py", line 12, in <module>',
        "    loss.backward()",
        "[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
        "[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
    ]
    assert C.error_lines("\n".join(log)) == [
        "[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"
    ]
    assert C.error_lines("all good\nstill good\nlast") == ["all good", "still good", "last"]


def _weighed_one_by_one(output: str) -> list[str]:
    """error_lines without its prefilter: every line through the tokenizer."""
    kept = []
    for raw in output.splitlines():
        weight = tokenize.line_weight(raw, tokenize.strip_prefixes(tokenize.clean(raw)))
        if weight >= tokenize.ERRORISH:
            kept.append((weight, raw.rstrip()))
    top = max((w for w, _ in kept), default=0.0)
    return [raw for w, raw in kept if w >= top]


LOG_WORDS = st.sampled_from(
    [
        "step",
        "loss",
        "Error:",
        "ValueError:",
        "nan",
        "INFO",
        "[rank0]:",
        "File",
        "killed",
        "0.5",
        "E1108",
        "Traceback",
        "timed",
        "out",
        "CUDA",
        "error",
        "\x1b[31m",
        "ok",
        "  ",
        "é",
        "\t",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(LOG_WORDS, max_size=8).map(" ".join), max_size=30))
def test_prefilter_keeps_every_line_the_tokenizer_weighs(lines: list[str]) -> None:
    output = "\n".join(lines)
    found = C.error_lines(output, limit=1000)
    expected = _weighed_one_by_one(output)
    if expected:
        keys = {tokenize.strip_prefixes(tokenize.clean(x)) for x in expected}
        assert {tokenize.strip_prefixes(tokenize.clean(x)) for x in found} == keys - {""}


def test_every_string_of_a_harvest_is_masked_keys_included() -> None:
    token = "hf_" + "gNSWPH8prVqsUeQCtDR3zzX6hqo35uwZqx"
    key = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB"
        "AAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----"
    )
    data = {"commands": [f"HF_TOKEN={token} python x.py"], token: {"log": f"{key}\nafter"}, "n": 3}
    masked = mask_all(data)
    assert masked == {
        "commands": ["HF_TOKEN=hf_g\u2026(37 chars) python x.py"],
        "hf_g\u2026(37 chars)": {
            "log": "-----BEGIN OPENSSH PRIVATE KEY----- \u2026(118 chars)\nafter"
        },
        "n": 3,
    }
    assert mask_text("no secret here") == "no secret here"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.builds(
                json.dumps,
                st.dictionaries(
                    st.sampled_from(["type", "message", "uuid", "isSidechain", "toolUseResult"]),
                    st.one_of(
                        st.none(), st.text(max_size=10), st.integers(), st.lists(st.integers())
                    ),
                ),
            ),
        ),
        max_size=20,
    )
)
def test_any_garbage_transcript_reads_without_error(tmp_path_factory, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("t") / "t.jsonl"
    path.write_text(
        "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8"
    )
    data = harvest_file(path)
    assert data["failures"] == [] and data["session"]["skipped_lines"] <= len(lines)


def test_standard_library_client_runs_the_same_code(tmp_path: Path) -> None:
    """What the plugin's client vendors, run with no site-packages at all (-S): stdlib only."""
    vendored = tmp_path / "vendor"
    for rel in (
        "__init__.py",
        "secrets.py",
        "secret_rules.py",
        "search/__init__.py",
        "search/tokenize.py",
        "search/rank.py",
        "harvest",
    ):
        source = REPO / "site_gen" / rel
        target = vendored / "site_gen" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("cli_support.py", "__pycache__")
            )
        else:
            shutil.copy2(source, target)
    transcript = tmp_path / "s.jsonl"
    transcript.write_text(
        bash_call("t1", "python3 train.py --lr 3")
        + "\n"
        + tool_result("t1", "Exit code 1\nTraceback (most recent call last):\nKeyError: 'lr'", True)
        + "\n"
    )
    # The oldest Python the client promises (3.9) when the machine has it (pyenv here).
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    python = str(next(iter(sorted(pyenv.glob("versions/3.9*/bin/python3"))), sys.executable))
    out = subprocess.run(
        [python, "-E", "-S", "-m", "site_gen.harvest", str(transcript)],
        cwd=vendored,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == harvest_file(transcript)
    assert json.loads(out.stdout)["failures"][0]["error"] == ["KeyError: 'lr'"]


def test_a_failed_output_lost_its_end_only_when_the_window_was_full(tmp_path: Path) -> None:
    from site_gen.harvest.transcript import Session, read_calls

    error = "\nRuntimeError: loss is nan at step 3\n"
    lines = []
    for n, size in enumerate((9_000, 25_000, 29_900, 31_000, 200_000)):
        output = "".join(f"step {i} loss 0.1\n" for i in range(size // 18))[:size] + error
        lines += [
            bash_call(f"t{n}", "python train.py"),
            tool_result(f"t{n}", claude_cut(1, output), True),
        ]
    path = tmp_path / "session.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    calls = list(read_calls([path], Session()))
    ends = ["loss is nan" in call.output for call in calls]
    assert ends == [True, True, True, False, False]  # the error line fits the window or not
    assert [call.truncated for call in calls] == [False, False, False, True, True]
