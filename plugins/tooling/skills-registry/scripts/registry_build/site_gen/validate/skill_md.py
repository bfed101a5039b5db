# Copied from site_gen/validate/skill_md.py by `site-gen marketplace`: edit that file.
"""SKILL.md rules: front matter (Agent Skills keys, name, description, date) and content."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .. import problems as P
from ..model import Plugin, Skill
from .names import TOOLING_CATEGORY, check_name

SPEC_KEYS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
"""Front matter keys of the open Agent Skills standard."""
CLAUDE_CODE_KEYS = {
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "model",
    "context",
    "agent",
    "hooks",
    "when_to_use",
    "effort",
}
"""Keys Claude Code adds for its own skills; accepted beside the standard's."""
MOVE_TO_METADATA = {"author", "date", "tags", "version"}
MAX_DESCRIPTION = 1024
"""The Agent Skills standard's limit."""
LONG_DESCRIPTION = 600
"""Claude Code lists every installed skill's description in about 1% of the context window
(8,000 characters on a 200K model): with all-skills installed, long ones crowd out others."""
SHORT_DESCRIPTION = 80
_SCENARIOS = re.compile(
    r"use (?:it |this )?when|usage|scenario|\(1\)|use cases?|when (?:you|encounter)", re.I
)
_VERIFIED = re.compile(r"verified|tested|validated|reproduced|measured", re.I)


def front_matter_problems(plugin: Plugin, skill: Skill, today: dt.date) -> Iterable[P.Problem]:
    fm, path = skill.front_matter, skill.path
    if not fm:
        return  # unreadable front matter was reported by the parser
    name = fm.get("name")
    if not isinstance(name, str) or not name:
        yield P.warning(
            path,
            2,
            "W210",
            "front matter has no 'name'",
            f"add 'name: {skill.name}' (the skill folder's name)",
        )
    else:
        # Claude Code names a plugin's skill after its folder whatever `name` says (checked with
        # CLI 2.1.328): a different or malformed name is the standard's rule, not a breakage.
        why = check_name(name)
        if why:
            yield P.warning(path, 2, "W211", f"name '{name}' {why}", f"name: {skill.name}")
        elif name != skill.name:
            yield P.warning(
                path,
                2,
                "W212",
                f"name '{name}' differs from its folder '{skill.name}'",
                f"name: {skill.name} (Claude Code calls the skill '{skill.name}' either way)",
            )
    description = fm.get("description")
    if not isinstance(description, str) or not description.strip():
        yield P.error(
            path,
            2,
            "E220",
            "front matter has no 'description'",
            'description: "<task>. Usage scenarios: (1) When ..., (2) When encountering '
            '<error> errors. Verified on <model, hardware>."',
        )
    else:
        yield from _description(plugin, skill, description.strip())
    for key in sorted(set(fm) - SPEC_KEYS - CLAUDE_CODE_KEYS):
        if key in MOVE_TO_METADATA:
            yield P.warning(
                path,
                2,
                "W230",
                f"top-level '{key}' is not in the Agent Skills standard",
                f'move it under metadata:  metadata:\\n  {key}: "..." (quoted)',
            )
        else:
            yield P.warning(
                path,
                2,
                "W231",
                f"front matter key '{key}' is not in the Agent Skills standard",
                f"allowed: {', '.join(sorted(SPEC_KEYS))}",
            )
    metadata = fm.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        yield P.error(path, 2, "E232", "metadata must be a mapping", 'metadata:\n  author: "..."')
    elif isinstance(metadata, dict):
        for key, value in metadata.items():
            if not isinstance(value, str):
                yield P.warning(
                    path,
                    2,
                    "W233",
                    f"metadata.{key} is a {type(value).__name__}, not a string",
                    f'quote it: {key}: "{str(value)[:80]}"'
                    if isinstance(value, (int, float, bool, dt.date))
                    else f"metadata values are strings: write {key} as one quoted string",
                )
    yield from _date(skill, today)


def _description(plugin: Plugin, skill: Skill, text: str) -> Iterable[P.Problem]:
    path = skill.path
    if len(text) > MAX_DESCRIPTION:
        yield P.error(
            path,
            2,
            "E221",
            f"description is {len(text)} characters; the Agent Skills limit is {MAX_DESCRIPTION}",
            "keep the trigger scenarios; move detail to the body",
        )
    elif len(text) > LONG_DESCRIPTION:
        yield P.warning(
            path,
            2,
            "W222",
            f"description is {len(text)} characters; over {LONG_DESCRIPTION} it crowds "
            "Claude Code's skill listing (about 8,000 characters for all skills)",
            "keep the task, the usage scenarios and the exact error tokens",
        )
    if plugin.category != TOOLING_CATEGORY:
        if len(text) < SHORT_DESCRIPTION:
            yield P.warning(
                path,
                2,
                "W223",
                f"description is {len(text)} characters: too short for Claude to know "
                "when to use it",
                "name the task, list usage scenarios with exact "
                "error tokens, say where it was verified",
            )
        if not _SCENARIOS.search(text):
            yield P.warning(
                path,
                2,
                "W224",
                "description lists no usage scenarios",
                "add 'Usage scenarios: (1) When ..., (2) When encountering <error>'",
            )
        if not _VERIFIED.search(text):
            yield P.warning(
                path,
                2,
                "W225",
                "description does not say where it was verified",
                "end with 'Verified on <model>, <hardware>.'",
            )
    manifest_description = plugin.manifest.get("description")
    if (
        skill.name == plugin.name
        and isinstance(manifest_description, str)
        and manifest_description.strip() != text
    ):
        yield P.warning(
            path,
            2,
            "W226",
            "description differs from plugin.json's",
            "use the same text in both: Claude Code shows plugin.json's, the skill "
            "listing shows SKILL.md's",
        )


def _date(skill: Skill, today: dt.date) -> Iterable[P.Problem]:
    raw = skill.metadata.get("date", skill.front_matter.get("date"))
    if raw is None:
        return
    if isinstance(raw, dt.datetime):  # `date: 2025-10-01 09:30:00`: the day is what counts
        raw = (raw.astimezone(dt.timezone.utc) if raw.tzinfo else raw).date()
    value = raw if isinstance(raw, dt.date) else None
    if value is None:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError:  # shown as written; harms neither Claude Code nor the build
            yield P.warning(
                skill.path,
                2,
                "W240",
                f"date {raw!r} is not a date",
                'write it as date: "YYYY-MM-DD", e.g. "2025-12-08"',
            )
            return
    # `today` is UTC; a date written where it is already tomorrow (up to UTC+14) is not future.
    if value > today + dt.timedelta(days=1):
        yield P.warning(
            skill.path,
            2,
            "W241",
            f"date {value} is in the future",
            "use the day the experiment ran",
        )


def content_problems(plugin: Plugin, skill: Skill) -> Iterable[P.Problem]:
    if not skill.has_failed_attempts_section:
        yield P.warning(
            skill.path,
            0,
            "W301",
            "no Failed Attempts table",
            "add '## Failed Attempts' with | Attempt | Why it Failed | Lesson Learned |:"
            " it is the most-read part of a skill",
        )
    elif not skill.failed_attempts:
        yield P.warning(
            skill.path,
            0,
            "W302",
            "the Failed Attempts section has no table rows",
            "| Attempt | Why it Failed | Lesson Learned |\\n|---|---|---|\\n| ... |",
        )
    for row in skill.failed_attempts:
        if not row.why.strip() or not row.lesson.strip():
            yield P.warning(
                row.source.path,
                row.source.line,
                "W303",
                "Failed Attempts row without a reason or a lesson",
                "say why it failed (the exact error) and what to do instead",
            )
