"""Every skill as one Markdown file (`urls.skill_markdown`): what an agent needs in one fetch.

The SKILL.md with its front matter, then the plugin's references (troubleshooting first, then
the experiment log, then the rest) and the names of its scripts. Relative links point at the
source repository, since the files they name are not beside this one on the site.
"""

from __future__ import annotations

import posixpath
import re

from .. import urls
from ..config import Config
from ..markdown import Document
from ..model import Plugin, Reference, Registry, Skill

_LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
_REFERENCE_ORDER = ("troubleshooting.md", "experiment-log.md")


def skill_markdown_files(registry: Registry, config: Config) -> dict[str, str]:
    """Site path -> Markdown, for every skill of every plugin."""
    return {
        urls.skill_markdown(skill.name): render_skill_markdown(plugin, skill, config)
        for plugin in registry
        for skill in plugin.skills
    }


def render_skill_markdown(plugin: Plugin, skill: Skill, config: Config) -> str:
    """One skill with its plugin's references and script names, as Markdown."""
    body = _rewrite(skill.markdown, skill.path, config, demote=False)
    parts = [front_matter_text(skill), body.strip()]
    for ref in ordered_references(plugin):
        title = ref.path.removeprefix(plugin.path + "/")
        text = _rewrite(ref.markdown, ref.path, config, demote=True).strip()
        parts.append(f"---\n\n## `{title}`\n\n{text}")
    if plugin.scripts:
        rows = "\n".join(
            f"- [`{s.removeprefix(plugin.path + '/')}`]({config.source_url(s)})"
            for s in plugin.scripts
        )
        parts.append(f"---\n\n## Scripts\n\n{rows}")
    source = config.source_url(plugin.path)
    page = urls.absolute(config, urls.skill_page(skill.name))
    parts.append(f"---\n\nPage: {page}  \nSource: {source}")
    return "\n\n".join(p for p in parts if p) + "\n"


def front_matter_text(skill: Skill) -> str:
    """The skill's front matter exactly as its author wrote it."""
    if not skill.front_matter:
        return ""
    return f"---\n{skill.front_matter_text}\n---"


def ordered_references(plugin: Plugin) -> list[Reference]:
    """Troubleshooting, then experiment log, then the other references by path."""

    def key(ref: Reference) -> tuple[int, str]:
        name = posixpath.basename(ref.path)
        rank = _REFERENCE_ORDER.index(name) if name in _REFERENCE_ORDER else len(_REFERENCE_ORDER)
        return rank, ref.path

    return sorted(plugin.references, key=key)


def _rewrite(document: Document, path: str, config: Config, demote: bool) -> str:
    """The text with relative links pointed at the source repository and, with `demote`,
    every heading pushed one level down (so the skill's H1 stays the only one).

    Which lines are headings, code and links comes from the document: code is left as is.
    """
    lines = document.lines
    first = document.first_line
    if demote:
        for section in document.sections:
            i = section.line - first
            if 1 <= section.level <= 5 and lines[i].lstrip(" ").startswith("#"):
                lines[i] = "#" + lines[i].lstrip(" ")
    targets: dict[int, set[str]] = {}
    for link in document.links:
        targets.setdefault(link.line, set()).add(link.target)
    base = posixpath.dirname(path)
    for number, shown in targets.items():
        i = number - first

        def resolve(match: re.Match[str], shown: set[str] = shown) -> str:
            if match.group(2) not in shown:
                return match.group(0)  # link-looking text in a code span
            return _resolve(match, base, config)

        if 0 <= i < len(lines) and number not in document.code_lines:
            lines[i] = _LINK.sub(resolve, lines[i])
    return "\n".join(lines)


def _resolve(match: re.Match[str], base: str, config: Config) -> str:
    target = match.group(2)
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
        return match.group(0)
    file, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(base, file))
    if resolved.startswith(".."):
        return match.group(0)
    url = config.source_url(resolved) + (f"#{fragment}" if fragment else "")
    return f"{match.group(1)}{url}{match.group(3)}"
