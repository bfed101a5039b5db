"""`site-gen init` on a fresh copy of this repo: no placeholder left, the check and the real
Claude Code CLI (`validate --strict`, `marketplace add`) accept the result under its new name."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.cli import main
from site_gen.init import PLACEHOLDER
from tests.conftest import copy_repo_files
from tests.test_claude_cli import Claude, claude  # noqa: F401  (the CLI fixture)

ARGS = ["--repo", "acme/ml-skills", "--marketplace", "acme-ml-skills", "--owner", "Acme ML"]


def fresh_copy(target: Path) -> Path:
    return copy_repo_files(target, skip=("test-artifacts/",))


def run(*args: str) -> tuple[int, str]:
    """Exit code and output; for `check`, its stdout: the problems, not the progress."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout if args[0] == "check" else result.output


@pytest.fixture(scope="module")
def initialized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = fresh_copy(tmp_path_factory.mktemp("fork") / "ml-skills")
    code, out = run("init", "--root", str(root), *ARGS, "--visibility", "private")
    assert code == 0, out
    return root, out


def placeholders(root: Path) -> list[str]:
    """`grep -rn your-org`, minus site_gen/ (its defaults are the template's, by design) and
    tests/ (they test the template)."""
    found = subprocess.run(
        ["grep", "-rIn", PLACEHOLDER, ".", "--exclude-dir=site_gen", "--exclude-dir=tests"],
        cwd=root,
        capture_output=True,
        text=True,
    ).stdout
    return found.splitlines()


def test_the_template_has_placeholders_and_check_warns_about_them(tmp_path: Path) -> None:
    root = fresh_copy(tmp_path / "fork")
    assert placeholders(root)  # a control: the grep below could fail
    code, out = run("check", "--strict", "--root", str(root))
    assert code == 0  # setup warnings do not fail --strict
    assert "pyproject.toml:" in out and ": W701 warning: still names the template's" in out


def test_init_rewrites_every_place_and_runs_the_check(initialized: tuple[Path, str]) -> None:
    root, out = initialized
    assert out.splitlines() == [
        "updated pyproject.toml",
        "updated .claude/settings.json",
        "updated README.md",
        "updated plugins/tooling/skills-registry/skills/advise/SKILL.md",
        "updated plugins/tooling/skills-registry/skills/retrospective/SKILL.md",
        "wrote .claude-plugin/marketplace.json",
        "0 errors, 0 warnings",
    ]
    assert placeholders(root) == []
    pyproject = (root / "pyproject.toml").read_text()
    table = tomllib.loads(pyproject)["tool"]["site-gen"]
    assert table == {
        "marketplace": "acme-ml-skills",
        "owner": "Acme ML",
        "description": table["description"],
        "repo": "acme/ml-skills",
        "site_url": "https://acme.github.io/ml-skills/",
        "branch": "main",
        "visibility": "private",
    }
    assert "# The one place a team sets who it is" in pyproject  # comments kept
    settings = json.loads((root / ".claude/settings.json").read_text())
    assert settings == {
        "extraKnownMarketplaces": {
            "acme-ml-skills": {"source": {"source": "github", "repo": "acme/ml-skills"}}
        }
    }
    readme = (root / "README.md").read_text()
    assert (
        "/plugin marketplace add acme/ml-skills\n/plugin install all-skills@acme-ml-skills"
        in readme
    )
    advise = (root / "plugins/tooling/skills-registry/skills/advise/SKILL.md").read_text()
    assert "https://acme.github.io/ml-skills/llms.txt" in advise
    retro = (root / "plugins/tooling/skills-registry/skills/retrospective/SKILL.md").read_text()
    assert 'gh repo clone acme/ml-skills "$REG"' in retro
    assert "git clone https://github.com/acme/ml-skills.git" in retro
    assert "https://github.com/acme/ml-skills/compare/main...skill/NAME" in retro
    market = json.loads((root / ".claude-plugin/marketplace.json").read_text())
    assert (market["name"], market["owner"]) == ("acme-ml-skills", {"name": "Acme ML"})
    assert run("marketplace", "--check", "--root", str(root))[0] == 0
    # Run twice, nothing left to change.
    assert run("init", "--root", str(root), *ARGS)[1] == "0 errors, 0 warnings\n"


def test_the_real_cli_validates_and_adds_the_marketplace_by_its_new_name(
    initialized: tuple[Path, str],
    claude: Claude,  # noqa: F811
) -> None:
    root, _ = initialized
    validated = claude(
        "plugin", "validate", "--strict", str(root / ".claude-plugin/marketplace.json")
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "warning" not in (validated.stdout + validated.stderr).lower()
    added = claude("plugin", "marketplace", "add", str(root), home="init")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Successfully added marketplace: acme-ml-skills" in added.stdout
    installed = claude("plugin", "install", "all-skills@acme-ml-skills", home="init")
    assert installed.returncode == 0, installed.stdout + installed.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--repo", "acme"], "Error: --repo 'acme' is not a GitHub ORG/NAME, e.g. acme/ml-skills"),
        (
            ["--repo", "acme/x", "--marketplace", "agent-skills"],
            "Error: --marketplace 'agent-skills' is reserved for Anthropic's marketplaces;"
            " e.g. --marketplace acme-ml-skills",
        ),
        (
            ["--repo", "acme/x", "--site-url", "ftp://x"],
            "Error: --site-url 'ftp://x' is not an http(s) URL",
        ),
    ],
)
def test_init_refuses_bad_values_before_writing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    root = fresh_copy(tmp_path / "fork")
    before = (root / "pyproject.toml").read_text()
    code, out = run("init", "--root", str(root), *args)
    assert (code, out) == (1, message + "\n")
    assert (root / "pyproject.toml").read_text() == before


def test_init_keeps_settings_it_does_not_own_and_refuses_broken_json(tmp_path: Path) -> None:
    root = fresh_copy(tmp_path / "fork")
    settings = root / ".claude/settings.json"
    data = json.loads(settings.read_text())
    data["permissions"] = {"allow": ["Bash(make test)"]}
    settings.write_text(json.dumps(data))
    assert run("init", "--root", str(root), *ARGS)[0] == 0
    assert json.loads(settings.read_text())["permissions"] == {"allow": ["Bash(make test)"]}
    settings.write_text("{")
    code, out = run("init", "--root", str(root), "--repo", "other/name")
    assert code == 1
    assert out.startswith("Error: .claude/settings.json: invalid JSON")
    assert settings.read_text() == "{"
