"""The end of a long output that exited 0, read from the file Claude Code saved it to
(`scripts/persisted_output.py`), and the hook using it. `success-long.json` was recorded
from the real CLI 2.1.328 (`benchmarks.hook_long_output.probe`, the traceback of
`test_hook_e2e.COVERED` after 60,000 characters of progress, exit 0; paths shortened):
its `stdout` holds the first 30,000 characters, the file all of them. The failure payloads
beside it are the same run exiting 1, by default and with `BASH_MAX_OUTPUT_LENGTH=150000`."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.hook_long_output import progress
from tests.test_hook_client import Client, client, index_file, payload  # noqa: F401
from tests.test_hook_e2e import COVERED

SCRIPT = (
    Path(__file__).parent.parent / "plugins/tooling/skills-registry/scripts/persisted_output.py"
)
_spec = importlib.util.spec_from_file_location("persisted_output", SCRIPT)
assert _spec is not None and _spec.loader is not None
persisted_output: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(persisted_output)
full_stdout = persisted_output.full_stdout
TAIL = persisted_output.TAIL_BYTES
OUTPUT = progress(60000) + COVERED
"""What the recorded run printed (its stdout and stderr, merged)."""


def saved(tmp_path: Path, data: bytes | str, name: str = "b1.txt") -> Path:
    """A file in a `tool-results` folder, as Claude Code saves a long output."""
    folder = tmp_path / "projects" / "-work" / "session" / "tool-results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def response(stdout: Any, path: Any) -> dict[str, Any]:
    return {"stdout": stdout, "stderr": "", "persistedOutputPath": path}


def test_the_recorded_payload_holds_the_start_and_the_file_the_rest() -> None:
    recorded = payload("success-long")["tool_response"]
    assert recorded["stdout"] == OUTPUT[:30000]
    assert recorded["persistedOutputSize"] == len(OUTPUT.encode())
    assert Path(recorded["persistedOutputPath"]).parent.name == "tool-results"


def test_the_end_follows_the_shown_part_without_a_gap(tmp_path: Path) -> None:
    path = saved(tmp_path, OUTPUT)
    assert full_stdout(response(OUTPUT[:30000], str(path))) == OUTPUT


def test_a_huge_file_is_read_from_its_end_only(tmp_path: Path) -> None:
    """A sparse 4 GiB file: only its last `TAIL_BYTES` are read, from the first whole line."""
    path = saved(tmp_path, b"")
    end = ("step 9 loss 0.1\n" * 5000 + COVERED).encode()
    with path.open("r+b") as file:
        file.truncate(4 * 2**30 - len(end))
        file.seek(0, os.SEEK_END)
        file.write(end)
    text = full_stdout(response("step 0 loss 2.3\n", str(path)))
    assert text.startswith("step 0 loss 2.3\n\nstep 9 loss 0.1\n")
    assert text.endswith(COVERED)
    assert len(text.encode()) <= len("step 0 loss 2.3\n\n") + TAIL


def test_bytes_that_are_not_utf8_and_a_character_cut_at_the_offset(tmp_path: Path) -> None:
    shown = "\u00e9pochs done\n"  # 13 bytes: the file goes on after them
    rest = "\n" + COVERED if len(("\n" + COVERED).encode()) % 2 else "\n " + COVERED
    run = "\u00e9" * (TAIL // 2)  # 2 bytes each: the last TAIL bytes start inside one
    data = shown.encode() + b"loss \xff\xfe nan\n" + run.encode() + rest.encode()
    text = full_stdout(response(shown, str(saved(tmp_path, data))))
    assert text == shown + "\n" + rest[1:]  # a gap: the cut character's line is dropped
    data = shown.encode() + b"\xff\n" + COVERED.encode()
    text = full_stdout(response(shown, str(saved(tmp_path, data, "b2.txt"))))
    assert text == shown + "\ufffd\n" + COVERED  # contiguous: nothing dropped


@pytest.mark.parametrize(
    "where",
    ["missing", "outside", "directory", "fifo", "shorter", "not a string", "empty"],
)
def test_anything_odd_gives_the_payloads_stdout(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(OUTPUT)
    folder = saved(tmp_path, "x").parent
    paths: dict[str, Any] = {
        "missing": str(folder / "gone.txt"),
        "outside": str(outside),
        "directory": str(folder),
        "fifo": str(folder / "pipe.txt"),
        "shorter": str(saved(tmp_path, "step 0", "short.txt")),
        "not a string": ["/tool-results/b1.txt"],
        "empty": "",
    }
    (folder / "dir.txt").mkdir()
    paths["directory"] = str(folder / "dir.txt")
    os.mkfifo(folder / "pipe.txt")  # opened, it would block a reader without O_NONBLOCK
    shown = OUTPUT[:30000]
    assert full_stdout(response(shown, paths[where])) == shown
    if where != "shorter":  # (with no stdout shown, a short file is all there is to read)
        assert full_stdout(response(None, paths[where])) == ""


@settings(max_examples=60, deadline=None)
@given(shown=st.text(max_size=200), data=st.binary(max_size=3000))
def test_any_file_and_stdout_never_raise(tmp_path_factory: Any, shown: str, data: bytes) -> None:
    path = saved(tmp_path_factory.mktemp("any"), data)
    text = full_stdout(response(shown, str(path)))
    assert text.startswith(shown)


def test_the_hook_finds_the_error_at_the_end_of_a_long_run_that_exited_0(
    client: Client,  # noqa: F811
    tmp_path: Path,
) -> None:
    recorded = payload("success-long")
    path = saved(tmp_path, OUTPUT)
    recorded["tool_response"]["persistedOutputPath"] = str(path)
    answer = client.hook(recorded)
    assert answer is not None
    context = answer["hookSpecificOutput"]["additionalContext"]
    assert answer["hookSpecificOutput"]["hookEventName"] == "PostToolUse"
    assert "Skill `grpo-external-vllm-server`" in context and "vllm_skip_weight_sync" in context
    path.unlink()  # the file gone (another session): only the first 30,000 characters
    assert client.hook(recorded | {"session_id": "another"}) is None


def test_a_long_failure_by_default_has_no_end_to_read(client: Client) -> None:  # noqa: F811
    """`failure-long`: the first 5,000 characters and 5,000 more before the 30,000th, a
    `[20,012 characters truncated]` line between: the traceback is nowhere (HOOK_LONG_OUTPUT.md)."""
    recorded = payload("failure-long")
    assert "[20012 characters truncated]" in recorded["error"]
    assert "update_flattened_params" not in recorded["error"]
    assert client.hook(recorded) is None


def test_a_long_failure_with_a_wider_window_brings_the_fix(client: Client) -> None:  # noqa: F811
    """`failure-long-window`: with `BASH_MAX_OUTPUT_LENGTH=150000` the payload's last 5,000
    characters are the output's own end."""
    recorded = payload("failure-long-window")
    assert recorded["error"].endswith(COVERED.rstrip("\n"))
    answer = client.hook(recorded)
    assert answer is not None
    assert "grpo-external-vllm-server" in answer["hookSpecificOutput"]["additionalContext"]


def test_recorded_payloads_are_what_the_probe_recorded() -> None:
    """The failure payloads' text is the run's output as Claude Code cuts it: `Exit code 1`,
    the window's first and last 5,000 characters around the truncation line."""
    for name, window in (("failure-long", 30000), ("failure-long-window", 150000)):
        text = ("Exit code 1\n" + OUTPUT[:window]).rstrip("\n")
        marker = f"\n\n... [{len(text) - 10000} characters truncated] ...\n\n"
        assert payload(name)["error"] == text[:5000] + marker + text[-5000:]
