"""Troubleshooting written anywhere in a plugin's Markdown, not only where the template puts it.

The template keeps troubleshooting in SKILL.md and `references/troubleshooting.md`; public
skills also write it in a `reference.md` beside SKILL.md, `docs/*.md`, `reference/*.md` or a
README. Every Markdown file of the plugin whose text has a troubleshooting-shaped heading
(`parse_trouble_shapes.CONTAINER`: "Troubleshooting", "Common Issues", "Error Handling", ...)
is parsed once and its entries go to the skill whose folder holds it (or the plugin's main
skill), with the file and line as their source. Files under `assets/` and `templates/` are
what a skill copies into its output (a report template's empty "Troubleshooting" heading),
not the skill's own knowledge: they are not read. SKILL.md and the plugin's `references/`
are the loader's (`loader.load_plugin`); a skill's own `references/*.md` come first, as
they always did, so existing anchors stay.
"""

from __future__ import annotations

import dataclasses

from .markdown import parse_document
from .model import Reference, Skill, TroubleshootingEntry
from .parse_trouble_shapes import CONTAINER, with_shapes

OUTPUT_FOLDERS = frozenset({"assets", "templates"})
"""Folders whose Markdown is what the skill writes, not what it knows."""


@dataclasses.dataclass
class MarkdownEntries:
    skills: list[Skill]
    """The skills with the entries their folders' Markdown holds added."""
    documents: list[Reference]
    """Every file parsed here (validation reads their links from this parse)."""
    plugin_entries: list[TroubleshootingEntry]
    """Entries of Markdown outside every skill's folder."""


def _order(path: str, skill_dirs: dict[str, str]) -> tuple[int, str, str]:
    """Each skill's own `references/*.md` first (as before), then the rest by path."""
    for prefix in skill_dirs:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            first = rest.startswith("references/") and rest.count("/") == 1
            return (0 if first else 1, prefix, path)
    return (2, "", path)


def read(
    plugin_path: str, skills: list[Skill], paths: list[str], texts: dict[str, str]
) -> MarkdownEntries:
    """The entries of the plugin's other Markdown (`paths`: every file of the plugin;
    `texts`: their texts as read once by `files.scan_files`)."""
    skill_dirs = {s.path.rsplit("/", 1)[0] + "/": s.name for s in skills}
    found: dict[str, list[TroubleshootingEntry]] = {name: [] for name in skill_dirs.values()}
    outside: list[TroubleshootingEntry] = []
    documents: list[Reference] = []
    for path in sorted(paths, key=lambda p: _order(p, skill_dirs)):
        if not _candidate(plugin_path, path, skill_dirs):
            continue
        text = texts.get(path)
        if text is None or not CONTAINER.search(text):
            continue
        document = parse_document(text)
        title = next((s.title for s in document.sections if s.level == 1), "")
        documents.append(Reference(path, title or path.rsplit("/", 1)[-1], text, document))
        entries = with_shapes([], document, path)
        owner = next((name for d, name in skill_dirs.items() if path.startswith(d)), None)
        (found[owner] if owner is not None else outside).extend(entries)
    updated = [
        dataclasses.replace(s, troubleshooting=(*s.troubleshooting, *found[s.name]))
        if found.get(s.name)
        else s
        for s in skills
    ]
    return MarkdownEntries(updated, documents, outside)


def _candidate(plugin_path: str, path: str, skill_dirs: dict[str, str]) -> bool:
    if not path.lower().endswith(".md") or not path.startswith(plugin_path + "/"):
        return False
    inner = path[len(plugin_path) + 1 :]
    folders = inner.split("/")[:-1]
    if folders[:1] == ["references"]:
        return False  # the plugin's references: the loader's
    if any(f in OUTPUT_FOLDERS or f.startswith(".") for f in folders):
        return False
    return not any(path == d + "SKILL.md" for d in skill_dirs)
