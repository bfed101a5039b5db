"""Where a long Bash output's end is when a hook runs: the real Claude Code CLI, measured.

    .venv/bin/python -m benchmarks.hook_long_output            # the tables of HOOK_LONG_OUTPUT.md

Runs `claude -p` (node_modules/.bin/claude, a temporary HOME, offline) against a scripted
model (`tests/scripted_model.py`) that calls Bash with `emit.py`: N characters of
training progress on stdout, then a traceback on stderr whose last line holds `END_MARK`,
exit CODE. A probe plugin's `PostToolUse`/`PostToolUseFailure` hook saves, while it runs,
its payload, the session's `tool-results/` and `tasks/` files, and whether the transcript
already holds this call's result. After the session the transcript's result and the
request the model got next are read. Every size is in characters unless it says bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_gen.harvest.transcript import CUT_MARKER
from tests.scripted_model import ScriptedModel, bash, claude_env, say

REPO = Path(__file__).resolve().parent.parent
CLAUDE = REPO / "node_modules/.bin/claude"
END_MARK = "RuntimeError: END-OF-OUTPUT-MARK"
"""The line Claude Code puts where it cut the middle of a failed command's output."""

EMIT = """import sys
sys.stdout.write(open(sys.argv[1]).read())
sys.stdout.flush()
sys.stderr.write(open("traceback.txt").read())
sys.exit(int(sys.argv[2]))
"""
"""The command the model runs: a training run's progress (a file), then its traceback."""
TRACEBACK = (
    f'Traceback (most recent call last):\n  File "train.py", line 9, in <module>\n{END_MARK}\n'
)


def progress(chars: int) -> str:
    """At least `chars` characters of training progress, whole lines."""
    lines, size = [], 0
    while size < chars:
        lines.append(f"step {len(lines):6d}/100000 loss={2.3 - len(lines) * 1e-5:.5f} it/s=12.3\n")
        size += len(lines[-1])
    return "".join(lines)


def write_run(work: Path, chars: int, traceback: str = TRACEBACK) -> str:
    """`emit.py`, `traceback.txt` and `progress-<chars>.txt` in `work`; the whole output."""
    (work / "emit.py").write_text(EMIT)
    (work / "traceback.txt").write_text(traceback)
    (work / f"progress-{chars}.txt").write_text(progress(chars))
    return progress(chars) + traceback


def run_command(chars: int, code: int) -> str:
    return f"python3 emit.py progress-{chars}.txt {code}"


SAVE = """import json, os, sys
payload = json.loads(sys.stdin.read())
out = os.environ["PROBE_OUT"]
record = {"payload": payload, "files": {}, "result_in_transcript": False}
session = os.path.dirname(os.environ.get("CLAUDE_CODE_CHILD_NOTES_DIR", "/nonexistent/x"))
tool_results = os.path.join(os.path.dirname(payload["transcript_path"]),
                            payload["session_id"], "tool-results")
for folder in (os.path.join(session, "tasks"), tool_results):
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        with open(os.path.join(folder, name), "rb") as file:
            record["files"][os.path.join(folder, name)] = file.read().decode("utf-8", "replace")
with open(payload["transcript_path"], encoding="utf-8", errors="replace") as transcript:
    for line in transcript:
        if payload["tool_use_id"] in line and '"tool_result"' in line:
            record["result_in_transcript"] = True
with open(os.path.join(out, f"{len(os.listdir(out)):02d}.json"), "w") as file:
    json.dump(record, file)
"""
"""The probe plugin's hook: its payload and what it could read, saved while it runs."""


@dataclass
class Call:
    """One Bash call of a probe session: what each party had of its output."""

    output: str
    """What the command printed (progress on stdout, then the traceback on stderr)."""
    code: int
    hook_text: str
    """The payload's `error` (a failure) or `tool_response.stdout` + `stderr` (exit 0)."""
    payload: dict[str, Any]
    files_at_hook: dict[str, str]
    """Files in the session's `tasks/` and `tool-results/` folders while the hook ran."""
    result_in_transcript: bool
    """Whether the transcript held this call's tool_result while the hook ran."""
    transcript_text: str
    """The tool_result the transcript holds after the session."""
    model_text: str
    """The tool_result the model received in the next request."""

    @property
    def cut(self) -> int | None:
        """The `[N characters truncated]` count in the hook's text, if any."""
        found = CUT_MARKER.search(self.hook_text)
        return int(found.group(1)) if found else None

    @property
    def persisted(self) -> str | None:
        """`tool_response.persistedOutputPath`, when the payload has one."""
        path = self.payload.get("tool_response", {}).get("persistedOutputPath")
        return path if isinstance(path, str) else None


def make_probe_plugin(plugin: Path) -> None:
    """A plugin whose Bash hooks save their payload and what they could read (`SAVE`)."""
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / "hooks").mkdir()
    manifest = {"name": "probe", "version": "0.0.1", "description": "saves hook input"}
    (plugin / ".claude-plugin/plugin.json").write_text(json.dumps(manifest))
    hook = [{"type": "command", "command": 'python3 "${CLAUDE_PLUGIN_ROOT}/save.py"'}]
    events = ("PostToolUse", "PostToolUseFailure")
    hooks = {event: [{"matcher": "Bash", "hooks": hook}] for event in events}
    (plugin / "hooks/hooks.json").write_text(json.dumps({"hooks": hooks}))
    (plugin / "save.py").write_text(SAVE)


def probe(
    calls: list[tuple[int, int]],
    folder: Path,
    env: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
    traceback: str = TRACEBACK,
) -> list[Call]:
    """Run one session whose model runs a training output of each (chars, exit code), with
    `env` added to the CLI's environment, `settings` as the user's settings.json and
    `traceback` as the run's last lines."""
    plugin, home, work, out = (folder / name for name in ("plugin", "home", "work", "out"))
    for made in (home / ".claude", work, out):
        made.mkdir(parents=True)
    if settings:
        (home / ".claude/settings.json").write_text(json.dumps(settings))
    make_probe_plugin(plugin)
    outputs = [write_run(work, chars, traceback) for chars, _ in calls]
    script = [bash(run_command(chars, code), "train") for chars, code in calls]
    with ScriptedModel([*script, say("done")]) as model:
        done = subprocess.run(
            [str(CLAUDE), "-p", "train", "--plugin-dir", str(plugin), "--allowedTools", "Bash"],
            cwd=work,
            env=claude_env(home, model.url, PROBE_OUT=str(out), **(env or {})),
            capture_output=True,
            text=True,
            timeout=300,
        )
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    records = [json.loads(path.read_text()) for path in sorted(out.iterdir())]
    transcript = _results(Path(records[0]["payload"]["transcript_path"]))
    found = []
    for number, (output, (_, code), record) in enumerate(
        zip(outputs, calls, records, strict=True), 1
    ):
        payload = record["payload"]
        found.append(
            Call(
                output=output,
                code=code,
                hook_text=_hook_text(payload),
                payload=payload,
                files_at_hook=record["files"],
                result_in_transcript=record["result_in_transcript"],
                transcript_text=transcript.get(payload["tool_use_id"], ""),
                model_text=_model_result(model.requests[number], payload["tool_use_id"]),
            )
        )
    return found


def _hook_text(payload: dict[str, Any]) -> str:
    if payload["hook_event_name"] == "PostToolUseFailure":
        return str(payload["error"])
    response = payload["tool_response"]
    return str(response["stdout"]) + str(response["stderr"])


def _text(content: Any) -> str:
    if isinstance(content, list):
        return "".join(block.get("text", "") for block in content if isinstance(block, dict))
    return str(content)


def _results(transcript: Path) -> dict[str, str]:
    """Each tool_result's text in a transcript, by tool_use_id."""
    found = {}
    for line in transcript.read_text("utf-8").splitlines():
        message = json.loads(line).get("message")
        content = message.get("content") if isinstance(message, dict) else None
        for block in content if isinstance(content, list) else []:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                found[block["tool_use_id"]] = _text(block.get("content"))
    return found


def _model_result(request: dict[str, Any], tool_use_id: str) -> str:
    for message in request["messages"]:
        for block in message["content"] if isinstance(message["content"], list) else []:
            if block.get("type") == "tool_result" and block.get("tool_use_id") == tool_use_id:
                return _text(block.get("content"))
    return ""


def _end(text: str) -> str:
    return "yes" if END_MARK in text else "no"


def table(calls: list[Call]) -> str:
    """One row a call: sizes, and whether each holds the traceback's last line."""
    rows = [
        "| output | exit | hook got | cut marker | end in hook text | persisted file at hook "
        "(bytes, end) | `tasks/` files at hook | result in transcript at hook | transcript "
        "after | model got |",
        "| ---: | ---: | ---: | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for call in calls:
        held = call.files_at_hook.get(call.persisted or "", "")
        file = f"{len(held.encode()):,}, end: {_end(held)}" if call.persisted else "none"
        tasks = sum("/tasks/" in path for path in call.files_at_hook)
        cut = f"[{call.cut:,} characters truncated]" if call.cut else "none"
        rows.append(
            f"| {len(call.output):,} | {call.code} | {len(call.hook_text):,} | {cut} | "
            f"{_end(call.hook_text)} | {file} | {tasks} | "
            f"{'yes' if call.result_in_transcript else 'no'} | "
            f"{len(call.transcript_text):,}, end: {_end(call.transcript_text)} | "
            f"{len(call.model_text):,}, end: {_end(call.model_text)} |"
        )
    return "\n".join(rows) + "\n"


SESSIONS: list[tuple[str, list[tuple[int, int]], dict[str, str], dict[str, Any]]] = [
    (
        "defaults",
        [(chars, 1) for chars in (9000, 25000, 29800, 31000, 60000, 200000)]
        + [(chars, 0) for chars in (25000, 60000, 200000)],
        {},
        {},
    ),
    (
        "`BASH_MAX_OUTPUT_LENGTH=150000` in the CLI's environment",
        [(60000, 1), (140000, 1), (200000, 1), (200000, 0)],
        {"BASH_MAX_OUTPUT_LENGTH": "150000"},
        {},
    ),
    (
        '`{"env": {"BASH_MAX_OUTPUT_LENGTH": "150000"}}` in `~/.claude/settings.json`',
        [(60000, 1), (60000, 0)],
        {},
        {"env": {"BASH_MAX_OUTPUT_LENGTH": "150000"}},
    ),
    (
        '`{"bashOutputMaxChars": 128000}` in `~/.claude/settings.json`',
        [(100000, 1), (140000, 1), (100000, 0), (140000, 0)],
        {},
        {"bashOutputMaxChars": 128000},
    ),
]


def main() -> None:
    version = subprocess.run([str(CLAUDE), "--version"], capture_output=True, text=True)
    print(f"claude {version.stdout.strip()}\n")
    with tempfile.TemporaryDirectory(prefix="hook-long-output-") as tmp:
        for number, (label, calls, env, settings) in enumerate(SESSIONS):
            print(f"### {label}\n")
            print(table(probe(calls, Path(tmp) / str(number), env, settings)))
    print(f"load average at the end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
