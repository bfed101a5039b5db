# Copied from site_gen/validate/manifest.py by `site-gen marketplace`: edit that file.
"""plugin.json rules: required keys, their types, versions, and what Claude Code refuses."""

from __future__ import annotations

from collections.abc import Iterable

from .. import problems as P
from ..model import TAG, Plugin
from .names import SEMVER, check_name

MANIFEST_REQUIRED = ("name", "version", "description", "author", "skills")
MANIFEST_KNOWN = {
    "$schema",
    "name",
    "version",
    "description",
    "author",
    "homepage",
    "repository",
    "license",
    "keywords",
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
    "outputStyles",
    "lspServers",
    "userConfig",
}


def manifest_problems(plugin: Plugin, text: str) -> Iterable[P.Problem]:
    path, manifest = plugin.manifest_path, plugin.manifest
    if not manifest:
        return  # the loader already said why it could not be read
    for key in MANIFEST_REQUIRED:
        if key not in manifest:
            yield P.error(
                path,
                0,
                "E110",
                f"plugin.json has no '{key}'",
                _MANIFEST_HINTS.get(key, "see templates/experiment-skill-template/"),
            )
    name = manifest.get("name")
    if isinstance(name, str):
        why = check_name(name)
        if why:
            yield P.error(
                path,
                _key_line(text, "name"),
                "E111",
                f"name '{name}' {why}",
                f'use the folder\'s name: "name": "{plugin.name}"',
            )
        elif name != plugin.name:
            yield P.error(
                path,
                _key_line(text, "name"),
                "E112",
                f"name '{name}' differs from its folder '{plugin.name}'",
                f'rename the folder or set "name": "{plugin.name}"',
            )
    elif name is not None:
        yield P.error(path, 0, "E111", "name must be a string", f'"name": "{plugin.name}"')
    if "author" in manifest:
        author = manifest["author"]
        if not (isinstance(author, dict) and isinstance(author.get("name"), str)):
            yield P.error(
                path,
                _key_line(text, "author"),
                "E113",
                "author must be an object with a name",
                '"author": {"name": "Hojin Yang"} (a plain string fails in Claude Code)',
            )
    version = manifest.get("version")
    if version is not None and not (isinstance(version, str) and SEMVER.match(version)):
        yield P.error(
            path,
            _key_line(text, "version"),
            "E114",
            f"version {version!r} is not a semantic version",
            '"version": "1.0.0"; bump it when the skill changes so installs update',
        )
    for key in ("description", "homepage", "repository", "license"):
        if key in manifest and not isinstance(manifest[key], str):
            yield P.error(path, _key_line(text, key), "E115", f"'{key}' must be a string", "")
    keywords = manifest.get("keywords")
    if keywords is not None and not (
        isinstance(keywords, list) and all(isinstance(k, str) for k in keywords)
    ):
        yield P.error(
            path,
            _key_line(text, "keywords"),
            "E116",
            "keywords must be a list of strings",
            '"keywords": ["grpo", "vllm"]',
        )
    elif isinstance(keywords, list):
        for keyword in keywords:
            if not TAG.fullmatch(keyword.strip().lower()):
                yield P.warning(
                    path,
                    _key_line(text, "keywords"),
                    "W118",
                    f"keyword {keyword!r} cannot be a tag: it is left off the site",
                    'use lowercase words joined by hyphens, e.g. "mixed-precision"',
                )
    for key in sorted(set(manifest) - MANIFEST_KNOWN):
        yield P.warning(
            path,
            _key_line(text, key),
            "W117",
            f"unknown plugin.json key '{key}'",
            "Claude Code warns on it; put tags in 'keywords', dates in SKILL.md "
            "metadata, and let the folder give the category",
        )


_MANIFEST_HINTS = {
    "name": '"name": "<folder name>"',
    "version": '"version": "1.0.0"',
    "description": "copy the SKILL.md description: task, usage scenarios, where verified",
    "author": '"author": {"name": "<your name>"}',
    "skills": '"skills": "./skills"',
}


def _key_line(text: str, key: str) -> int:
    """Line of `"key":` in a JSON text (0 when absent), so errors point at the key."""
    for number, line in enumerate(text.splitlines(), 1):
        if f'"{key}"' in line:
            return number
    return 0
