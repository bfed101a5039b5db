"""Held-out set v2 (benchmarks/hook_heldout2) stays loadable and true to its registries."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.hook_heldout2.shapes import SHAPES
from tests.heldout_cases import assert_cases_have_their_fields, assert_urls_exist

HERE = Path(__file__).resolve().parent.parent / "benchmarks" / "hook_heldout2"
COVERED = {"covered_dev.yaml": 40, "covered_real.yaml": 10, "covered_reg1k.yaml": 30}
OTHERS = {"uncovered.yaml": 40, "noise.yaml": 100}


@pytest.mark.parametrize("name", [*COVERED, *OTHERS])
def test_cases_have_their_fields(name: str) -> None:
    fewest = {**COVERED, **OTHERS}[name]
    assert_cases_have_their_fields(HERE, name, fewest, name in COVERED, SHAPES)


def test_covered_cases_name_items_their_registries_hold(tmp_path: Path) -> None:
    assert_urls_exist(HERE, tmp_path)
