"""Model -> the compact index the plugin's client ranks from (`skills-index.json`).

One JSON file holds both searches, already tokenized, so the client (standard library only,
`plugins/tooling/skills-registry/scripts/`) ranks exactly as `site-gen lookup` and
`site-gen advise` do without parsing a skill: `lookup` is the error index of the `/errors/`
page, `advise` the per-skill term counts of `site-gen advise` with what its JSON shows.
"""

from __future__ import annotations

import json
from typing import Any

from .. import urls
from ..config import Config
from ..markdown import plain
from ..model import Registry
from . import tokenize
from .advise_index import Doc, Index, failure_terms, hyperparameters, skill_doc
from .compact_parts import split_index
from .error_index import PluginTerms, build_index

FORMAT = 3
"""Bump with any change to the shape; the client refuses an index of another format.
2: the documents, postings and skills may be in `parts` (see `compact_parts`).
3: the parts are gzip'd, their posting lists gap-encoded."""
PATH = "skills-index.json"
"""Site-relative path of the published index."""

_SKILL_DOCS: dict[tuple[str, str], list[Doc]] = {}
"""(plugin folder, content hash) -> its skills tokenised: tokenising is most of the cost
(about 30 s at 1,000 generated skills), and `serve` rebuilds after every edit."""


def compact_index(
    registry: Registry, config: Config, error_terms: PluginTerms | None = None
) -> dict[str, Any]:
    """Both indexes, JSON-ready; absolute URLs so the client needs no configuration."""
    advise = Index.from_docs(_skill_docs(registry))
    skills = [skill_entry(doc, config) for doc in advise.docs]
    return {
        "format": FORMAT,
        "tokenizer": tokenize.VERSION,
        "site": config.site,
        "lookup": build_index(registry, error_terms),
        "advise": {
            "skills": skills,
            "df": dict(sorted(advise.df.items())),
            "average": dict(sorted(advise.avg.items())),
        },
    }


def skill_entry(doc: Doc, config: Config) -> dict[str, Any]:
    """One skill as the index lists it: its term counts, and what `/advise` shows."""
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


def _skill_docs(registry: Registry) -> list[Doc]:
    """Every skill tokenised, reusing the plugins unchanged since the last call."""
    current = set()
    docs: list[Doc] = []
    for plugin in registry:
        key = (plugin.path, plugin.content_hash)
        current.add(key)
        if key not in _SKILL_DOCS or not plugin.content_hash:
            _SKILL_DOCS[key] = [skill_doc(plugin, skill) for skill in plugin.skills]
        docs.extend(_SKILL_DOCS[key])
    for key in set(_SKILL_DOCS) - current:
        del _SKILL_DOCS[key]
    return docs


def render_compact_index(
    registry: Registry, config: Config, error_terms: PluginTerms | None = None
) -> str:
    """Compact, key-sorted JSON with a trailing newline: byte-identical across rebuilds."""
    data = compact_index(registry, config, error_terms)
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def compact_index_files(
    registry: Registry, config: Config, error_terms: PluginTerms | None = None
) -> dict[str, str | bytes]:
    """The site's copy: `skills-index.json` and its gzip'd parts (see `compact_parts`)."""
    return split_index(compact_index(registry, config, error_terms), PATH)
