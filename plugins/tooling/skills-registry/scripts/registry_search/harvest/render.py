# Copied from site_gen/harvest/render.py by `site-gen marketplace`: edit that file.
"""A harvest as Markdown in the order of the skill template: Failed Attempts first, then the
troubleshooting entries with the exact errors, the environment, the hyperparameters, the
configs and the scripts. Pure; standard library only.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BACKTICKS = re.compile(r"`+")


def fence(text: str, language: str = "") -> str:
    """A fenced block that the text's own backticks cannot close."""
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{language}\n{text.rstrip()}\n{marks}"


def code(text: str, limit: int = 300) -> str:
    """An inline code span (one line, cut at `limit`), safe inside a table cell."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    text = text.replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    marks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{marks}{pad}{text}{pad}{marks}" if text else ""


def render_markdown(data: dict[str, Any]) -> str:
    session = data["session"]
    out = [f"# Harvest of session {session['id'] or '(unknown)'}", ""]
    if session["goal"]:
        out += ["Goal, as the user first typed it:", "", fence(session["goal"], "text"), ""]
    out += [
        f"Transcript: {', '.join(session['transcripts'])}",
        f"Claude Code {session['claude_code_version'] or 'unknown'}; "
        f"working directory {session['cwd'] or 'unknown'}.",
        "",
    ]
    out += _failed_attempts(data["failures"])
    out += _troubleshooting(data["failures"])
    out += _environment(data["environment"])
    out += _parameters(data["parameters"], data["configs"])
    out += _scripts(data["scripts"])
    out += _related(data["related_skills"])
    return "\n".join(out).rstrip() + "\n"


CUT_NOTE = "error line not in the transcript (Claude Code kept only the start of the output)"


def _last_error(item: dict[str, Any]) -> str:
    return str(item["error"][-1]) if item["error"] else f"exit code {item['exit_code']}"


def flag_value(value: str | None) -> str:
    """A flag's value in a change: `(absent)` when the run did not pass it."""
    return "(absent)" if value is None else code(value) or '""'


def _status(item: dict[str, Any]) -> str:
    known = item.get("known")
    if not known:
        return "**new**"
    return f"known: {known['skill']} \u203a {known['entry']}"


def _failed_attempts(failures: list[dict[str, Any]]) -> list[str]:
    out = ["## Failed Attempts", ""]
    if not failures:
        return [*out, "No tool call failed in this session.", ""]
    out += ["| Attempt | Why it Failed | Lesson Learned |", "|---|---|---|"]
    for item in failures:
        why = CUT_NOTE if item.get("output_cut_by_claude_code") else code(_last_error(item))
        fix = item["fix"]
        lesson = f"fixed by {code(fix['command'])}" if fix else "not fixed in this session"
        if fix and fix["changed_flags"]:
            lesson += (
                " ("
                + ", ".join(
                    f"{name} {flag_value(old)} \u2192 {flag_value(new)}"
                    for name, (old, new) in fix["changed_flags"].items()
                )
                + ")"
            )
        if fix and fix["edited_files"]:
            lesson += "; edited " + ", ".join(code(p) for p in fix["edited_files"])
        attempt = code(item["commands"][0]["command"])
        out.append(f"| {attempt} | {why} | {lesson}; {_status(item)} |")
    return [*out, ""]


def _troubleshooting(failures: list[dict[str, Any]]) -> list[str]:
    out = ["## Troubleshooting entries (exact errors)", ""]
    for item in failures:
        cut = item.get("output_cut_by_claude_code")
        heading = item["commands"][0]["command"] if cut else _last_error(item)
        out += [f"### {code(heading)}", "", f"Status: {_status(item)}", ""]
        if item.get("known"):
            out += [f"Registry entry: {item['known']['url']}", ""]
        times = f", {item['count']} times" if item["count"] > 1 else ""
        exit_code = item["exit_code"]
        out.append(f"Failed{times} (exit code {exit_code}):" if exit_code else f"Failed{times}:")
        out += ["", fence("\n".join(c["command"] for c in item["commands"]), "bash"), ""]
        if item.get("output_cut_by_claude_code"):
            out += [
                "Claude Code kept only the start of this output: the error line is not in the "
                "transcript. Re-run with `2>&1 | tail -n 50` to record it.",
                "",
            ]
        if item["error"]:
            out += ["Error lines:", "", fence("\n".join(item["error"]), "text"), ""]
        fix = item["fix"]
        if fix:
            out += ["Later command that succeeded at the same step:", ""]
            out += [fence(fix["command"], "bash"), ""]
            if fix["edited_files"]:
                files = ", ".join(code(p) for p in fix["edited_files"])
                out += [f"Files edited in between: {files}", ""]
        else:
            out += ["No later success at this step.", ""]
    return out


def _environment(env: dict[str, Any]) -> list[str]:
    out = ["## Environment", ""]
    reports = env["reports"]
    if not (reports or env["models"] or env["datasets"]):
        return [*out, "The session printed no versions or hardware.", ""]
    out += ["| Item | Details |", "|------|---------|"]
    for report in reports:
        first = next((ln for ln in report["output"].splitlines() if ln.strip()), "")
        out.append(f"| {report['kind']} | {code(first)} |")
    if env["models"]:
        out.append(f"| Models | {', '.join(code(m) for m in env['models'])} |")
    if env["datasets"]:
        out.append(f"| Datasets | {', '.join(code(d) for d in env['datasets'])} |")
    out.append("")
    for report in reports:
        out += [f"{code(report['command'])}:", "", fence(report["output"], "text"), ""]
    return out


def _parameters(runs: list[dict[str, Any]], configs: list[dict[str, Any]]) -> list[str]:
    out = ["## Hyperparameters", ""]
    if not (runs or configs):
        return [*out, "No training or evaluation command succeeded; no config was written.", ""]
    for run in runs:
        out += [f"Last successful run of {code(run['step'])}:", "", fence(run["command"], "bash")]
        if run["flags"]:
            out += ["", fence(json.dumps(run["flags"], indent=2), "json")]
        out.append("")
    for config in configs:
        out += [f"Config {code(config['path'])}:", "", fence(config["content"], config["language"])]
        out.append("")
    return out


def _scripts(scripts: list[dict[str, Any]]) -> list[str]:
    out = ["## Scripts that ran successfully at the end", ""]
    if not scripts:
        return [*out, "None.", ""]
    for script in scripts:
        out += [f"{code(script['path'])}, run as {code(script['command'])}:", ""]
        out += [fence(script["content"], script["language"]), ""]
    return out


def _related(related: list[dict[str, Any]]) -> list[str]:
    if not related:
        return []
    out = ["## Skills that already know these errors", ""]
    for item in related:
        entries = "; ".join(item["shared_errors"])
        out.append(f"- {item['skill']}: {len(item['shared_errors'])} shared: {entries}")
    return [*out, ""]
