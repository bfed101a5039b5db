"""A pull request that adds one skill and changes another, committed on a registry's copy.

The added skill (`lora-fp16-nan`) brings two troubleshooting entries: one new to the
registry, one for the vLLM start-up error `grpo-external-vllm-server` already covers. The
changed skill (`grpo-external-vllm-server`) gets a new entry but, as happens, no version bump.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import REPO, plugin_files

GRPO = "plugins/training/grpo-external-vllm-server"
COVERED_ENTRY = """
## `ValueError: Free memory on device (10.1/79.15 GiB) on startup is less than desired GPU memory utilization (0.9, 71.24 GiB)`

**Symptom:** The vLLM server for evaluation dies at start-up.

**Cause:** The trainer still holds the GPU when vLLM starts on the same device.

**Fix:** Start vLLM with `--gpu-memory-utilization 0.1`.
"""
NEW_ENTRY = """
## `RuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1970, unhandled system error`

**Symptom:** Weight sync to the vLLM server hangs, then the trainer crashes.

**Cause:** The trainer and the server pick different network interfaces.

**Fix:** Set `NCCL_SOCKET_IFNAME=eth0` on both sides.
"""


def _git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=CI", "-c", "user.email=ci@example.invalid"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def make_pull_request(registry: Path, into: Path) -> Path:
    """A copy of `registry` (a git repo with origin/main) with the pull request committed."""
    shutil.copytree(registry, into, symlinks=True)
    files = plugin_files("lora-fp16-nan", "training")
    files["plugins/training/lora-fp16-nan/references/troubleshooting.md"] += COVERED_ENTRY
    for rel, text in files.items():
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        (into / rel).write_text(text)
    troubleshooting = into / GRPO / "references" / "troubleshooting.md"
    troubleshooting.write_text(troubleshooting.read_text() + NEW_ENTRY)
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "site-gen"), "marketplace", "--root", str(into)],
        check=True,
        capture_output=True,
    )
    _git(into, "checkout", "-qb", "retrospective/lora-fp16-nan")
    _git(into, "add", "-A")
    _git(into, "commit", "-qm", "Add lora-fp16-nan; grpo: NCCL hang on weight sync")
    return into
