# Copied from site_gen/validate/names.py by `site-gen marketplace`: edit that file.
"""Names and categories: the rules every plugin and skill name follows, and uniqueness."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .. import problems as P
from ..model import Plugin, Registry

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 64
RESERVED_PREFIXES = ("claude-", "anthropic-", "cc-plugin-")
TOOLING_CATEGORY = "tooling"
"""Plugins here ship commands, not experiments: experiment-content rules do not apply."""
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.\-]+)?$")


def check_name(name: str) -> str:
    """Why `name` is not a valid plugin or skill name, or '' when it is."""
    if not name:
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters; at most {MAX_NAME}"
    if not NAME.match(name):
        return "must be lowercase letters, digits and single hyphens (kebab-case)"
    if name.startswith(RESERVED_PREFIXES):
        return f"must not start with {', '.join(RESERVED_PREFIXES)} (reserved by Claude Code)"
    return ""


def category_problems(plugin: Plugin) -> Iterable[P.Problem]:
    if not NAME.match(plugin.category):
        yield P.error(
            f"plugins/{plugin.category}",
            0,
            "E120",
            f"category folder '{plugin.category}' must be kebab-case",
            "e.g. plugins/training/, plugins/evaluation/",
        )


def duplicate_names(registry: Registry) -> Iterable[P.Problem]:
    by_name: dict[str, list[Plugin]] = defaultdict(list)
    for plugin in registry:
        by_name[plugin.name].append(plugin)
    for name, plugins in sorted(by_name.items()):
        if len(plugins) > 1:
            others = ", ".join(p.path for p in plugins)
            for plugin in plugins:
                yield P.error(
                    plugin.manifest_path,
                    0,
                    "E130",
                    f"plugin name '{name}' is used {len(plugins)} times ({others})",
                    "names are global in a marketplace: rename all but one",
                )
    by_skill: dict[str, list[str]] = defaultdict(list)
    for plugin in registry:
        for skill in plugin.skills:
            by_skill[skill.name].append(skill.path)
    for name, paths in sorted(by_skill.items()):
        if len(paths) > 1:
            for path in paths:
                yield P.error(
                    path,
                    0,
                    "E131",
                    f"skill name '{name}' is used {len(paths)} times ({', '.join(sorted(paths))})",
                    "each skill has one page and one /name in Claude Code: rename all but one",
                )
