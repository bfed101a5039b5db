"""Rank skills for a described plan or problem: what `/advise` and `site-gen advise` read.

BM25F over a skill's fields (name, tags, description with its usage scenarios, Failed
Attempts, troubleshooting, overview, body), with three helps for how people describe plans:
- ML jargon folds into shared concepts both ways ("OOM" = "out of memory", "LR" = "learning
  rate", "NaN" = "diverges", "DDP" = "multi-GPU"), applied to skills and queries alike;
- Porter stems on words ("pruning" = "prune"), code tokens kept whole and split (tokenize.py);
- a query word the registry never uses is matched to near spellings (one or two edits).

It ranks the skills as the site's client index lists them (`compact.skill_entry`: each
skill's term counts and what a result shows), the records `build` keeps per plugin
(`emit.plugin_parts`): after a build, `site-gen advise` tokenizes nothing, and it shows
exactly what the plugin's client shows for the same query.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import marshal
import os
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config, load_config
from ..inline import plain
from .advise_rank import TermSet, best, idf, query_terms, relevant_rows, score
from .cache import registry_fingerprint

if TYPE_CHECKING:  # a warm `site-gen advise` imports neither the model nor its parser
    from ..model import Registry

INDEX_FORMAT = 3
"""Bump when the index or its terms change: cached indexes of another format are rebuilt.
3: the skills' records (`compact.advise_section`), stored with marshal."""
HYPER_LINES = 30
"""Lines of each hyperparameter block printed as text (JSON has them all)."""
CACHE_DIR = Path(".cache") / "advise"
SUFFIX = ".marshal"

SkillIndex = dict[str, Any]
"""`compact.advise_section`: `skills` (their records), `df` and `average`."""


@dataclass(frozen=True)
class Advice:
    """One ranked skill and why."""

    skill: dict[str, Any]
    """The skill's record (`compact.skill_entry`)."""
    score: float
    matched: dict[str, list[str]]
    """field label -> the query words that matched there."""
    failures: tuple[dict[str, Any], ...]
    """The Failed Attempts rows that share words with the query, else the first rows."""

    @property
    def name(self) -> str:
        return str(self.skill["skill"])

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

    def to_json(self) -> dict[str, object]:
        skill = self.skill
        return {
            "skill": skill["skill"],
            "plugin": skill["plugin"],
            "category": skill["category"],
            "score": round(self.score, 3),
            "description": skill["description"],
            "url": skill["url"],
            "markdown": skill["markdown"],
            "matched": self.matched,
            "failures": [
                {key: row[key] for key in ("attempt", "why", "lesson", "source")}
                for row in self.failures
            ],
            "hyperparameters": list(skill["hyperparameters"]),
        }


def advise(
    registry: Registry, query: str, limit: int = 5, config: Config | None = None
) -> list[Advice]:
    """The skills that best match `query`, best first (at most `limit`)."""
    return rank(skills_index(registry, config or Config()), query, limit)


def skills_index(
    registry: Registry, config: Config, records: dict[Any, Any] | None = None
) -> SkillIndex:
    """Every skill of `registry` as `rank` takes it; `records`: plugins' skill records
    already made (`compact.SkillRecords`), the others are made now."""
    from .compact import advise_section

    return advise_section(registry, config, {} if records is None else records)


def rank(index: SkillIndex, query: str, limit: int = 5) -> list[Advice]:
    """Score every skill of an index against `query`."""
    skills, df, average = index["skills"], index["df"], index["average"]
    weights, surface = query_terms(query, TermSet(df))

    def idf_of(term: str) -> float:
        return idf(len(skills), df.get(term, 0))

    scored = []
    for skill in skills:
        found, matched = score(skill["terms"], skill["lengths"], average, idf_of, weights, surface)
        scored.append((found, skill["skill"], (skill, matched)))
    out = []
    asked = set(weights)
    for found, _, (skill, matched) in best(scored, limit):
        rows = skill["failures"]
        picked = relevant_rows([set(row["terms"]) for row in rows], asked)
        out.append(Advice(skill, found, matched, tuple(rows[i] for i in picked)))
    return out


def advise_report(root: Path, query: str, limit: int = 5, as_json: bool = False) -> str:
    """What `site-gen advise` prints: text for people and agents, or JSON."""
    config = load_config(root)
    results = rank(cached_index(root, config), query, limit)
    if as_json:
        return json.dumps([a.to_json() for a in results], indent=2, ensure_ascii=False) + "\n"
    return format_advice(results, query)


def cached_index(root: Path, config: Config) -> SkillIndex:
    """The index for `root`, kept under `.cache/advise/` by a hash of every plugin file (a
    `stat` each) and the config (the records hold the site's URLs); marshal, as `lookup`'s.

    A miss builds it from the plugins' shares in the build cache (`index_cache`).
    """
    key = hashlib.sha256(
        "\0".join(
            (
                str(INDEX_FORMAT),
                registry_fingerprint(root),
                json.dumps(dataclasses.asdict(config), sort_keys=True),
                f"{sys.version_info[:2]}",
            )
        ).encode()
    ).hexdigest()
    path = root / CACHE_DIR / f"{key}{SUFFIX}"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        index = marshal.loads(path.read_bytes())
        if isinstance(index, dict) and index.keys() == {"skills", "df", "average"}:
            return index
    from ..index_cache import registry_parts

    found = registry_parts(root)
    index = skills_index(found.registry, found.config, found.parts.skill_records)
    with contextlib.suppress(OSError):  # a read-only tree just skips caching
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in (*path.parent.glob("*.pickle"), *path.parent.glob(f"*{SUFFIX}")):
            old.unlink(missing_ok=True)  # earlier keys (and formats) of this cache: ours
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(index))
        tmp.replace(path)
    return index


def format_advice(results: list[Advice], query: str) -> str:
    """Per skill: why it matched, relevant Failed Attempts, hyperparameters, URL."""
    if not results:
        return (
            f"No skill matches {query!r}. Nothing recorded yet: after the experiment, "
            "save what you learn with /retrospective.\n"
        )
    out: list[str] = []
    for rank_no, item in enumerate(results, 1):
        skill = item.skill
        out.append(f"{rank_no}. {skill['skill']}  [{skill['category']}]  score {item.score:.2f}")
        description = plain(skill["description"])
        out.append(textwrap.fill(description, 96, initial_indent="   ", subsequent_indent="   "))
        why = "; ".join(f"{label}: {', '.join(words)}" for label, words in item.why())
        out.append(
            textwrap.fill(f"why: {why}", 96, initial_indent="   ", subsequent_indent="     ")
        )
        if item.failures:
            out.append("   Failed attempts:")
            for row in item.failures:  # the record's cells are plain text already
                text = f"- {row['attempt']} -> {row['why']}"
                if row["lesson"]:
                    text += f" => {row['lesson']}"
                out.append(
                    textwrap.fill(text, 96, initial_indent="     ", subsequent_indent="       ")
                )
        if skill["hyperparameters"]:
            out.append("   Hyperparameters:")
            for block in skill["hyperparameters"]:
                lines = block.splitlines()
                shown = lines[:HYPER_LINES]
                out.extend("     " + line for line in shown)
                if len(lines) > len(shown):
                    out.append(f"     ... ({len(lines) - len(shown)} more lines in the skill)")
        out.append(f"   {skill['url']}")
        out.append(f"   Markdown: {skill['markdown']}")
        out.append("")
    return "\n".join(out)
