"""Validation of bad input: every case names the file and line, none crashes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from conftest import MakeRegistry, plugin_files

from site_gen.loader import LoadCache, load_registry
from site_gen.registry import check_registry

TODAY = dt.date(2026, 1, 1)
BASE = "plugins/training/lora-fp16-nan"
MANIFEST = f"{BASE}/.claude-plugin/plugin.json"
SKILL = f"{BASE}/skills/lora-fp16-nan/SKILL.md"


def problems(root: Path) -> list[str]:
    checked = check_registry(root, TODAY)
    return [f"{p.path}:{p.line}: {p.code} {p.message}" for p in checked.problems]


def codes(root: Path) -> list[str]:
    return [p.code for p in check_registry(root, TODAY).problems]


def test_good_plugin_has_no_problems(make_registry: MakeRegistry) -> None:
    assert problems(make_registry(plugin_files())) == []


def test_malformed_json_names_file_and_line(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[MANIFEST] = '{\n  "name": "lora-fp16-nan",\n  "version": "1.0.0",\n}\n'
    assert problems(make_registry(files)) == [
        f"{MANIFEST}:4: E101 plugin.json is not valid JSON: "
        "Expecting property name enclosed in double quotes"
    ]


def test_broken_yaml_points_at_its_line(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace("license: MIT", "license: [MIT")
    found = problems(make_registry(files))
    assert len(found) == 1
    assert found[0].startswith(f"{SKILL}:5: E203 front matter is not valid YAML")


def test_unterminated_and_non_mapping_front_matter_are_errors(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = "---\nname: lora-fp16-nan\n\n# Notes\n"
    assert codes(make_registry(files)) == ["E202"]
    files[SKILL] = "---\n- a list\n---\n# Notes\n"
    assert codes(make_registry(files, Path(str(make_registry({})) + "2"))) == ["E204"]


def test_missing_files(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    del files[MANIFEST]
    del files[SKILL]
    found = problems(make_registry(files))
    assert f"{MANIFEST}:0: E004 file is missing" in found
    assert f"{BASE}:0: E200 plugin has no skills/<name>/SKILL.md" in found


def test_non_utf8_and_empty_files(make_registry: MakeRegistry) -> None:
    files: dict[str, str | bytes] = dict(plugin_files())
    files[SKILL] = b"---\nname: x\n---\n\n# caf\xe9\n"
    files[MANIFEST] = ""
    found = problems(make_registry(files))
    assert f"{SKILL}:5: E006 file is not UTF-8 (byte 0xe9 at offset 22)" in found
    assert f"{MANIFEST}:0: E007 file is empty" in found


def test_symlink_out_of_the_repo_is_refused(make_registry: MakeRegistry, tmp_path: Path) -> None:
    secret = tmp_path / "outside.md"
    secret.write_text("# not yours\n")
    root = make_registry(plugin_files())
    os.symlink(secret, root / BASE / "references" / "notes.md")
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith(f"{BASE}/references/notes.md:0: E003 symlink points outside")


def test_names_with_dots_or_slashes_are_refused(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    manifest = json.loads(files[MANIFEST])
    manifest["name"] = "../evil"
    files[MANIFEST] = json.dumps(manifest, indent=2)
    found = problems(make_registry(files))
    assert found == [
        f"{MANIFEST}:2: E111 name '../evil' must be lowercase letters, digits and single "
        "hyphens (kebab-case)"
    ]


def test_huge_skill_file_is_refused_not_read(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL] + ("x" * 100 + "\n") * 100_000
    size = len(files[SKILL].encode())
    assert problems(make_registry(files)) == [
        f"{SKILL}:0: E005 file is {size:,} bytes; the limit is 1,000,000"
    ]


def test_duplicate_names_across_categories(make_registry: MakeRegistry) -> None:
    files = plugin_files() | plugin_files(category="evaluation")
    found = problems(make_registry(files))
    codes = sorted(f.split(": ")[1].split(" ")[0] for f in found)
    assert codes == ["E130", "E130", "E131", "E131"]  # the plugin, and its skill's page
    assert all("used 2 times" in f for f in found)


def test_every_problem_is_reported_at_once(make_registry: MakeRegistry) -> None:
    files = plugin_files() | plugin_files("other-skill")
    files[MANIFEST] = "{"
    files["plugins/training/other-skill/skills/other-skill/SKILL.md"] = "no front matter\n"
    assert sorted(codes(make_registry(files))) == ["E101", "E201"]


def test_secrets_are_errors_and_masked(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    token = "hf_" + "kT9wQzR4mXb2VnLp7YdHc5GsJf8NaEu3Wq"
    files[f"{BASE}/scripts/train.sh"] = f"#!/bin/sh\nexport HF_TOKEN={token}\n"
    found = problems(make_registry(files))
    assert found == [
        f"{BASE}/scripts/train.sh:2: E900 possible Hugging Face token: hf_k…(37 chars)"
    ]
    assert token not in "\n".join(found)


def test_seed_top_level_author_and_date_warn_with_the_move(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace(
        'license: MIT\nmetadata:\n  author: Test Author\n  date: "2025-11-02"\n',
        "author: Test Author\ndate: 2025-11-02\n",
    )
    checked = check_registry(make_registry(files), TODAY)
    assert [(p.code, p.severity.value) for p in checked.problems] == [
        ("W230", "warning"),
        ("W230", "warning"),
    ]
    assert "move it under metadata" in checked.problems[0].hint
    assert checked.registry.plugins[0].date == "2025-11-02"


def test_vague_description_warns_why(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace(
        files[SKILL].split("\n")[2], 'description: "pruning experiments"'
    )
    found = codes(make_registry(files))
    assert {"W223", "W224", "W225", "W226"} <= set(found)


def test_broken_and_escaping_links(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] += (
        "\n[log](../../references/experiment-log.md)\n[up](../../../../../../etc/passwd)\n"
    )
    found = problems(make_registry(files))
    assert any(":36: W402 link '../../references/experiment-log.md'" in f for f in found), found
    assert any(":37: E401 link '../../../../../../etc/passwd' leads out" in f for f in found)


def test_invalid_date_is_a_warning(make_registry: MakeRegistry) -> None:
    files = plugin_files()
    files[SKILL] = files[SKILL].replace('date: "2025-11-02"', 'date: "2025-13-45"')
    checked = check_registry(make_registry(files), TODAY)
    assert [(p.code, p.is_error) for p in checked.problems] == [("W240", False)]


def test_keywords_that_cannot_be_tags_warn_and_stay_off_the_site(
    make_registry: MakeRegistry,
) -> None:
    files = plugin_files()
    manifest = json.loads(files[MANIFEST])
    manifest["keywords"] = ["LoRA", "mixed precision", "fp16"]
    files[MANIFEST] = json.dumps(manifest, indent=2)
    checked = check_registry(make_registry(files), TODAY)
    assert [(p.code, p.line, p.message) for p in checked.problems] == [
        ("W118", 8, "keyword 'mixed precision' cannot be a tag: it is left off the site"),
    ]
    assert checked.registry.plugins[0].tags == ("fp16", "lora")


def test_load_cache_reuses_unchanged_plugins_and_forgets_deleted_ones(
    make_registry: MakeRegistry,
) -> None:
    root = make_registry(plugin_files() | plugin_files("ddp-hang", "distributed"))
    cache: LoadCache = {}
    first = load_registry(root, cache).registry
    skill = root / SKILL
    skill.write_text(skill.read_text().replace("lora_r: 16", "lora_r: 64"))
    second = load_registry(root, cache).registry
    assert second.find("ddp-hang") is first.find("ddp-hang")  # not re-read
    assert second.find("lora-fp16-nan") is not first.find("lora-fp16-nan")
    assert "lora_r: 64" in second.plugins[1].skills[0].body
    shutil.rmtree(root / "plugins" / "distributed")
    assert [p.name for p in load_registry(root, cache).registry] == ["lora-fp16-nan"]
    assert len(cache) == 1
