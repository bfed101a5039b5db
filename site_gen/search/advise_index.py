"""Skills as BM25F documents: the fields a skill is searched by, tokenised once.

Pure (model in, terms out): `site-gen advise` ranks over it, and the compact index the
plugin's client reads is built from it (`compact.py`), also by the client itself inside an
installed `all-skills` (a copy, see `vendor_build.py`: Python 3.9, no pickle, no config file).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import FailedAttempt, Plugin, Registry, Skill
from .advise_rank import FIELD_WEIGHTS, TermSet, idf, relevant_rows, terms

_HYPER_HEADING = re.compile(r"hyper|param|config|settings|recipe", re.I)


@dataclass(frozen=True)
class Doc:
    """One skill as fields of terms, ready to score."""

    plugin: Plugin
    skill: Skill
    terms: dict[str, Counter[str]]
    """field -> term counts."""
    lengths: dict[str, int]


@dataclass
class Index:
    """Every skill of a registry, tokenised once."""

    docs: list[Doc]
    df: Counter[str] = field(default_factory=Counter)
    avg: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, registry: Registry) -> Index:
        return cls.from_docs(
            [skill_doc(plugin, skill) for plugin in registry for skill in plugin.skills]
        )

    @classmethod
    def from_docs(cls, docs: list[Doc]) -> Index:
        """The index over already tokenised skills (`skill_doc`), in the registry's order."""
        index = cls(docs)
        for doc in docs:
            index.df.update({t for counts in doc.terms.values() for t in counts})
        for name in FIELD_WEIGHTS:
            total = sum(doc.lengths.get(name, 0) for doc in docs)
            index.avg[name] = total / len(docs) if docs else 1.0
        return index

    @property
    def vocabulary(self) -> TermSet:
        return TermSet(self.df)

    def idf(self, term: str) -> float:
        return idf(len(self.docs), self.df.get(term, 0))


def skill_doc(plugin: Plugin, skill: Skill) -> Doc:
    """One skill tokenised into fields of terms (the slow part of building the index)."""
    fields = skill_fields(plugin, skill)
    counted = {name: Counter(terms(text)) for name, text in fields.items()}
    lengths = {name: sum(c.values()) for name, c in counted.items()}
    return Doc(plugin, skill, counted, lengths)


def skill_fields(plugin: Plugin, skill: Skill) -> dict[str, str]:
    """The text of each field a skill is searched by."""
    description = skill.description
    if plugin.description and plugin.description != description:
        description += "\n" + plugin.description
    failures = "\n".join(f"{r.attempt}\n{r.why}\n{r.lesson}" for r in skill.failed_attempts)
    entries = [e for e in plugin.all_troubleshooting if e.source.path.startswith(plugin.path)]
    trouble = "\n".join(
        "\n".join((e.title, *e.errors, e.symptom, e.cause)) for e in entries
    )  # fixes are mostly code: the body field has them
    overview = "\n".join(
        [skill.title, *(d for _, d in skill.overview), *(s.title for s in skill.sections)]
    )
    logs = "\n".join(r.text for r in plugin.references if "troubleshooting" not in r.path)
    return {
        "name": f"{skill.name} {plugin.name if plugin.name != skill.name else ''}",
        "tags": " ".join((*plugin.tags, plugin.category)),
        "description": description,
        "failures": failures,
        "troubleshooting": trouble,
        "overview": overview,
        "body": f"{skill.body}\n{logs}",
    }


def relevant_failures(skill: Skill, query: set[str], limit: int = 3) -> tuple[FailedAttempt, ...]:
    """Rows sharing the most terms with the query; the first rows when none do."""
    rows = skill.failed_attempts
    picked = relevant_rows([set(failure_terms(row)) for row in rows], query, limit)
    return tuple(rows[i] for i in picked)


def failure_terms(row: FailedAttempt) -> list[str]:
    """The terms a Failed Attempts row is matched to a query by."""
    return terms(f"{row.attempt} {row.why} {row.lesson}")


def hyperparameters(skill: Skill) -> tuple[str, ...]:
    """Code blocks under Hyperparameters / Parameters / Config headings (and their children)."""
    document = skill.markdown
    blocks: list[str] = []
    inside = 0
    for section in document.sections:
        if not section.level:
            continue
        if inside and section.level <= inside:
            inside = 0
        if not inside and section.level >= 2 and _HYPER_HEADING.search(section.title):
            inside = section.level
        if inside:
            blocks.extend(b.text for b in document.code_blocks_in(section) if b.text.strip())
    return tuple(blocks)
