"""Transcript lines in Claude Code's format (CLI 2.1.328), for tests and the benchmark."""

from __future__ import annotations

import json
from typing import Any


def bash_call(tool_id: str, command: str, **extra: Any) -> str:
    """An assistant line calling the Bash tool."""
    block = {"type": "tool_use", "id": tool_id, "name": "Bash", "input": {"command": command}}
    record = {"type": "assistant", "uuid": f"u-{tool_id}", "message": {"content": [block]}}
    return json.dumps({**record, **extra})


def tool_result(tool_id: str, text: str, is_error: bool = False, **extra: Any) -> str:
    """A user line with the tool's result (failed Bash results start with `Exit code N`)."""
    block = {"type": "tool_result", "tool_use_id": tool_id, "is_error": is_error, "content": text}
    record = {"type": "user", "uuid": f"r-{tool_id}", "message": {"content": [block]}}
    return json.dumps({**record, **extra})


ERRORS = (
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
    "RuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1970, unhandled system error",
    "ValueError: Attempting to unscale FP16 gradients.",
    "KeyError: 'input_ids'",
    "ModuleNotFoundError: No module named 'flash_attn'",
)
"""The errors a long synthetic session keeps hitting, in turn."""


def write_long_transcript(path: Any, target_bytes: int) -> dict[str, int]:
    """A session of about `target_bytes`: big request-shape lines (as the CLI writes them),
    training logs, failures cycling through ERRORS with 8 KB of log before each, config
    writes, subagent calls and unknown line types. Returns how often each error failed."""
    system = "You are Claude Code. " + "Follow the instructions of the harness. " * 700
    log = "\n".join(f"[rank0]: step {i} loss 0.{i % 9973:04d} lr 2e-5" for i in range(180))
    failed: dict[str, int] = {}
    written = 0
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target_bytes:
            n += 1
            lines = [json.dumps({"type": "api-request-shape", "shape": {"system": system}})]
            lines.append(bash_call(f"t{n}a", f"python train.py --lr 2e-5 --seed {n}"))
            lines.append(tool_result(f"t{n}a", log))
            if n % 3 == 0:
                error = ERRORS[(n // 3) % len(ERRORS)]
                text = f"Exit code 1\n{log}\nTraceback (most recent call last):\n{error}"
                side = {"isSidechain": True} if n % 7 == 0 else {}
                lines.append(bash_call(f"t{n}b", f"python train.py --bf16 --seed {n}", **side))
                lines.append(tool_result(f"t{n}b", text, True, **side))
                failed[error] = failed.get(error, 0) + 1
            if n % 50 == 0:
                lines.append(json.dumps({"type": f"future-type-{n % 4}", "payload": "x" * 500}))
                lines.append("{torn line")
            chunk = "\n".join(lines) + "\n"
            out.write(chunk)
            written += len(chunk)
    return failed
