"""Held-out set v3 (benchmarks/hook_heldout3) stays loadable and true to its registries.

Schema only: no injection rate is asserted here (the set is evaluated once, by hand).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.hook_heldout3.noise import COMMANDS
from benchmarks.hook_heldout3.shapes import SHAPES
from benchmarks.hook_heldout3.uncovered import SCRIPTS
from tests.heldout_cases import assert_cases_have_their_fields, assert_urls_exist
from tests.heldout_cases import cases as read_cases

HERE = Path(__file__).resolve().parent.parent / "benchmarks" / "hook_heldout3"
V2 = HERE.parent / "hook_heldout2"
COVERED = {"covered_dev.yaml": 35, "covered_real.yaml": 20, "covered_reg1k.yaml": 35}
OTHERS = {"uncovered.yaml": 50, "noise.yaml": 140}


@pytest.mark.parametrize("name", [*COVERED, *OTHERS])
def test_cases_have_their_fields(name: str) -> None:
    fewest = {**COVERED, **OTHERS}[name]
    assert_cases_have_their_fields(HERE, name, fewest, name in COVERED, SHAPES)


def test_noise_and_uncovered_come_from_their_scripts() -> None:
    commands = dict(COMMANDS)
    for case in read_cases(HERE, "noise.yaml"):
        assert commands[case["id"]] == case["command"], case["id"]
    for case in read_cases(HERE, "uncovered.yaml"):
        assert SCRIPTS[case["id"]] == case["script"], case["id"]


def test_no_earlier_noise_or_uncovered_script_is_reused() -> None:
    for name, field in (("noise.yaml", "command"), ("uncovered.yaml", "script")):
        old = {case[field] for case in read_cases(V2, name)}
        new = {case[field] for case in read_cases(HERE, name)}
        assert not old & new, name


def test_every_shape_is_used() -> None:
    used = {case["shape"] for name in COVERED for case in read_cases(HERE, name)}
    assert used == set(SHAPES)


def test_covered_cases_name_items_their_registries_hold(tmp_path: Path) -> None:
    assert_urls_exist(HERE, tmp_path)
