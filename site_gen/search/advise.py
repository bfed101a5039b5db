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
from .advise_rank import FIELD_WEIGHTS, TermSet, best, idf, query_terms, relevant_rows, score
from .cache import registry_fingerprint

if TYPE_CHECKING:  # a warm `site-gen advise` imports neither the model nor its parser
    from ..model import Registry

INDEX_FORMAT = 4
"""Bump when the index or its terms change: cached indexes of another format are rebuilt.
4: postings over the skills' records (`compact.advise_section`), stored with marshal."""
HYPER_LINES = 30
"""Lines of each hyperparameter block printed as text (JSON has them all)."""
CACHE_DIR = Path(".cache") / "advise"
SUFFIX = ".marshal"

SkillIndex = dict[str, Any]
"""What `rank` reads, marshal-ready: `postings` (term -> the marshal of a flat list of
[skill number, count in each field of `FIELDS`] per skill holding it), each skill's `name`
and field `lengths`, the `average` lengths, and `shown`: the marshal of each skill's record
without its terms (what a result shows). A query unpacks the postings of its own terms and
the records of the skills shown only, as the plugin's client reads its SQLite cache."""
FIELDS = tuple(FIELD_WEIGHTS)
_WIDTH = 1 + len(FIELDS)


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

    skills = advise_section(registry, config, {} if records is None else records)["skills"]
    postings: dict[str, list[int]] = {}
    for number, skill in enumerate(skills):
        counts = skill["terms"]
        for term in sorted({term for field in counts.values() for term in field}):
            flat = postings.setdefault(term, [])
            flat.append(number)
            flat.extend(counts[name].get(term, 0) for name in FIELDS)
    lengths = [skill["lengths"] for skill in skills]
    return {
        "postings": {term: marshal.dumps(flat) for term, flat in sorted(postings.items())},
        "names": [skill["skill"] for skill in skills],
        "lengths": lengths,
        "average": {
            name: sum(length.get(name, 0) for length in lengths) / len(skills) if skills else 1.0
            for name in FIELDS
        },
        "shown": [
            marshal.dumps({k: v for k, v in skill.items() if k not in ("terms", "lengths")})
            for skill in skills
        ],
    }


def rank(index: SkillIndex, query: str, limit: int = 5) -> list[Advice]:
    """Score the skills of an index that hold a term of `query`: any other scores 0."""
    postings, names, lengths = index["postings"], index["names"], index["lengths"]
    weights, surface = query_terms(query, TermSet(postings))
    counts: dict[int, dict[str, dict[str, int]]] = {}
    df: dict[str, int] = {}
    for term in weights:
        if term not in postings:
            continue
        flat = marshal.loads(postings[term])
        df[term] = len(flat) // _WIDTH
        for at in range(0, len(flat), _WIDTH):
            fields = counts.get(flat[at])
            if fields is None:
                fields = counts[flat[at]] = {name: {} for name in FIELDS}
            for name, count in zip(FIELDS, flat[at + 1 : at + _WIDTH], strict=True):
                if count:
                    fields[name][term] = count

    def idf_of(term: str) -> float:
        return idf(len(names), df.get(term, 0))

    scored = []
    for number in sorted(counts):  # registry order, as ties were always met
        found, matched = score(
            counts[number], lengths[number], index["average"], idf_of, weights, surface
        )
        scored.append((found, names[number], (number, matched)))
    out = []
    asked = set(weights)
    for found, _, (number, matched) in best(scored, limit):
        skill = marshal.loads(index["shown"][number])
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
        if isinstance(index, dict) and index.keys() == {
            "postings",
            "names",
            "lengths",
            "average",
            "shown",
        }:
            return index
    from ..index_cache import registry_parts

    found = registry_parts(root, "skills")
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
