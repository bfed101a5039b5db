"""Parsing the layouts real authors write; golden files pin the starter skills' model."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from conftest import REPO

from site_gen.loader import load_registry
from site_gen.markdown import split_row
from site_gen.parse_skill import parse_skill
from site_gen.parse_troubleshooting import parse_issue_sections, parse_troubleshooting_file

GOLDEN = REPO / "tests" / "golden" / "starter-model.json"


def skill_with(body: str) -> str:
    return f'---\nname: demo\ndescription: "demo"\n---\n{body}'


def test_failed_attempts_tolerates_other_columns_orders_and_escaped_pipes() -> None:
    text = skill_with(
        "\n## What Failed Attempts taught us\n\n"
        "| Lesson | Notes | What we tried | Result |\n"
        "|:--|--|--|--:|\n"
        "| use `a\\|b` | n1 | `x | y` pipe in code | `OOM` at step 3 |\n"
        "| | | | |\n"
    )
    skill, problems = parse_skill(text, "SKILL.md", "demo")
    assert problems == []
    [row] = skill.failed_attempts
    assert (row.attempt, row.why, row.lesson) == (
        "`x | y` pipe in code",
        "`OOM` at step 3",
        "use `a|b`",
    )
    assert row.extra == (("Notes", "n1"),)
    assert row.source.line == 10


def test_headings_inside_code_blocks_are_not_sections() -> None:
    text = skill_with(
        "\n## Failed Attempts\n\n```bash\n# not a heading\n```\n\n| A | B | C |\n|---|---|---|\n| a | b | c |\n"
    )
    skill, _ = parse_skill(text, "SKILL.md", "demo")
    assert [s.title for s in skill.sections] == ["Failed Attempts"]
    assert len(skill.failed_attempts) == 1


def test_issue_bullets_in_an_experiment_log() -> None:
    text = (
        "# Log\n\n## 2025-11-08\n\n### Issues Encountered and Solutions\n\n"
        "#### Issue 1: 404 `/update_flattened_params/` Error\n\n"
        "  * **Symptom:** A 404 error occurred in the vLLM server logs.\n"
        "  * **Cause:** Weight sync was called anyway.\n"
        "  * **Solution:** Skip it:\n\n```python\nif args.vllm_skip_weight_sync:\n    return\n```\n\n"
        "-----\n\n### Results\n\nAll good.\n"
    )
    [entry] = parse_issue_sections(text, "log.md")
    assert entry.title == "404 `/update_flattened_params/` Error"
    assert entry.errors == ("/update_flattened_params/",)
    assert entry.symptom == "A 404 error occurred in the vLLM server logs."
    assert entry.cause == "Weight sync was called anyway."
    assert entry.fix.startswith("Skip it:") and entry.fix.endswith("    return\n```")
    assert entry.source.line == 7


def test_error_table() -> None:
    text = (
        "# Troubleshooting\n\n| Error | Cause | Fix |\n|---|---|---|\n"
        "| `NCCL error: unhandled system error` | IB disabled | `export NCCL_IB_DISABLE=0` |\n"
    )
    [entry] = parse_troubleshooting_file(text, "t.md")
    assert entry.errors == ("NCCL error: unhandled system error",)
    assert (entry.cause, entry.fix) == ("IB disabled", "`export NCCL_IB_DISABLE=0`")
    assert entry.source.line == 5


def test_heading_is_the_error_with_prose_and_a_fix_block() -> None:
    text = (
        "# Troubleshooting\n\n## `RuntimeError: CUDA error: device-side assert triggered`\n\n"
        "Labels outside the vocabulary trigger it.\n\n```python\nassert labels.max() < vocab\n```\n"
    )
    [entry] = parse_troubleshooting_file(text, "t.md")
    assert entry.errors == ("RuntimeError: CUDA error: device-side assert triggered",)
    assert entry.cause == "Labels outside the vocabulary trigger it."
    assert entry.fix == "```python\nassert labels.max() < vocab\n```"


def test_traceback_block_is_error_text_not_fix() -> None:
    text = (
        "# T\n\n## Loss is NaN after warmup\n\n**Symptom:**\n\n```\nTraceback (most recent call last):\n"
        "ValueError: loss is nan\n```\n\n**Fix:** lower the LR.\n"
    )
    [entry] = parse_troubleshooting_file(text, "t.md")
    assert "ValueError: loss is nan" in entry.errors[-1]
    assert entry.fix == "lower the LR."


def test_split_row_keeps_pipes_in_code_and_escapes() -> None:
    assert split_row("| a `b|c` | d\\|e |") == ["a `b|c`", "d\\|e"]


def model_snapshot(root: Path) -> dict[str, object]:
    """The parsed model without bodies: what every later stage reads."""
    registry = load_registry(root).registry
    plugins = []
    for plugin in registry:
        data = dataclasses.asdict(plugin)
        data.pop("content_hash")
        data.pop("files")  # a listing of the folder, not parsed content
        data["references"] = [r["path"] for r in data["references"]]
        data["documents"] = [r["path"] for r in data["documents"]]
        for skill in data["skills"]:
            skill.pop("body")
            skill.pop("document")  # the parse tree: what it yields is pinned below
            skill["sections"] = [
                f"{s['line']}:{'#' * s['level']} {s['title']}" for s in skill["sections"]
            ]
        plugins.append(data)
    return json.loads(json.dumps({"plugins": plugins}, default=str))


def test_starter_registry_model_matches_golden() -> None:
    snapshot = model_snapshot(REPO)
    starter = [p for p in snapshot["plugins"] if p["category"] != "tooling"]  # type: ignore[index]
    text = json.dumps(starter, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text(), "parsed model changed: review, then UPDATE_GOLDEN=1 pytest"
