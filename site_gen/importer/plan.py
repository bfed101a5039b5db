"""Skills found in a source -> what importing them does to the registry. Reads, never writes.

Each skill becomes one `plugins/<category>/<name>/` with its files byte for byte and a
generated `.claude-plugin/plugin.json`. A name that is invalid or taken is refused with the
name it could use instead: never renamed silently, never written over.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import problems as P
from ..emit.marketplace import ALL_SKILLS
from ..model import TAG
from ..parse_skill import parse_front_matter
from ..validate import MAX_NAME, NAME, RESERVED_PREFIXES, SEMVER, check_name
from .layouts import Candidate
from .source import git_authors

MANIFEST = ".claude-plugin/plugin.json"
Content = Path | bytes
"""A file of the source, or bytes made here (a generated plugin.json)."""
DEFAULT_CATEGORY = "imported"
FIRST_VERSION = "1.0.0"


@dataclass(frozen=True)
class Options:
    category: str = ""
    """Category for skills whose front matter names none (`--category`)."""
    author: str = ""
    """Author for skills whose front matter and manifest name none (`--author`)."""
    update: bool = False
    """Bring changed skills up to date (version bumped) instead of refusing them."""


@dataclass
class Planned:
    """What happens to one skill of the source."""

    candidate: Candidate
    action: str
    """new, update, unchanged or refused."""
    target: str = ""
    """Registry-relative plugin folder (`plugins/<category>/<name>`)."""
    files: dict[str, Content] = field(default_factory=dict)
    """Plugin-relative path -> what to write there: everything for new, what changed for update.
    Source files stay paths until written, so thousands of skills never sit in memory."""
    versions: tuple[str, str] = ("", "")
    """(before, after) for an update."""
    executable: frozenset[str] = frozenset()
    """Paths among `files` that are executable in the source (scripts keep their mode)."""
    problems: list[P.Problem] = field(default_factory=list)


def plan_import(
    root: Path, source: Path, candidates: list[Candidate], options: Options
) -> list[Planned]:
    """One `Planned` per candidate, in the source's order."""
    existing = _existing_plugins(root)
    git_authors.cache_clear()  # read the source's history once per import, and afresh
    taken: set[str] = {ALL_SKILLS}
    planned = []
    for candidate in candidates:
        item = _plan_one(root, source, candidate, options, existing, taken)
        item.problems = candidate.problems + item.problems
        if item.action != "refused":
            taken.add(candidate.name)
        planned.append(item)
    return planned


def _existing_plugins(root: Path) -> dict[str, Path]:
    plugins = root / "plugins"
    found: dict[str, Path] = {}
    if plugins.is_dir():
        for folder in sorted(plugins.glob("*/*")):
            if folder.is_dir() and not folder.name.startswith("."):
                found.setdefault(folder.name, folder)
    return found


def _plan_one(
    root: Path,
    source: Path,
    candidate: Candidate,
    options: Options,
    existing: dict[str, Path],
    taken: set[str],
) -> Planned:
    name = candidate.name
    why = check_name(name)
    if why:
        return _refused(
            candidate,
            "E603",
            f"name '{name}' {why}; it would be imported as "
            f"'{suggest_name(name, taken | set(existing))}'",
            "rename its folder (and its front matter name) in the source, then import again",
        )
    if name in taken:
        return _refused(
            candidate,
            "E604",
            f"another skill of this source, or the reserved '{ALL_SKILLS}', is named '{name}'; "
            f"this one would be imported as '{suggest_name(name, taken | set(existing))}'",
            "rename one of them in the source, then import again",
        )
    if not candidate.skill_file or candidate.skill_file not in candidate.files:
        return _refused(candidate, "E609", "no SKILL.md to import", "")
    files: dict[str, Content] = dict(candidate.files)
    front = _front_matter(candidate.files[candidate.skill_file].read_bytes(), candidate.skill_file)
    if not candidate.keep_manifest:
        files[MANIFEST] = _manifest_bytes(_manifest(root, source, candidate, front, options))
    folder = existing.get(name)
    if folder is None:
        category = _category(candidate, front, options)
        item = Planned(candidate, "new", f"plugins/{category}/{name}", files)
    else:
        target = folder.relative_to(root).as_posix()
        item = _plan_existing(candidate, folder, target, files, options)
    item.executable = frozenset(
        p for p, f in candidate.files.items() if p in item.files and f.stat().st_mode & 0o111
    )
    return item


def _plan_existing(
    candidate: Candidate, folder: Path, target: str, files: dict[str, Content], options: Options
) -> Planned:
    """Unchanged, refused as a clash, or (with --update) the changed files and a new version."""
    old_manifest = _read_manifest(folder / MANIFEST)
    new_manifest = _parse_manifest(read_content(files.get(MANIFEST, b"")))
    if not candidate.keep_manifest:  # what the user added to plugin.json stays
        new_manifest = {**old_manifest, **_imported_keys(new_manifest, old_manifest)}
    changed = {
        path: data
        for path, data in files.items()
        if path != MANIFEST and not _same(data, folder / path)
    }
    same_manifest = _without_version(new_manifest) == _without_version(old_manifest)
    if not changed and same_manifest:
        return Planned(candidate, "unchanged", target)
    if not options.update:
        return _refused(
            candidate,
            "E604",
            f"'{candidate.name}' exists at {target} and differs from the source",
            "pass --update to update it (its version is bumped), or rename the skill in the source",
        )
    before = str(old_manifest.get("version", ""))
    after = _next_version(before, str(new_manifest.get("version", "")))
    new_manifest["version"] = after
    changed[MANIFEST] = _manifest_bytes(new_manifest)
    return Planned(candidate, "update", target, changed, (before, after))


def _imported_keys(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """The generated keys an update may change: the source's text, not the team's edits."""
    keys = ["name", "description"] + [k for k in ("author", "keywords") if k not in old]
    return {k: new[k] for k in keys if k in new}


def _refused(candidate: Candidate, code: str, message: str, hint: str) -> Planned:
    return Planned(
        candidate, "refused", problems=[P.error(candidate.origin, 0, code, message, hint)]
    )


def suggest_name(name: str, taken: set[str]) -> str:
    """A valid name close to `name` that is not in `taken`."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower())
    base = "-".join(words)
    while base.startswith(RESERVED_PREFIXES):
        base = base.split("-", 1)[1] if "-" in base else ""
    base = base[:MAX_NAME].strip("-") or "skill"
    candidate, number = base, 2
    while candidate in taken or check_name(candidate):
        suffix = f"-{number}"
        candidate = base[: MAX_NAME - len(suffix)].strip("-") + suffix
        number += 1
    return candidate


def _front_matter(data: bytes, path: str) -> dict[str, Any]:
    """SKILL.md's front matter, or {} (what is wrong with it, `check` reports with a line)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return {}
    return parse_front_matter(text, path)[0]


def _meta(front: dict[str, Any], key: str) -> Any:
    metadata = front.get("metadata")
    if key in front:
        return front[key]
    return metadata.get(key) if isinstance(metadata, dict) else None


def _category(candidate: Candidate, front: dict[str, Any], options: Options) -> str:
    """Front matter, then --category, then the source's folders, then `imported`.

    A plugin from this registry's own layout keeps its category folder.
    """
    order = [_meta(front, "category"), options.category, candidate.category]
    if candidate.keep_manifest:
        order = [candidate.category, *order]
    for value in order:
        slug = "-".join(re.findall(r"[a-z0-9]+", str(value or "").lower()))[:MAX_NAME]
        if slug and NAME.match(slug):
            return slug
    return DEFAULT_CATEGORY


def _manifest(
    root: Path, source: Path, candidate: Candidate, front: dict[str, Any], options: Options
) -> dict[str, Any]:
    """plugin.json for a skill: name, version, description, author, keywords, skills."""
    data = candidate.manifest
    manifest: dict[str, Any] = {"name": candidate.name}
    manifest["version"] = _version(_meta(front, "version")) or _version(data.get("version"))
    manifest["version"] = manifest["version"] or FIRST_VERSION
    description = front.get("description")
    if isinstance(description, str) and description.strip():
        manifest["description"] = description.strip()
    manifest["author"] = {"name": _author(source, candidate, front, options)}
    keywords = _keywords(_meta(front, "tags")) or _keywords(data.get("keywords", data.get("tags")))
    if keywords:
        manifest["keywords"] = keywords
    for key in ("homepage", "repository", "license"):
        if isinstance(data.get(key), str) and data[key].strip():
            manifest[key] = data[key]
    manifest["skills"] = "./skills"
    return manifest


def _author(source: Path, candidate: Candidate, front: dict[str, Any], options: Options) -> str:
    """Front matter, the source manifest, --author, the source's git author, its owner."""
    for value in (_meta(front, "author"), candidate.manifest.get("author")):
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    if options.author.strip():
        return options.author.strip()
    skill = candidate.files.get(candidate.skill_file)
    committed = git_authors(source).get(skill.relative_to(source).as_posix(), "") if skill else ""
    if committed:
        return committed
    owner = candidate.manifest.get("owner")
    if isinstance(owner, dict) and isinstance(owner.get("name"), str) and owner["name"].strip():
        return str(owner["name"]).strip()
    return "unknown"


def _keywords(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    found: list[str] = []
    for item in items:
        tag = str(item).strip().lower()
        if TAG.fullmatch(tag) and tag not in found:
            found.append(tag)
    return found


def _version(value: Any) -> str:
    """A semantic version from what the source wrote ('1.2' -> '1.2.0'), or ''."""
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""
    if re.fullmatch(r"\d+(?:\.\d+){0,2}", text):
        text = ".".join([*text.split("."), "0", "0"][:3])
    return text if SEMVER.match(text) else ""


def _next_version(before: str, proposed: str) -> str:
    """The source's version when it is newer, else `before` with its patch number bumped."""
    old, new = _numbers(before), _numbers(proposed)
    if new and (not old or new > old):
        return proposed
    if not old:
        return FIRST_VERSION
    return f"{old[0]}.{old[1]}.{old[2] + 1}"


def _numbers(version: str) -> tuple[int, int, int] | None:
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _without_version(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k != "version"}


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The template's key order (name, version, description, ...), then any others in order."""
    order = ["name", "version", "description", "author", "homepage", "repository", "license"]
    order += ["keywords", "skills"]
    keys = [k for k in order if k in manifest] + [k for k in manifest if k not in order]
    text = json.dumps({k: manifest[k] for k in keys}, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _read_manifest(path: Path) -> dict[str, Any]:
    return _parse_manifest(_read_bytes(path) or b"")


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def read_content(content: Content) -> bytes:
    return content.read_bytes() if isinstance(content, Path) else content


def _same(content: Content, existing: Path) -> bool:
    """`existing` is a regular file holding exactly `content` (sizes compared first)."""
    if not existing.is_file() or existing.is_symlink():
        return False
    size = content.stat().st_size if isinstance(content, Path) else len(content)
    return existing.stat().st_size == size and existing.read_bytes() == read_content(content)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None
