"""How the failure hook reads rich's traceback box (`hook_rich.py`): outputs are printed
here by the real rich library (a dependency of this project), by `RichHandler(rich_tracebacks=
True)` in a log's message column and by `Console.print_exception` at column 0."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.logging import RichHandler

from benchmarks.lookup_dev import dev_registry
from site_gen.search import hook_rich, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

PAD = (
    "Asking to pad but the tokenizer does not have a padding token. Please select a token to "
    "use as `pad_token` `(tokenizer.pad_token = tokenizer.eos_token e.g.)` or add a new pad "
    "token via `tokenizer.add_special_tokens({'pad_token': '[PAD]'})`."
)
"""An error the dev registry's `tokenizer-pad-token` quotes."""


def _collate() -> None:
    raise ValueError(PAD)


def _console() -> Console:
    return Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)


def _logged() -> str:
    console = _console()
    logger = logging.getLogger("trainer-rich")
    logger.handlers[:] = [RichHandler(console=console, rich_tracebacks=True)]
    logger.propagate = False
    logger.info("epoch 1 step 40 loss=2.31")
    try:
        _collate()
    except ValueError:
        logger.exception("step failed")
    return "Exit code 1\n" + console.file.getvalue()  # type: ignore[attr-defined]


def _printed() -> str:
    console = _console()
    try:
        _collate()
    except ValueError:
        console.print_exception()
    return "Exit code 1\n" + console.file.getvalue()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


@pytest.mark.parametrize("output", [_logged(), _printed()], ids=["rich-handler", "console"])
def test_rich_s_exception_under_its_box_is_the_error(output: str, index: dict[str, Any]) -> None:
    assert "\u2570" in output and "Traceback" in output
    query = hook_text.queries(output)[0]
    assert query.quoted[0].startswith("ValueError: Asking to pad but the tokenizer")
    assert [m.doc["skill"] for m in confident_entries(index, output)] == ["tokenizer-pad-token"]


def test_the_lines_under_a_box_move_and_wrapped_ones_join() -> None:
    border = "\u2570" + "\u2500" * 38 + "\u256f"
    text = (
        "[12:00:01] ERROR    step failed                      train.py:20\n"
        "           \u256d\u2500 Traceback (most recent call last) \u2500\u256e\n"
        "           \u2502   raise ValueError(x)               \u2502\n"
        f"           {border}\n"
        "           ValueError: a message rich wrapped at\n"
        "           its box\n"
        "           a line of its own\n"
        "\n"
        "           indented after a blank line\n"
        "  left of the box\n"
    )
    lines = hook_rich.dedent_boxed(text).split("\n")
    assert lines[4:6] == [
        "ValueError: a message rich wrapped at its box",
        "a line of its own",
    ]
    assert lines[:4] == text.split("\n")[:4]
    assert lines[6:] == text.split("\n")[7:]


@given(st.text(alphabet=st.characters(blacklist_characters="\u2570"), max_size=400))
def test_text_without_a_box_is_unchanged(text: str) -> None:
    assert hook_rich.dedent_boxed(text) == text
