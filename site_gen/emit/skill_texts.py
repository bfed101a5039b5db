"""Each skill's own published texts (its `.well-known/skills/` files and its Markdown for
`llms-full.txt`) kept in the build cache per plugin, so a build makes them only for the
plugins that changed.

These texts are made from the skill's and its references' parses (`Skill.markdown`), and
every skill has them: made afresh on every build, they made the build read back (or parse)
every skill of the registry, about half of the check phase after one edit at 10,000 skills,
and hold all those parses at once (benchmarks/BUILD_MEMORY.md). From the cache, a plugin
that did not change needs no parse at all.

The key of an entry is the plugin's folder, category and content hash (its files' names and
bytes), the site config, and the source of the modules that make the texts and the model
they read (`code_version`); an entry that does not read back as one is a miss, made and
written again. Without a store, or for a plugin without a content hash, the texts are made.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import cache

from ..cache_store import CacheStore, digest
from ..code_version import code_version
from ..config import Config
from ..model import Plugin, Skill
from .llms import FULL_BUDGET
from .skill_markdown import render_skill_markdown
from .well_known import add_skill, skill_files

FORMAT = "skill-texts-1"
PRODUCERS = ("site_gen.loader", "site_gen.emit.well_known", "site_gen.emit.skill_markdown")
"""The modules (with their imports) whose source keys an entry."""


@dataclass(frozen=True)
class SkillTexts:
    """One skill's own published texts."""

    name: str
    files: dict[str, str]
    """Its well-known files, relative to its folder there (`well_known.skill_files`)."""
    markdown: str
    """The skill as one Markdown text (`skill_markdown.render_skill_markdown`)."""


class OwnFiles:
    """Each skill's own files, put into `files` plugin by plugin (`add`): its well-known
    files now; its well-known index entry, and its Markdown for `llms-full.txt` while the
    skills' texts together fit `llms.FULL_BUDGET`, kept for the files that list every skill.

    With `release`, a plugin's parses are let go once its files are made (and its share of
    the indexes taken: `plugin_parts.emit_parts` calls `add` then): the build holds one
    plugin's parses at a time instead of the registry's. `Skill.markdown` parses again
    should anything read them later."""

    def __init__(
        self,
        files: MutableMapping[str, str | bytes],
        config: Config,
        store: CacheStore | None,
        release: bool = False,
    ) -> None:
        self.files, self.config, self.store, self.release = files, config, store, release
        self.entries: list[dict[str, object]] = []
        """The well-known index's entries (`well_known.index_text`)."""
        self.kept: dict[tuple[str, str], str] | None = {}
        """(plugin folder, skill name) -> Markdown; None once past the budget."""
        self._size = 0

    def add(self, plugin: Plugin) -> None:
        texts_of = stored_texts(plugin, self.config, self.store)  # one per skill, in order
        for skill, texts in zip(plugin.skills, texts_of, strict=True):
            add_skill(self.files, self.entries, skill, texts.files)
            if self.kept is not None:
                self._size += len(texts.markdown.encode("utf-8"))
                self.kept[(plugin.path, skill.name)] = texts.markdown
                if self._size > FULL_BUDGET:
                    self.kept = None  # `llms-full.txt` points to `llms.txt`: none is read
        if self.release and plugin.content_hash:  # hashed: its share is in the store
            for item in (*plugin.skills, *plugin.references, *plugin.documents):
                object.__setattr__(item, "document", None)  # a cache (`Skill.markdown`)

    @property
    def over_budget(self) -> bool:
        """Whether the skills' Markdown alone is past `llms.FULL_BUDGET`."""
        return self.kept is None

    def markdown(self, plugin: Plugin, skill: Skill) -> str:
        """A skill's Markdown (`llms.SkillMarkdown`), of those added; each is given once,
        so that `llms-full.txt` grows as what is kept shrinks."""
        if self.kept is None:
            raise KeyError("past the budget: no skill's Markdown was kept")
        return self.kept.pop((plugin.path, skill.name))


def plugin_texts(plugin: Plugin, config: Config) -> list[SkillTexts]:
    """The texts of every skill of `plugin`, made from its parses."""
    return [
        SkillTexts(
            skill.name, skill_files(plugin, skill), render_skill_markdown(plugin, skill, config)
        )
        for skill in plugin.skills
    ]


def stored_texts(plugin: Plugin, config: Config, store: CacheStore | None) -> list[SkillTexts]:
    """`plugin_texts`, from `store` when the plugin's files are those of an earlier build."""
    if store is None or not plugin.content_hash:
        return plugin_texts(plugin, config)
    key = digest(FORMAT, _code(), _config_key(config), plugin.path, plugin.category,
                 plugin.content_hash)  # fmt: skip
    names = [skill.name for skill in plugin.skills]

    def read(data: bytes) -> list[SkillTexts] | None:
        texts = _decode(data)
        return texts if texts is not None and [t.name for t in texts] == names else None

    return store.memo(
        key,
        read,
        lambda: plugin_texts(plugin, config),
        lambda texts: store.put(key, _encode(texts), count=False),
    )


def _encode(texts: list[SkillTexts]) -> bytes:
    rows = [[t.name, t.files, t.markdown] for t in texts]
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _decode(data: bytes) -> list[SkillTexts] | None:
    try:
        rows = json.loads(data)
        texts = []
        for name, files, markdown in rows:
            if not (isinstance(name, str) and isinstance(markdown, str)):
                return None
            if not isinstance(files, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in files.items()
            ):
                return None
            texts.append(SkillTexts(name, files, markdown))
    except (ValueError, TypeError):
        return None
    return texts


@cache
def _config_key(config: Config) -> str:
    return json.dumps(dataclasses.asdict(config), sort_keys=True)


@cache
def _code() -> str:
    return code_version(*PRODUCERS)
