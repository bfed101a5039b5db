"""The /retrospective pull request flow (scripts/skill_pr.py) against a local bare remote,
with and without the real `gh` on PATH. Nothing reaches the remote before `--yes`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_claude_cli import origin

from benchmarks.overlap_dev import dev_set, plugin_files

__all__ = ["origin"]  # the registry as committed, shared with the CLI tests

SCRIPT = REPO / "plugins/tooling/skills-registry/scripts/skill_pr.py"
SITE_GEN = Path(sys.executable).with_name("site-gen")
NAME = "lm-eval-custom-task-yaml"
PLUGIN = f"plugins/evaluation/{NAME}"
HARVEST = {
    "session": {"goal": "score our internal QA set with lm-eval"},
    "failures": [
        {
            "error": ["ValueError: Tasks not found: internal_qa"],
            "count": 2,
            "status": "new",
            "fix": {"command": "lm_eval --include_path tasks --tasks internal_qa"},
        },
        {
            "error": ["ValueError: Attempting to unscale FP16 gradients."],
            "count": 1,
            "status": "known",
            "fix": None,
            "known": {
                "skill": "lora-fp16-nan",
                "entry": "ValueError: Attempting to unscale FP16 gradients.",
            },
        },
    ],
    "parameters": [{"command": "lm_eval --include_path tasks --tasks internal_qa --num_fewshot 5"}],
    "environment": {
        "reports": [{"kind": "python --version", "output": "Python 3.11.7"}],
        "models": [],
    },
}


@pytest.fixture
def clone(tmp_path: Path, origin: Path) -> Path:
    """A clone of a bare remote holding the registry, with a new skill's files added."""
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    subprocess.run(["git", "clone", "-q", "--bare", str(origin), str(remote)], check=True)
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True)
    spec = {s["name"]: s for s in dev_set()["different"]}[NAME]
    for rel, text in plugin_files(spec).items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text)
    return work


def script(work: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GH_CONFIG_DIR": str(work.parent / "gh-config"),
        "GH_PROMPT_DISABLED": "1",
    }
    env.pop("GH_TOKEN", None)
    env.pop("GITHUB_TOKEN", None)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--repo", str(work), "--plugin", PLUGIN],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )


def remote_branches(work: Path) -> str:
    return subprocess.run(
        ["git", "ls-remote", "--heads", "origin"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def path_without_gh(tmp_path: Path) -> str:
    """A PATH with git and nothing else: `gh` is not there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git_path = shutil.which("git")
    assert git_path
    (bin_dir / "git").symlink_to(git_path)
    return str(bin_dir)


def prepared(clone: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    harvest = tmp_path / "harvest.json"
    harvest.write_text(json.dumps(HARVEST))
    out = script(clone, "prepare", "--harvest", str(harvest), "--site-gen", str(SITE_GEN))
    assert out.returncode == 0, out.stderr + out.stdout
    return out


def test_prepare_commits_on_a_branch_and_pushes_nothing(clone: Path, tmp_path: Path) -> None:
    out = prepared(clone, tmp_path)
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=clone, capture_output=True, text=True
    )
    assert branch.stdout.strip() == f"skill/{NAME}"
    log = subprocess.run(
        ["git", "show", "--name-only", "--format=%s", "HEAD"],
        cwd=clone,
        capture_output=True,
        text=True,
    ).stdout
    assert log.startswith(f"Add skill: {NAME}\n")
    assert f"{PLUGIN}/skills/{NAME}/SKILL.md" in log and ".claude-plugin/marketplace.json" in log
    body = (clone / ".git/SKILL_PR_BODY.md").read_text()
    new, known = body.split("## Errors the registry already knows")
    assert "`ValueError: Tasks not found: internal_qa` (2x), fixed by `lm_eval" in new
    assert "known: lora-fp16-nan \u203a ValueError: Attempting to unscale FP16 gradients." in known
    assert "Nothing is pushed yet" in out.stdout
    assert f"git push -u origin skill/{NAME}" in out.stdout
    assert (
        f"gh pr create --base main --head skill/{NAME} --title 'Add skill: {NAME}' --body-file "
        in out.stdout
    )
    assert remote_branches(clone).count("refs/heads/") == 1  # main only

    refused = script(clone, "publish")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert f"skill/{NAME}" not in remote_branches(clone)


def test_publish_without_gh_pushes_and_prints_the_command(clone: Path, tmp_path: Path) -> None:
    prepared(clone, tmp_path)
    out = script(clone, "publish", "--yes", path=path_without_gh(tmp_path))
    assert out.returncode == 0, out.stderr
    assert f"refs/heads/skill/{NAME}" in remote_branches(clone)
    body_file = clone / ".git/SKILL_PR_BODY.md"
    assert out.stdout.endswith(
        "gh is not installed; open the pull request with:\n"
        f"  gh pr create --base main --head skill/{NAME} --title 'Add skill: {NAME}' "
        f"--body-file {body_file}\n"
    )


def test_publish_with_real_gh_attempts_the_pull_request(clone: Path, tmp_path: Path) -> None:
    assert shutil.which("gh"), "make setup installs Debian's gh"
    prepared(clone, tmp_path)
    out = script(clone, "publish", "--yes")
    assert f"refs/heads/skill/{NAME}" in remote_branches(clone)  # pushed before gh runs
    # The remote is a local folder and gh has no login: gh itself refuses, and says why.
    assert (
        f"$ gh pr create --base main --head skill/{NAME} --title 'Add skill: {NAME}'" in out.stdout
    )
    assert out.returncode == 3 and "gh failed (" in out.stdout
    assert "Once gh works (gh auth login), run:" in out.stdout


def test_prepare_refuses_a_draft_with_todo_left(clone: Path, tmp_path: Path) -> None:
    skill = clone / PLUGIN / "skills" / NAME / "SKILL.md"
    skill.write_text(skill.read_text() + "\n**Cause:** TODO: why it happens.\n")
    out = script(clone, "prepare", "--site-gen", str(SITE_GEN))
    assert out.returncode == 2
    lines = skill.read_text().count("\n")
    assert (
        f"{PLUGIN}/skills/{NAME}/SKILL.md:{lines}: **Cause:** TODO: why it happens." in out.stderr
    )
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=clone, capture_output=True, text=True
    )
    assert branch.stdout.strip() == "main"  # nothing was committed
