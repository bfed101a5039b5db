"""The repo's marketplace file: regenerate it, tell when it is stale, and check what Claude
Code's own validator lets through (skills paths, versions, reserved names)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import problems as P
from .config import Config
from .emit.marketplace import ALL_SKILLS, REPO_PATH, ROOT_PATH, render_marketplace
from .model import Registry
from .validate import check_name
from .versions import version_problems

RESERVED_MARKETPLACES = frozenset(
    {
        "agent-skills",
        "anthropic-agent-skills",
        "anthropic-marketplace",
        "anthropic-plugin-directory",
        "anthropic-plugins",
        "claude-code-marketplace",
        "claude-code-plugins",
        "claude-community",
        "claude-for-financial-services",
        "claude-for-legal",
        "claude-plugin-directory",
        "claude-plugins-community",
        "claude-plugins-official",
        "financial-services-plugins",
        "first-party-plugins",
        "healthcare",
        "knowledge-work-plugins",
        "life-sciences",
    }
)
"""Names `claude plugin marketplace add` refuses (validate passes them): from Claude Code 2.1."""
MARKETPLACE_KEYS = {"$schema", "name", "owner", "description", "metadata", "plugins", "version"}
ENTRY_KEYS = {
    "name",
    "source",
    "description",
    "version",
    "author",
    "category",
    "tags",
    "keywords",
    "homepage",
    "repository",
    "license",
    "strict",
    "skills",
    "commands",
    "agents",
    "hooks",
    "mcpServers",
    "lspServers",
}


@dataclass(frozen=True)
class Sync:
    """What `site-gen marketplace` found: the fresh text and how the committed file differs."""

    text: str
    summary: str
    """One line; '' when the committed files are current."""

    @property
    def stale(self) -> bool:
        return bool(self.summary)


def compare_marketplace(root: Path, registry: Registry, config: Config) -> Sync:
    """The marketplace the registry implies, and a one-line summary of what is out of date."""
    text = render_marketplace(registry, config)
    path = root / REPO_PATH
    old = path.read_text("utf-8") if path.is_file() else None
    if old is None:
        return Sync(text, f"{REPO_PATH} is missing")
    if old != text:
        return Sync(text, f"{REPO_PATH} is stale: {_diff_summary(old, text)}")
    if not _root_link_ok(root):
        return Sync(text, f"{ROOT_PATH} must be a symlink to {REPO_PATH}")
    return Sync(text, "")


def write_marketplace(root: Path, sync: Sync) -> None:
    """Write the repo copy and point the root `marketplace.json` at it with a symlink."""
    path = root / REPO_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sync.text, "utf-8")
    link = root / ROOT_PATH
    if not _root_link_ok(root):
        if link.is_symlink() or link.exists():
            link.unlink()
        # One source of truth: the CLI reads .claude-plugin/, the seed's layout shows the root.
        link.symlink_to(REPO_PATH)


def _root_link_ok(root: Path) -> bool:
    link = root / ROOT_PATH
    return link.is_symlink() and os.readlink(link) == REPO_PATH


def _diff_summary(old: str, new: str) -> str:
    try:
        before = _entries(json.loads(old))
    except (ValueError, RecursionError):
        return "not valid JSON"
    after = _entries(json.loads(new))
    parts = []
    for label, names in (
        ("added", sorted(after.keys() - before.keys())),
        ("removed", sorted(before.keys() - after.keys())),
        ("changed", sorted(n for n in after.keys() & before.keys() if after[n] != before[n])),
    ):
        if names:
            parts.append(f"{label} {', '.join(names)}")
    return "; ".join(parts or ["formatting or header differs"]) + "; run: site-gen marketplace"


def _entries(doc: Any) -> dict[str, Any]:
    plugins = doc.get("plugins", []) if isinstance(doc, dict) else []
    if not isinstance(plugins, list):
        return {}
    return {str(p.get("name")): p for p in plugins if isinstance(p, dict)}


def claude_code_problems(root: Path, registry: Registry, base: str | None) -> list[P.Problem]:
    """What `site-gen check` adds to the registry's rules: the committed marketplace file
    (which `site-gen marketplace` regenerates) and, with a base, version bumps and skills
    that repeat an existing one."""
    found = []
    path = root / REPO_PATH
    if path.is_file():
        found.extend(_check_file(root, path.read_text("utf-8", errors="replace"), registry))
    if not base:
        return found
    from .overlap import overlap_problems  # imports the search code: only with --base

    return found + version_problems(root, registry, base) + overlap_problems(root, registry, base)


def marketplace_rules(root: Path, registry: Registry, config: Config) -> list[P.Problem]:
    """Claude Code's refusals at add and install time that its validator misses; part of
    every command's check (`check_registry`), so `build` never publishes what `check` refuses."""
    found = list(_check_config(config))
    if (root / ".claude-plugin" / "plugin.json").exists():
        found.append(
            P.error(
                ".claude-plugin/plugin.json",
                0,
                "E141",
                "a plugin.json at the registry root conflicts with the all-skills entry",
                "Claude Code refuses 'conflicting manifests' for a strict: false entry: remove it",
            )
        )
    taken = registry.find(ALL_SKILLS)
    if taken:
        found.append(
            P.error(
                taken.manifest_path,
                0,
                "E142",
                f"the plugin name '{ALL_SKILLS}' is taken by the bundle of every skill",
                "rename the plugin",
            )
        )
    return found


def _check_config(config: Config) -> list[P.Problem]:
    name = config.marketplace
    why = check_name(name)
    if not why and name.lower() in RESERVED_MARKETPLACES:
        why = "is reserved for Anthropic's marketplaces: `claude plugin marketplace add` refuses it"
    if not why:
        return []
    return [
        P.error(
            "pyproject.toml",
            0,
            "E140",
            f"[tool.site-gen] marketplace name '{name}' {why}",
            'pick your team\'s own kebab-case name, e.g. marketplace = "acme-ml-skills"',
        )
    ]


def _check_file(root: Path, text: str, registry: Registry) -> list[P.Problem]:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return [P.error(REPO_PATH, 0, "E150", f"invalid JSON: {exc}", "run: site-gen marketplace")]
    if not isinstance(doc, dict):
        return [P.error(REPO_PATH, 0, "E150", "not a JSON object", "run: site-gen marketplace")]
    found = [
        P.warning(REPO_PATH, _line(text, key), "W151", f"unknown key '{key}'", _REGENERATE)
        for key in sorted(set(doc) - MARKETPLACE_KEYS)
    ]
    entries = doc.get("plugins", [])
    if not isinstance(entries, list):
        kind = type(entries).__name__
        found.append(
            P.error(
                REPO_PATH,
                _line(text, "plugins"),
                "E150",
                f"'plugins' is a {kind}, not a list",
                "run: site-gen marketplace",
            )
        )
        entries = []
    for entry in entries:
        if isinstance(entry, dict):
            found.extend(_check_entry(root, text, entry, registry))
    return found


_REGENERATE = "Claude Code's --strict validation fails on it; run: site-gen marketplace"


def _check_entry(
    root: Path, text: str, entry: dict[str, Any], registry: Registry
) -> list[P.Problem]:
    name = str(entry.get("name", ""))
    line = _line(text, "name", name)
    found = [
        P.warning(REPO_PATH, line, "W151", f"'{name}': unknown key '{key}'", _REGENERATE)
        for key in sorted(set(entry) - ENTRY_KEYS)
    ]
    for skill in entry.get("skills", []) if isinstance(entry.get("skills"), list) else []:
        folder = root / str(skill)
        if not (folder / "SKILL.md").is_file():
            found.append(
                P.error(
                    REPO_PATH,
                    _line(text, str(skill)) or line,
                    "E152",
                    f"'{name}': skills path '{skill}' has no SKILL.md",
                    "Claude Code silently installs fewer skills; run: site-gen marketplace",
                )
            )
    plugin = registry.find(name)
    version = entry.get("version")
    if plugin and version is not None and version != plugin.version:
        found.append(
            P.error(
                REPO_PATH,
                line,
                "E153",
                f"'{name}': version {version!r} differs from plugin.json's {plugin.version!r}",
                "Claude Code's validator refuses this; run: site-gen marketplace",
            )
        )
    source = entry.get("source")
    if isinstance(source, str) and source != "./" and not (root / source).is_dir():
        found.append(
            P.error(
                REPO_PATH,
                line,
                "E154",
                f"'{name}': source '{source}' is not a folder",
                "run: site-gen marketplace",
            )
        )
    return found


def _line(text: str, key: str, value: str | None = None) -> int:
    """Line of `"key": "value"` (or of the string `key` alone) in the JSON text; 0 if absent."""
    needle = f'"{key}": {json.dumps(value)}' if value is not None else json.dumps(key)
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 0
