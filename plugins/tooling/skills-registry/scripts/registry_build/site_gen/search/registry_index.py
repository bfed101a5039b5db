# Copied from site_gen/search/registry_index.py by `site-gen marketplace`: edit that file.
"""A registry on disk -> its compact index, one plugin at a time, as `site-gen build
--skip-invalid` publishes it.

What the plugin's client runs inside an installed `all-skills`, whose plugin root is the
registry: a copy of this module and of all it imports (`vendor_build.py`), under the
researcher's own `python3` (3.9+), so that a registry with no site (or one the laptop cannot
reach) still gets its failure hook and `/advise`. Plugins with errors are left out, as
`--skip-invalid` leaves them out; the registry-wide rules `check_registry` adds (the committed
marketplace file, the visibility setting) are not run: they stop a build, and say nothing about
whether a skill can be read.

Loading the whole registry first, as `site-gen` does, holds every parse at once: ~330 MB at
1,000 skills, ~3 GB at 10,000. So each plugin is loaded, validated and turned into index
entries (`PluginIndex`), then dropped; the caller writes the entries away (the client's
SQLite cache). The rules that look across plugins are settled before: names used twice
(`duplicate_names`) from the folder listing, reading only the SKILL.md files of names that
repeat. Relative links that leave the repository (`E401`) are a plugin's own. The entries are
those `compact_index` publishes (`skill_entry`, `doc_json`), in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..files import FileReader, sorted_dirs
from ..loader import load_plugin, plugin_folders
from ..model import Plugin, Registry
from ..validate import validate_plugin
from ..validate.links import link_problems
from .advise_index import skill_doc
from .compact import skill_entry
from .error_index import IndexedDoc, doc_json, docs_for, index_doc


@dataclass(frozen=True)
class PluginIndex:
    """One plugin's entries in the compact index."""

    path: str
    docs: list[IndexedDoc]
    """Its error documents with their terms, in order (`doc_json` is what the index lists)."""
    skills: list[dict[str, Any]]
    """Its skills as `compact_index` lists them under `advise`."""

    def doc_entries(self) -> list[dict[str, object]]:
        return [doc_json(item.doc) for item in self.docs]


class RegistryIndex:
    """Iterate for each valid plugin's `PluginIndex`, in registry order; afterwards
    `left_out` (plugin folders with errors, not indexed) and `skills` (how many were)."""

    def __init__(self, root: Path, site_url: str, today: dt.date | None = None) -> None:
        self.root = root.resolve()
        self.config = Config(site_url=site_url)
        self.today = today or dt.datetime.now(dt.timezone.utc).date()
        self.left_out: list[str] = []
        self.skills = 0

    def __iter__(self) -> Iterator[PluginIndex]:
        plugins_dir = self.root / "plugins"
        if not plugins_dir.is_dir():
            return
        folders = plugin_folders(plugins_dir, FileReader(self.root))
        named_twice = _named_twice(self.root, folders)
        left_out = []
        for folder, category in folders:
            reader = FileReader(self.root)
            plugin = load_plugin(folder, category, reader)
            if plugin.path in named_twice or _has_errors(plugin, reader, self.today):
                left_out.append(plugin.path)
                continue
            docs = [index_doc(doc) for doc in docs_for(plugin)]
            skills = [skill_entry(skill_doc(plugin, s), self.config) for s in plugin.skills]
            self.skills += len(skills)
            yield PluginIndex(plugin.path, docs, skills)
        self.left_out = sorted(left_out)


def _has_errors(plugin: Plugin, reader: FileReader, today: dt.date) -> bool:
    """Whether `site-gen check` gives the plugin an error of its own (loading it, its rules,
    its links): `Checked.failing_plugins` for one plugin."""
    problems = list(reader.problems)
    problems += validate_plugin(plugin, today, reader.texts.get(plugin.manifest_path, ""))
    one = Registry(str(reader.root), (plugin,))
    problems += link_problems(reader.texts, frozenset(reader.files), one)
    return any(p.is_error and p.plugin_path == plugin.path for p in problems)


def _named_twice(root: Path, folders: list[tuple[Path, str]]) -> set[str]:
    """Plugin folders (`plugins/<category>/<name>`) that `duplicate_names` gives an error: a
    plugin name used twice, or a skill name (of a readable SKILL.md) used twice."""
    reader = FileReader(root)
    plugins = Counter(folder.name for folder, _ in folders)
    skills: dict[str, list[str]] = {}
    for folder, _ in folders:
        skills_dir = folder / "skills"
        for skill_dir in sorted_dirs(skills_dir, reader) if skills_dir.is_dir() else []:
            skills.setdefault(skill_dir.name, []).append(reader.rel(folder))
    twice = {reader.rel(folder) for folder, _ in folders if plugins[folder.name] > 1}
    for name, owners in skills.items():
        if len(owners) < 2:
            continue
        readable = [
            owner
            for owner in owners
            if reader.read_text(root / owner / "skills" / name / "SKILL.md") is not None
        ]
        if len(readable) > 1:
            twice.update(readable)
    return twice
