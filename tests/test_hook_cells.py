"""How the failure hook reads a notebook run (`hook_cells.py`): IPython's traceback inside
nbclient's `CellExecutionError`. The outputs are recorded from real `jupyter nbconvert
--execute` runs (`benchmarks/hook_dev/collect_notebooks.py`)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from benchmarks.lookup_dev import REPO, dev_registry
from site_gen.search import hook_cells, hook_shapes, hook_text, tokenize
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

RUNS = {
    case["id"]: case
    for case in yaml.safe_load((REPO / "tests/data/notebook-runs.yaml").read_text("utf-8"))
}


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


def _reading(error: str) -> list[tuple[float, str]]:
    lines = tokenize.clean(hook_text.output_text(error)).split("\n")
    return [(line.weight, line.stripped) for line in hook_shapes.read(lines).lines]


def test_the_cells_error_is_the_error_not_the_wrapper() -> None:
    reading = _reading(RUNS["covered-class-name"]["error"])
    errors = [text for weight, text in reading if weight == tokenize.EXCEPTION]
    assert errors == [
        "OutOfResources: out of resource: shared memory, Required: 98304, Hardware limit: "
        "65536. Reducing block sizes or `num_stages` may help."
    ]
    weights = dict((text, weight) for weight, text in reading)
    assert (
        weights["OutOfResources                            Traceback (most recent call last)"] == 0
    )
    assert weights["Cell In[2], line 7"] == tokenize.FRAME
    assert weights["----> 7 launch()"] == tokenize.FRAME
    assert weights["def launch():"] == tokenize.FRAME  # the cell's source under the wrapper
    wrapper = next(t for _, t in reading if t.startswith("nbclient.exceptions.CellExecutionError"))
    assert weights[wrapper] == tokenize.SKIP


def test_a_class_named_without_its_module_finds_the_entry(index: dict[str, Any]) -> None:
    found = confident_entries(index, RUNS["covered-class-name"]["error"])
    assert [m.doc["skill"] for m in found] == ["torch-compile-inductor"]


def test_a_cell_that_printed_its_error_and_exited_is_read_by_its_stderr() -> None:
    reading = _reading(RUNS["covered-stderr-exit"]["error"])
    errors = [text for weight, text in reading if weight == tokenize.EXCEPTION]
    assert errors == [
        "Current loss scale already at minimum - cannot decrease scale anymore. Exiting run."
    ]
    notice = "An exception has occurred, use %tb to see the full traceback."
    assert (tokenize.SKIP, notice) in reading
    # IPython's own `To exit: use 'exit'` warning is stderr too, and no error
    usage = [text for weight, text in _reading(RUNS["noise-usage-exit"]["error"]) if weight == 3]
    assert usage == ["usage: train.py --data DIR"]


@pytest.mark.parametrize("name", sorted(n for n in RUNS if n.startswith("noise")))
def test_notebook_noise_stays_silent(index: dict[str, Any], name: str) -> None:
    assert confident_entries(index, RUNS[name]["error"]) == []


def test_a_wrapper_with_nothing_after_it_is_read_as_it_is() -> None:
    """An nbclient too old to print the cell's traceback: the wrapper is all there is."""
    wrapper = "nbclient.exceptions.CellExecutionError: An error occurred while executing:"
    lines = ["Traceback (most recent call last):", '  File "x.py", line 1', wrapper, "x = 1"]
    assert hook_cells.is_notebook_run("\n".join(lines))
    read = hook_shapes.read(lines).lines
    assert read[2].weight == tokenize.EXCEPTION and not read[2].forced


def test_a_header_without_its_last_line_is_left_alone() -> None:
    lines = ["ValueError                 Traceback (most recent call last)", "Cell In[1], line 1"]
    assert [line.forced for line in hook_shapes.read(lines).lines] == [False, False]
