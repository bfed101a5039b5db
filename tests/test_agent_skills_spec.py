"""The open Agent Skills standard, checked by its reference validator (`skills-ref`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import REPO

from site_gen.cli import main
from site_gen.validate import CLAUDE_CODE_KEYS

AGENTSKILLS = str(REPO / ".venv" / "bin" / "agentskills")


def reference_validate(skill_dir: Path) -> list[str]:
    """The reference validator's complaints about one skill folder ([] when valid)."""
    result = subprocess.run(
        [AGENTSKILLS, "validate", str(skill_dir)], capture_output=True, text=True
    )
    if result.returncode == 0:
        return []
    return [ln.strip("- ").strip() for ln in result.stderr.splitlines()[1:] if ln.strip()]


def test_every_skill_in_the_registry_follows_the_standard() -> None:
    skill_dirs = sorted(REPO.glob("plugins/*/*/skills/*"))
    assert len(skill_dirs) >= 3
    for skill_dir in skill_dirs:
        for complaint in reference_validate(skill_dir):
            # Claude Code's own keys (argument-hint, disable-model-invocation) are the one
            # allowed departure: the standard refuses them, Claude Code needs them.
            assert complaint.startswith("Unexpected fields in frontmatter:"), (skill_dir, complaint)
            fields = complaint.split(":")[1].split(".")[0].split(",")
            assert {f.strip() for f in fields} <= CLAUDE_CODE_KEYS, (skill_dir, complaint)


def test_a_scaffolded_skill_follows_the_standard(tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "plugins").mkdir()
    result = CliRunner().invoke(
        main, ["new", "eval/mmlu-drift", "--root", str(tmp_path), "--author", "A"]
    )
    assert result.exit_code == 0, result.output
    skill_dir = tmp_path / "plugins" / "eval" / "mmlu-drift" / "skills" / "mmlu-drift"
    assert reference_validate(skill_dir) == []


def test_the_seed_front_matter_is_refused_by_both(tmp_path: Path) -> None:
    """The seed's top-level author/date: the standard refuses it, `check` warns how to move it."""
    skill_dir = tmp_path / "plugins" / "training" / "x" / "skills" / "x"
    skill_dir.mkdir(parents=True)
    (skill_dir / "SKILL.md").write_text(
        '---\nname: x\ndescription: "d"\nauthor: Hojin Yang\ndate: 2025-12-08\n---\n# x\n'
    )
    assert reference_validate(skill_dir) == [
        "Unexpected fields in frontmatter: author, date. Only ['allowed-tools', 'compatibility', "
        "'description', 'license', 'metadata', 'name'] are allowed."
    ]
    out = CliRunner().invoke(main, ["check", "--root", str(tmp_path), "--format", "json"]).stdout
    assert out.count('"code": "W230"') == 2
