"""`site-gen check` on a large registry says what it is doing: phases and a summary on stderr,
the problems alone on stdout (unchanged, in every format), a live display on a terminal."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate_registry
from site_gen.cli import main
from site_gen.progress import Progress, Within
from site_gen.registry import check_registry
from tests.test_progress import _pty_run

PHASE = re.compile(r"^(\w+) +(\d+\.\d)s(?:  ([\d,]+) (\w+))?$")
SUMMARY = re.compile(
    r"^checked ([\d,]+) plugins \(([\d,]+) skills, ([\d,]+) files\) in \d+\.\ds: "
    r"(\d+) errors?, (\d+) warnings?$"
)
PLUGINS = 60


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated plugins, one broken plugin.json (an error) and one bad date (a warning)."""
    root = tmp_path_factory.mktemp("check") / "registry"
    generate_registry(root, PLUGINS, seed=3)
    manifest, skill = sorted(root.glob("plugins/*/*/.claude-plugin/plugin.json"))[:2]
    manifest.write_text('{"name": 1')
    [skill_md] = skill.parent.parent.glob("skills/*/SKILL.md")
    text = skill_md.read_text()
    date = re.search(r"^(\s*)date: .*$", text, re.M)
    assert date is not None
    skill_md.write_text(text.replace(date.group(0), f'{date.group(1)}date: "someday"'))
    return root


def test_plain_progress_on_stderr_counts_what_is_on_disk(registry: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(registry)])
    assert result.exit_code == 1  # the broken plugin.json
    # Counted here from the files, not by site-gen.
    plugins = len([p for p in registry.glob("plugins/*/*") if p.is_dir()])
    skills = len(list(registry.glob("plugins/*/*/skills/*/SKILL.md")))
    files = len([p for p in (registry / "plugins").rglob("*") if p.is_file()])
    errors = len(re.findall(r"^\S+: E\d{3} error: ", result.stdout, re.M))
    warnings = len(re.findall(r"^\S+: W\d{3} warning: ", result.stdout, re.M))
    assert (plugins, errors) == (PLUGINS, 1) and warnings >= 1

    assert "\x1b[" not in result.stderr  # nothing animates off a terminal
    *phases, summary = result.stderr.splitlines()
    matched = [PHASE.match(line) for line in phases]
    assert all(matched), phases
    rows = {m.group(1): (m.group(3), m.group(4)) for m in matched if m}
    assert list(rows) == ["load", "validate", "rules", "repository"]
    assert rows["load"] == rows["validate"] == (f"{plugins:,}", "plugins")
    found = SUMMARY.match(summary)
    assert found, summary
    assert [int(n.replace(",", "")) for n in found.groups()] == [
        plugins,
        skills,
        files,
        errors,
        warnings,
    ]
    assert not PHASE.search(result.stdout) and "checked " not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_stdout_is_the_problems_alone_and_quiet_silences_stderr(registry: Path, fmt: str) -> None:
    args = ["check", "--root", str(registry), "--format", fmt]
    loud = CliRunner().invoke(main, args)
    quiet = CliRunner().invoke(main, [*args, "--quiet"])
    assert quiet.stdout == loud.stdout and quiet.exit_code == loud.exit_code == 1
    assert quiet.stderr == ""
    lines = loud.stdout.splitlines()
    if fmt == "json":
        assert {row["code"] for row in json.loads(loud.stdout)} >= {"E101", "W240"}
    elif fmt == "github":  # every line an annotation but the count
        assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1])
        assert re.fullmatch(r"1 error, \d+ warnings?", lines[-1])
    else:  # compiler-style problems, each with its hint, then the count
        problem = re.compile(r"\S+: [EW]\d{3} (error|warning): |    hint: ")
        assert all(problem.match(line) for line in lines[:-1]), lines
        assert re.fullmatch(r"1 error, \d+ warnings?", lines[-1])


def test_terminal_shows_a_live_count_per_phase(registry: Path) -> None:
    site_gen = str(Path(sys.executable).parent / "site-gen")
    out = _pty_run([site_gen, "check", "--root", str(registry)]).decode()
    assert "━" in out and "\x1b[" in out  # rich's bar, with colour
    assert re.search(rf"\d+/{PLUGINS}\b", out)  # the plugin count while loading
    for phase in ("load", "validate", "rules", "repository"):
        assert re.search(rf"{phase} +\d+\.\ds", out), phase
    assert re.search(rf"checked {PLUGINS} plugins \(", out)
    assert ": E101 error: " in out


def test_build_counts_the_plugins_check_registry_loads_on_its_own_line(registry: Path) -> None:
    """`build` folds check_registry's phases into its `check` line: the load phase moves it."""
    lines: list[str] = []
    progress = Progress(lines.append)
    seen: list[tuple[int, int | None]] = []
    with progress.phase("check", unit="plugins") as step:
        step._on_advance = lambda s: seen.append((s.done, s.total))
        check_registry(registry, progress=Within(step, "load"))
    assert seen == [(n, PLUGINS) for n in range(1, PLUGINS + 1)]  # live, one plugin at a time
    [line] = lines  # load, validate and rules print nothing of their own
    found = PHASE.match(line)
    assert found and found.groups()[2:] == (str(PLUGINS), "plugins"), line
