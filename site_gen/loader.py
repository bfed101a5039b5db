"""Disk -> `Registry`: plugin folders, manifests, skills and references (through `files`).

Never raises on user data: what cannot be read becomes a `Problem` naming the file and
line, and the rest of the registry is still loaded so every problem is reported at once.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import markdown_entries
from . import problems as P
from .files import FileReader, scan_files, sorted_dirs
from .markdown import parse_document, slugify
from .model import Plugin, Reference, Registry, Skill, TroubleshootingEntry
from .parse_skill import layout_warnings, parse_skill
from .parse_trouble_shapes import with_shapes
from .parse_troubleshooting import parse_issue_sections, parse_troubleshooting_file
from .progress import Phase

if TYPE_CHECKING:
    from .plugin_cache import PluginStore


@dataclasses.dataclass(frozen=True)
class LoadResult:
    registry: Registry
    problems: list[P.Problem]
    texts: dict[str, str]
    """Every readable text file under `plugins/`, by registry-relative path."""
    files: frozenset[str]
    """Every file path under `plugins/`, registry-relative (link checks)."""
    links: dict[str, tuple[tuple[int, str, str], ...]] = dataclasses.field(default_factory=dict)
    """Relative links of Markdown files loaded from the plugin cache, whose parse may not be
    held (`validate.links.relative_links`), by path."""


LoadCache = dict[str, "_CachedPlugin"]
"""Plugin folder -> what loading it gave last time; `serve` keeps one between rebuilds."""


@dataclasses.dataclass(frozen=True)
class _CachedPlugin:
    signature: tuple[tuple[str, int, int], ...]
    """(path, mtime_ns, size) of every file and folder in the plugin: any edit changes it."""
    plugin: Plugin
    problems: tuple[P.Problem, ...]
    texts: tuple[tuple[str, str], ...]
    files: frozenset[str]


def load_registry(
    root: Path,
    cache: LoadCache | None = None,
    step: Phase | None = None,
    stored: PluginStore | None = None,
) -> LoadResult:
    """Load every `plugins/<category>/<name>/` under `root`.

    With a `cache`, plugins whose files did not change since the last call are reused.
    `step` (a progress phase) gets the number of plugin folders, then one count per plugin.
    With `stored` (`plugin_cache`), plugins come from the build cache when no byte changed.
    """
    root = root.resolve()
    reader = FileReader(root)
    plugins_dir = root / "plugins"
    plugins: list[Plugin] = []
    if not plugins_dir.is_dir():
        reader.problems.append(
            P.error(
                "plugins",
                0,
                "E001",
                "no plugins/ folder in the registry root",
                f"run site-gen from the registry root or pass --root (looked in {root})",
            )
        )
    else:
        folders = plugin_folders(plugins_dir, reader)
        step = step or Phase("load")
        step.total = len(folders)
        load = load_plugin if stored is None else stored.load
        for plugin_dir, category in folders:
            if cache is None:
                plugins.append(load(plugin_dir, category, reader))
            else:
                plugins.append(_load_cached(plugin_dir, category, reader, cache, load))
            step.advance()
    if cache is not None:  # forget plugins that are gone (a long `serve` session)
        for key in set(cache) - {os.path.join(root, p.path) for p in plugins}:
            del cache[key]
    registry = Registry(str(root), tuple(plugins))
    links = stored.links if stored is not None else {}
    return LoadResult(registry, reader.problems, reader.texts, frozenset(reader.files), links)


def plugin_folders(plugins_dir: Path, reader: FileReader) -> list[tuple[Path, str]]:
    """(folder, category) of every plugin under `plugins/`, in registry order."""
    folders: list[tuple[Path, str]] = []
    for category_dir in sorted_dirs(plugins_dir, reader):
        if (category_dir / ".claude-plugin").exists():
            reader.problems.append(
                P.error(
                    reader.rel(category_dir),
                    0,
                    "E002",
                    "plugin folder sits directly under plugins/, without a category",
                    f"move it to plugins/<category>/{category_dir.name}/",
                )
            )
            continue
        folders.extend((folder, category_dir.name) for folder in sorted_dirs(category_dir, reader))
    return folders


def _load_cached(
    folder: Path,
    category: str,
    reader: FileReader,
    cache: LoadCache,
    load: Callable[[Path, str, FileReader], Plugin],
) -> Plugin:
    """`load` through the cache: a plugin is re-read only when a file changed."""
    key = os.fspath(folder)
    signature = _signature(folder)
    hit = cache.get(key)
    if hit is None or hit.signature != signature:
        own = FileReader(reader.root)
        plugin = load(folder, category, own)
        hit = _CachedPlugin(
            signature, plugin, tuple(own.problems), tuple(own.texts.items()), frozenset(own.files)
        )
        cache[key] = hit
    reader.problems.extend(hit.problems)
    reader.texts.update(hit.texts)
    reader.files.update(hit.files)
    return hit.plugin


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in [*dirnames, *sorted(filenames)]:
            path = os.path.join(dirpath, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            entries.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def load_plugin(folder: Path, category: str, reader: FileReader) -> Plugin:
    """One plugin folder; its problems, texts and files go to `reader`."""
    rel = reader.rel(folder)
    manifest = _load_manifest(folder / ".claude-plugin" / "plugin.json", reader)
    skills = _load_skills(folder, reader)
    references = []
    troubleshooting: list[TroubleshootingEntry] = []
    refs_dir = folder / "references"
    if refs_dir.is_dir():
        for path in sorted(refs_dir.glob("*.md")):
            text = reader.read_text(path)
            if text is None:
                continue
            ref_path = reader.rel(path)
            document = parse_document(text)
            reader.problems.extend(layout_warnings(document, ref_path))
            title = next((s.title for s in document.sections if s.level == 1), "")
            references.append(Reference(ref_path, title or path.stem, text, document))
            found: list[TroubleshootingEntry] = []
            if path.name == "troubleshooting.md":
                found = parse_troubleshooting_file(text, ref_path, document)
            elif path.name == "experiment-log.md":
                found = parse_issue_sections(text, ref_path, document=document)
            troubleshooting.extend(with_shapes(found, document, ref_path))
    scripts, digest = scan_files(folder, reader)
    other = markdown_entries.read(rel, skills, scripts, reader.texts)
    troubleshooting.extend(other.plugin_entries)
    skills, troubleshooting = _assign_anchors(other.skills, troubleshooting)
    return Plugin(
        category=category,
        name=folder.name,
        path=rel,
        manifest=manifest,
        skills=tuple(skills),
        references=tuple(references),
        scripts=tuple(s for s in scripts if s.startswith(f"{rel}/scripts/")),
        troubleshooting=tuple(troubleshooting),
        content_hash=digest,
        files=frozenset(scripts),
        documents=tuple(other.documents),
    )


def _load_manifest(path: Path, reader: FileReader) -> dict[str, object]:
    text = reader.read_text(path)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except RecursionError:
        reader.problems.append(
            P.error(
                reader.rel(path),
                1,
                "E103",
                "plugin.json nests too deeply to read",
                '{"name": "...", "version": "1.0.0", "description": "...", ...}',
            )
        )
        return {}
    except json.JSONDecodeError as exc:
        reader.problems.append(
            P.error(
                reader.rel(path),
                exc.lineno,
                "E101",
                f"plugin.json is not valid JSON: {exc.msg}",
                "check for a trailing comma or a missing quote near this line",
            )
        )
        return {}
    if not isinstance(data, dict):
        reader.problems.append(
            P.error(
                reader.rel(path),
                1,
                "E102",
                "plugin.json must be a JSON object",
                '{"name": "...", "version": "1.0.0", "description": "...", ...}',
            )
        )
        return {}
    return data


def _load_skills(folder: Path, reader: FileReader) -> list[Skill]:
    skills_dir = folder / "skills"
    skills: list[Skill] = []
    dirs = sorted_dirs(skills_dir, reader) if skills_dir.is_dir() else []
    if not dirs:
        reader.problems.append(
            P.error(
                reader.rel(folder),
                0,
                "E200",
                "plugin has no skills/<name>/SKILL.md",
                f"create skills/{folder.name}/SKILL.md (site-gen new scaffolds one)",
            )
        )
    for skill_dir in dirs:
        path = skill_dir / "SKILL.md"
        text = reader.read_text(path)
        if text is None:
            continue
        skill, found = parse_skill(text, reader.rel(path), skill_dir.name)
        reader.problems.extend(found)
        skills.append(skill)
    return skills


def _assign_anchors(
    skills: list[Skill], entries: list[TroubleshootingEntry]
) -> tuple[list[Skill], list[TroubleshootingEntry]]:
    """Give every troubleshooting entry of a plugin a unique, stable anchor."""
    used: set[str] = set()

    def anchor(entry: TroubleshootingEntry) -> TroubleshootingEntry:
        base = "error-" + slugify(entry.errors[0] if entry.errors else entry.title)[:60]
        base = base.rstrip("-")
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return dataclasses.replace(entry, anchor=candidate)

    new_skills = [
        dataclasses.replace(s, troubleshooting=tuple(anchor(e) for e in s.troubleshooting))
        for s in skills
    ]
    return new_skills, [anchor(e) for e in entries]
