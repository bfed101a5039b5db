"""One entry per session across plugins: `all-skills` and the tooling plugin both run the
failure hook, each with its own `CLAUDE_PLUGIN_DATA`, possibly at the same moment; only one
of them may put the entry in front of Claude (`scripts/once.py`)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

from tests.test_hook_client import (
    CLIENT,
    PAYLOADS,
    PYTHON3,
    Client,
    covered_failure,
    index_file,  # noqa: F401 (a fixture)
    payload,
)


def _plugins(tmp_path: Path, index: Path, count: int) -> list[Client]:
    """`count` installed plugins of one user: one HOME, a data folder each."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    plugins = [
        Client(
            tmp_path / f"data{n}",
            {
                "HOME": str(home),
                "CLAUDE_PLUGIN_DATA": str(tmp_path / f"data{n}"),
                "SKILLS_REGISTRY_INDEX": str(index),
            },
        )
        for n in range(count)
    ]
    for plugin in plugins:  # each plugin's cache, as its background builder makes it
        assert plugin.build().returncode == 0
    return plugins


def test_two_plugins_give_an_entry_once_per_session(tmp_path: Path, index_file: Path) -> None:  # noqa: F811
    first, second = _plugins(tmp_path, index_file, 2)
    assert first.hook(covered_failure("s1")) is not None
    assert second.hook(covered_failure("s1")) is None  # the other plugin gave it already
    assert second.hook(covered_failure("s2")) is not None  # a new session
    assert first.hook(covered_failure("s2")) is None
    given = tmp_path / "home/.cache/skills-registry-client/given"
    assert stat.S_IMODE(given.stat().st_mode) == 0o700
    markers = list((given / "s1").iterdir())
    assert len(markers) == 1 and stat.S_IMODE(markers[0].stat().st_mode) == 0o600


def test_concurrent_hooks_give_an_entry_exactly_once(tmp_path: Path, index_file: Path) -> None:  # noqa: F811
    plugins = _plugins(tmp_path, index_file, 6)
    for n, plugin in enumerate(plugins):  # warm each cache, so the race is on the marker
        assert plugin.hook(covered_failure(f"warm{n}")) is not None
    body = json.dumps(covered_failure("race"))
    running = [
        subprocess.Popen(
            [PYTHON3, "-I", str(CLIENT), "hook"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": "/usr/bin:/bin", **plugin.env},
        )
        for plugin in plugins
    ]
    outputs = [process.communicate(body, timeout=60) for process in running]
    assert all(err == "" for _, err in outputs)
    assert sum(bool(out) for out, _ in outputs) == 1, outputs


def test_an_unwritable_user_folder_falls_back_to_the_plugins_own_record(
    tmp_path: Path,
    index_file: Path,  # noqa: F811
) -> None:
    (first,) = _plugins(tmp_path, index_file, 1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert first.hook(covered_failure("s1"), XDG_CACHE_HOME=str(blocker)) is not None
    assert first.hook(covered_failure("s1"), XDG_CACHE_HOME=str(blocker)) is None


def test_the_retrospective_suggestion_is_made_once_across_plugins(
    tmp_path: Path,
    index_file: Path,  # noqa: F811
) -> None:
    transcript = tmp_path / "transcript.jsonl"
    shutil.copy(PAYLOADS / "transcript-solved-uncovered.jsonl", transcript)
    stop = payload("stop", transcript_path=str(transcript))
    first, second = _plugins(tmp_path, index_file, 2)
    for plugin in (first, second):  # both recorded the uncovered failure
        assert plugin.hook(payload("failure-uncovered")) is None
    answers = [first.hook(stop), second.hook(stop)]
    assert [a is not None for a in answers] == [True, False]


def test_old_session_folders_are_pruned_and_only_those(tmp_path: Path, index_file: Path) -> None:  # noqa: F811
    (plugin,) = _plugins(tmp_path, index_file, 1)
    given = tmp_path / "home/.cache/skills-registry-client/given"
    old, foreign = given / "old-session", given / "someone-elses"
    for folder in (old, foreign):
        folder.mkdir(parents=True)
        (folder / ("ab" * 16)).write_text("")
    (foreign / "notes.txt").write_text("keep me")
    month_ago = time.time() - 31 * 86400
    for folder in (old, foreign):
        os.utime(folder, (month_ago, month_ago))
    assert plugin.hook(covered_failure("new-session")) is not None
    assert not old.exists()
    assert (foreign / "notes.txt").read_text() == "keep me"
