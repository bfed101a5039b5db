"""The registry as plain, frozen data. Built by `loader`, read by everything after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .markdown import Document, parse_document

TAG = re.compile(r"[a-z0-9][a-z0-9_.+-]*")
"""A tag (plugin.json keyword, lowercased) that can be an element id and a URL fragment."""


@dataclass(frozen=True, order=True)
class Location:
    """Where a parsed item came from, for error messages and source links."""

    path: str
    """Path relative to the registry root, `/`-separated."""
    line: int = 0
    """1-based line; 0 when the problem is the file as a whole."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class FailedAttempt:
    """One row of a skill's Failed Attempts table."""

    attempt: str
    """What was tried (inline Markdown)."""
    why: str
    """Why it failed: often the error message itself."""
    lesson: str
    """What to do instead."""
    source: Location
    extra: tuple[tuple[str, str], ...] = ()
    """Columns beyond the three known ones, as (header, cell)."""


@dataclass(frozen=True)
class TroubleshootingEntry:
    """A known error with its cause and fix."""

    title: str
    """Heading or first cell, inline Markdown kept."""
    errors: tuple[str, ...]
    """Exact error text quoted by the author (code spans and blocks), never paraphrased."""
    symptom: str
    cause: str
    fix: str
    """The fix as Markdown, code blocks included."""
    anchor: str
    """Fragment id of this entry on its skill page; unique within the plugin."""
    source: Location
    title_only: bool = False
    """Read from a free-form troubleshooting section with no error quoted (a symptom heading
    or bullet): lookup finds it by its words; the failure hook never names it."""


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    line: int
    body: str


@dataclass(frozen=True)
class Reference:
    """A file under `references/` (experiment log, troubleshooting, notes)."""

    path: str
    title: str
    text: str
    document: Document | None = field(default=None, compare=False, repr=False)
    """`text` parsed once (`markdown.parse_document`); read it through `markdown`."""

    @property
    def markdown(self) -> Document:
        """The parsed text: the loader's parse, or (after unpickling) parsed again once."""
        document = self.document
        if document is None:
            document = parse_document(self.text)
            object.__setattr__(self, "document", document)  # a cache, not a value
        return document

    def __getstate__(self) -> dict[str, Any]:
        """Pickles (advise's cache) keep the text, not the tree: smaller and faster to load."""
        return {**self.__dict__, "document": None}


@dataclass(frozen=True)
class Skill:
    """One `skills/<name>/SKILL.md`."""

    name: str
    """The skill folder's name."""
    path: str
    """Registry-relative path of SKILL.md."""
    front_matter: dict[str, Any]
    body: str
    body_line: int
    """Line of SKILL.md where `body` starts."""
    sections: tuple[Section, ...]
    failed_attempts: tuple[FailedAttempt, ...]
    troubleshooting: tuple[TroubleshootingEntry, ...]
    """Entries written in SKILL.md itself (a Troubleshooting section)."""
    front_matter_text: str = ""
    """The front matter YAML as written (without the `---` lines), for verbatim copies."""
    overview: tuple[tuple[str, str], ...] = ()
    """Rows of the Experiment Overview table, (item, details), inline Markdown kept."""
    has_failed_attempts_section: bool = False
    document: Document | None = field(default=None, compare=False, repr=False)
    """`body` parsed once (`markdown.parse_document`), lines numbered as in SKILL.md; read
    it through `markdown`."""

    @property
    def markdown(self) -> Document:
        """The parsed body: the loader's parse, or (after unpickling) parsed again once."""
        document = self.document
        if document is None:
            document = parse_document(self.body, self.body_line)
            object.__setattr__(self, "document", document)  # a cache, not a value
        return document

    def __getstate__(self) -> dict[str, Any]:
        """Pickles (advise's cache) keep the body, not the tree: smaller and faster to load."""
        return {**self.__dict__, "document": None}

    @property
    def description(self) -> str:
        value = self.front_matter.get("description", "")
        return value if isinstance(value, str) else ""

    @property
    def metadata(self) -> dict[str, Any]:
        value = self.front_matter.get("metadata")
        return value if isinstance(value, dict) else {}

    def meta(self, key: str) -> str:
        """A metadata value, also read from the seed's top-level form (`author:`, `date:`)."""
        value = self.metadata.get(key, self.front_matter.get(key, ""))
        return "" if value is None else str(value)

    @property
    def title(self) -> str:
        """The first H1 without the seed's " - Research Notes" suffix, else the name."""
        for section in self.sections:
            if section.level == 1:
                return section.title.split(" - ")[0].strip() or self.name
        return self.name

    def overview_value(self, *keys: str) -> str:
        wanted = {k.lower() for k in keys}
        for item, details in self.overview:
            if item.strip("* ").lower() in wanted:
                return details
        return ""


@dataclass(frozen=True)
class Plugin:
    """One `plugins/<category>/<name>/` folder."""

    category: str
    name: str
    """The plugin folder's name."""
    path: str
    """Registry-relative folder, e.g. `plugins/training/grpo-external-vllm-server`."""
    manifest: dict[str, Any]
    """Parsed `.claude-plugin/plugin.json` ({} when unreadable)."""
    skills: tuple[Skill, ...]
    references: tuple[Reference, ...] = ()
    scripts: tuple[str, ...] = ()
    """Registry-relative paths of files under `scripts/`."""
    troubleshooting: tuple[TroubleshootingEntry, ...] = ()
    """Entries from `references/troubleshooting.md` and the experiment log."""
    content_hash: str = ""
    """SHA-256 of every file in the folder: what changed, for caches and version checks."""
    files: frozenset[str] = frozenset()
    """Registry-relative paths of every file in the folder (links to others show as broken)."""
    documents: tuple[Reference, ...] = ()
    """Other Markdown files parsed for their troubleshooting sections (a skill's `reference.md`,
    `docs/*.md`: `markdown_entries`), kept so later stages reuse the parse; not shown as
    references."""

    @property
    def manifest_path(self) -> str:
        return f"{self.path}/.claude-plugin/plugin.json"

    @property
    def skill(self) -> Skill | None:
        """The plugin's main skill: the one named like the plugin, else the first."""
        for skill in self.skills:
            if skill.name == self.name:
                return skill
        return self.skills[0] if self.skills else None

    @property
    def description(self) -> str:
        value = self.manifest.get("description", "")
        if isinstance(value, str) and value:
            return value
        return self.skill.description if self.skill else ""

    @property
    def version(self) -> str:
        value = self.manifest.get("version", "")
        return value if isinstance(value, str) else ""

    @property
    def author(self) -> str:
        author = self.manifest.get("author")
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            return str(author["name"])
        return self.skill.meta("author") if self.skill else ""

    @property
    def date(self) -> str:
        return self.skill.meta("date") if self.skill else ""

    @property
    def tags(self) -> tuple[str, ...]:
        keywords = self.manifest.get("keywords", [])
        if not isinstance(keywords, list):
            return ()
        normalized = {str(k).strip().lower() for k in keywords}
        return tuple(sorted(t for t in normalized if TAG.fullmatch(t)))

    @property
    def failed_attempts(self) -> tuple[FailedAttempt, ...]:
        return tuple(row for skill in self.skills for row in skill.failed_attempts)

    @property
    def all_troubleshooting(self) -> tuple[TroubleshootingEntry, ...]:
        return tuple(e for s in self.skills for e in s.troubleshooting) + self.troubleshooting


@dataclass(frozen=True)
class Registry:
    """Every plugin under `plugins/`, sorted by category then name."""

    root: str
    plugins: tuple[Plugin, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Plugin]:
        return iter(self.plugins)

    def __len__(self) -> int:
        return len(self.plugins)

    def find(self, name: str) -> Plugin | None:
        for plugin in self.plugins:
            if plugin.name == name:
                return plugin
        return None

    @property
    def categories(self) -> dict[str, tuple[Plugin, ...]]:
        grouped: dict[str, list[Plugin]] = {}
        for plugin in self.plugins:
            grouped.setdefault(plugin.category, []).append(plugin)
        return {k: tuple(v) for k, v in sorted(grouped.items())}

    @property
    def tags(self) -> dict[str, tuple[Plugin, ...]]:
        grouped: dict[str, list[Plugin]] = {}
        for plugin in self.plugins:
            for tag in plugin.tags:
                grouped.setdefault(tag, []).append(plugin)
        return {k: tuple(v) for k, v in sorted(grouped.items())}

    def without(self, names: set[str]) -> Registry:
        return Registry(self.root, tuple(p for p in self.plugins if p.name not in names))
