"""A source folder -> the skills in it, by looking at its layout.

Four layouts are recognised, tried in this order (the first that matches is used):
this registry's own (`plugins/<category>/<name>/.claude-plugin/plugin.json`), a Claude Code
plugin marketplace (`.claude-plugin/marketplace.json`), flat skill files
(`skills/<name>.md` with `<name>.notes.md`), and Agent Skills folders (`<dir>/<name>/SKILL.md`).
Nothing here writes; every file is only listed, to be read by `plan`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import problems as P

SKIPPED = {".git", "__pycache__", ".DS_Store", "node_modules", ".venv"}
"""Never copied: version control, caches and installed dependencies are not the skill."""
MAX_DEPTH = 8
"""How deep SKILL.md files are looked for (a collection nests a few folders at most)."""

LOOKED_FOR = (
    "this registry's layout: plugins/<category>/<name>/.claude-plugin/plugin.json",
    "a Claude Code plugin marketplace: .claude-plugin/marketplace.json",
    "flat skill files: skills/<name>.md with YAML front matter (and <name>.notes.md)",
    "Agent Skills folders: <dir>/<name>/SKILL.md (e.g. ~/.claude/skills, skills/<name>/)",
)


@dataclass
class Candidate:
    """One skill found in the source, with every file that comes along."""

    name: str
    """The name it arrives with: its folder's (or flat file's) name."""
    origin: str
    """Where it is in the source, source-relative, for messages."""
    files: dict[str, Path]
    """Plugin-relative path -> file in the source (SKILL.md is `skills/<name>/SKILL.md`)."""
    skill_file: str = ""
    """Plugin-relative path of its SKILL.md."""
    category: str = ""
    """From the source's structure ('' when the structure says nothing)."""
    manifest: dict[str, Any] = field(default_factory=dict)
    """Plugin data the source gives besides the SKILL.md (a marketplace entry, a plugin.json)."""
    keep_manifest: bool = False
    """This registry's layout: plugin.json is among `files` and comes in as it is."""
    problems: list[P.Problem] = field(default_factory=list)
    """Files refused (a symlink out of the source) and other notes about this skill."""


@dataclass
class Found:
    layout: str
    candidates: list[Candidate]
    problems: list[P.Problem] = field(default_factory=list)
    """Problems of the source as a whole (an unreadable marketplace entry)."""


def find_skills(root: Path) -> Found | None:
    """The skills in `root` by the first layout that matches, or None when none does."""
    if any(root.glob("plugins/*/*/.claude-plugin/plugin.json")):
        return Found("registry", list(_registry(root)))
    if (root / ".claude-plugin" / "marketplace.json").is_file():
        return _marketplace(root)
    flat = _flat_dir(root)
    if flat is not None:
        return Found("flat", list(_flat(root, flat)))
    folders = list(_skill_folders(root))
    if folders:
        return Found("agent-skills", [_folder(root, d, _parent_category(root, d)) for d in folders])
    return None


def _registry(root: Path) -> Iterator[Candidate]:
    for manifest in sorted(root.glob("plugins/*/*/.claude-plugin/plugin.json")):
        folder = manifest.parent.parent
        candidate = Candidate(folder.name, _rel(root, folder), {}, category=folder.parent.name)
        candidate.keep_manifest = True
        candidate.files = _walk(root, folder, "", candidate)
        skills = sorted(p for p in candidate.files if _is_skill_md(p))
        candidate.skill_file = next(
            (p for p in skills if p == f"skills/{folder.name}/SKILL.md"),
            skills[0] if skills else "",
        )
        yield candidate


def _is_skill_md(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "skills" and parts[2] == "SKILL.md"


def _marketplace(root: Path) -> Found:
    path = root / ".claude-plugin" / "marketplace.json"
    rel = _rel(root, path)
    found = Found("marketplace", [])
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        found.problems.append(
            P.error(rel, 0, "E606", f"marketplace.json cannot be read: {exc}", "fix the JSON")
        )
        return found
    entries = data.get("plugins") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        found.problems.append(P.error(rel, 0, "E606", "marketplace.json has no 'plugins' list", ""))
        return found
    owner = data.get("owner", {}) if isinstance(data, dict) else {}
    metadata = data.get("metadata")
    plugin_root = str(metadata.get("pluginRoot") or "") if isinstance(metadata, dict) else ""
    seen: set[Path] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("name") or f"plugins[{index}]")
        source = entry.get("source")
        if not isinstance(source, str):
            found.problems.append(
                P.error(
                    rel,
                    0,
                    "E607",
                    f"plugin '{name}' comes from elsewhere ({json.dumps(source)[:80]}): "
                    "not imported",
                    "import that repository itself: site-gen import <its git URL>",
                )
            )
            continue
        if not source.startswith(("./", "../")) and plugin_root:
            source = f"{plugin_root.rstrip('/')}/{source}"
        try:
            base = (root / source).resolve()
        except (OSError, ValueError):  # a NUL byte, a symlink loop
            base = root / ".claude-plugin" / "missing"
        if not _inside(root, base) or not base.is_dir():
            found.problems.append(
                P.error(rel, 0, "E612", f"plugin '{name}': source '{source}' is not a folder here")
            )
            continue
        manifest = _read_json(base / ".claude-plugin" / "plugin.json")
        data_for_skills = {**manifest, **{k: v for k, v in entry.items() if k != "source"}}
        if isinstance(owner, dict) and "author" not in data_for_skills and owner.get("name"):
            data_for_skills["owner"] = owner
        dirs = _entry_skill_dirs(root, base, entry, manifest)
        if not dirs:
            found.problems.append(
                P.warning(rel, 0, "W613", f"plugin '{name}' has no skills/<name>/SKILL.md")
            )
        bundle = len(dirs) > 1 or str(source).rstrip("/") in (".", "./")
        for skill_dir in dirs:
            if skill_dir in seen:
                continue  # listed by two entries: the first one brings it
            seen.add(skill_dir)
            category = str(entry.get("category") or "") or (name if bundle else "")
            candidate = _folder(root, skill_dir, category or _parent_category(root, skill_dir))
            candidate.manifest = data_for_skills
            extras = sorted(k for k in ("commands", "agents", "hooks", "mcpServers") if k in entry)
            extras += sorted(d for d in ("commands", "agents", "hooks") if (base / d).is_dir())
            if extras and base != root:
                candidate.problems.append(
                    P.warning(
                        candidate.origin,
                        0,
                        "W611",
                        f"plugin '{name}' also has {', '.join(sorted(set(extras)))}: "
                        "only its skills are imported",
                        "the registry publishes skills; keep the rest in its own plugin",
                    )
                )
            found.candidates.append(candidate)
    return found


def _entry_skill_dirs(
    root: Path, base: Path, entry: dict[str, Any], manifest: dict[str, Any]
) -> list[Path]:
    """A marketplace plugin's skill folders: its `skills` paths, else `skills/*/`."""
    listed = entry.get("skills", manifest.get("skills"))
    paths = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
    dirs: list[Path] = []
    for item in paths or ["./skills"]:
        if not isinstance(item, str):
            continue
        try:
            folder = (base / item).resolve()
        except (OSError, ValueError):
            continue
        if not _inside(root, folder) or not folder.is_dir():
            continue
        if (folder / "SKILL.md").is_file():
            dirs.append(folder)
        else:
            dirs.extend(sorted(d for d in folder.iterdir() if (d / "SKILL.md").is_file()))
    return dirs


def _flat_dir(root: Path) -> Path | None:
    """`skills/` (or SOURCE itself) when it holds more `<name>.md` skills than skill folders:
    a README with front matter beside `<name>/SKILL.md` folders does not make it flat."""
    for folder in (root / "skills", root):
        if not folder.is_dir():
            continue
        flat = sum(1 for _ in _flat_files(folder))
        if flat and flat > sum(1 for _ in folder.glob("*/SKILL.md")):
            return folder
    return None


NOT_SKILLS = {"readme.md", "changelog.md", "contributing.md", "license.md", "index.md"}


def _flat_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.glob("*.md")):
        if path.name.endswith(".notes.md") or path.name.lower() in NOT_SKILLS:
            continue
        if not path.is_file():
            continue
        with open(path, "rb") as handle:
            if handle.read(4).rstrip(b"\r\n") == b"---":
                yield path


def _flat(root: Path, folder: Path) -> Iterator[Candidate]:
    for path in _flat_files(folder):
        name = path.name.removesuffix(".md")
        candidate = Candidate(name, _rel(root, path), {}, skill_file=f"skills/{name}/SKILL.md")
        for target, source in (
            (candidate.skill_file, path),
            ("references/experiment-log.md", path.with_name(f"{name}.notes.md")),
        ):
            if source.exists() or source.is_symlink():
                _add_file(root, source, target, candidate, candidate.files)
        yield candidate


def _skill_folders(root: Path) -> Iterator[Path]:
    if (root / "SKILL.md").is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        depth = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED and depth < MAX_DEPTH)
        if "SKILL.md" in filenames and Path(dirpath) != root:
            dirnames[:] = []  # a skill's own folders are its files, not more skills
            yield Path(dirpath)


def _folder(root: Path, folder: Path, category: str) -> Candidate:
    name = folder.name
    candidate = Candidate(name, _rel(root, folder), {}, skill_file=f"skills/{name}/SKILL.md")
    candidate.category = category
    candidate.files = _walk(root, folder, f"skills/{name}/", candidate)
    return candidate


GENERIC_FOLDERS = {"skills", ".claude", "claude", "src", "plugins", ".agents", "agents", ""}
"""Folder names that say where skills live, not what they are about."""


def _parent_category(root: Path, folder: Path) -> str:
    """The folder a skill sits in, when it names a subject (`scientific-skills/<name>/`)."""
    parent = folder.parent
    if folder == root or parent == root or parent.name.lower() in GENERIC_FOLDERS:
        return ""
    return parent.name


def _walk(root: Path, folder: Path, prefix: str, candidate: Candidate) -> dict[str, Path]:
    """Every file under `folder` (symlinks that stay in the source followed, once)."""
    files: dict[str, Path] = {}
    visited = {os.path.realpath(folder)}
    stack = [(folder, prefix)]
    while stack:
        current, at = stack.pop()
        for child in sorted(current.iterdir()):
            if child.name in SKIPPED or child.name.endswith(".pyc"):
                continue
            target = at + child.name
            if child.is_dir():
                if child.is_symlink() and not _link_allowed(root, child, candidate):
                    continue
                real = os.path.realpath(child)
                if real not in visited:
                    visited.add(real)
                    stack.append((child, target + "/"))
            else:
                _add_file(root, child, target, candidate, files)
    return dict(sorted(files.items()))


def _add_file(
    root: Path, path: Path, target: str, candidate: Candidate, files: dict[str, Path]
) -> None:
    if path.is_symlink() and not _link_allowed(root, path, candidate):
        return
    if path.is_file():  # a dangling link, a socket or a fifo is not a file to copy
        files[target] = path


def _link_allowed(root: Path, link: Path, candidate: Candidate) -> bool:
    if _inside(root, Path(os.path.realpath(link))):
        return True
    candidate.problems.append(
        P.error(
            _rel(root, link),
            0,
            "E605",
            f"symlink points outside the source (to {os.readlink(link)}): not copied",
            "copy the file into the skill folder if it belongs to the skill",
        )
    )
    return False


def _inside(root: Path, path: Path) -> bool:
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    return real == real_root or real_root in real.parents


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
