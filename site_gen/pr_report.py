"""The PR comment: the pull request summary, parsed as untrusted data and rendered safely.

The summary comes from an artifact of the pull request's own run, which ran the pull
request's code: every byte of it may be hostile. So it is read with a size limit, checked
field by field against the one shape `pr_summary` writes, and every string reaches the
Markdown only inside a code span (no links, mentions, HTML or formatting can come out of it),
cut to a length. Links are built here from names that look like skill names, onto the site
URL of the trusted checkout.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from . import urls

FORMAT = 1
SUMMARY_FILE = "summary.json"
"""The artifact's one file."""
MARKER = "<!-- skills-registry:pr-summary -->"
"""The first line of our comment: how the next run finds it to update it."""
MAX_SUMMARY_BYTES = 512 * 1024
MAX_COMMENT = 60_000
"""GitHub refuses comments over 65,536 characters."""
MAX_PLUGINS = 40
MAX_ITEMS = 10
"""Problems, and new entries, listed per plugin."""
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ANCHOR = re.compile(r"[a-z0-9][a-z0-9_-]*")
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,40}")
_CODE = re.compile(r"[A-Z]\d{3}")
_STATUSES = ("added", "changed", "removed")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class SummaryError(ValueError):
    """The artifact is not a summary `pr_summary` wrote; the message says where it differs."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class NewEntry:
    title: str
    error: str
    covered_skill: str
    """'' when the registry has no confident answer for the error elsewhere."""
    covered_entry: str
    covered_anchor: str


@dataclass(frozen=True)
class PluginChange:
    path: str
    name: str
    status: str
    version_before: str
    version: str
    problems: tuple[Problem, ...]
    new_entries: tuple[NewEntry, ...]


@dataclass(frozen=True)
class Summary:
    pull_request: int
    errors: int
    warnings: int
    plugins: tuple[PluginChange, ...]
    overlaps: tuple[str, ...]


def parse_summary(raw: bytes) -> Summary:
    """The summary in `raw`, or SummaryError: too big, not JSON, or not the expected shape."""
    if len(raw) > MAX_SUMMARY_BYTES:
        raise SummaryError(f"the summary is {len(raw)} bytes; at most {MAX_SUMMARY_BYTES}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SummaryError(f"the summary is not JSON: {exc}") from None
    top = _obj(data, "summary")
    if top.get("format") != FORMAT:
        raise SummaryError(f"summary.format is {top.get('format')!r}, not {FORMAT}")
    check = _obj(top.get("check"), "check")
    return Summary(
        pull_request=_int(top.get("pull_request"), "pull_request"),
        errors=_int(check.get("errors"), "check.errors"),
        warnings=_int(check.get("warnings"), "check.warnings"),
        plugins=tuple(_plugin(p, i) for i, p in enumerate(_list(top.get("plugins"), "plugins"))),
        overlaps=tuple(_str(o, "overlaps[]") for o in _list(top.get("overlaps"), "overlaps")),
    )


def _plugin(data: object, i: int) -> PluginChange:
    at = f"plugins[{i}]"
    d = _obj(data, at)
    status = _str(d.get("status"), f"{at}.status")
    if status not in _STATUSES:
        raise SummaryError(f"{at}.status is {status!r}")
    problems = []
    for j, item in enumerate(_list(d.get("problems"), f"{at}.problems")):
        q, where = _obj(item, f"{at}.problems[{j}]"), f"{at}.problems[{j}]"
        problems.append(
            Problem(
                path=_str(q.get("path"), f"{where}.path"),
                line=_int(q.get("line"), f"{where}.line"),
                code=_str(q.get("code"), f"{where}.code"),
                severity=_str(q.get("severity"), f"{where}.severity"),
                message=_str(q.get("message"), f"{where}.message"),
            )
        )
    entries = []
    for j, item in enumerate(_list(d.get("new_entries"), f"{at}.new_entries")):
        e, where = _obj(item, f"{at}.new_entries[{j}]"), f"{at}.new_entries[{j}]"
        covered = e.get("covered_by")
        c = _obj(covered, f"{where}.covered_by") if covered is not None else {}
        entries.append(
            NewEntry(
                title=_str(e.get("title"), f"{where}.title"),
                error=_str(e.get("error"), f"{where}.error"),
                covered_skill=_str(c.get("skill", ""), f"{where}.covered_by.skill"),
                covered_entry=_str(c.get("entry", ""), f"{where}.covered_by.entry"),
                covered_anchor=_str(c.get("anchor", ""), f"{where}.covered_by.anchor"),
            )
        )
    return PluginChange(
        path=_str(d.get("path"), f"{at}.path"),
        name=_str(d.get("name"), f"{at}.name"),
        status=status,
        version_before=_str(d.get("version_before"), f"{at}.version_before"),
        version=_str(d.get("version"), f"{at}.version"),
        problems=tuple(problems),
        new_entries=tuple(entries),
    )


def _obj(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SummaryError(f"{where} is not an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SummaryError(f"{where} is not a list")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or len(value) > 4000:
        raise SummaryError(f"{where} is not a string of at most 4000 characters")
    return value


def _int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**9:
        raise SummaryError(f"{where} is not a count")
    return value


def code(text: str, limit: int = 160) -> str:
    """`text` as one inline code span: literal on GitHub, whatever it holds."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    if not text:
        return "(empty)"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _name(text: str) -> str:
    """A skill name as plain text when it is one, else as code."""
    return f"**{text}**" if _NAME.fullmatch(text) and len(text) <= 64 else code(text, 64)


def _version(text: str) -> str:
    return text if _VERSION.fullmatch(text) else code(text, 40)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def render_comment(summary: Summary, site: str) -> str:
    """The comment's Markdown; `site` (with its trailing slash) roots the links."""
    counts = {s: sum(p.status == s for p in summary.plugins) for s in _STATUSES}
    said = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    lines = [MARKER, "### Skills registry: what this pull request changes", ""]
    if not summary.plugins:
        lines.append("- no plugin added, changed or removed")
    else:
        lines.append(f"- {_plural(len(summary.plugins), 'plugin')}: {said}")
    lines.append(
        f"- `site-gen check --strict`: {_plural(summary.errors, 'error')}, "
        f"{_plural(summary.warnings, 'warning')}"
    )
    entries = [e for p in summary.plugins for e in p.new_entries]
    if entries:
        covered = sum(bool(e.covered_skill) for e in entries)
        lines.append(
            f"- new troubleshooting entries: {len(entries) - covered} new to the registry, "
            f"{covered} for errors another skill already covers"
        )
    for plugin in summary.plugins[:MAX_PLUGINS]:
        lines += ["", *_plugin_lines(plugin, site)]
    if len(summary.plugins) > MAX_PLUGINS:
        lines += ["", f"... and {len(summary.plugins) - MAX_PLUGINS} more plugins."]
    if summary.overlaps:
        lines += ["", "**Overlaps with existing skills:**"]
        lines += [f"- {code(o)}" for o in summary.overlaps[:MAX_ITEMS]]
    lines += [
        "",
        "<sub>Posted from the Validate run's summary; updated on every push. "
        "New errors are ranked against the other skills with `site-gen lookup`.</sub>",
    ]
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_COMMENT:
        text = text[: text.rfind("\n", 0, MAX_COMMENT - 100)] + "\n\n(cut: too long)\n"
    return text


def _plugin_lines(plugin: PluginChange, site: str) -> list[str]:
    version = _version(plugin.version)
    if plugin.status == "changed" and plugin.version_before != plugin.version:
        version = f"{_version(plugin.version_before)} \u2192 {version}"
    elif plugin.status == "removed":
        version = _version(plugin.version_before)
    title = f"#### {plugin.status.capitalize()}: {_name(plugin.name)} {version}".rstrip()
    lines = [title, ""]
    if plugin.status == "removed":
        return [*lines, "- its skill page and marketplace entry go away on merge"]
    if not plugin.problems:
        lines.append("- check: passes")
    else:
        errors = sum(p.severity == "error" for p in plugin.problems)
        counted = f"{_plural(errors, 'error')}, {_plural(len(plugin.problems) - errors, 'warning')}"
        lines.append(f"- check: {counted}")
        for p in plugin.problems[:MAX_ITEMS]:
            where = f"{p.path}:{p.line}" if p.line else p.path
            rule = p.code if _CODE.fullmatch(p.code) else "?"
            lines.append(f"  - {rule} {code(where, 120)} {code(p.message, 240)}")
        if len(plugin.problems) > MAX_ITEMS:
            lines.append(f"  - ... and {len(plugin.problems) - MAX_ITEMS} more")
    if not plugin.new_entries:
        lines.append("- new troubleshooting entries: none")
        return lines
    lines.append(f"- new troubleshooting entries: {len(plugin.new_entries)}")
    for entry in plugin.new_entries[:MAX_ITEMS]:
        lines.append(f"  - {code(entry.error)}: {_coverage(entry, site)}")
    if len(plugin.new_entries) > MAX_ITEMS:
        lines.append(f"  - ... and {len(plugin.new_entries) - MAX_ITEMS} more")
    return lines


def _coverage(entry: NewEntry, site: str) -> str:
    if not entry.covered_skill:
        return "new to the registry"
    if not (_NAME.fullmatch(entry.covered_skill) and _ANCHOR.fullmatch(entry.covered_anchor)):
        return f"already covered by {code(entry.covered_skill, 64)}"
    url = site + urls.entry(entry.covered_skill, entry.covered_anchor)
    return (
        f"already covered by [{entry.covered_skill}]({url}) ({code(entry.covered_entry, 100)}); "
        "link to it or merge the two"
    )
