"""marketplace.json from the registry, `site-gen marketplace`, and the checks Claude Code's
validator leaves to us (the real CLI runs in test_claude_cli.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner
from conftest import REPO, MakeRegistry, plugin_files

from benchmarks import overlap_dev
from benchmarks.overlap_dev import dev_set
from site_gen import urls
from site_gen.cli import main
from site_gen.config import Config, load_config
from site_gen.emit import site_files
from site_gen.emit.marketplace import marketplace, render_marketplace, skill_folders
from site_gen.loader import load_registry
from site_gen.marketplace import claude_code_problems, compare_marketplace, marketplace_rules

CONFIG = Config(
    marketplace="acme-skills",
    owner="Acme ML",
    description="Acme's experiments.",
    repo="acme/skills",
    site_url="https://acme.github.io/skills",
)
TOOLING = REPO / "plugins/tooling/skills-registry"


def run(*args: str) -> tuple[int, str]:
    """Exit code and output; for `check`, its stdout: the problems, not the progress."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout if args[0] == "check" else result.output


def two_plugins(make_registry: MakeRegistry) -> Path:
    return make_registry(plugin_files("lora-fp16-nan") | plugin_files("vllm-oom", "inference"))


def test_repo_copy_has_one_entry_per_plugin_and_the_all_skills_bundle(
    make_registry: MakeRegistry,
) -> None:
    registry = load_registry(two_plugins(make_registry)).registry
    doc = marketplace(registry, CONFIG)
    assert doc["name"] == "acme-skills"
    assert doc["owner"] == {"name": "Acme ML"}
    assert doc["description"] == "Acme's experiments."
    bundle, *entries = doc["plugins"]
    assert bundle["name"] == "all-skills"
    assert bundle["source"] == "./"
    assert bundle["strict"] is False
    assert "version" not in bundle  # so every new commit counts as an update
    assert bundle["skills"] == [
        "./plugins/inference/vllm-oom/skills/vllm-oom",
        "./plugins/training/lora-fp16-nan/skills/lora-fp16-nan",
    ]
    lora = entries[0]
    assert lora == {
        "name": "lora-fp16-nan",
        "source": "./plugins/training/lora-fp16-nan",
        "description": registry.find("lora-fp16-nan").manifest["description"],  # type: ignore[union-attr]
        "version": "1.0.0",
        "author": {"name": "Test Author"},
        "category": "training",
        "keywords": ["fp16", "lora"],
        "homepage": "https://acme.github.io/skills/skills/lora-fp16-nan/",
    }
    assert [e["name"] for e in entries] == ["lora-fp16-nan", "vllm-oom"]


def test_site_copy_points_into_the_git_repo(make_registry: MakeRegistry) -> None:
    registry = load_registry(two_plugins(make_registry)).registry
    bundle, lora, _ = marketplace(registry, CONFIG, hosted=True)["plugins"]
    git = "https://github.com/acme/skills.git"
    assert bundle["source"] == {"source": "url", "url": git, "ref": "main"}
    assert bundle["skills"] == skill_folders(registry)
    assert lora["source"] == {
        "source": "git-subdir",
        "url": git,
        "path": "plugins/training/lora-fp16-nan",
        "ref": "main",
    }
    local = Config(repo="file:///srv/git/skills.git", branch="trunk")
    _, lora, _ = marketplace(registry, local, hosted=True)["plugins"]
    assert lora["source"]["url"] == "file:///srv/git/skills.git"
    assert lora["source"]["ref"] == "trunk"


def test_output_is_deterministic_json(make_registry: MakeRegistry) -> None:
    registry = load_registry(two_plugins(make_registry)).registry
    text = render_marketplace(registry, CONFIG)
    assert text == render_marketplace(load_registry(Path(registry.root)).registry, CONFIG)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2) + "\n"


def test_site_files_publish_the_hosted_copy_at_the_root() -> None:
    registry = load_registry(REPO).registry
    files = site_files(registry, CONFIG)
    assert files["marketplace.json"] == render_marketplace(registry, CONFIG, hosted=True)


def test_committed_marketplace_is_current() -> None:
    sync = compare_marketplace(REPO, load_registry(REPO).registry, load_config(REPO))
    assert sync.summary == "", "run: site-gen marketplace"
    assert os.readlink(REPO / "marketplace.json") == ".claude-plugin/marketplace.json"


def test_marketplace_check_fails_after_a_skill_is_added_and_passes_after_regeneration(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(plugin_files("lora-fp16-nan"))
    assert run("marketplace", "--check", "--root", str(root)) == (
        1,
        ".claude-plugin/marketplace.json is missing\n",
    )
    assert run("marketplace", "--root", str(root)) == (0, "wrote .claude-plugin/marketplace.json\n")
    assert (root / "marketplace.json").resolve() == (root / ".claude-plugin/marketplace.json")
    assert run("marketplace", "--check", "--root", str(root)) == (
        0,
        ".claude-plugin/marketplace.json is current\n",
    )
    make_registry(plugin_files("vllm-oom", "inference"), root)
    assert run("marketplace", "--check", "--root", str(root)) == (
        1,
        ".claude-plugin/marketplace.json is stale: added vllm-oom; changed all-skills; "
        "run: site-gen marketplace\n",
    )
    assert run("marketplace", "--root", str(root))[0] == 0
    assert run("marketplace", "--check", "--root", str(root))[0] == 0


def test_marketplace_refuses_a_registry_with_errors(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files["plugins/training/lora-fp16-nan/.claude-plugin/plugin.json"] = "{"
    root = make_registry(files)
    code, out = run("marketplace", "--root", str(root))
    assert code == 1
    assert "the registry has 1 error(s); fix them first: site-gen check" in out
    assert not (root / ".claude-plugin").exists()


def test_check_covers_what_claude_codes_validator_lets_through(
    make_registry: MakeRegistry,
) -> None:
    root = two_plugins(make_registry)
    registry = load_registry(root).registry
    doc = marketplace(registry, CONFIG)
    doc["plugins"][0]["skills"].append("./plugins/training/gone/skills/gone")
    doc["plugins"][1]["version"] = "0.9.0"
    doc["plugins"][2]["date"] = "2025-01-01"
    text = json.dumps(doc, indent=2) + "\n"
    make_registry(
        {".claude-plugin/marketplace.json": text, ".claude-plugin/plugin.json": "{}"}, root
    )
    problems = marketplace_rules(root, registry, CONFIG) + claude_code_problems(
        root, registry, None
    )
    found = [(p.code, p.line, p.message) for p in problems]

    def line(needle: str) -> int:
        return next(n for n, t in enumerate(text.splitlines(), 1) if needle in t)

    assert found == [
        (
            "E141",
            0,
            "a plugin.json at the registry root conflicts with the all-skills entry",
        ),
        (
            "E152",
            line('"./plugins/training/gone/skills/gone"'),
            "'all-skills': skills path './plugins/training/gone/skills/gone' has no SKILL.md",
        ),
        (
            "E153",
            line('"name": "lora-fp16-nan"'),
            "'lora-fp16-nan': version '0.9.0' differs from plugin.json's '1.0.0'",
        ),
        ("W151", line('"name": "vllm-oom"'), "'vllm-oom': unknown key 'date'"),
    ]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("agent-skills", "is reserved for Anthropic's marketplaces"),
        ("claude-team", "must not start with claude-"),
        ("Team Skills", "must be lowercase letters"),
    ],
)
def test_check_refuses_marketplace_names_claude_code_refuses(
    make_registry: MakeRegistry, name: str, why: str
) -> None:
    root = make_registry({"pyproject.toml": f'[tool.site-gen]\nmarketplace = "{name}"\n'})
    code, out = run("check", "--root", str(root))
    assert code == 1
    assert out.startswith(f"pyproject.toml: E140 error: [tool.site-gen] marketplace name '{name}' ")
    assert why in out


def test_check_refuses_a_plugin_named_all_skills(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files("all-skills"))
    code, out = run("check", "--root", str(root))
    assert code == 1
    assert (
        "plugins/training/all-skills/.claude-plugin/plugin.json: E142 error: the plugin name "
        in out
    )


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    out = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_check_base_warns_when_a_plugin_changed_without_a_version_bump(
    make_registry: MakeRegistry,
) -> None:
    repo = make_registry(plugin_files("lora-fp16-nan") | plugin_files("vllm-oom", "inference"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "switch", "-qc", "skill/update")
    skill = repo / "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    skill.write_text(skill.read_text() + "\nOne more lesson.\n")
    near = {spec["name"]: spec for spec in dev_set()["different"]}
    make_registry(overlap_dev.plugin_files(near["lm-eval-custom-task-yaml"]), repo)  # no bump
    code, out = run("check", "--strict", "--base", "main", "--root", str(repo))
    assert (code, out) == (
        1,
        "plugins/training/lora-fp16-nan/.claude-plugin/plugin.json:3: W160 warning: files "
        "changed since main but version is still '1.0.0'\n"
        '    hint: bump it, e.g. "version": "1.0.1": installed copies update only when the '
        "version changes\n"
        "0 errors, 1 warning\n",
    )
    manifest = skill.parent.parent.parent / ".claude-plugin/plugin.json"
    manifest.write_text(manifest.read_text().replace('"1.0.0"', '"1.0.1"'))
    assert run("check", "--strict", "--base", "main", "--root", str(repo)) == (
        0,
        "0 errors, 0 warnings\n",
    )
    code, out = run("check", "--base", "no-such-ref", "--root", str(repo))
    assert code == 1
    assert out.startswith(".: E160 error: cannot compare with base 'no-such-ref': ")


def test_tooling_skills_say_exactly_what_to_run() -> None:
    config = load_config(REPO)
    advise = frontmatter.load(TOOLING / "skills/advise/SKILL.md")
    retro = frontmatter.load(TOOLING / "skills/retrospective/SKILL.md")
    assert advise["name"] == "advise" and "disable-model-invocation" not in advise.metadata
    assert retro["name"] == "retrospective" and retro["disable-model-invocation"] is True
    assert 'site-gen advise --json "' in advise.content
    assert "$ARGUMENTS" in advise.content and "$ARGUMENTS" in retro.content
    # Outside the registry repo the skill reads the site: these URLs must follow the config.
    assert urls.absolute(config, "llms.txt") in advise.content
    markdown = urls.absolute(config, urls.skill_markdown("<name>"))
    assert markdown in advise.content
    steps = [
        'harvest --root "$REG" --latest',
        "advise --json",
        "site-gen new CATEGORY/NAME",
        "**Failed Attempts first**",
        "**Troubleshooting entries with the exact errors**",
        "**Environment table**",
        "**Hyperparameters**",
        "Show the user the draft",
        'skill_pr.py" prepare',
        "Only on an explicit yes",
        'skill_pr.py" publish',
    ]
    positions = [retro.content.index(step) for step in steps]
    assert positions == sorted(positions), "retrospective steps out of order"
    assert f"gh repo clone {config.repo} " in retro.content
    assert f"https://github.com/{config.repo}/compare/" in retro.content
    # ${CLAUDE_SKILL_DIR} is the skill's folder (checked with the real CLI): the script is there
    script = '"${CLAUDE_SKILL_DIR}/../../scripts/skill_pr.py"'
    assert retro.content.count(script) == 2
    assert (TOOLING / "skills/retrospective/../../scripts/skill_pr.py").is_file()


def test_claude_settings_and_claude_md_follow_the_config() -> None:
    config = load_config(REPO)
    settings = json.loads((REPO / ".claude/settings.json").read_text())
    assert settings["extraKnownMarketplaces"] == {
        config.marketplace: {"source": {"source": "github", "repo": config.repo}}
    }
    claude_md = (REPO / "CLAUDE.md").read_text()
    for needle in (
        "### /advise",
        "### /retrospective",
        "templates/experiment-skill-template/",
        "Failed Attempts",
        "exact hyperparameters",
        "site-gen check --strict",
    ):
        assert needle in claude_md, needle
    assert re.search(r"specific `description`", claude_md)
