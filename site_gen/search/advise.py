"""Rank skills for a described plan or problem: what `/advise` and `site-gen advise` read.

BM25F over a skill's fields (name, tags, description with its usage scenarios, Failed
Attempts, troubleshooting, overview, body), with three helps for how people describe plans:
- ML jargon folds into shared concepts both ways ("OOM" = "out of memory", "LR" = "learning
  rate", "NaN" = "diverges", "DDP" = "multi-GPU"), applied to skills and queries alike;
- Porter stems on words ("pruning" = "prune"), code tokens kept whole and split (tokenize.py);
- a query word the registry never uses is matched to near spellings (one or two edits).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..config import Config, load_config
from ..loader import load_registry
from ..markdown import plain
from ..model import FailedAttempt, Plugin, Registry, Skill
from .advise_rank import FIELD_WEIGHTS, best, idf, query_terms, relevant_rows, score, terms
from .cache import registry_fingerprint

INDEX_FORMAT = 2
"""Bump when the index or its terms change: cached indexes of another format are rebuilt."""
HYPER_LINES = 30
"""Lines of each hyperparameter block printed as text (JSON has them all)."""
_HYPER_HEADING = re.compile(r"hyper|param|config|settings|recipe", re.I)


@dataclass(frozen=True)
class Doc:
    """One skill as fields of terms, ready to score."""

    plugin: Plugin
    skill: Skill
    terms: dict[str, Counter[str]]
    """field -> term counts."""
    lengths: dict[str, int]


@dataclass(frozen=True)
class Advice:
    """One ranked skill and why."""

    plugin: Plugin
    skill: Skill
    score: float
    matched: dict[str, list[str]]
    """field label -> the query words that matched there."""
    failures: tuple[FailedAttempt, ...]
    """The Failed Attempts rows that share words with the query, else the first rows."""
    hyperparameters: tuple[str, ...]
    """Code blocks under the skill's Hyperparameters / Parameters / Config headings."""

    def why(self) -> list[tuple[str, list[str]]]:
        """(field, words) with each word under the strongest field it matched in."""
        seen: set[str] = set()
        out = []
        for label, words in self.matched.items():
            new = [w for w in words if w not in seen]
            seen.update(new)
            if new:
                out.append((label, new))
        return out

    def to_json(self, config: Config) -> dict[str, object]:
        return {
            "skill": self.skill.name,
            "plugin": self.plugin.name,
            "category": self.plugin.category,
            "score": round(self.score, 3),
            "description": self.skill.description or self.plugin.description,
            "url": urls.absolute(config, urls.skill_page(self.skill.name)),
            "markdown": urls.absolute(config, urls.skill_markdown(self.skill.name)),
            "matched": self.matched,
            "failures": [
                {
                    "attempt": plain(f.attempt),
                    "why": plain(f.why),
                    "lesson": plain(f.lesson),
                    "source": str(f.source),
                }
                for f in self.failures
            ],
            "hyperparameters": list(self.hyperparameters),
        }


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
    def vocabulary(self) -> set[str]:
        return set(self.df)

    def idf(self, term: str) -> float:
        return idf(len(self.docs), self.df.get(term, 0))


def advise(registry: Registry, query: str, limit: int = 5) -> list[Advice]:
    """The skills that best match `query`, best first (at most `limit`)."""
    return rank(Index.build(registry), query, limit)


def rank(index: Index, query: str, limit: int = 5) -> list[Advice]:
    """Score every skill of a built index against `query`."""
    weights, surface = query_terms(query, index.vocabulary)
    scored = []
    for doc in index.docs:
        found, matched = score(doc.terms, doc.lengths, index.avg, index.idf, weights, surface)
        scored.append((found, doc.skill.name, (doc, matched)))
    out = []
    for found, _, (doc, matched) in best(scored, limit):
        failures = relevant_failures(doc.skill, set(weights))
        out.append(
            Advice(doc.plugin, doc.skill, found, matched, failures, hyperparameters(doc.skill))
        )
    return out


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


def advise_report(root: Path, query: str, limit: int = 5, as_json: bool = False) -> str:
    """What `site-gen advise` prints: text for people and agents, or JSON."""
    results = rank(cached_index(root), query, limit)
    config = load_config(root)
    if as_json:
        return json.dumps([a.to_json(config) for a in results], indent=2, ensure_ascii=False) + "\n"
    return format_advice(results, config, query)


def cached_index(root: Path) -> Index:
    """The index for `root`, pickled under `.cache/advise/` by a hash of every plugin file.

    Loading and tokenising is most of a cold run (about 30 s at 1,000 generated skills);
    the pickle is only ever written and read by this function in the user's own tree.
    """
    key = hashlib.sha256(f"{INDEX_FORMAT}\0{registry_fingerprint(root)}".encode()).hexdigest()
    path = root / ".cache" / "advise" / f"{key}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError):
        index = pickle.loads(path.read_bytes())
        if isinstance(index, Index):
            return index
    index = Index.build(load_registry(root).registry)
    with contextlib.suppress(OSError):  # a read-only tree just skips caching
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    return index


def format_advice(results: list[Advice], config: Config, query: str) -> str:
    """Per skill: why it matched, relevant Failed Attempts, hyperparameters, URL."""
    if not results:
        return (
            f"No skill matches {query!r}. Nothing recorded yet: after the experiment, "
            "save what you learn with /retrospective.\n"
        )
    out: list[str] = []
    for rank_no, item in enumerate(results, 1):
        skill = item.skill
        out.append(f"{rank_no}. {skill.name}  [{item.plugin.category}]  score {item.score:.2f}")
        description = plain(skill.description or item.plugin.description)
        out.append(textwrap.fill(description, 96, initial_indent="   ", subsequent_indent="   "))
        why = "; ".join(f"{label}: {', '.join(words)}" for label, words in item.why())
        out.append(
            textwrap.fill(f"why: {why}", 96, initial_indent="   ", subsequent_indent="     ")
        )
        if item.failures:
            out.append("   Failed attempts:")
            for row in item.failures:
                text = f"- {plain(row.attempt)} -> {plain(row.why)}"
                if row.lesson:
                    text += f" => {plain(row.lesson)}"
                out.append(
                    textwrap.fill(text, 96, initial_indent="     ", subsequent_indent="       ")
                )
        if item.hyperparameters:
            out.append("   Hyperparameters:")
            for block in item.hyperparameters:
                lines = block.splitlines()
                shown = lines[:HYPER_LINES]
                out.extend("     " + line for line in shown)
                if len(lines) > len(shown):
                    out.append(f"     ... ({len(lines) - len(shown)} more lines in the skill)")
        out.append(f"   {urls.absolute(config, urls.skill_page(skill.name))}")
        out.append(f"   Markdown: {urls.absolute(config, urls.skill_markdown(skill.name))}")
        out.append("")
    return "\n".join(out)
