"""Registries nobody here wrote: every case that crashed, lost files or diverged before.

Each test is one case from the reliability issue; each failed on the code before it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.build import BuildError, build_site
from site_gen.cli import main
from site_gen.site_dir import MARKER
from tests.conftest import REPO, MakeRegistry, plugin_files
from tests.test_incremental_build import left_beside

MKDOCS_YML = str(REPO / "mkdocs.yml")
BASE = "plugins/training/lora-fp16-nan"
SKILL = f"{BASE}/skills/lora-fp16-nan/SKILL.md"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _check_and_build(root: Path) -> tuple[int, str, int, str]:
    code, out = _run("check", "--root", str(root))
    build_code, build_out = _run("build", "--root", str(root), "--config", MKDOCS_YML)
    return code, out, build_code, build_out


def test_lookbehind_in_code_spans_builds_and_shows_verbatim(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = (
        files[SKILL]
        .replace("| fp16 with lr 3e-4 |", "| `(?<![a-z])` as a lookbehind |")
        .replace(
            "## Hyperparameters",
            "Split with `(?<![\\w./])` here.\n\n    <model_name>: {lr: 3e-4}\n\n## Hyperparameters",
        )
    )
    root = make_registry(files)
    code, out, build_code, build_out = _check_and_build(root)
    assert (code, build_code) == (0, 0), out + build_out
    page = (root / "site/skills/lora-fp16-nan/index.html").read_text()
    assert "<code>(?&lt;![\\w./])</code>" in page
    assert "<code>(?&lt;![a-z])</code>" in page
    assert "&lt;model_name&gt;: {lr: 3e-4}" in page  # the indented block, byte for byte


def test_code_blocks_keep_tabs_and_link_syntax(make_registry: MakeRegistry) -> None:
    """Python-Markdown expands tabs and the link rewriter saw links in indented code."""
    files = plugin_files()
    makefile = "```make\ntrain:\n\tpython train.py --lr 3e-4\t# tab-separated\n```"
    indented = "Config:\n\n    [x](y) stays\tas written"
    files[SKILL] = files[SKILL].replace(
        "## Hyperparameters", f"{makefile}\n\n{indented}\n\n## Hyperparameters"
    )
    root = make_registry(files)
    code, out, build_code, build_out = _check_and_build(root)
    assert (code, build_code) == (0, 0), out + build_out
    page = (root / "site/skills/lora-fp16-nan/index.html").read_text()
    text = re.sub(r"<[^>]+>", "", page)
    assert "train:\n\tpython train.py --lr 3e-4\t# tab-separated" in text
    assert "[x](y) stays\tas written" in text
    assert "\uf709" not in page


@pytest.mark.parametrize("out", [".", "..", "plugins", "docs", "plugins/training", "build"])
def test_out_refuses_the_registry_its_parents_and_sources(
    make_registry: MakeRegistry, out: str
) -> None:
    root = make_registry(plugin_files())
    (root / "docs").mkdir()
    (root / "docs/keep.md").write_text("# keep\n")
    before = sorted(p.relative_to(root.parent) for p in root.parent.rglob("*"))
    code, output = _run(
        "build", "--root", str(root), "--config", MKDOCS_YML, "--out", str(root / out)
    )
    assert code == 1 and "nothing was written" in output, output
    assert sorted(p.relative_to(root.parent) for p in root.parent.rglob("*")) == before


def test_out_refuses_a_folder_that_is_not_a_site_of_ours(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    (root / "sub").mkdir()
    (root / "sub/precious.txt").write_text("mine\n")
    code, output = _run(
        "build", "--root", str(root), "--config", MKDOCS_YML, "--out", str(root / "sub")
    )
    assert code == 1 and "is not a site built by site-gen" in output
    assert (root / "sub/precious.txt").read_text() == "mine\n"
    # An empty folder, then the site we built there, may be (re)placed.
    code, output = _run(
        "build", "--root", str(root), "--config", MKDOCS_YML, "--out", str(root / "new")
    )
    assert code == 0 and (root / "new" / MARKER).is_file(), output
    code, output = _run(
        "build", "--root", str(root), "--config", MKDOCS_YML, "--out", str(root / "new")
    )
    assert code == 0, output


def test_two_builds_at_once_wait_for_each_other(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    results: list[object] = []

    def build() -> None:
        try:
            results.append(build_site(root, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None))
        except BaseException as exc:  # the test reports it below
            results.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not isinstance(r, BaseException) for r in results), results
    assert (root / "site/skills/lora-fp16-nan/index.html").is_file()
    assert left_beside(root, ".site") == []  # the replaced site: deleted after the swap


@pytest.mark.parametrize(
    ("front", "code"),
    [
        ('date: "2025-11-02"', "0"),  # the reference: clean
        ("date: 2025-10-01 09:30:00", "W233"),
        ("date: 2025-10-01T09:30:00+09:00", "W233"),
        ("x: " + "[" * 3000 + "]" * 3000, "E205"),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
         "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
         '  date: "2025-11-02"', "E205"),
    ],
)  # fmt: skip
def test_front_matter_values_never_crash(
    make_registry: MakeRegistry, front: str, code: str
) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace('date: "2025-11-02"', front)
    root = make_registry(files)
    exit_code, output, build_code, build_output = _check_and_build(root)
    if code == "0":
        assert exit_code == 0 and build_code == 0, output
    else:
        assert f" {code} " in output, output
        assert len(output) < 5_000  # a hint never expands what aliases repeat
        assert (build_code == 0) == (code.startswith("W")), build_output


def test_deep_plugin_json_and_bad_marketplace_and_toml(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    manifest = json.loads(files[f"{BASE}/.claude-plugin/plugin.json"])
    files[f"{BASE}/.claude-plugin/plugin.json"] = (
        json.dumps(manifest)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    root = make_registry(files)
    code, output = _run("check", "--root", str(root))
    assert code == 1 and f"{BASE}/.claude-plugin/plugin.json:1: E103" in output

    root = make_registry(plugin_files(), root.parent / "mp")
    (root / ".claude-plugin").mkdir()
    for plugins in ("5", "null", '{"a": 1}'):
        (root / ".claude-plugin/marketplace.json").write_text(
            f'{{"name": "x", "plugins": {plugins}}}'
        )
        code, output = _run("check", "--root", str(root))
        assert code == 1 and "E150 error: 'plugins' is a" in output, output
        code, output = _run("marketplace", "--root", str(root), "--check")
        assert code == 1 and "stale" in output

    (root / "pyproject.toml").write_text('[tool.site-gen\nrepo = "x"\n')
    for command in (["check"], ["build", "--config", MKDOCS_YML], ["marketplace"]):
        code, output = _run(*command, "--root", str(root))
        assert code == 1 and "pyproject.toml:1: E010" in output, (command, output)


def test_unreadable_and_binary_files(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"
    files["docs/diagram.png"] = png
    root = make_registry(files)
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy(page, root / "docs" / page.name)
    (root / "docs/contributing.md").write_text("# Contributing\n\n![diagram](diagram.png)\n")
    (root / f"{BASE}/references/dir.md").mkdir()  # a folder where a file is expected
    code, output = _run("check", "--root", str(root))
    assert code == 1 and f"{BASE}/references/dir.md: E004" in output, output
    (root / f"{BASE}/references/dir.md").rmdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # its docs/ is the registry's
    shutil.copytree(REPO / "overrides", root / "overrides")
    build_code, build_output = _run("build", "--root", str(root))
    assert build_code == 0, build_output
    assert (root / "site/diagram.png").read_bytes() == png


def test_all_skills_name_is_refused_by_check_and_build(make_registry: MakeRegistry) -> None:
    root = make_registry({**plugin_files(), **plugin_files("all-skills", "misc")})
    code, output, build_code, build_output = _check_and_build(root)
    assert code == 1 and "E142" in output
    assert build_code == 1 and "E142" in build_output
    assert not (root / "site").exists()


def test_skill_folder_names_are_unique_across_plugins(make_registry: MakeRegistry) -> None:
    files = {**plugin_files(), **plugin_files("other-plugin", "misc")}
    moved = {}
    for rel, text in files.items():
        if rel.startswith("plugins/misc/other-plugin/skills/other-plugin/"):
            rel = rel.replace("skills/other-plugin/", "skills/lora-fp16-nan/")
            text = text.replace("name: other-plugin", "name: lora-fp16-nan")
        moved[rel] = text
    root = make_registry(moved)
    code, output = _run("check", "--root", str(root))
    assert code == 1 and "skill name 'lora-fp16-nan' is used" in output, output


def test_check_does_not_depend_on_the_time_zone(
    make_registry: MakeRegistry, tmp_path: Path
) -> None:
    """A skill dated today where it is already tomorrow (UTC+14) is not "in the future"."""
    files = plugin_files()
    import datetime as dt

    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).date().isoformat()
    files[SKILL] = files[SKILL].replace('date: "2025-11-02"', f'date: "{tomorrow}"')
    root = make_registry(files)
    outputs = set()
    for tz in ("UTC", "Asia/Seoul", "Pacific/Kiritimati", "America/Los_Angeles"):
        env = {**os.environ, "TZ": tz}
        result = subprocess.run(
            [sys.executable, "-m", "site_gen.cli", "check", "--strict", "--root", str(root)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        outputs.add((result.returncode, result.stdout))
    assert outputs == {(0, "0 errors, 0 warnings\n")}


def test_builds_are_byte_identical_across_processes_hash_seeds_and_time_zones(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry({**plugin_files(), **plugin_files("other-run", "eval")})
    trees = []
    for seed, tz in (("1", "UTC"), ("2", "Asia/Seoul")):
        out = root.parent / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "site_gen.cli", "build", "--root", str(root),
             "--config", MKDOCS_YML, "--out", str(out)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_failed_build_leaves_previous_site_byte_identical(make_registry: MakeRegistry) -> None:
    root = make_registry(plugin_files())
    build_site(root, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / f"{BASE}/.claude-plugin/plugin.json").write_text("{")
    with pytest.raises(BuildError):
        build_site(root, mkdocs_yml=REPO / "mkdocs.yml", echo=lambda _: None)
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_odd_file_system_entries(make_registry: MakeRegistry) -> None:
    """Non-UTF-8 names, a FIFO (never opened: reading one blocks), symlink loops."""
    root = make_registry(plugin_files())
    base = os.fsencode(root / BASE)
    os.makedirs(base + b"/scripts")
    Path(os.fsdecode(base + b"/scripts/bad\xffname.py")).write_text("print(1)\n")
    os.symlink("loop", base + b"/scripts/loop")
    os.symlink("..", base + b"/scripts/up")
    os.mkfifo(base + b"/references/fifo.md")
    code, output = _run("check", "--root", str(root))
    assert code == 1
    assert f"{BASE}/scripts/bad\\xffname.py: E012 error: file name is not UTF-8" in output
    assert f"{BASE}/references/fifo.md: E004" in output
