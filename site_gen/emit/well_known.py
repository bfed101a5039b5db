"""`/.well-known/skills/index.json` and the files it lists, for the open skills tooling.

Format: the Agent Skills Discovery RFC v0.1 (cloudflare/agent-skills-discovery-rfc), as read by
`npx skills add <site url>` (vercel-labs/skills, `src/providers/wellknown.ts`): an object with a
`skills` array of `{name, description, files}`; `files` is non-empty, holds `SKILL.md`, is
relative to the skill folder, and every file is served at `.well-known/skills/<name>/<file>`.

These files are the site's one copy of each skill's text: `llms.txt` and `advise` link to the
SKILL.md here (`urls.skill_markdown`) rather than to a second rendering of it, so a skill
without a description (left out of the index, which clients drop whole over one empty entry)
is still served.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import MutableMapping

from ..config import Config
from ..model import Plugin, Registry, Skill
from .skill_markdown import front_matter_text, ordered_references

WELL_KNOWN = ".well-known/skills/"
INDEX = WELL_KNOWN + "index.json"
_PLUGIN_LINK = re.compile(r"\]\(\.\./\.\./((?:references|scripts)/)")
_SAFE_PATH = re.compile(r"^[\x20-\x7e]+$")


def well_known_files(registry: Registry, config: Config) -> dict[str, str]:
    """Site path -> text: the index and each skill's SKILL.md and references."""
    files: dict[str, str] = {}
    entries: list[dict[str, object]] = []
    for plugin in registry:
        for skill in plugin.skills:
            add_skill(files, entries, skill, skill_files(plugin, skill))
    files[INDEX] = index_text(entries)
    return files


def add_skill(
    files: MutableMapping[str, str] | MutableMapping[str, str | bytes],
    entries: list[dict[str, object]],
    skill: Skill,
    served: dict[str, str],
) -> None:
    """Put a skill's files (`skill_files`) into `files` and its entry into `entries`."""
    if skill.description:  # clients drop the whole index over one empty entry
        entries.append(
            {"name": skill.name, "description": skill.description, "files": list(served)}
        )
    for rel, text in served.items():
        files[f"{WELL_KNOWN}{skill.name}/{rel}"] = text


def index_text(entries: list[dict[str, object]]) -> str:
    """`index.json` listing `entries` (`add_skill`), by name."""
    entries = sorted(entries, key=lambda e: str(e["name"]))
    return json.dumps({"skills": entries}, indent=2, ensure_ascii=False) + "\n"


def skill_files(plugin: Plugin, skill: Skill) -> dict[str, str]:
    """Path relative to the skill folder -> text; `SKILL.md` first.

    References live beside `skills/` in a plugin; here they sit in the skill folder, so the
    SKILL.md's `../../references/...` links are rewritten to `references/...`.
    Scripts are not in the model as text, so they are not listed (the Markdown names them).
    """
    body = skill.markdown.map_prose(lambda line: _PLUGIN_LINK.sub(r"](\1", line))  # not code
    files = {"SKILL.md": f"{front_matter_text(skill)}\n{body.lstrip(chr(10))}".rstrip() + "\n"}
    for ref in ordered_references(plugin):
        rel = "references/" + posixpath.basename(ref.path)
        if _SAFE_PATH.match(rel) and not any(c in rel for c in "\\?#[]"):
            files[rel] = ref.text if ref.text.endswith("\n") else ref.text + "\n"
    return files
