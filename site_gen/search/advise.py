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
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..config import Config, load_config
from ..index_cache import skill_docs
from ..markdown import plain
from ..model import FailedAttempt, Plugin, Registry, Skill
from ..plugin_cache import load_through_cache, registry_store
from .advise_index import Index, hyperparameters, relevant_failures
from .advise_rank import best, query_terms, score
from .cache import registry_fingerprint

INDEX_FORMAT = 2
"""Bump when the index or its terms change: cached indexes of another format are rebuilt."""
HYPER_LINES = 30
"""Lines of each hyperparameter block printed as text (JSON has them all)."""


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
    store = registry_store(root)
    registry = load_through_cache(root, store).registry
    index = Index.from_docs(skill_docs(store, list(registry))) if store else Index.build(registry)
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
