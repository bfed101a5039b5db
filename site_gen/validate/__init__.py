"""Registry -> problems. Pure: reads the model (and the texts the loader kept), never disk.

Errors are what breaks Claude Code, the build or safety; warnings are quality, which
`check --strict` (what pull requests run) also refuses. One module per kind of rule:
names, plugin.json (`manifest`), SKILL.md (`skill_md`) and links.
"""

from __future__ import annotations

import datetime as dt

from .. import problems as P
from ..loader import LoadResult
from ..model import Plugin
from ..progress import Phase
from .links import link_problems, relative_links
from .manifest import MANIFEST_KNOWN, MANIFEST_REQUIRED, manifest_problems
from .names import (
    MAX_NAME,
    NAME,
    RESERVED_PREFIXES,
    SEMVER,
    TOOLING_CATEGORY,
    category_problems,
    check_name,
    duplicate_names,
)
from .skill_md import CLAUDE_CODE_KEYS, SPEC_KEYS, content_problems, front_matter_problems

__all__ = [
    "CLAUDE_CODE_KEYS",
    "MANIFEST_KNOWN",
    "MANIFEST_REQUIRED",
    "MAX_NAME",
    "NAME",
    "RESERVED_PREFIXES",
    "SEMVER",
    "SPEC_KEYS",
    "TOOLING_CATEGORY",
    "check_name",
    "relative_links",
    "validate",
    "validate_plugin",
]


def validate(
    result: LoadResult, today: dt.date | None = None, step: Phase | None = None
) -> list[P.Problem]:
    """Every problem in the registry: load failures, each plugin's, and registry-wide ones.

    `step` (a progress phase) gets one count per plugin validated."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    step = step or Phase("validate")
    found = list(result.problems)
    for plugin in result.registry:
        found.extend(validate_plugin(plugin, today, result.texts.get(plugin.manifest_path, "")))
        step.advance()
    found.extend(duplicate_names(result.registry))
    found.extend(link_problems(result.texts, result.files, result.registry, result.links))
    return P.sort_problems(found)


def validate_plugin(plugin: Plugin, today: dt.date, manifest_text: str = "") -> list[P.Problem]:
    found = list(category_problems(plugin))
    found.extend(manifest_problems(plugin, manifest_text))
    for skill in plugin.skills:
        found.extend(front_matter_problems(plugin, skill, today))
        if plugin.category != TOOLING_CATEGORY and skill.front_matter:
            found.extend(content_problems(plugin, skill))
    if len(plugin.skills) == 1 and plugin.skills[0].name != plugin.name:
        skill = plugin.skills[0]
        found.append(
            P.error(
                skill.path,
                0,
                "E213",
                f"skill folder '{skill.name}' differs from its plugin '{plugin.name}'",
                f"rename it to {plugin.path}/skills/{plugin.name}/",
            )
        )
    if plugin.category != TOOLING_CATEGORY and plugin.skills and not plugin.all_troubleshooting:
        found.append(
            P.warning(
                f"{plugin.path}/references/troubleshooting.md",
                0,
                "W310",
                "no troubleshooting entries: the error lookup cannot find this skill",
                "add '## `<exact error message>`' headings with **Cause:** and **Fix:**",
            )
        )
    return found
