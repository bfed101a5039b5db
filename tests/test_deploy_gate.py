"""The deploy gate: which repositories may publish to GitHub Pages, and what a refusal says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_gen.deploy_gate import decide
from tests.loopback_github import RECORDED, TOKEN, LoopbackGitHub, recorded, runner_env, serve

PAGES = {"public": recorded("pages-public.json"), "private": recorded("pages-private.json")}


@pytest.mark.parametrize(
    ("repo_private", "visibility", "pages_public", "allowed", "codes"),
    [
        (False, "public", None, True, []),
        (False, None, None, True, ["W802"]),
        (False, "private", True, False, ["E811"]),
        (True, "private", False, True, []),
        (True, "private", True, False, ["E811"]),
        (True, "public", None, False, ["E810"]),
        (True, None, None, False, ["E810"]),
        (True, "Private", None, False, ["E801"]),
        (False, "internal", None, False, ["E801"]),
        (True, "private", None, False, ["E811"]),  # unread counts as public
    ],
)
def test_decide(
    repo_private: bool,
    visibility: object,
    pages_public: bool | None,
    allowed: bool,
    codes: list[str],
) -> None:
    verdict = decide(repo_private, visibility, pages_public)
    assert verdict.allowed is allowed
    assert [p.code for p in verdict.problems] == codes


def run_gate(root: Path, event: str, state: LoopbackGitHub) -> subprocess.CompletedProcess[str]:
    """`python -m site_gen.deploy_gate` as deploy.yml runs it, against the loopback API."""
    env = {**os.environ, **runner_env(state, RECORDED / event)}
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        [sys.executable, "-m", "site_gen.deploy_gate"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


def registry(tmp_path: Path, visibility: str | None) -> Path:
    line = f'visibility = "{visibility}"\n' if visibility else ""
    (tmp_path / "pyproject.toml").write_text(f'[tool.site-gen]\nmarketplace = "acme"\n{line}')
    return tmp_path


@pytest.mark.parametrize(
    ("event", "visibility", "pages", "exit_code", "last_line"),
    [
        (
            "push-public.json",
            "public",
            None,
            0,
            'deploy allowed: the repository is public and visibility = "public"',
        ),
        (
            "push-public.json",
            None,
            None,
            0,
            "deploy allowed: the repository is public (visibility is not set)",
        ),
        (
            "push-private.json",
            "private",
            "private",
            0,
            'deploy allowed: visibility = "private" and the Pages site is private',
        ),
        ("push-private.json", "private", "public", 1, "deploy refused: the Pages site is public"),
        ("push-private.json", "public", "public", 1, "deploy refused: the repository is private"),
        ("push-private.json", None, "private", 1, "deploy refused: the repository is private"),
        (
            "push-private.json",
            "private",
            None,
            1,
            "deploy refused: the Pages settings could not be read",
        ),
    ],
)
def test_the_gate_script(
    tmp_path: Path,
    event: str,
    visibility: str | None,
    pages: str | None,
    exit_code: int,
    last_line: str,
) -> None:
    with serve(LoopbackGitHub(pages=PAGES[pages] if pages else None)) as github:
        result = run_gate(registry(tmp_path, visibility), event, github)
    assert result.returncode == exit_code, result.stdout + result.stderr
    assert (result.stdout + result.stderr).splitlines()[-1] == last_line
    # The Pages API is asked only when the site is meant to be private, with the job's token.
    expected = ["GET /repos/acme-ml/skills-registry/pages"] if visibility == "private" else []
    assert github.requests == expected
    assert TOKEN not in result.stdout + result.stderr


def test_the_refusal_a_private_repository_without_private_pages_gets(tmp_path: Path) -> None:
    with serve(LoopbackGitHub(pages=PAGES["public"])) as github:
        result = run_gate(registry(tmp_path, None), "push-private.json", github)
    print(result.stdout + result.stderr)  # shown with -s: what the deploy run shows
    assert result.returncode == 1
    annotation = result.stdout.splitlines()[0]
    assert annotation.startswith("::error file=pyproject.toml,line=1,title=E810::deploy refused:")
    text = result.stderr
    assert text.startswith(
        "pyproject.toml:1: E810 error: deploy refused: this repository is private but "
        "[tool.site-gen] visibility is not set, and a GitHub Pages site is public on the internet"
    )
    for what_to_change in (
        'write visibility = "private" in [tool.site-gen] of pyproject.toml',
        "Settings > Pages > Visibility to Private",
        "Actions > Deploy site > Disable workflow",
        "make the repository public instead",
    ):
        assert what_to_change in text


def test_without_an_event_the_gate_refuses(tmp_path: Path) -> None:
    with serve(LoopbackGitHub()) as github:
        result = run_gate(registry(tmp_path, "public"), "no-such-event.json", github)
    assert result.returncode == 1
    assert "E813 error: deploy refused:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_token_is_a_refusal_not_a_traceback(tmp_path: Path) -> None:
    root = registry(tmp_path, "private")
    with serve(LoopbackGitHub(pages=PAGES["private"])) as github:
        env = {**os.environ, **runner_env(github, RECORDED / "push-private.json"), "GH_TOKEN": "x"}
        result = subprocess.run(
            [sys.executable, "-m", "site_gen.deploy_gate"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
    assert result.returncode == 1
    assert "GET /repos/acme-ml/skills-registry/pages: 401 Bad credentials" in result.stderr
