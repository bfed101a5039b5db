"""A registry with a known git history and known counts, for the feed, author and stats tests.

Commits (dates are given with their own UTC offsets on purpose):

1. 2025-01-10 09:00 UTC, Alice: add training/lora-fp16-nan (front matter author: Test Author)
2. 2025-02-03 12:00 UTC, Bob: change lora-fp16-nan's SKILL.md
3. 2025-02-05 08:00 +02:00 (06:00 UTC), Carol: add inference/vllm-oom (author: Zoë Müller)
4. 2025-03-01 10:30 -05:00 (15:30 UTC), Bob: move vllm-oom to serving/vllm-oom
5. 2025-03-02 00:15 +09:00 (2025-03-01 15:15 UTC), Alice: add distributed/ddp-hang
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import plugin_files

DDP_SKILL_ROWS = """\
| Attempt | Why it Failed | Lesson Learned |
|---------|---------------|----------------|
| Batch size 64 per GPU | `torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB` | Use 16 with gradient accumulation |
| NCCL over sockets | `RuntimeError: CUDA error: an illegal memory access was encountered` | Set NCCL_P2P_DISABLE=1 |
| Plain `GradScaler` | `ValueError: Attempting to unscale FP16 gradients.` | Keep master weights in fp32 |
"""
DDP_TROUBLESHOOTING = """\
# Troubleshooting

## `torch.OutOfMemoryError: CUDA out of memory`

**Fix:** Lower the batch size.

## `NCCL error: unhandled system error`

**Fix:** Set `NCCL_IB_DISABLE=1`.
"""


def _zoe(files: dict[str, str]) -> dict[str, str]:
    return {k: v.replace("Test Author", "Zoë Müller") for k, v in files.items()}


def lora() -> dict[str, str]:
    return plugin_files("lora-fp16-nan", "training")


def vllm(category: str = "inference") -> dict[str, str]:
    files = _zoe(plugin_files("vllm-oom", category))
    del files[f"plugins/{category}/vllm-oom/references/troubleshooting.md"]
    skill = f"plugins/{category}/vllm-oom/skills/vllm-oom/SKILL.md"
    files[skill] = files[skill].replace(
        "See the [troubleshooting notes](../../references/troubleshooting.md).", ""
    )
    return files


def ddp() -> dict[str, str]:
    files = plugin_files("ddp-hang", "distributed")
    skill = "plugins/distributed/ddp-hang/skills/ddp-hang/SKILL.md"
    start = files[skill].index("| Attempt")
    end = files[skill].index("## Hyperparameters")
    files[skill] = files[skill][:start] + DDP_SKILL_ROWS + "\n" + files[skill][end:]
    files["plugins/distributed/ddp-hang/references/troubleshooting.md"] = DDP_TROUBLESHOOTING
    return files


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def commit(root: Path, author: str, date: str, message: str) -> None:
    email = f"{author.lower()}@example.com"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_git_registry(root: Path) -> Path:
    """The registry above, committed as described."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    write(root, lora())
    commit(root, "Alice", "2025-01-10T09:00:00+00:00", "Add lora")
    skill = root / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(skill.read_text() + "\nMore notes.\n")
    commit(root, "Bob", "2025-02-03T12:00:00+00:00", "Update lora")
    write(root, vllm())
    commit(root, "Carol", "2025-02-05T08:00:00+02:00", "Add vllm-oom")
    (root / "plugins/serving").mkdir()
    subprocess.run(
        ["git", "mv", "plugins/inference/vllm-oom", "plugins/serving/vllm-oom"],
        cwd=root,
        check=True,
    )
    commit(root, "Bob", "2025-03-01T10:30:00-05:00", "Move vllm-oom")
    write(root, ddp())
    commit(root, "Alice", "2025-03-02T00:15:00+09:00", "Add ddp-hang")
    return root


def make_plain_registry(root: Path) -> Path:
    """The same three plugins as files only: no git, so front-matter dates stand in."""
    write(root, {**lora(), **vllm("serving"), **ddp()})
    return root
