"""`site-gen check --base` warns (W501) on a new skill that repeats an existing experiment."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from test_claude_cli import git

from benchmarks.overlap_dev import DEV_REGISTRY, dev_set, pairs, plugin_files
from site_gen.cli import main


def _registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(DEV_REGISTRY, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "registry")
    git(root, "switch", "-qc", "skill/new")
    return root


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")


def _w501(root: Path) -> list[str]:
    out = CliRunner().invoke(main, ["check", "--root", str(root), "--base", "main"])
    return [line for line in out.stdout.splitlines() if " W501 " in line]


def test_readding_a_skill_under_another_name_warns(tmp_path: Path) -> None:
    root = _registry(tmp_path)
    old = root / "plugins/distributed/nccl-timeout-multinode-ddp"
    new = root / "plugins/distributed/ddp-multinode-watchdog-hang"
    for path in sorted(old.rglob("*")):
        if path.is_file():
            target = new / str(path.relative_to(old)).replace(old.name, new.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text().replace(old.name, new.name))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add skill")
    (line,) = _w501(root)
    assert re.match(
        r"plugins/distributed/ddp-multinode-watchdog-hang/skills/ddp-multinode-watchdog-hang/"
        r"SKILL\.md:1: W501 warning: new skill 'ddp-multinode-watchdog-hang' overlaps "
        r"'nccl-timeout-multinode-ddp' \(similarity (0\.9\d|1\.00); shared errors: "
        r"`Watchdog caught collective operation timeout: WorkNCCL\(SeqNum=1, OpType=ALLREDUCE, "
        r"Timeout\(ms\)=1800000\)`\)$",
        line,
    ), line


def test_unrelated_or_merely_near_new_skill_is_silent(tmp_path: Path) -> None:
    root = _registry(tmp_path)
    near = {s["name"]: s for s in dev_set()["different"]}
    _write(root, plugin_files(near["lm-eval-custom-task-yaml"]))  # untracked files count too
    assert _w501(root) == []
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add skill")
    assert _w501(root) == []


def test_dev_set_duplicates_flagged_unrelated_pairs_not(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(DEV_REGISTRY, root)
    judged = pairs(root)
    duplicates = [o for kind, o in judged if kind == "duplicate"]
    assert len(duplicates) == len(dev_set()["duplicates"])
    assert [o.new.name for o in duplicates if not o.strong] == []
    assert [(o.new.name, o.other.name) for k, o in judged if k == "unrelated" and o.strong] == []
