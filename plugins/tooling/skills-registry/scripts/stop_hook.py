"""The `Stop` hook: suggest `/retrospective` once when the session solved something new.

"New" means: a Bash command failed with an error no skill covered (the failure hook found no
confident entry and recorded the command in the session state), and later in the session a
command with the same subject (program and first argument: `python train.py`, `torchrun
train.py`) succeeded. Reads only the session's transcript lines that carry Bash calls and
their results; never blocks (no `decision`), stays silent on the re-run (`stop_hook_active`).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

SUGGESTION = (
    "Team skills registry: earlier in this session a command failed with an error no team "
    "skill covers, and it works now. If the fix is worth keeping, suggest to the user to run "
    "/retrospective to record it (one line; do not run it yourself)."
)
LAUNCHERS = {"python", "python3", "uv", "poetry", "bash", "sh", "sudo", "env", "time", "nohup"}


def subject(command: str) -> str:
    """What a command works on: `CUDA_VISIBLE_DEVICES=0 python train.py --lr 3e-4` ->
    `train.py`; `make test` -> `make test`; `torchrun --nproc 8 train.py` -> `torchrun 8`."""
    try:
        words = shlex.split(command.strip().splitlines()[0] if command.strip() else "")
    except ValueError:
        words = command.split()
    words = [w for w in words if w.startswith("-") or "=" not in w.split("/")[0]]
    program, launched = "", False
    for word in words:
        if word.startswith("-"):
            continue
        name = Path(word).name
        if not program and (name in LAUNCHERS or name.startswith("python")):
            launched = True
            continue
        if program:
            return f"{program} {name}"
        program = name
        if launched:
            return program  # the script is the subject; its arguments are settings
    return program


def bash_calls(transcript: Path) -> list[tuple[str, bool]]:
    """(command, failed) for every Bash call of the main conversation, in order."""
    commands: dict[str, str] = {}
    calls: list[tuple[str, bool]] = []
    with transcript.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if '"tool_use"' not in line and '"tool_result"' not in line:
                continue  # most lines: no JSON parse
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or entry.get("isSidechain"):
                continue
            content = (entry.get("message") or {}).get("content")
            for block in content if isinstance(content, list) else []:
                if not isinstance(block, dict):
                    continue
                if block.get("type") == "tool_use" and block.get("name") == "Bash":
                    commands[str(block.get("id"))] = str((block.get("input") or {}).get("command"))
                elif block.get("type") == "tool_result" and block.get("tool_use_id") in commands:
                    calls.append((commands[block["tool_use_id"]], bool(block.get("is_error"))))
    return calls


def solved_uncovered(calls: list[tuple[str, bool]], uncovered: list[str]) -> bool:
    """Whether an uncovered failure was followed by a success on the same subject."""
    for place, (command, failed) in enumerate(calls):
        if not failed or command[:300] not in uncovered:
            continue
        wanted = subject(command)
        if wanted and any(not f and subject(c) == wanted for c, f in calls[place + 1 :]):
            return True
    return False


def on_stop(
    payload: dict[str, Any],
    load: Callable[[str], dict[str, Any]],
    save: Callable[[str, dict[str, Any]], None],
    first_time: Callable[[str, dict[str, Any], str], bool],
) -> dict[str, Any] | None:
    """The suggestion, or None; `first_time` makes it once per session across plugins."""
    if payload.get("stop_hook_active"):
        return None
    session = str(payload.get("session_id") or "")
    state = load(session)
    if state.get("suggested") or not state.get("uncovered"):
        return None
    transcript = payload.get("transcript_path")
    if not isinstance(transcript, str) or not Path(transcript).is_file():
        return None
    if not solved_uncovered(bash_calls(Path(transcript)), state["uncovered"]):
        return None
    state["suggested"] = True
    save(session, state)
    if not first_time(session, state, "suggest /retrospective"):
        return None
    return {"hookSpecificOutput": {"hookEventName": "Stop", "additionalContext": SUGGESTION}}
