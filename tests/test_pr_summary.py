"""`python -m site_gen.pr_summary` on small git registries, and `pr_comment`'s artifact checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from site_gen.pr_comment import CommentError, read_artifact, read_run
from site_gen.pr_report import MAX_SUMMARY_BYTES
from site_gen.pr_summary import SummaryError, summarize
from tests.conftest import MakeRegistry, plugin_files
from tests.loopback_github import RECORDED

GIT = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.invalid"]


def commit(root: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=root, check=True)


@pytest.fixture
def repo(make_registry: MakeRegistry) -> Path:
    root = make_registry({**plugin_files(), **plugin_files("ddp-hang", "distributed")})
    subprocess.run([*GIT, "init", "-qb", "main"], cwd=root, check=True)
    commit(root, "base")
    subprocess.run([*GIT, "checkout", "-qb", "pr"], cwd=root, check=True)
    return root


def test_a_removed_plugin_is_listed_and_an_untouched_one_is_not(repo: Path) -> None:
    subprocess.run(["git", "rm", "-rqf", "plugins/distributed/ddp-hang"], cwd=repo, check=True)
    commit(repo, "remove ddp-hang")
    summary = summarize(repo, "main", 3)
    assert summary["pull_request"] == 3
    assert [(p["name"], p["status"], p["version_before"]) for p in summary["plugins"]] == [
        ("ddp-hang", "removed", "1.0.0")
    ]


def test_an_entry_the_plugin_already_had_is_not_new(repo: Path) -> None:
    skill = repo / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(skill.read_text() + "\nOne more line.\n")
    commit(repo, "edit")
    [plugin] = summarize(repo, "main")["plugins"]
    assert (plugin["status"], plugin["new_entries"]) == ("changed", [])
    assert [p["code"] for p in plugin["problems"]] == ["W160"]  # changed, version did not


def test_an_unknown_base_is_one_line_not_a_traceback(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(SummaryError, match="git merge-base no-such-ref HEAD"):
        summarize(repo, "no-such-ref")
    result = subprocess.run(
        [sys.executable, "-m", "site_gen.pr_summary", "--base", "nope", "--out", str(tmp_path)],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: git merge-base nope HEAD: fatal:")


def test_the_artifact_must_be_one_small_regular_file(tmp_path: Path) -> None:
    with pytest.raises(CommentError, match=r"has no summary\.json"):
        read_artifact(tmp_path)
    secret = tmp_path / "secret"
    secret.write_text("{}")
    (tmp_path / "summary.json").symlink_to(secret)
    with pytest.raises(CommentError, match="not a regular file"):
        read_artifact(tmp_path)
    (tmp_path / "summary.json").unlink()
    (tmp_path / "summary.json").write_bytes(b" " * (MAX_SUMMARY_BYTES + 1))
    with pytest.raises(CommentError, match="bytes"):
        read_artifact(tmp_path)


def test_only_a_pull_request_run_is_commented_on(tmp_path: Path) -> None:
    event = json.loads((RECORDED / "workflow_run-pull_request.json").read_text())
    assert (
        read_run(RECORDED / "workflow_run-pull_request.json") == event["workflow_run"]["head_sha"]
    )
    event["workflow_run"]["event"] = "workflow_dispatch"
    (tmp_path / "event.json").write_text(json.dumps(event))
    with pytest.raises(CommentError, match="not a workflow_run of a pull_request run"):
        read_run(tmp_path / "event.json")
