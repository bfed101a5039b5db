"""How the failure hook reads JSON-lines logs (`hook_json.py`): the records are written here
by real `logging` runs with JSON formatters of the two common kinds (python-json-logger's
`exc_info` as one escaped string, structlog's exception as `format_exception`'s parts)."""

from __future__ import annotations

import io
import json
import logging
import traceback
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.lookup_dev import dev_registry
from site_gen.search import hook_json, hook_text
from site_gen.search.error_index import build_index
from site_gen.search.hook_gate import confident_entries

PAD = (
    "Asking to pad but the tokenizer does not have a padding token. Please select a token to "
    "use as `pad_token` `(tokenizer.pad_token = tokenizer.eos_token e.g.)` or add a new pad "
    "token via `tokenizer.add_special_tokens({'pad_token': '[PAD]'})`."
)
"""An error the dev registry's `tokenizer-pad-token` quotes."""


class _OneString(logging.Formatter):
    """python-json-logger's shape: the record's fields, `exc_info` as formatted text."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {
            "asctime": "2026-12-01 01:02:03,004",
            "levelname": record.levelname,
            "name": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            fields["exc_info"] = self.formatException(record.exc_info)
        fields.update(getattr(record, "extra_fields", {}))
        return json.dumps(fields)


class _Parts(logging.Formatter):
    """structlog's `format_exc_info` kept as a list: `traceback.format_exception`'s parts."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = {"level": record.levelname.lower(), "event": record.getMessage()}
        if record.exc_info:
            fields["exception"] = traceback.format_exception(*record.exc_info)
        return json.dumps(fields)


def _tokenizer_step() -> None:
    raise ValueError(PAD)


def _log(formatter: logging.Formatter) -> str:
    """A run's output: progress records, then the failing step logged with its traceback."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"trainer-{type(formatter).__name__}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    for step in range(3):
        logger.info("metrics", extra={"extra_fields": {"step": step, "loss": 2.0 - step / 10}})
    try:
        _tokenizer_step()
    except ValueError:
        logger.exception("step failed")
    return "Exit code 1\n" + stream.getvalue()


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    return build_index(dev_registry())


@pytest.mark.parametrize("formatter", [_OneString(), _Parts()], ids=["one-string", "parts"])
def test_a_traceback_inside_a_json_record_is_read_as_lines(
    formatter: logging.Formatter, index: dict[str, Any]
) -> None:
    output = _log(formatter)
    assert "\\n" in output and f"ValueError: {PAD}\n" not in output  # escaped as logged
    lines = hook_text.output_text(output).rstrip("\n").split("\n")
    assert "ERROR | step failed" in lines
    assert "Traceback (most recent call last):" in lines
    assert lines[-1] == f"ValueError: {PAD}"
    assert "INFO | metrics" in lines and not any('"loss"' in line for line in lines)
    found = confident_entries(index, output)
    assert [m.doc["skill"] for m in found] == ["tokenizer-pad-token"]


def test_a_record_cut_short_is_read_as_far_as_it_goes() -> None:
    output = _log(_OneString())
    cut = output[: output.index("not have a padding token") + len("not have a padding token")]
    lines = hook_text.output_text(cut).split("\n")
    assert lines[-1] == "ValueError: Asking to pad but the tokenizer does not have a padding token"
    half_escape = output[: output.index('\\n  File \\"') + 1]  # cut inside `\n`
    assert hook_text.output_text(half_escape).split("\n")[-1] == (
        "Traceback (most recent call last):"
    )


@pytest.mark.parametrize(
    "line",
    [
        '{"step": 3, "loss": 1.25',  # not the last line: never completed
        "[1, 2, 3]",
        '"a string"',
        "{not json at all}",
        "{}",
        '{"level": true, "message": null}',
        '{"a": ' + "[" * 5000 + "]" * 5000 + "}",  # deeper than json's recursion limit
    ],
)
def test_lines_that_are_no_record_or_say_nothing_are_left(line: str) -> None:
    expanded = hook_json.expand(line + "\nTypeError: boom")
    assert expanded.split("\n")[-1] == "TypeError: boom"
    assert expanded.split("\n")[0] == line


def test_a_one_line_error_field_is_kept_and_data_fields_are_not() -> None:
    record = {"severity": "ERROR", "msg": "rank 3 died", "error": "CUDA error: out of memory"}
    record |= {"run_id": "00846fdd", "lr": "2e-5", "nested": {"error": {"type": "OSError"}}}
    assert hook_json.expand(json.dumps(record)).split("\n") == [
        "ERROR | rank 3 died",
        "CUDA error: out of memory",
        "OSError",
    ]


@given(st.text(max_size=300), st.integers(min_value=0, max_value=400))
def test_any_text_or_cut_record_expands_without_error(text: str, cut: int) -> None:
    record = json.dumps({"level": "error", "event": text, "exception": [text + "\n", "x\n"]})
    for output in (text, record[:cut], f"{text}\n{record[:cut]}"):
        expanded = hook_json.expand(output)
        assert isinstance(expanded, str)
        if "{" not in output:
            assert expanded == output
