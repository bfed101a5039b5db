"""`all-skills` installed from a fresh clone of a registry whose site does not exist: the
real Claude Code CLI, offline, against a scripted model. The first session's `SessionStart`
hook starts the index build from the registry's own files; once built, a failing command
the registry covers brings the right entry, and an everyday failure adds nothing. The hooks
run under the oldest Python the client promises when the machine has it (pyenv here)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import REPO

from site_gen.config import load_config
from tests.scripted_model import ScriptedModel, say
from tests.test_hook_e2e import _assert_right_entry, _claude, _clone, _session
from tests.test_local_index import PYTHON39

NOWHERE = "http://127.0.0.1:9/registry/"
"""The registry's site URL: nothing listens there (port 9, discard)."""


def _wait_for_index(home: Path, timeout: float = 120) -> dict[str, object]:
    """The background builder's report, from the plugin's data folder under `home`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for report in (home / ".claude" / "plugins" / "data").glob("*/index/build.json"):
            found: dict[str, object] = json.loads(report.read_text())
            return found
        time.sleep(0.2)
    logs = list(home.glob(".claude/plugins/data/*/index/build.log"))
    raise AssertionError(logs[0].read_text() if logs else "no builder ran")


def test_all_skills_without_a_site_builds_its_index_and_brings_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "bin" / "python3"
    python.parent.mkdir()
    python.symlink_to(PYTHON39)
    monkeypatch.setenv("PATH", f"{python.parent}:{Path('/usr/bin')}:{Path('/bin')}")
    clone = _clone(tmp_path, site_url=NOWHERE)
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    name = load_config(REPO).marketplace
    _claude(home, tmp_path, "plugin", "marketplace", "add", str(clone))
    _claude(home, tmp_path, "plugin", "install", f"all-skills@{name}")
    with ScriptedModel([say("hello")]) as model:  # a first session: SessionStart
        _claude(home, work, "-p", "hi", "--output-format", "json", model_url=model.url)
    report = _wait_for_index(home)
    assert report["skills"] == 5 and report["left_out"] == []
    assert report["root"] == str(clone.resolve())  # a local-folder marketplace: the folder
    after = _session(home, work)
    _assert_right_entry(after)
    assert f"{NOWHERE}skills/grpo-external-vllm-server/#" in after[0][0]
    if "/versions/3.9" in PYTHON39:  # the hooks and the builder ran under 3.9
        assert list(home.glob(".claude/plugins/data/*/pycache/**/local_index.cpython-39.pyc"))
        assert list(home.glob(".claude/plugins/data/*/pycache/**/loader.cpython-39.pyc"))
