"""The failure hook end to end: the real Claude Code CLI, offline, against a scripted model.

A session runs two failing Bash commands: one printing an error the registry covers, then an
everyday failure (a missing file). The scripted model records every request the CLI sends,
so the test sees what reached the model: the hook's context with the right entry after the
first, nothing added after the second. Here with the tooling plugin installed alone (its
`site_url` option pointing at a loopback copy of the site's `skills-index.json`), and with
both it and `all-skills` installed (one entry, not two), each index built in the background
after a first session (hooks stay silent until then), and an error two skills quote alike
(both skills' entries in one context);
`test_local_index_e2e.py` does the same with `all-skills` installed from a fresh clone of a
registry with no site (its root `hooks/hooks.json`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from benchmarks.lookup_dev import dev_registry
from site_gen.config import load_config
from site_gen.loader import load_registry
from site_gen.search.compact import PATH, render_compact_index
from tests.chromium import serve_folder
from tests.gated_site import Site
from tests.scripted_model import ScriptedModel, Turn, bash, claude_env, say

CLAUDE = REPO / "node_modules/.bin/claude"
COVERED = """Traceback (most recent call last):
  File "/opt/conda/lib/python3.11/site-packages/swift/trainers/rlhf_trainer/rollout_mixin.py", line 401, in _move_model_to_vllm
    self.vllm_client.update_flattened_params(metadatas, flattened)
RuntimeError: Multiple errors: [Exception('Server 0 update flattened params failed: {"detail":"Not Found"}')]
"""
HOOK_MARK = "hook additional context"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A loopback copy of the site's compact index, built from this repository."""
    folder = tmp_path_factory.mktemp("site")
    registry = load_registry(REPO).registry
    (folder / PATH).write_text(render_compact_index(registry, load_config(REPO)), "utf-8")
    with serve_folder(folder) as url:
        yield url


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _clone(tmp_path: Path, site_url: str | None = None) -> Path:
    """A fresh clone of the registry as committed (with `site_url` set when given)."""
    origin = tmp_path / "origin"
    origin.mkdir()
    for name in ("plugins", "templates", ".claude-plugin", "hooks"):
        shutil.copytree(REPO / name, origin / name, symlinks=True)
    for name in ("pyproject.toml", "marketplace.json", "CLAUDE.md"):
        shutil.copy2(REPO / name, origin / name, follow_symlinks=False)
    if site_url:
        config = origin / "pyproject.toml"
        text = config.read_text().replace(load_config(REPO).site_url, site_url)
        config.write_text(text)
        site_gen = REPO / ".venv/bin/site-gen"
        subprocess.run([str(site_gen), "marketplace", "--root", str(origin)], check=True)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "registry")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(origin), str(clone))
    return clone


def _run_script(home: Path, work: Path, script: list[Turn]) -> ScriptedModel:
    """`claude -p train` in `work` against a model that follows `script`; the model, whose
    `requests` are what the CLI sent."""
    with ScriptedModel(script) as model:
        _claude(home, work, "-p", "train", "--allowedTools", "Bash", "--output-format", "json",
                model_url=model.url)  # fmt: skip
    return model


def _claude(home: Path, cwd: Path, *args: str, model_url: str = "") -> str:
    env = claude_env(home, model_url)
    done = subprocess.run(
        [str(CLAUDE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _session(home: Path, work: Path) -> list[list[str]]:
    """Run the scripted session; the hook context (if any) that followed each tool call."""
    (work / "covered.log").write_text(COVERED)
    script = [
        bash("cat covered.log >&2; exit 1", "run the trainer"),
        bash("cat results/metrics.json", "read the metrics"),
        say("done"),
    ]
    model = _run_script(home, work, script)
    assert len(model.requests) == 3, [r.get("messages", [])[-1:] for r in model.requests]
    after: list[list[str]] = []
    for number in (1, 2):  # the request after each tool call: its last user message
        last = model.requests[number]["messages"][-1]
        texts = [json.dumps(block) for block in last["content"]]
        after.append([t for t in texts if HOOK_MARK in t])
    return after


def _assert_right_entry(after: list[list[str]]) -> None:
    covered, noise = after
    assert len(covered) == 1, covered
    assert covered[0].count(HOOK_MARK) == 1, covered  # several hooks' contexts share a block
    assert "PostToolUseFailure:Bash hook additional context" in covered[0]
    assert "grpo-external-vllm-server" in covered[0]
    assert "update_flattened_params" in covered[0]
    assert "vllm_skip_weight_sync" in covered[0]  # the fix, verbatim
    assert noise == [], noise


def _installed(tmp_path: Path, clone: Path, *plugins: str, site: str = "") -> tuple[Path, Path]:
    """A HOME with `plugins` installed from the clone's marketplace, and a work folder; the
    tooling plugin (`skills-registry`) gets `site` as its `site_url` option."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    name = load_config(REPO).marketplace
    _claude(home, tmp_path, "plugin", "marketplace", "add", str(clone))
    for plugin in plugins:
        config = ["--config", f"site_url={site}"] if plugin == "skills-registry" else []
        _claude(home, tmp_path, "plugin", "install", f"{plugin}@{name}", *config)
    return home, work


def _built(home: Path, plugins: int, timeout: float = 120) -> None:
    """Wait until the background builder of each of `plugins` installed plugins has built its
    index (its `build.json` in the plugin's data folder)."""
    deadline = time.monotonic() + timeout
    while len(list(home.glob(".claude/plugins/data/*/index/build.json"))) < plugins:
        if time.monotonic() > deadline:
            logs = home.glob(".claude/plugins/data/*/index/build.log")
            raise AssertionError("\n".join(log.read_text() for log in logs) or "no builder ran")
        time.sleep(0.2)


def test_tooling_plugin_alone_brings_the_fix_and_stays_silent_on_noise(tmp_path: Path) -> None:
    """A fresh cache: the session's hooks do not wait for the site (which holds its answer
    back) and stay silent; once the background builder has the index, the fix comes."""
    site = Site(tmp_path / "site")
    site.publish(load_registry(REPO).registry, load_config(REPO))
    try:
        home, work = _installed(tmp_path, _clone(tmp_path), "skills-registry", site=site.url)
        site.handler.gate.clear()
        assert _session(home, work) == [[], []]  # no index yet: silent
        assert not list(home.glob(".claude/plugins/data/*/index/index.sqlite"))
        site.handler.gate.set()
        _built(home, 1)
        _assert_right_entry(_session(home, work))
    finally:
        site.close()


TRAIN = """import os, sys
if not os.path.exists("fixed"):
    sys.exit("Traceback (most recent call last):\\n  File \\"train.py\\", line 9\\n"
             "RuntimeError: one of the variables needed for gradient computation has been "
             "modified by an inplace operation")
print("epoch 1 loss 0.52")
"""


def _solved_session(home: Path, work: Path) -> list[dict[str, Any]]:
    """An uncovered failure, a fix, the same script succeeding, then the model stops."""
    (work / "train.py").write_text(TRAIN)
    script = [
        bash("python3 train.py --lr 3e-4", "train"),
        bash("touch fixed", "fix"),
        bash("python3 train.py --lr 1e-4", "train again"),
        say("done"),
        say("noted"),
    ]
    model = _run_script(home, work, script)
    return model.requests


def test_all_skills_and_the_tooling_plugin_together_give_the_entry_once(
    site: str, tmp_path: Path
) -> None:
    """Both plugins' hooks fire on the failure, each with its own data folder: one speaks."""
    clone = _clone(tmp_path, site_url=site)
    home, work = _installed(tmp_path, clone, "all-skills", "skills-registry", site=site)
    with ScriptedModel([say("hello")]) as model:  # a first session: SessionStart builds
        _claude(home, work, "-p", "hi", "--output-format", "json", model_url=model.url)
    _built(home, 2)
    _assert_right_entry(_session(home, work))
    assert len(list((home / ".claude/plugins/data").iterdir())) == 2  # both hooks ran


OOM_OLD = (
    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 39.59 GiB total "
    "capacity; 35.12 GiB already allocated; 1.02 GiB free; 36.80 GiB reserved in total by "
    "PyTorch) If reserved memory is >> allocated memory try setting max_split_size_mb to avoid "
    "fragmentation.\n"
)
"""A CUDA OOM in its old wording, which two skills of the lookup dev registry quote alike."""


def test_an_error_two_skills_quote_alike_brings_both_entries(tmp_path: Path) -> None:
    """The site of a registry where `colbert-muvera-fde-parameter-search` and
    `cuda-oom-long-context` both quote the OOM: the hook gives both, in one context."""
    folder = tmp_path / "site"
    folder.mkdir()
    index = render_compact_index(dev_registry(), load_config(REPO))
    (folder / PATH).write_text(index, "utf-8")
    with serve_folder(folder) as url:
        home, work = _installed(tmp_path, _clone(tmp_path), "skills-registry", site=url)
        with ScriptedModel([say("hello")]) as first:  # a first session: SessionStart builds
            _claude(home, work, "-p", "hi", "--output-format", "json", model_url=first.url)
        _built(home, 1)
        (work / "oom.log").write_text(OOM_OLD)
        script = [bash("cat oom.log >&2; exit 1", "train with 32k context"), say("done")]
        model = _run_script(home, work, script)
    assert len(model.requests) == 2
    last = model.requests[1]["messages"][-1]
    hooked = [json.dumps(block) for block in last["content"] if HOOK_MARK in json.dumps(block)]
    assert len(hooked) == 1 and hooked[0].count(HOOK_MARK) == 1, hooked
    text = hooked[0]  # JSON: these phrases have no character JSON escapes
    assert "PostToolUseFailure:Bash hook additional context" in text
    assert "2 skills quote this error" in text
    assert "1. Skill `colbert-muvera-fde-parameter-search`" in text
    assert "2. Skill `cuda-oom-long-context`" in text
    assert "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True" in text  # the second one's fix
