"""Several skills quoting one error: what the failure hook gives Claude (`scripts/hook_context.py`
and `skills_registry.py` run as Claude Code runs them), within its budget, once per entry."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_hook_client import (
    CLIENT,
    CONFIG,
    SCRIPTS,
    Client,
    client,  # noqa: F401 (a fixture)
    index_file,  # noqa: F401 (a fixture)
    payload,
)
from tests.test_local_index import PYTHON39

OOM_OLD = (
    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 39.59 GiB total "
    "capacity; 35.12 GiB already allocated; 1.02 GiB free; 36.80 GiB reserved in total by "
    "PyTorch) If reserved memory is >> allocated memory try setting max_split_size_mb to avoid "
    "fragmentation."
)
"""The old wording of a CUDA OOM: the dev registry's two OOM skills quote it alike."""
TIED = ["colbert-muvera-fde-parameter-search", "cuda-oom-long-context"]


def _client_module(name: str) -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # keep the plugin as committed
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(SCRIPTS))
        sys.dont_write_bytecode = writes


@pytest.fixture(scope="module")
def context_module() -> ModuleType:
    return _client_module("hook_context")


def _tie(session: str) -> dict[str, Any]:
    return payload("failure-noise", session_id=session, error="Exit code 1\n" + OOM_OLD)


def _context(answer: dict[str, Any] | None) -> str:
    assert answer is not None
    text: str = answer["hookSpecificOutput"]["additionalContext"]
    return text


def test_a_tied_error_brings_both_skills_entries_best_first(client: Client) -> None:  # noqa: F811
    context = _context(client.hook(_tie("s1")))
    assert len(context) <= 1500
    assert context.startswith("Team skills registry: 2 skills quote this error, the first as: ")
    first, second = (context.index(f"Skill `{skill}`") for skill in TIED)
    assert context[first - 3 : first] == "1. " and context[second - 3 : second] == "2. "
    assert "doc_embeddings = model.encode(chunks" in context  # colbert's fix, verbatim
    assert "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True" in context  # the other's
    assert context.count("Full entry: ") == 2 and "more skill" not in context
    assert client.hook(_tie("s1")) is None  # both given in this session
    assert client.hook(_tie("s2")) is not None


def test_an_entry_given_earlier_is_left_out_of_the_tie(client: Client, tmp_path: Path) -> None:  # noqa: F811
    """The OOM entry of colbert was given earlier in the session (its marker exists): the
    tie brings the other skill's entry only, and says one was given before."""
    first = _context(client.hook(_tie("s1")))
    url = re.search(r"Full entry: (\S+colbert\S+)", first)
    assert url is not None
    once = _client_module("once")
    with pytest.MonkeyPatch.context() as patch:  # the client's HOME: markers in its ~/.cache
        patch.setenv("HOME", str(client.data))
        patch.delenv("XDG_CACHE_HOME", raising=False)
        assert once.claim("s3", "entry " + url.group(1).removeprefix(CONFIG.site))
    context = _context(client.hook(_tie("s3")))
    assert context.startswith(
        "Team skills registry: 2 skills quote this error (1 given earlier in this session)"
    )
    assert "colbert" not in context and "Skill `cuda-oom-long-context`" in context


FIX = """Lower the micro-batch and checkpoint activations:

```bash
export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True
torchrun --nproc-per-node 8 train.py \\
    --per-device-train-batch-size 2 \\
    --gradient-accumulation-steps 16 \\
    --gradient-checkpointing true
python - <<'EOF'
import torch
print(torch.cuda.mem_get_info())
EOF
```

```python
for p in model.parameters():
    if p.requires_grad:
        p.data = p.data.float()
trainer = Trainer(model=model, args=args,
                  train_dataset=train, eval_dataset=valid)
```"""


def _entry(n: int) -> dict[str, Any]:
    return {
        "skill": f"oom-skill-{n}",
        "entry": "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
        "cause": "Activations of long sequences do not fit next to the optimizer state " * 3,
        "fix": FIX,
        "url": f"https://example.org/registry/skills/oom-skill-{n}/#error-torch-outofmemoryerror",
    }


def test_three_long_entries_and_the_rest_counted_fit_the_budget(
    context_module: ModuleType,
) -> None:
    context = context_module.render_context(
        [_entry(n) for n in range(3)], 148, "https://example.org/registry/"
    )
    assert len(context) <= context_module.CONTEXT_LIMIT
    assert context.startswith(
        "Team skills registry: 151 skills quote this error, the first as: torch.OutOfMemoryError: "
        "CUDA out of memory. Tried to allocate 2.00 GiB\nTheir recorded fixes, best first:\n1. "
    )
    assert context.endswith(
        "148 more skills quote this error: https://example.org/registry/errors/ (paste the "
        "error there), or /advise.\n"
    )
    for n in range(3):
        assert f"{n + 1}. Skill `oom-skill-{n}`\n" in context  # the title is in the header
        assert f"Full entry: https://example.org/registry/skills/oom-skill-{n}/#" in context
    assert context.count("```") % 2 == 0  # every fence opened is closed
    assert "[... the rest of the fix is at the link]" in context


def test_one_entry_reads_as_before(context_module: ModuleType) -> None:
    entry = _entry(0) | {"fix": "Set `gradient_checkpointing=True`.", "cause": "Activations."}
    assert context_module.render_context([entry]) == (
        "Team skills registry: this failure matches a recorded fix. Skill `oom-skill-0`, entry: "
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n"
        "Cause: Activations.\nFix:\nSet `gradient_checkpointing=True`.\n"
        "Full entry: https://example.org/registry/skills/oom-skill-0/#error-torch-outofmemoryerror\n"
    )


COMMANDS = [
    "export NCCL_DEBUG=INFO",
    "torchrun --nproc-per-node 8 train.py \\\n    --lr 1e-4 \\\n    --epochs 3",
    "trainer = Trainer(model=model,\n                  args=args)",
    "for p in model.parameters():\n    if p.requires_grad:\n        p.data = p.data.float()",
    "cat > run.sh <<'EOF'\nset -e\npython train.py\nEOF",
    "pip install flash-attn --no-build-isolation",
]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=8),
    st.booleans(),
    st.integers(min_value=0, max_value=400),
)
def test_a_shortened_fix_holds_whole_commands_in_its_room(
    context_module: ModuleType, commands: list[str], fenced: bool, room: int
) -> None:
    head = ["Do this:", "", "```bash"] if fenced else []
    lines = head + "\n".join(commands).split("\n") + (["```"] if fenced else [])
    ends = {0, *range(1, len(head) + 1)}  # where a cut may fall: between whole commands
    for command in commands:
        ends.add(max(ends) + command.count("\n") + 1)
    ends.add(len(lines))
    fix = "\n".join(lines)
    short = context_module.shorten_fix(fix, room)
    if len(fix) <= room:
        assert short == fix
        return
    if short == "[the fix is at the link]":
        return
    assert len(short) <= room
    out = short.split("\n")
    assert out.pop() == context_module.REST
    if fenced and out[-1] == "```" and out != lines[: len(out)]:
        out.pop()  # the fence the cut left open, closed
    assert out == lines[: len(out)]
    assert len(out) in ends, short


def test_a_tie_under_the_oldest_python_the_client_promises(
    client: Client,  # noqa: F811
) -> None:
    """The hook as hooks.json runs it (`-I -S`), under Python 3.9 when the machine has it."""
    done = subprocess.run(
        [PYTHON39, "-I", "-S", str(CLIENT), "hook"],
        input=json.dumps(_tie("s39")),
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(client.data), **client.env},
        timeout=60,
        check=True,
    )
    context = _context(json.loads(done.stdout))
    assert all(f"Skill `{skill}`" in context for skill in TIED)
