"""Who contributed what: each person's skills and the failures and fixes they recorded.

A person is credited for a skill when it names them as `author` or when they committed to
its folder. The failed attempts and troubleshooting entries of a skill count as recorded by
its named author (by the first committer when it names none): git says who touched a
file, not who wrote which row, so counting them for every committer would count them twice.
Names are the team's own (front matter, git); nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .history import History, PluginHistory
from .model import Plugin, Registry


@dataclass(frozen=True)
class Credit:
    """One skill on one person's page."""

    plugin: Plugin
    role: str
    """`author` (recorded it) or `contributor` (committed changes to it)."""
    failed: int
    """Failed attempts recorded (0 for a contributor)."""
    entries: int
    """Troubleshooting entries recorded (0 for a contributor)."""
    when: dt.datetime
    """Their last change to it (the skill's date when git has none)."""


@dataclass(frozen=True)
class Person:
    slug: str
    """URL-safe key; names that differ only in case or accents are one person."""
    name: str
    credits: tuple[Credit, ...]
    """Newest first."""

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.credits)

    @property
    def entries(self) -> int:
        return sum(c.entries for c in self.credits)

    @property
    def last(self) -> dt.datetime:
        return max(c.when for c in self.credits)

    @property
    def rank(self) -> tuple[int, int, str]:
        """Sort key of the authors index: most skills, then most records, then name."""
        return (-len(self.credits), -(self.failed + self.entries), self.name.lower())


def slug(name: str) -> str:
    """`José García` -> `jose-garcia`; a name with no Latin letters gets a short hash."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    if words:
        return "-".join(words)[:60].strip("-")
    return "author-" + hashlib.sha256(name.strip().encode()).hexdigest()[:8]


def people(registry: Registry, history: History) -> list[Person]:
    """Everyone credited in the registry, sorted by contributions (`Person.rank`)."""
    credits: dict[str, list[Credit]] = {}
    names: dict[str, list[str]] = {}
    credited: set[tuple[str, str]] = set()  # (person, plugin): spellings of one name count once
    for plugin in registry:
        h = history.get(plugin.path)
        if h is None or plugin.skill is None:
            continue
        recorder = plugin.author.strip() or (h.changes[-1].author if h.changes else "")
        for name in h.authors:
            key = slug(name)
            names.setdefault(key, []).append(name)
            if (key, plugin.path) in credited:
                continue
            credited.add((key, plugin.path))
            credits.setdefault(key, []).append(_credit(plugin, h, name, name == recorder))
    found = [
        Person(
            key,
            max(set(spellings), key=lambda n: (spellings.count(n), n)),
            tuple(sorted(credits[key], key=lambda c: (c.when, c.plugin.name), reverse=True)),
        )
        for key, spellings in names.items()
    ]
    return sorted(found, key=lambda p: p.rank)


def _credit(plugin: Plugin, h: PluginHistory, name: str, recorded: bool) -> Credit:
    own = [c.when for c in h.changes if slug(c.author) == slug(name)]
    return Credit(
        plugin=plugin,
        role="author" if recorded else "contributor",
        failed=len(plugin.failed_attempts) if recorded else 0,
        entries=len(plugin.all_troubleshooting) if recorded else 0,
        when=max(own) if own else h.added,
    )
