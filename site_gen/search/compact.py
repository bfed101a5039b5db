"""Model -> the compact index the plugin's client ranks from (`skills-index.json`).

One JSON file holds both searches, already tokenized, so the client (standard library only,
`plugins/tooling/skills-registry/scripts/`) ranks exactly as `site-gen lookup` and
`site-gen advise` do without parsing a skill: `lookup` is the error index of the `/errors/`
page, `advise` the per-skill term counts of `site-gen advise` with what its JSON shows.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Callable

from .. import urls
from ..config import Config
from ..markdown import plain
from ..model import Plugin, Registry
from . import tokenize
from .advise_index import Doc, failure_terms, hyperparameters, skill_doc
from .advise_rank import FIELD_WEIGHTS
from .compact_parts import split_index
from .error_index import PluginTerms, build_index

FORMAT = 3
"""Bump with any change to the shape; the client refuses an index of another format.
2: the documents, postings and skills may be in `parts` (see `compact_parts`).
3: the parts are gzip'd, their posting lists gap-encoded."""
PATH = "skills-index.json"
"""Site-relative path of the published index."""

SkillRecords = dict[tuple[str, str], list[dict[str, Any]]]
"""(plugin folder, content hash) -> its skills as the index lists them (`skill_entry`)."""
_SKILL_RECORDS: dict[Config, SkillRecords] = {}
"""The default cache of `compact_index`, for the last config: tokenising is most of the cost
(about 30 s at 1,000 generated skills), and `serve` rebuilds after every edit."""


def compact_index(
    registry: Registry,
    config: Config,
    error_terms: PluginTerms | None = None,
    skill_records: SkillRecords | None = None,
    lookup: Callable[[], dict[str, object]] | None = None,
) -> dict[str, Any]:
    """Both indexes, JSON-ready; absolute URLs so the client needs no configuration.

    `skill_records` (default: one kept by this module) holds each plugin's skills already
    recorded for this `config`; plugins not in it are added, plugins no longer in the
    registry dropped. `lookup` gives the error index (default `build_index`; the build's
    may come from its cache: `emit.error_memo.memo_lookup`)."""
    if skill_records is None:
        if config not in _SKILL_RECORDS:
            _SKILL_RECORDS.clear()
        skill_records = _SKILL_RECORDS.setdefault(config, {})
    return {
        "format": FORMAT,
        "tokenizer": tokenize.VERSION,
        "site": config.site,
        "lookup": lookup() if lookup is not None else build_index(registry, error_terms),
        "advise": advise_section(registry, config, skill_records),
    }


def advise_section(
    registry: Registry, config: Config, skill_records: SkillRecords
) -> dict[str, Any]:
    """The index's `advise`: every skill's record, the document frequencies and the average
    field lengths (what `site-gen advise` ranks over too)."""
    skills = _skill_records(registry, config, skill_records)
    df: Counter[str] = Counter()
    for skill in skills:
        df.update({term for counts in skill["terms"].values() for term in counts})
    average = {
        name: sum(skill["lengths"].get(name, 0) for skill in skills) / len(skills)
        if skills
        else 1.0
        for name in FIELD_WEIGHTS
    }
    return {
        "skills": skills,
        "df": dict(sorted(df.items())),
        "average": dict(sorted(average.items())),
    }


def skill_entry(doc: Doc, config: Config) -> dict[str, Any]:
    """One skill as the index lists it: what `advise` shows, and its term counts."""
    skill, plugin = doc.skill, doc.plugin
    return {
        "skill": skill.name,
        "plugin": plugin.name,
        "category": plugin.category,
        "description": skill.description or plugin.description,
        "url": urls.absolute(config, urls.skill_page(skill.name)),
        "markdown": urls.absolute(config, urls.skill_markdown(skill.name)),
        "terms": {name: dict(sorted(counts.items())) for name, counts in doc.terms.items()},
        "lengths": doc.lengths,
        "failures": [
            {
                "attempt": plain(row.attempt),
                "why": plain(row.why),
                "lesson": plain(row.lesson),
                "source": str(row.source),
                "terms": sorted(set(failure_terms(row))),
            }
            for row in skill.failed_attempts
        ],
        "hyperparameters": list(hyperparameters(skill)),
    }


def plugin_records(plugin: Plugin, config: Config) -> list[dict[str, Any]]:
    """A plugin's skills as the index lists them, tokenised (the slow part)."""
    return [skill_entry(skill_doc(plugin, skill), config) for skill in plugin.skills]


def _skill_records(registry: Registry, config: Config, cache: SkillRecords) -> list[dict[str, Any]]:
    """Every skill's record, reusing the plugins in `cache`."""
    current = set()
    records: list[dict[str, Any]] = []
    for plugin in registry:
        key = (plugin.path, plugin.content_hash)
        current.add(key)
        if key not in cache or not plugin.content_hash:
            cache[key] = plugin_records(plugin, config)
        records.extend(cache[key])
    for key in set(cache) - current:
        del cache[key]
    return records


def render_compact_index(
    registry: Registry, config: Config, error_terms: PluginTerms | None = None
) -> str:
    """Compact, key-sorted JSON with a trailing newline: byte-identical across rebuilds."""
    data = compact_index(registry, config, error_terms)
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def compact_index_files(
    registry: Registry,
    config: Config,
    error_terms: PluginTerms | None = None,
    skill_records: SkillRecords | None = None,
    compress: Callable[[bytes], bytes] | None = None,
    lookup: Callable[[], dict[str, object]] | None = None,
) -> dict[str, str | bytes]:
    """The site's copy: `skills-index.json` and its gzip'd parts (see `compact_parts`)."""
    data = compact_index(registry, config, error_terms, skill_records, lookup)
    return split_index(data, PATH, compress=compress)
