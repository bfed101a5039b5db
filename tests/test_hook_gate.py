"""The failure hook's gate (`site_gen/search/hook_gate.py`) on ties and on whole quoted lines.

Registries here are written to disk and loaded as `site-gen` loads them: several skills quote
one error alike (a tie: all of them, best first), one skill quotes a short error line word for
word (confident without frames), and everyday errors that must stay silent however they are
quoted."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeRegistry, plugin_files
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.loader import load_registry
from site_gen.search import hook_gate, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries, tie_order
from site_gen.search.rank import Match

OOM = (
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a "
    "total capacity of 79.15 GiB of which 1.20 GiB is free."
)
NCCL = (
    "torch.distributed.DistBackendError: NCCL error in: ProcessGroupNCCL.cpp:1970, "
    "unhandled system error, NCCL version 2.21.5"
)


def _skill(
    name: str, date: str, error: str, fix: str = "Lower the batch size.", category: str = "training"
) -> dict[str, str]:
    """A valid plugin whose one troubleshooting entry quotes `error`."""
    files = plugin_files(name, category)
    base = f"plugins/{category}/{name}"
    skill = f"{base}/skills/{name}/SKILL.md"
    files[skill] = files[skill].replace('date: "2025-11-02"', f'date: "{date}"')
    files[f"{base}/references/troubleshooting.md"] = (
        f"# Troubleshooting\n\n## `{error.splitlines()[0][:60]}`\n\n"
        f"**Symptom:** The run stops with:\n\n```text\n{error}\n```\n\n"
        f"**Cause:** Recorded by {name}.\n\n**Fix:** {fix}\n"
    )
    return files


OTHERS = [
    ("vllm-kv-cache", "ValueError: The model's max seq len (32768) is larger than the maximum "
     "number of tokens that can be stored in KV cache (20016)", "vllm serve m --max-model-len 16384"),
    ("peft-targets", "ValueError: Target modules {'q_proj'} not found in the base model.",
     "target_modules='all-linear'"),
    ("faiss-train", "RuntimeError: Error in void faiss::IndexIVF::train: 'n >= nlist' failed",
     "Train on at least 39 * nlist vectors."),
]  # fmt: skip
"""Skills with other errors: a registry where every entry quotes the same words has no
distinctive word at all."""


def _index(make_registry: MakeRegistry, *skills: dict[str, str]) -> dict[str, Any]:
    files: dict[str, str | bytes] = {}
    for name, error, fix in OTHERS:
        files.update(_skill(name, "2025-01-01", error, fix, "inference"))
    for skill in skills:
        files.update(skill)
    return build_index(load_registry(Path(make_registry(files))).registry)


def _failure(error: str) -> str:
    return f"Exit code 1\n{error}\n"


def _skills(matches: list[Match]) -> list[str]:
    return [m.doc["skill"] for m in matches]


def test_skills_that_quote_one_error_alike_come_together_newest_first(
    make_registry: MakeRegistry,
) -> None:
    index = _index(
        make_registry,
        _skill("oom-older", "2024-03-01", OOM),
        _skill("oom-newest", "2025-09-30", OOM),
        _skill("oom-middle", "2025-01-15", OOM),
        _skill("nccl-interface", "2025-06-01", NCCL, "export NCCL_SOCKET_IFNAME=eth0"),
    )
    failure = _failure(OOM.replace("2.00", "3.50").replace("1.20", "0.75"))
    matches = confident_entries(index, failure)
    # The three entries are alike but for their skill's name: scores equal, the newest first.
    assert _skills(matches) == ["oom-newest", "oom-middle", "oom-older"]
    assert _skills(confident_entries(index, _failure(NCCL))) == ["nccl-interface"]


def test_equal_dates_fall_back_to_the_name(make_registry: MakeRegistry) -> None:
    index = _index(
        make_registry,
        _skill("oom-b", "2025-01-15", OOM),
        _skill("oom-a", "2025-01-15", OOM),
        _skill("oom-c", "not a date", OOM),
    )
    assert _skills(confident_entries(index, _failure(OOM))) == ["oom-a", "oom-b", "oom-c"]


MODULES = [
    "flash_attn", "apex", "bitsandbytes", "deepspeed", "triton", "vllm", "peft", "trl",
    "accelerate", "sentencepiece",
]  # fmt: skip
"""Skills that each quote `No module named '<module>'`: in such a registry only the module's
name tells them apart, one word, which the frames-free gate finds too little."""


def _module_skills() -> list[dict[str, str]]:
    return [
        _skill(f"install-{m.replace('_', '-')}", "2025-01-01", _no_module(m), f"pip install {m}")
        for m in MODULES
    ]


def _no_module(module: str) -> str:
    return f"ModuleNotFoundError: No module named '{module}'"


def test_a_short_error_line_quoted_word_for_word_is_confident_without_frames(
    make_registry: MakeRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _index(make_registry, *_module_skills())
    for module in MODULES:
        expected = [f"install-{module.replace('_', '-')}"]
        assert _skills(confident_entries(index, _failure(_no_module(module)))) == expected
        typed = _no_module(module).replace("'", "\u2019").replace(" ", "   ", 1)
        assert _skills(confident_entries(index, _failure("[rank0]: " + typed))) == expected
    assert confident_entries(index, _failure(_no_module("xformers"))) == []  # nobody's
    monkeypatch.setattr(hook_gate, "_telling_line", lambda query: False)
    assert confident_entries(index, _failure(_no_module("apex"))) == []  # the rule it takes


EVERYDAY = [
    "KeyError: 'x'",
    "KeyError: 'accuracy'",
    "FileNotFoundError: [Errno 2] No such file or directory",
    "OSError: No such file or directory",
    "ConnectionRefusedError: [Errno 111] Connection refused",
    "ValueError: invalid literal for int() with base 10: 'abc'",
]


def test_everyday_errors_stay_silent_even_when_a_skill_quotes_them(
    make_registry: MakeRegistry,
) -> None:
    """One-word messages and lines of words every failing command prints are not telling,
    even quoted word for word by exactly one skill."""
    skills = [
        _skill(f"everyday-{n}", "2025-01-01", line, "Check the input.")
        for n, line in enumerate(EVERYDAY[:5])
    ]
    index = _index(make_registry, *skills, _skill("oom", "2025-01-01", OOM))
    for line in EVERYDAY[:5]:
        assert confident_entries(index, _failure(line)) == [], line
    assert confident_entries(index, _failure(EVERYDAY[5])) == []  # quoted by nobody


def test_every_skill_quoting_the_whole_line_comes_along_whatever_its_score(
    make_registry: MakeRegistry,
) -> None:
    """A second skill quotes the line inside a long entry (its score far below the first's):
    the line is not quoted by exactly one skill, so both are given, the shorter first."""
    long_fix = "Build the wheel for this torch and CUDA first:\n\n```bash\n" + "\n".join(
        f"export BUILD_OPTION_{n}=1  # keeps the {n}th kernel variant" for n in range(40)
    )
    long_fix += "\npip install flash-attn --no-build-isolation\n```"
    index = _index(
        make_registry,
        *_module_skills(),
        _skill("flash-wheel-build", "2025-03-01", _no_module("flash_attn"), long_fix),
    )
    matches = confident_entries(index, _failure(_no_module("flash_attn")))
    assert _skills(matches) == ["install-flash-attn", "flash-wheel-build"]
    assert matches[1].score < 0.8 * matches[0].score  # outside the margin: joined by the line


def test_the_whole_line_rule_reads_only_the_final_error(make_registry: MakeRegistry) -> None:
    index = _index(make_registry, *_module_skills())
    later = "RuntimeError: something else went wrong in the collate step"
    failure = _failure(f"{_no_module('apex')}\nretrying without it\n{later}")
    assert hook_text.queries(failure)[0].quoted == (hook_text.whole_line(later),)
    assert confident_entries(index, failure) == []


def _match(skill: str, score: float, date: str) -> Match:
    doc = {"skill": skill, "date": date}
    return Match(doc, score, 1.0, False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "e"]),
            st.sampled_from([10.0, 10.00001, 9.5]),
            st.sampled_from(["", "2024-01-01", "2025-06-30"]),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda t: t[0],
    ),
    st.randoms(),
)
def test_tie_order_is_score_then_newest_then_name_whatever_the_input_order(
    members: list[tuple[str, float, str]], rng: random.Random
) -> None:
    matches = [_match(*m) for m in members]
    shuffled = matches[:]
    rng.shuffle(shuffled)
    ordered = tie_order(shuffled)
    assert ordered == tie_order(matches)
    for before, after in itertools.pairwise(ordered):
        b, a = round(before.score, 4), round(after.score, 4)
        assert b >= a
        if b == a:
            assert before.doc["date"] >= after.doc["date"]
            if before.doc["date"] == after.doc["date"]:
                assert before.doc["skill"] < after.doc["skill"]
