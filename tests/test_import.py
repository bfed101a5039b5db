"""`site-gen import` on small sources of each layout, written here, through the real CLI entry."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, MakeRegistry

from site_gen.build import build_site
from site_gen.cli import main
from site_gen.config import load_config
from site_gen.importer.plan import suggest_name
from tests.test_claude_cli import Claude, claude  # noqa: F401  (the CLI with a temporary HOME)

DESCRIPTION = (
    "LoRA fine-tuning in fp16 without NaN losses. Usage scenarios: (1) When the loss turns NaN, "
    "(2) When encountering 'Attempting to unscale FP16 gradients'. Verified on Llama-3-8B, A100."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe binary \x00 bytes"


def skill_md(name: str, extra: str = "", body: str = "") -> str:
    return (
        f'---\nname: {name}\ndescription: "{DESCRIPTION}"\n{extra}---\n\n# {name}\n\n'
        f"See [the reference](references/notes.md).\n{body}"
    )


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout  # the report; progress goes to stderr


def test_progress_goes_to_stderr_one_line_per_phase(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    source = write(tmp_path / "src", {"skills/lora-nan/SKILL.md": skill_md("lora-nan")})
    result = CliRunner().invoke(main, ["import", "--root", str(registry), str(source)])
    phases = [line.split()[0] for line in result.stderr.splitlines()]
    assert phases == ["find", "plan", "write", "check"], result.stderr
    assert "1 plugins" in result.stderr.splitlines()[2]
    quiet = CliRunner().invoke(
        main, ["import", "-q", "--update", "--root", str(registry), str(source)]
    )
    assert quiet.stderr == ""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


Write = Callable[[Path, dict[str, str | bytes]], Path]


@pytest.fixture
def write(make_registry: MakeRegistry) -> Write:
    """Write a source tree of files (path -> str or bytes) at a folder."""
    return lambda folder, files: make_registry(files, folder)


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    (root / "plugins").mkdir(parents=True)
    return root


def test_agent_skills_folders_come_in_byte_for_byte(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    source = write(
        tmp_path / "source",
        {
            "ml-training/lora-nan/SKILL.md": skill_md("lora-nan"),
            "ml-training/lora-nan/references/notes.md": "# Notes\n",
            "ml-training/lora-nan/scripts/run.sh": "#!/bin/sh\necho hi\n",
            "ml-training/lora-nan/assets/logo.png": PNG,
            "skills/ddp-hang/SKILL.md": skill_md("ddp-hang", "metadata:\n  author: Ada\n"),
            "skills/index-page.md": "---\ntitle: not a flat skill beside a skill folder\n---\n",
        },
    )
    os.chmod(source / "ml-training/lora-nan/scripts/run.sh", 0o755)
    code, out = run(registry, str(source), "--author", "Team Lead")
    assert code == 0, out
    plugin = registry / "plugins/ml-training/lora-nan"
    assert snapshot(plugin / "skills/lora-nan") == snapshot(source / "ml-training/lora-nan")
    assert os.stat(plugin / "skills/lora-nan/scripts/run.sh").st_mode & 0o111
    manifest = json.loads((plugin / ".claude-plugin/plugin.json").read_text())
    assert manifest == {
        "name": "lora-nan",
        "version": "1.0.0",
        "description": DESCRIPTION,
        "author": {"name": "Team Lead"},
        "skills": "./skills",
    }
    # `skills/` says where skills live, not what they are about: the default category.
    other = json.loads(
        (registry / "plugins/imported/ddp-hang/.claude-plugin/plugin.json").read_text()
    )
    assert other["author"] == {"name": "Ada"}  # the front matter wins over --author
    assert "imported 2 (new 2, updated 0), unchanged 0, refused 0" in out
    assert "check: 2 of 2 plugins would publish" in out


def test_flat_files_and_notes(write: Write, tmp_path: Path, registry: Path) -> None:
    front = (
        "category: Evaluation\ndate: 2025-10-01\nversion: 1.2\ntags: [vllm, Mixed Precision, eval]\n"
        "author: Grace\n"
    )
    source = write(
        tmp_path / "team",
        {
            "skills/eval-drift.md": skill_md("eval-drift", front),
            "skills/eval-drift.notes.md": "# Log\n\n## Issue 1: `OOM`\n",
            "skills/README.md": "no front matter: not a skill\n",
        },
    )
    code, out = run(registry, str(source))
    assert code == 0, out
    plugin = registry / "plugins/evaluation/eval-drift"
    assert (plugin / "skills/eval-drift/SKILL.md").read_bytes() == (
        source / "skills/eval-drift.md"
    ).read_bytes()
    assert (plugin / "references/experiment-log.md").read_bytes() == (
        source / "skills/eval-drift.notes.md"
    ).read_bytes()
    manifest = json.loads((plugin / ".claude-plugin/plugin.json").read_text())
    assert (manifest["version"], manifest["author"], manifest["keywords"]) == (
        "1.2.0",
        {"name": "Grace"},
        ["vllm", "eval"],
    )
    assert "flat skill files, 1 skill found" in out


def test_marketplace_repo_with_bundles_plugin_folders_and_remote_entries(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    marketplace = {
        "name": "their-market",
        "owner": {"name": "Their Org"},
        "plugins": [
            {
                "name": "doc-kit",
                "source": "./",
                "strict": False,
                "skills": ["./skills/pdf", "./skills/xlsx"],
            },
            {"name": "solo", "source": "./plugins/solo"},
            {"name": "far", "source": {"source": "github", "repo": "o/r"}},
        ],
    }
    source = write(
        tmp_path / "market",
        {
            ".claude-plugin/marketplace.json": json.dumps(marketplace),
            "skills/pdf/SKILL.md": skill_md("pdf"),
            "skills/xlsx/SKILL.md": skill_md("xlsx"),
            "skills/unlisted/SKILL.md": skill_md("unlisted"),
            "plugins/solo/.claude-plugin/plugin.json": json.dumps(
                {
                    "name": "solo",
                    "version": "2.1.0",
                    "author": {"name": "Solo Dev"},
                    "keywords": ["ocr"],
                }
            ),
            "plugins/solo/skills/solo/SKILL.md": skill_md("solo"),
            "plugins/solo/commands/go.md": "# go\n",
        },
    )
    code, out = run(registry, str(source))
    assert code == 1, out  # the remote entry could not come in
    assert sorted(p.relative_to(registry).as_posix() for p in registry.glob("plugins/*/*")) == [
        "plugins/doc-kit/pdf",
        "plugins/doc-kit/xlsx",
        "plugins/imported/solo",
    ]
    solo = json.loads((registry / "plugins/imported/solo/.claude-plugin/plugin.json").read_text())
    assert (solo["version"], solo["author"], solo["keywords"]) == (
        "2.1.0",
        {"name": "Solo Dev"},
        ["ocr"],
    )
    pdf = json.loads((registry / "plugins/doc-kit/pdf/.claude-plugin/plugin.json").read_text())
    assert pdf["author"] == {"name": "Their Org"}
    assert "E607 error: plugin 'far' comes from elsewhere" in out
    assert "W611 warning: plugin 'solo' also has commands: only its skills are imported" in out


def test_round_trip_of_this_registry_gives_the_same_plugins_and_bytes(registry: Path) -> None:
    code, out = run(registry, str(REPO))
    assert code == 0, out
    assert "this registry's layout" in out
    assert snapshot(registry / "plugins") == snapshot(REPO / "plugins")
    code, again = run(registry, str(REPO), "--update")
    assert code == 0 and "imported 0 (new 0, updated 0)" in again, again


def test_update_is_idempotent_bumps_changed_versions_and_deletes_nothing(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    source = write(
        tmp_path / "src",
        {
            "skills/lora-nan/SKILL.md": skill_md("lora-nan"),
            "skills/lora-nan/references/notes.md": "a\n",
        },
    )
    assert run(registry, str(source))[0] == 0
    plugin = registry / "plugins/imported/lora-nan"
    (plugin / "references").mkdir()
    (plugin / "references/troubleshooting.md").write_text("# added by the team\n")
    before = snapshot(registry)
    code, out = run(registry, str(source), "--update")
    assert code == 0 and "unchanged 1" in out, out
    assert snapshot(registry) == before  # a second run changes nothing

    (source / "skills/lora-nan/SKILL.md").write_text(skill_md("lora-nan", body="More.\n"))
    (source / "skills/lora-nan/references/notes.md").unlink()
    code, out = run(registry, str(source))
    assert code == 1 and "E604" in out and "pass --update" in out, out
    assert snapshot(registry) == before  # refused: never written over
    code, out = run(registry, str(source), "--update")
    assert code == 0 and "1.0.0 -> 1.0.1, 2 files changed" in out, out
    assert (plugin / "skills/lora-nan/SKILL.md").read_text().endswith("More.\n")
    assert (plugin / "references/troubleshooting.md").exists()  # the team's file stays
    assert (plugin / "skills/lora-nan/references/notes.md").exists()  # nothing deleted
    assert json.loads((plugin / ".claude-plugin/plugin.json").read_text())["version"] == "1.0.1"


def test_clashing_and_invalid_names_are_refused_with_the_name_to_use(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    source = write(
        tmp_path / "src",
        {
            "a/lora-nan/SKILL.md": skill_md("lora-nan"),
            "b/lora-nan/SKILL.md": skill_md("lora-nan", body="other\n"),
            "a/My_Skill/SKILL.md": skill_md("My_Skill"),
            "a/claude-helper/SKILL.md": skill_md("claude-helper"),
        },
    )
    code, out = run(registry, str(source))
    assert code == 1
    assert "name 'My_Skill' must be lowercase" in out and "imported as 'my-skill'" in out
    assert "this one would be imported as 'lora-nan-2'" in out
    assert "imported as 'helper'" in out
    assert [p.name for p in registry.glob("plugins/*/*")] == ["lora-nan"]


def test_suggest_name_is_always_valid_and_free() -> None:
    assert suggest_name("Data__Loader", set()) == "data-loader"
    assert suggest_name("anthropic-claude-x", {"x"}) == "x-2"
    assert suggest_name("___", set()) == "skill"
    assert len(suggest_name("a" * 80, {"a" * 64})) <= 64


def test_invalid_front_matter_is_reported_not_crashed(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    broken = '---\nname: bad-yaml\ndescription: "unclosed\n  : [\n---\n\n# Bad\n'
    source = write(tmp_path / "src", {"skills/bad-yaml/SKILL.md": broken})
    code, out = run(registry, str(source))
    assert code == 0, out
    assert (registry / "plugins/imported/bad-yaml/skills/bad-yaml/SKILL.md").read_text() == broken
    assert "check: 0 of 1 plugin would publish; 1 has errors:" in out
    assert "E203 in 1 plugin: plugins/imported/bad-yaml" in out


def test_symlinks_out_of_the_source_are_refused(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    secret = write(tmp_path / "outside", {"id_rsa": "PRIVATE\n"})
    source = write(
        tmp_path / "src",
        {"skills/linky/SKILL.md": skill_md("linky"), "skills/linky/references/notes.md": "n\n"},
    )
    (source / "skills/linky/key").symlink_to(secret / "id_rsa")
    (source / "skills/linky/dir").symlink_to(secret, target_is_directory=True)
    (source / "skills/linky/inside.md").symlink_to(source / "skills/linky/references/notes.md")
    code, out = run(registry, str(source))
    assert "E605 error: symlink points outside the source" in out and code == 1
    copied = snapshot(registry / "plugins/imported/linky")
    assert "skills/linky/key" not in copied and not any("id_rsa" in p for p in copied)
    assert copied["skills/linky/inside.md"] == b"n\n"  # a link inside comes in as a file


def test_git_sources_are_cloned_and_unknown_layouts_say_what_was_looked_for(
    write: Write, tmp_path: Path, registry: Path
) -> None:
    source = write(tmp_path / "repo", {"skills/lora-nan/SKILL.md": skill_md("lora-nan")})
    env = {**os.environ, "GIT_AUTHOR_NAME": "Git Author", "GIT_AUTHOR_EMAIL": "g@example.com"}
    env |= {"GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.com"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "skills"]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True)
    code, out = run(registry, f"file://{source}", "--dry-run")
    assert code == 0 and "(dry run: nothing written)" in out, out
    assert list(registry.glob("plugins/*")) == []
    code, out = run(registry, f"file://{source}")
    assert code == 0, out
    manifest = (registry / "plugins/imported/lora-nan/.claude-plugin/plugin.json").read_text()
    assert json.loads(manifest)["author"] == {"name": "Git Author"}

    empty = write(tmp_path / "empty", {"README.md": "hello\n"})
    code, out = run(registry, str(empty))
    assert code == 1
    assert "E601" in out and "SKILL.md" in out and "marketplace.json" in out
    assert "skills/<name>.md" in out and "plugins/<category>/<name>" in out
    code, out = run(registry, str(tmp_path / "nowhere"))
    assert code == 1 and "E602" in out and "no such folder" in out


def test_json_report(write: Write, tmp_path: Path, registry: Path) -> None:
    source = write(tmp_path / "src", {"skills/lora-nan/SKILL.md": skill_md("lora-nan")})
    code, out = run(registry, str(source), "--format", "json", "--dry-run")
    data = json.loads(out)
    assert (code, data["layout"], data["would_publish"]) == (0, "agent-skills", 1)
    skill = data["skills"][0]
    assert (skill["action"], skill["target"]) == ("new", "plugins/imported/lora-nan")
    assert skill["check"]["errors"] == [] and "W402" in skill["check"]["warnings"]


def test_imported_registry_validates_installs_and_builds_with_broken_links_shown(
    write: Write,
    tmp_path: Path,
    claude: Claude,  # noqa: F811  (the fixture imported above)
) -> None:
    """The real Claude Code CLI and a real `mkdocs build --strict` on an imported registry."""
    registry = tmp_path / "registry"
    shutil.copytree(REPO / "plugins/tooling", registry / "plugins/tooling")
    shutil.copytree(REPO / "docs", registry / "docs")
    shutil.copytree(REPO / "overrides", registry / "overrides")
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy2(REPO / name, registry / name)
    source = write(
        tmp_path / "src",
        {
            "skills/lora-nan/SKILL.md": skill_md("lora-nan", body="[gone](scripts/gone.py)\n"),
            "skills/lora-nan/references/notes.md": "# Notes\n",
            "skills/lora-nan/assets/logo.png": PNG,
            "skills/ddp-hang/SKILL.md": skill_md("ddp-hang"),
            "skills/ddp-hang/references/notes.md": "# Notes\n",
            "skills/too-long/SKILL.md": "---\nname: too-long\ndescription: "
            + "x" * 1100
            + "\n---\n",
        },
    )
    code, out = run(registry, str(source), "--category", "training")
    assert code == 0, out
    assert "check: 2 of 3 plugins would publish; 1 has errors:" in out
    assert "E221 in 1 plugin: plugins/training/too-long" in out and "W402 in 1" in out
    result = CliRunner().invoke(main, ["marketplace", "--root", str(registry)])
    assert result.exit_code == 1 and "fix them first" in result.output
    result = CliRunner().invoke(main, ["marketplace", "--skip-invalid", "--root", str(registry)])
    assert result.exit_code == 0, result.output

    validated = claude(
        "plugin", "validate", "--strict", str(registry / ".claude-plugin/marketplace.json")
    )
    assert validated.returncode == 0 and "warning" not in validated.stdout.lower(), validated.stdout
    for name in ("lora-nan", "ddp-hang"):
        plugin = registry / "plugins/training" / name
        checked = json.loads(claude("plugin", "validate", "--strict", "--json", str(plugin)).stdout)
        assert (checked["manifest"]["errors"], checked["manifest"]["warnings"]) == ([], [])
        assert checked["provides"]["skills"] == [f"{name}:{name}"]
    market = load_config(registry).marketplace
    added = claude("plugin", "marketplace", "add", str(registry), home="import")
    assert added.returncode == 0, added.stdout + added.stderr
    installed = claude("plugin", "install", f"all-skills@{market}", home="import")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    details = claude("plugin", "details", f"all-skills@{market}", home="import").stdout
    listed = re.search(r"Skills \((\d+)\)\s+(.*)", details)
    assert listed, details
    assert sorted(listed.group(2).split(", ")) == [
        "advise",
        "ddp-hang",
        "lora-nan",
        "retrospective",
    ]

    build_site(registry, tmp_path / "site", skip_invalid=True, echo=lambda _: None)
    page = (tmp_path / "site/skills/lora-nan/index.html").read_text()
    assert re.search(r'<a href="#missing-file">gone</a>', page), page
    assert (tmp_path / "site/skills/ddp-hang/index.html").exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "E606"),
        ("[]", "E606"),
        ('{"plugins": "all"}', "E606"),
        ('{"metadata": "x", "plugins": [1, null, {"source": "./nope"}]}', "E612"),
        ('{"plugins": [{"name": "up", "source": "../../etc"}]}', "E612"),
        ('{"plugins": [{"name": "nul", "source": "./a\\u0000b"}]}', "E612"),
    ],
)
def test_broken_marketplaces_are_reported_not_crashed(
    write: Write, tmp_path: Path, registry: Path, text: str, code: str
) -> None:
    source = write(tmp_path / "market", {".claude-plugin/marketplace.json": text})
    status, out = run(registry, str(source))
    assert status == 1 and f"{code} error" in out, out
    assert list(registry.glob("plugins/*")) == []
