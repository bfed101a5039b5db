"""Held-out set v3 (benchmarks/hook_heldout3) stays loadable and true to its registries.

Schema only: no injection rate is asserted here (the set is evaluated once, by hand).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.generate import plugin_files
from benchmarks.hook_heldout3.noise import COMMANDS
from benchmarks.hook_heldout3.shapes import SHAPES
from benchmarks.hook_heldout3.uncovered import SCRIPTS
from benchmarks.lookup_dev import dev_registry
from site_gen.loader import load_registry
from site_gen.search.error_index import docs_for

HERE = Path(__file__).resolve().parent.parent / "benchmarks" / "hook_heldout3"
V2 = HERE.parent / "hook_heldout2"
COVERED = {"covered_dev.yaml": 35, "covered_real.yaml": 20, "covered_reg1k.yaml": 35}
OTHERS = {"uncovered.yaml": 50, "noise.yaml": 140}
_EXIT = re.compile(r"^Exit code [1-9]\d*\n\s*\S")


def _cases(folder: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((folder / name).read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", [*COVERED, *OTHERS])
def test_cases_have_their_fields(name: str) -> None:
    cases = _cases(HERE, name)
    assert len(cases) >= {**COVERED, **OTHERS}[name]
    assert len({case["id"] for case in cases}) == len(cases)
    for case in cases:
        assert _EXIT.match(case["error"]), case["id"]
        assert case["command"].strip(), case["id"]
        if name in COVERED:
            assert case["shape"] in SHAPES
            assert case["skill"] in case["acceptable"], case["id"]
            assert case["quoted"].strip() and case["url"].startswith(f"skills/{case['skill']}/#")


def test_noise_and_uncovered_come_from_their_scripts() -> None:
    commands = dict(COMMANDS)
    for case in _cases(HERE, "noise.yaml"):
        assert commands[case["id"]] == case["command"], case["id"]
    for case in _cases(HERE, "uncovered.yaml"):
        assert SCRIPTS[case["id"]] == case["script"], case["id"]


def test_no_earlier_noise_or_uncovered_script_is_reused() -> None:
    for name, field in (("noise.yaml", "command"), ("uncovered.yaml", "script")):
        old = {case[field] for case in _cases(V2, name)}
        new = {case[field] for case in _cases(HERE, name)}
        assert not old & new, name


def test_every_shape_is_used() -> None:
    used = {case["shape"] for name in COVERED for case in _cases(HERE, name)}
    assert used == set(SHAPES)


def _urls(plugins: Any) -> set[tuple[str, str]]:
    return {(doc.skill, doc.url) for plugin in plugins for doc in docs_for(plugin)}


def test_dev_urls_exist() -> None:
    urls = _urls(dev_registry())
    for case in _cases(HERE, "covered_dev.yaml"):
        assert (case["skill"], case["url"]) in urls, case["id"]


def test_real_urls_exist_in_the_imported_snapshot() -> None:
    snapshot: dict[str, Any] = yaml.safe_load((HERE / "real_registry.yaml").read_text("utf-8"))
    urls = {(doc["skill"], doc["url"]) for doc in snapshot["docs"]}
    for case in _cases(HERE, "covered_real.yaml"):
        assert (case["skill"], case["url"]) in urls, case["id"]


def test_reg1k_urls_exist(tmp_path: Path) -> None:
    """Only the cases' own plugins are generated (`plugin_files` is per index): fast."""
    cases = _cases(HERE, "covered_reg1k.yaml")
    for index in {int(case["skill"].rsplit("-", 1)[1]) for case in cases}:
        for rel, text in plugin_files(index, 0).items():
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text, encoding="utf-8")
    urls = _urls(load_registry(tmp_path).registry)
    for case in cases:
        assert (case["skill"], case["url"]) in urls, case["id"]
