# Copied from site_gen/harvest/draft.py by `site-gen marketplace`: edit that file.
"""Put a harvest into a skill's files, verbatim: the parts a model must not retype.

Into a freshly scaffolded plugin (`site-gen new`) it fills the template's placeholders:
Failed Attempts rows, the troubleshooting entries (one per new error, the error line as the
heading), the Model and Environment rows, the Hyperparameters blocks and the scripts. Into an
existing skill (the update path) it appends only the rows and entries of errors the registry
does not know yet. What only the conversation knows (goal, causes, insights, description) stays
`TODO` for Claude to write. Pure text edits; standard library only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .render import CUT_NOTE, code, fence, flag_value

TODO_ROW = re.compile(r"^\| TODO: what you tried \|.*\n", re.M)
TODO_ENTRY = re.compile(r"^## `TODO:.*", re.M | re.S)
TODO_YAML = re.compile(r"```yaml\n# TODO: final, verified parameters\nkey: value\n```\n")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$")


CUT = f"TODO: {CUT_NOTE}"


def _error(failure: dict[str, Any]) -> str:
    return str(failure["error"][-1]) if failure["error"] else f"exit code {failure['exit_code']}"


def _why(failure: dict[str, Any]) -> str:
    return CUT if failure.get("output_cut_by_claude_code") else code(_error(failure))


def failed_attempt_row(failure: dict[str, Any]) -> str:
    fix = failure["fix"]
    if fix is None:
        lesson = "TODO: not solved in the session; what to try instead"
    else:
        changes = [
            f"{name} {flag_value(old)} \u2192 {flag_value(new)}"
            for name, (old, new) in fix["changed_flags"].items()
        ]
        changes += [f"edited {code(p)}" for p in fix["edited_files"]]
        lesson = f"Fixed by {code(fix['command'])}" + (
            f" ({'; '.join(changes)})" if changes else ""
        )
    known = failure.get("known")
    if known:
        lesson += f"; known: {known['skill']} \u203a {known['entry']}"
    return f"| {code(failure['commands'][0]['command'])} | {_why(failure)} | {lesson} |\n"


def troubleshooting_entry(failure: dict[str, Any]) -> str:
    commands = "\n".join(c["command"] for c in failure["commands"])
    times = f", {failure['count']} times" if failure["count"] > 1 else ""
    exit_code = f" (exit code {failure['exit_code']}{times})" if failure["exit_code"] else times
    out = [
        f"## {code(_error(failure), limit=400)}",
        "",
        f"**Symptom:** this command failed{exit_code}:",
        "",
        fence(commands, "bash"),
        "",
    ]
    if len(failure["error"]) > 1:
        out += ["Its error lines:", "", fence("\n".join(failure["error"]), "text"), ""]
    out += ["**Cause:** TODO: why it happens.", ""]
    fix = failure["fix"]
    if fix is None:
        out += ["**Fix:** TODO: not solved in the session.", ""]
    else:
        edited = ", ".join(code(p) for p in fix["edited_files"])
        note = f" after editing {edited}" if edited else ""
        out += [
            f"**Fix:** the command that then succeeded{note}:",
            "",
            fence(fix["command"], "bash"),
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def write_draft(harvest: dict[str, Any], plugin_dir: Path) -> list[str]:
    """Fill the plugin's files from the harvest; the paths written, relative to `plugin_dir`."""
    skills = sorted((plugin_dir / "skills").glob("*/SKILL.md"))
    if not skills:
        raise FileNotFoundError(f"{plugin_dir}/skills/*/SKILL.md: scaffold it with site-gen new")
    skill_path, trouble_path = skills[0], plugin_dir / "references" / "troubleshooting.md"
    skill = skill_path.read_text("utf-8")
    fresh = bool(TODO_ROW.search(skill))
    failures = [f for f in harvest["failures"] if fresh or f["status"] == "new"]
    written = []
    rows = "".join(failed_attempt_row(f) for f in failures)
    skill = TODO_ROW.sub(lambda _: rows, skill, count=1) if fresh else _append_rows(skill, rows)
    if fresh:
        skill = _environment(skill, harvest["environment"])
        skill = TODO_YAML.sub(lambda _: _parameters(harvest), skill, count=1)
    skill_path.write_text(skill, "utf-8")
    written.append(str(skill_path.relative_to(plugin_dir)))
    entries = "\n".join(
        troubleshooting_entry(f)
        for f in failures
        if f["status"] == "new" and not f.get("output_cut_by_claude_code")
    )
    trouble = trouble_path.read_text("utf-8") if trouble_path.is_file() else "# Troubleshooting\n"
    if TODO_ENTRY.search(trouble):
        trouble = TODO_ENTRY.sub(lambda _: entries, trouble, count=1)
    elif entries:
        trouble = trouble.rstrip("\n") + "\n\n" + entries
    trouble_path.parent.mkdir(parents=True, exist_ok=True)
    trouble_path.write_text(trouble, "utf-8")
    written.append(str(trouble_path.relative_to(plugin_dir)))
    for script in harvest["scripts"]:
        target = plugin_dir / "scripts" / Path(script["path"]).name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script["content"], "utf-8")
            written.append(str(target.relative_to(plugin_dir)))
    return written


def _append_rows(skill: str, rows: str) -> str:
    """Rows after the last row of the table under `## Failed Attempts`."""
    lines = skill.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("## Failed Attempts")), None)
    if start is None or not rows:
        return skill
    end = start + 1
    last_row = None
    while end < len(lines) and not lines[end].startswith("## "):
        if _TABLE_ROW.match(lines[end]):
            last_row = end
        elif last_row is not None and lines[end].strip():
            break
        end += 1
    if last_row is None:
        return skill
    if not lines[last_row].endswith("\n"):
        lines[last_row] += "\n"
    return "".join(lines[: last_row + 1]) + rows + "".join(lines[last_row + 1 :])


def _environment(skill: str, env: dict[str, Any]) -> str:
    items = [f"{r['kind']}: {code(_first(r['output']))}" for r in env["reports"]]
    if env["datasets"]:
        items.append("datasets: " + ", ".join(code(d) for d in env["datasets"]))
    skill = _fill_row(skill, "Environment", "; ".join(items))
    return _fill_row(skill, "Model", ", ".join(code(m) for m in env["models"]))


def _fill_row(skill: str, item: str, value: str) -> str:
    """The template's `| **Item** | TODO: ... |` row with `value`, when there is one."""
    if not value:
        return skill
    pattern = re.compile(rf"^\| \*\*{item}\*\* \| TODO:.*$", re.M)
    return pattern.sub(lambda _: f"| **{item}** | {value} |", skill, count=1)


def _first(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def _parameters(harvest: dict[str, Any]) -> str:
    blocks = []
    for run in harvest["parameters"]:
        blocks.append(
            f"Last successful run of {code(run['step'])}:\n\n{fence(run['command'], 'bash')}\n"
        )
    for config in harvest["configs"]:
        blocks.append(
            f"{code(config['path'])}:\n\n{fence(config['content'], config['language'])}\n"
        )
    return "\n".join(blocks) or "```yaml\n# TODO: final, verified parameters\nkey: value\n```\n"
