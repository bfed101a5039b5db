"""When each plugin was added and last changed, and by whom: one pass over `git log`.

One `git log --name-status` over `plugins/` gives every commit with the files it touched;
each file belongs to the plugin folder `plugins/<category>/<name>`. Renames are followed
(a plugin moved to another category keeps its history). Outside a git checkout, or for a
plugin with no commit yet, the skill's front-matter `date` and `author` stand in.

Times are commit (committer) timestamps in UTC, so output does not depend on the time zone
of the machine or of the committer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import Plugin, Registry

_RECORD = "\x1e"
_FIELD = "\x1f"
LOG_FORMAT = f"{_RECORD}%ct{_FIELD}%aN"
"""Commit time (Unix seconds) and author name (with .mailmap applied)."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Change:
    """One commit that touched a plugin's folder."""

    when: dt.datetime
    """Commit time, UTC."""
    author: str


@dataclass(frozen=True)
class PluginHistory:
    """A plugin's dates and people, from git or, failing that, from its front matter."""

    added: dt.datetime
    updated: dt.datetime
    updated_by: str
    """Who made the last change ('' when unknown)."""
    authors: tuple[str, ...]
    """Everyone credited: the skill's own `author` first, then git authors by commit count."""
    changes: tuple[Change, ...] = ()
    """Every commit, newest first; empty outside git."""

    @property
    def from_git(self) -> bool:
        return bool(self.changes)


History = Mapping[str, PluginHistory]
"""Plugin folder (`Plugin.path`) -> its history."""


def load_history(root: Path, registry: Registry) -> dict[str, PluginHistory]:
    """Histories of every plugin of `registry`, from the git checkout at `root` if it is one."""
    return plugin_histories(registry, read_git_log(root))


def read_git_log(root: Path) -> dict[str, list[Change]]:
    """Plugin folder -> its commits, newest first; {} outside a git checkout or without git."""
    try:
        result = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "-z",
                "-M",
                "--relative",
                "--name-status",
                f"--format={LOG_FORMAT}",
                "--",
                "plugins/",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    return parse_git_log(result.stdout)


def parse_git_log(text: str) -> dict[str, list[Change]]:
    """The output of `git log -z -M --name-status --format=LOG_FORMAT`, by plugin folder.

    git lists commits newest first; a rename `R old new` makes the older commits of the old
    folder count for the new one.
    """
    changes: dict[str, list[Change]] = {}
    moved: dict[str, str] = {}  # old folder -> the folder it lives in now
    for record in text.split(_RECORD)[1:]:
        header, _, rest = record.partition("\0")
        stamp, _, author = header.partition(_FIELD)
        when = EPOCH + dt.timedelta(seconds=int(stamp))
        fields = rest.lstrip("\n").split("\0")
        folders: set[str] = set()
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i]
            paths = fields[i + 1 : i + 3] if status[:1] in "RC" else fields[i + 1 : i + 2]
            i += 1 + len(paths)
            now = [_current(folder_of(p), moved) for p in paths]
            if status.startswith("R") and len(now) == 2 and now[0] and now[1] != now[0]:
                moved[folder_of(paths[0])] = now[1]
                now = now[1:]
            folders.update(f for f in now if f)
        for folder in sorted(folders):
            changes.setdefault(folder, []).append(Change(when, author))
    return changes


def folder_of(path: str) -> str:
    """`plugins/<category>/<name>/...` -> `plugins/<category>/<name>`; '' for other paths."""
    parts = path.split("/")
    return "/".join(parts[:3]) if len(parts) > 3 and parts[0] == "plugins" else ""


def _current(folder: str, moved: dict[str, str]) -> str:
    seen = set()
    while folder in moved and folder not in seen:
        seen.add(folder)
        folder = moved[folder]
    return folder


def plugin_histories(
    registry: Registry, log: Mapping[str, list[Change]]
) -> dict[str, PluginHistory]:
    """Each plugin's history from its commits, or from its front matter when it has none."""
    return {plugin.path: _history(plugin, log.get(plugin.path, [])) for plugin in registry}


def _history(plugin: Plugin, changes: list[Change]) -> PluginHistory:
    declared = plugin.author.strip()
    people = [c.author for c in changes if c.author and not c.author.endswith("[bot]")]
    counts = {name: people.count(name) for name in people}
    by_count = sorted(counts, key=lambda name: (-counts[name], name))
    ordered = tuple(([declared] if declared else []) + [n for n in by_count if n != declared])
    if not changes:
        day = front_matter_date(plugin)
        return PluginHistory(day, day, declared, ordered)
    newest = max(changes, key=lambda c: c.when)
    return PluginHistory(
        added=min(c.when for c in changes),
        updated=newest.when,
        updated_by=newest.author,
        authors=ordered,
        changes=tuple(sorted(changes, key=lambda c: c.when, reverse=True)),
    )


def front_matter_date(plugin: Plugin) -> dt.datetime:
    """The skill's `date` at midnight UTC; the Unix epoch when it has none or a bad one."""
    try:
        day = dt.date.fromisoformat(plugin.date[:10])
    except ValueError:
        return EPOCH
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def iso(when: dt.datetime) -> str:
    """RFC 3339 in UTC, seconds precision: `2025-11-02T10:15:00Z`."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reference_time(history: History, source_date_epoch: str | None = None) -> dt.datetime:
    """The build's "now" for "new this week": `SOURCE_DATE_EPOCH` when set (reproducible
    builds), else the newest change, never the wall clock (rebuilds stay byte-identical)."""
    if source_date_epoch and source_date_epoch.strip().isdigit():
        return EPOCH + dt.timedelta(seconds=int(source_date_epoch))
    return max((h.updated for h in history.values()), default=EPOCH)
