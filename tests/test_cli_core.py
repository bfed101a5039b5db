"""`site-gen check` and `site-gen new` as a user runs them: exact output, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import REPO, MakeRegistry, plugin_files

from site_gen.cli import main
from site_gen.loader import load_registry

SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"


def run(*args: str) -> tuple[int, str]:
    """Exit code and output; for `check`, its stdout: the problems, not the progress."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout if args[0] == "check" else result.output


def test_check_passes_on_the_starter_registry() -> None:
    code, out = run("check", "--strict", "--root", str(REPO))
    # The template's placeholder owner is a setup warning (W701), not fatal under --strict.
    problems = [line for line in out.splitlines()[:-1] if not line.startswith("    hint:")]
    assert code == 0
    assert problems and all(": W701 warning: " in line for line in problems), out
    assert out.endswith(f"0 errors, {len(problems)} warnings\n")


def test_check_prints_every_problem_with_hints(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace("name: lora-fp16-nan", "name: Lora")
    files["plugins/training/lora-fp16-nan/.claude-plugin/plugin.json"] = '{"name": 1'
    code, out = run("check", "--root", str(make_registry(files)))
    assert code == 1
    assert out == (
        "plugins/training/lora-fp16-nan/.claude-plugin/plugin.json:1: E101 error: plugin.json is "
        "not valid JSON: Expecting ',' delimiter\n"
        "    hint: check for a trailing comma or a missing quote near this line\n"
        f"{SKILL}:2: W211 warning: name 'Lora' must be lowercase letters, digits and single "
        "hyphens (kebab-case)\n"
        "    hint: name: lora-fp16-nan\n"
        "1 error, 1 warning\n"
    )


def test_warnings_fail_only_with_strict(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    del files["plugins/training/lora-fp16-nan/references/troubleshooting.md"]
    files[SKILL] = files[SKILL].replace("See the [troubleshooting notes]", "See the notes")
    root = make_registry(files)
    code, out = run("check", "--root", str(root))
    assert (code, out.splitlines()[-1]) == (0, "0 errors, 1 warning")
    assert run("check", "--strict", "--root", str(root))[0] == 1


def test_check_json_and_github_formats(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace('date: "2025-11-02"', 'date: "someday"')
    root = make_registry(files)
    code, out = run("check", "--format", "json", "--root", str(root))
    assert code == 0  # a warning: fails only --strict
    assert json.loads(out) == [
        {
            "code": "W240",
            "hint": 'write it as date: "YYYY-MM-DD", e.g. "2025-12-08"',
            "line": 2,
            "message": "date 'someday' is not a date",
            "path": SKILL,
            "severity": "warning",
        }
    ]
    code, out = run("check", "--format", "github", "--root", str(root))
    assert out.splitlines()[0] == (
        f"::warning file={SKILL},line=2,title=W240::date 'someday' is not a date "
        '(hint: write it as date: "YYYY-MM-DD", e.g. "2025-12-08")'
    )


def test_new_scaffolds_a_plugin_that_loads(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "plugins").mkdir()
    author = 'Ada "the" Lovelace'
    code, out = run("new", "training/lora-fp16-nan", "--author", author, "--root", str(root))
    assert code == 0, out
    assert out.splitlines()[0] == "created plugins/training/lora-fp16-nan/"
    base = root / "plugins" / "training" / "lora-fp16-nan"
    skill = (base / "skills" / "lora-fp16-nan" / "SKILL.md").read_text()
    assert "name: lora-fp16-nan" in skill
    assert "EXPERIMENT_NAME" not in skill and "AUTHOR_NAME" not in skill
    manifest = json.loads((base / ".claude-plugin" / "plugin.json").read_text())
    assert manifest["name"] == "lora-fp16-nan"
    assert manifest["author"] == {"name": author}
    code, out = run("check", "--root", str(root))
    assert code == 0, out  # placeholders are warnings to fill in, never errors
    [plugin] = load_registry(root).registry.plugins
    assert plugin.skills[0].meta("author") == author


def test_new_refuses_bad_and_existing_names(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "plugins").mkdir()
    assert run("new", "training/../evil", "--root", str(root)) == (
        1,
        "Error: expected CATEGORY/NAME, e.g. training/lora-fp16-nan, got 'training/../evil'\n",
    )
    assert run("new", "training/Bad_Name", "--root", str(root))[1] == (
        "Error: name 'Bad_Name' must be lowercase letters, digits and single hyphens (kebab-case)\n"
    )
    assert run("new", "training/claude-x", "--root", str(root))[0] == 1
    assert run("new", "training/ok-name", "--root", str(root))[0] == 0
    assert run("new", "evaluation/ok-name", "--root", str(root)) == (
        1,
        "Error: a plugin named 'ok-name' exists: plugins/training/ok-name\n",
    )
