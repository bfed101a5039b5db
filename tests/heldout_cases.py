"""What the schema tests of the recorded failure-hook sets (v2, v3) share: reading a case
file, and the fields every case must have (no rates: the sets are held out)."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import plugin_files
from benchmarks.hook_heldout4 import evaluate as v4
from benchmarks.lookup_dev import dev_registry
from site_gen.loader import load_registry
from site_gen.search.error_index import docs_for

EXIT = re.compile(r"^Exit code [1-9]\d*\n\s*\S")
"""How Claude Code hands a failed Bash command to `PostToolUseFailure`: the code, then output."""


def cases(folder: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((folder / name).read_text("utf-8"))
    return data


def assert_cases_have_their_fields(
    folder: Path, name: str, fewest: int, covered: bool, shapes: Collection[str]
) -> None:
    """At least `fewest` cases with distinct ids, each a failure as Claude Code hands it;
    a `covered` case also names its shape, its skill among those acceptable, the error it
    quotes and the skill page's entry."""
    found = cases(folder, name)
    assert len(found) >= fewest
    assert len({case["id"] for case in found}) == len(found)
    for case in found:
        assert EXIT.match(case["error"]), case["id"]
        assert case["command"].strip(), case["id"]
        if covered:
            assert case["shape"] in shapes
            assert case["skill"] in case["acceptable"], case["id"]
            assert case["quoted"].strip() and case["url"].startswith(f"skills/{case['skill']}/#")


def _urls(plugins: Any) -> set[tuple[str, str]]:
    return {(doc.skill, doc.url) for plugin in plugins for doc in docs_for(plugin)}


def assert_urls_exist(folder: Path, tmp_path: Path) -> None:
    """Every covered case names an item its registry's error index really holds: the dev
    registry's, the real skills' as the set's snapshot took them (`real_registry.yaml`),
    and reg1k's, of which only the cases' own plugins are generated (`plugin_files` is per
    index: fast)."""
    urls = _urls(dev_registry())
    for case in cases(folder, "covered_dev.yaml"):
        assert (case["skill"], case["url"]) in urls, case["id"]
    snapshot = yaml.safe_load((folder / "real_registry.yaml").read_text("utf-8"))
    urls = {(doc["skill"], doc["url"]) for doc in snapshot["docs"]}
    for case in cases(folder, "covered_real.yaml"):
        assert (case["skill"], case["url"]) in urls, case["id"]
    reg1k = cases(folder, "covered_reg1k.yaml")
    for index in {int(case["skill"].rsplit("-", 1)[1]) for case in reg1k}:
        for rel, text in plugin_files(index, 0).items():
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text, encoding="utf-8")
    urls = _urls(load_registry(tmp_path).registry)
    for case in reg1k:
        assert (case["skill"], case["url"]) in urls, case["id"]


def reg1k_plugins(tmp_path: Path, reg1k_cases: list[dict[str, Any]]) -> Any:
    """The generated reg1k plugins the covered cases name, loaded from `tmp_path`
    (`plugin_files` is per index: fast; v4, v5)."""
    for index in {int(case["skill"].rsplit("-", 1)[1]) for case in reg1k_cases}:
        for rel, text in plugin_files(index, 0).items():
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text, encoding="utf-8")
    return load_registry(tmp_path).registry


def assert_sound(evaluate: Any, tmp_path: Path) -> None:
    """A later set's (v5, v6) `evaluate.check` finds nothing: its covered reg1k cases
    against their own generated plugins, the noise against the lines reg1k quoted when the
    set was collected (`reg1k_quotes.yaml`)."""
    reg1k_cases = v4.cases("covered_reg1k.yaml", evaluate.HERE)
    dev, reg1k = dev_registry(), reg1k_plugins(tmp_path, reg1k_cases)
    stored = v4._load("reg1k_quotes.yaml", evaluate.HERE)
    every = sorted(set(evaluate.quoted_lines([dev, reg1k])) | set(stored))
    assert evaluate.check(dev, reg1k, every) == []
