"""The marketplace against the real Claude Code CLI (pinned in package.json), offline, with a
temporary HOME: validate --strict, add from a fresh clone, install, and the site copy by URL."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import REPO

from site_gen.config import Config, load_config
from site_gen.emit.marketplace import render_marketplace
from site_gen.loader import load_registry
from site_gen.scaffold import new_plugin
from tests.chromium import serve_folder
from tests.scripted_model import claude_env

CLAUDE = REPO / "node_modules/.bin/claude"
Claude = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def claude(tmp_path_factory: pytest.TempPathFactory) -> Claude:
    """Run the CLI with its own HOME; `home` picks a separate one (each has its own installs)."""
    assert CLAUDE.exists(), "run `npm ci` (make test does) to install the pinned Claude Code CLI"
    base = tmp_path_factory.mktemp("homes")

    def run(
        *args: str, home: str = "default", cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        (base / home).mkdir(exist_ok=True)
        return subprocess.run(
            [str(CLAUDE), *args],
            cwd=cwd or base,
            env=claude_env(base / home),
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repo holding a copy of the registry as committed (symlink included)."""
    repo = tmp_path_factory.mktemp("origin") / "skills"
    repo.mkdir()
    for name in ("plugins", "templates", ".claude-plugin"):
        shutil.copytree(REPO / name, repo / name, symlinks=True)
    for name in ("pyproject.toml", "marketplace.json", "CLAUDE.md"):
        shutil.copy2(REPO / name, repo / name, follow_symlinks=False)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "registry")
    return repo


@pytest.fixture(scope="module")
def skill_names() -> list[str]:
    return sorted(s.name for p in load_registry(REPO).registry for s in p.skills)


def report(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


def test_validate_strict_passes_for_the_marketplace_and_every_plugin(claude: Claude) -> None:
    marketplace = claude(
        "plugin", "validate", "--strict", str(REPO / ".claude-plugin/marketplace.json")
    )
    assert marketplace.returncode == 0, marketplace.stdout + marketplace.stderr
    assert "✔ Validation passed" in marketplace.stdout
    assert "warning" not in (marketplace.stdout + marketplace.stderr).lower()
    registry = load_registry(REPO).registry
    assert {p.category for p in registry} >= {"tooling"}
    for plugin in registry:
        # The starter plugins use "skills": "./skills"; prove the CLI takes it without a warning.
        assert plugin.manifest["skills"] == "./skills"
        result = report(claude("plugin", "validate", "--strict", "--json", str(REPO / plugin.path)))
        manifest = result["manifest"]
        assert result["success"] is True
        assert (manifest["errors"], manifest["warnings"]) == ([], []), plugin.path  # type: ignore[index]
        provided = result["provides"]["skills"]  # type: ignore[index]
        assert provided == [f"{plugin.name}:{s.name}" for s in plugin.skills]


def test_a_plugin_scaffolded_from_the_template_validates(claude: Claude, tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    plugin = new_plugin(tmp_path, "training/lora-fp16-nan", "Test Author")
    result = report(claude("plugin", "validate", "--strict", "--json", str(plugin)))
    manifest = result["manifest"]
    assert (manifest["errors"], manifest["warnings"]) == ([], [])  # type: ignore[index]
    assert result["provides"]["skills"] == ["lora-fp16-nan:lora-fp16-nan"]  # type: ignore[index]


def test_validate_strict_fails_on_what_it_should(claude: Claude, tmp_path: Path) -> None:
    """A control: the checks above could fail. An unknown plugin.json key fails --strict."""
    plugin = tmp_path / "p"
    shutil.copytree(REPO / "plugins/tooling/skills-registry", plugin)
    manifest = json.loads((plugin / ".claude-plugin/plugin.json").read_text())
    (plugin / ".claude-plugin/plugin.json").write_text(json.dumps(manifest | {"date": "2025"}))
    result = claude("plugin", "validate", "--strict", "--json", str(plugin))
    assert result.returncode == 1
    assert json.loads(result.stdout)["manifest"]["warnings"]


def test_a_fresh_clone_installs_all_skills_and_single_plugins(
    claude: Claude, origin: Path, tmp_path: Path, skill_names: list[str]
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    # The root marketplace.json stays a symlink to the one the CLI reads.
    assert os.readlink(clone / "marketplace.json") == ".claude-plugin/marketplace.json"
    name = load_config(REPO).marketplace
    added = claude("plugin", "marketplace", "add", str(clone), home="clone")
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"Successfully added marketplace: {name}" in added.stdout

    installed = claude("plugin", "install", f"all-skills@{name}", home="clone")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    details = claude("plugin", "details", f"all-skills@{name}", home="clone")
    assert details.returncode == 0, details.stderr
    line = re.search(r"Skills \((\d+)\)\s+(.*)", details.stdout)
    assert line, details.stdout
    assert int(line.group(1)) == len(skill_names)
    assert sorted(line.group(2).split(", ")) == skill_names
    print(installed.stdout, details.stdout, sep="\n")  # quoted in the report (pytest -s)

    single = claude("plugin", "install", f"grpo-external-vllm-server@{name}", home="single")
    assert single.returncode != 0  # a different HOME has not added the marketplace
    claude("plugin", "marketplace", "add", str(clone), home="single")
    single = claude("plugin", "install", f"grpo-external-vllm-server@{name}", home="single")
    assert single.returncode == 0, single.stdout + single.stderr
    listed = claude("plugin", "list", home="single").stdout
    assert f"grpo-external-vllm-server@{name}" in listed
    assert "all-skills" not in listed


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server for tmp_path/www: (base URL without the trailing slash, folder)."""
    www = tmp_path / "www"
    www.mkdir()
    with serve_folder(www) as url:
        yield url.rstrip("/"), www


def test_the_site_copy_added_by_url_installs_from_the_git_remote(
    claude: Claude, origin: Path, served: tuple[str, Path], skill_names: list[str]
) -> None:
    url, www = served
    # The site copy with the repo set to a local git remote: Claude Code takes file:// URLs.
    config = Config(marketplace="site-copy", repo=origin.as_uri(), branch="main")
    registry = load_registry(REPO).registry
    (www / "marketplace.json").write_text(render_marketplace(registry, config, hosted=True))
    valid = claude("plugin", "validate", "--strict", str(www / "marketplace.json"))
    assert valid.returncode == 0 and "✔ Validation passed" in valid.stdout, valid.stdout

    added = claude("plugin", "marketplace", "add", f"{url}/marketplace.json", home="site")
    assert added.returncode == 0, added.stdout + added.stderr
    for plugin in ("colbert-muvera-fde-parameter-search", "all-skills"):
        result = claude("plugin", "install", f"{plugin}@site-copy", home="site")
        assert result.returncode == 0, result.stdout + result.stderr
    details = claude("plugin", "details", "all-skills@site-copy", home="site").stdout
    assert f"Skills ({len(skill_names)})" in details
    single = claude(
        "plugin", "details", "colbert-muvera-fde-parameter-search@site-copy", home="site"
    )
    assert "Skills (1)  colbert-muvera-fde-parameter-search" in single.stdout
