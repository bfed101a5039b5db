"""A long training output whose error is at its end, with the real Claude Code CLI offline
against a scripted model (`benchmarks/HOOK_LONG_OUTPUT.md` has the measured tables).

First what the CLI hands a hook (a probe plugin's hook saves its input and what it can read
while it runs): a failed command's output past the 30,000-character window loses its end
everywhere, while a command that exited 0 has all of its output in a file already. Then the
tooling plugin, installed from a clone with a loopback site: it brings the fix for an error
logged at the end of 60,000 characters of progress by a run that exited 0, and for a run
that failed the same way once the window holds the end (`BASH_MAX_OUTPUT_LENGTH=150000`).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from benchmarks.hook_long_output import END_MARK, probe, run_command, write_run
from benchmarks.lookup_dev import dev_registry
from site_gen.config import load_config
from site_gen.search.compact import PATH, render_compact_index
from tests.chromium import serve_folder
from tests.scripted_model import ScriptedModel, bash, claude_env, say
from tests.test_hook_e2e import CLAUDE, COVERED, HOOK_MARK, _built, _claude, _clone, _installed


def test_what_a_hook_gets_of_a_long_output(tmp_path: Path) -> None:
    short_failure, long_failure, long_success = probe(
        [(25000, 1), (60000, 1), (60000, 0)], tmp_path
    )
    for failure in (short_failure, long_failure):  # `Exit code 1`, then the output's first
        # 30,000 characters, their first and last 5,000 around a truncation line
        text = ("Exit code 1\n" + failure.output[:30000]).rstrip("\n")
        marker = f"\n\n... [{len(text) - 10000} characters truncated] ...\n\n"
        assert failure.hook_text == text[:5000] + marker + text[-5000:]
        assert failure.transcript_text == failure.hook_text == failure.model_text
        assert failure.files_at_hook == {} and not failure.result_in_transcript
    assert END_MARK in short_failure.hook_text
    assert END_MARK not in long_failure.hook_text and long_failure.cut == 20012
    response = long_success.payload["tool_response"]
    assert response["stdout"] == long_success.output[:30000]
    assert long_success.persisted is not None
    assert Path(long_success.persisted).parent.name == "tool-results"
    assert long_success.files_at_hook[long_success.persisted] == long_success.output
    assert response["persistedOutputSize"] == len(long_success.output.encode())
    assert long_success.persisted in long_success.model_text  # a preview and the path
    assert not long_success.result_in_transcript


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """HOME with the tooling plugin installed from a clone, its index built from a loopback
    site of the dev registry, and a work folder."""
    folder = tmp_path_factory.mktemp("long")
    site = folder / "site"
    site.mkdir()
    (site / PATH).write_text(render_compact_index(dev_registry(), load_config(REPO)), "utf-8")
    with serve_folder(site) as url:
        home, work = _installed(folder, _clone(folder), "skills-registry", site=url)
        with ScriptedModel([say("hello")]) as first:  # a first session: SessionStart builds
            _claude(home, work, "-p", "hi", "--output-format", "json", model_url=first.url)
        _built(home, 1)
        yield home, work


def _hook_contexts(installed: tuple[Path, Path], code: int, **env: str) -> list[list[str]]:
    """A session running 60,000 characters of progress then `COVERED`, exiting `code`, then
    the same exiting 0; the hook context blocks that followed each call."""
    home, work = installed
    write_run(work, 60000, COVERED)
    script = [bash(run_command(60000, code), "train"), bash(run_command(60000, 0)), say("done")]
    with ScriptedModel(script) as model:
        done = subprocess.run(
            [str(CLAUDE), "-p", "train", "--allowedTools", "Bash", "--output-format", "json"],
            cwd=work,
            env=claude_env(home, model.url, **env),
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(model.requests) == 3
    blocks = [model.requests[n]["messages"][-1]["content"] for n in (1, 2)]
    return [[json.dumps(b) for b in content if HOOK_MARK in json.dumps(b)] for content in blocks]


def _assert_entry(contexts: list[str], event: str) -> None:
    assert len(contexts) == 1 and contexts[0].count(HOOK_MARK) == 1, contexts
    assert f"{event}:Bash hook additional context" in contexts[0]
    assert "grpo-external-vllm-server" in contexts[0]
    assert "vllm_skip_weight_sync" in contexts[0]  # the fix, verbatim


def test_the_fix_for_an_error_logged_at_the_end_of_a_long_run(installed: tuple[Path, Path]) -> None:
    """By default a failed run's end never reaches the hook: silence; the same run exiting 0
    (an error logged, the run went on) is read to its end from the saved output."""
    failed, succeeded = _hook_contexts(installed, 1)
    assert failed == []
    _assert_entry(succeeded, "PostToolUse")


def test_a_long_failure_brings_the_fix_when_the_window_holds_its_end(
    installed: tuple[Path, Path],
) -> None:
    """`BASH_MAX_OUTPUT_LENGTH=150000` (the user's setting): the failed run's last 5,000
    characters reach the hook; the entry comes once in the session."""
    failed, succeeded = _hook_contexts(installed, 1, BASH_MAX_OUTPUT_LENGTH="150000")
    _assert_entry(failed, "PostToolUseFailure")
    assert succeeded == []  # already given in this session
