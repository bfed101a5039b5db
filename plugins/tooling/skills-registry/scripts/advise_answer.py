"""`advise "<goal>"`: `site-gen advise`'s ranking over the cache, reading only what it needs.

The same BM25F as `site-gen advise` (`registry_search/advise_rank.py`), fed from the cache's
`advise_terms` rows of the query's terms: a skill that holds none of them scores 0 and is
never shown, so the skills that hold one are the candidates, each scored from its counts of
the query's terms (all `advise_rank.score` reads). Then only the skills shown are read whole.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index_store import Store

HYPER_LINES = 30


def advise(store: Store, query: str, limit: int = 5) -> list[dict[str, Any]]:
    """`site-gen advise --json`: the skills that best match `query`, best first."""
    from registry_search import advise_rank

    fields, average, total = store.advise_meta()
    vocabulary = store.advise_vocabulary()
    weights, surface = advise_rank.query_terms(query, vocabulary)
    postings = store.advise_postings(weights)
    width = 1 + len(fields)
    counts: dict[int, dict[str, dict[str, int]]] = {}
    df: dict[str, int] = {}
    for term, flat in postings.items():
        df[term] = len(flat) // width
        for at in range(0, len(flat), width):
            skill = counts.get(flat[at])
            if skill is None:
                skill = counts[flat[at]] = {field: {} for field in fields}
            for field, count in zip(fields, flat[at + 1 : at + width]):
                if count:
                    skill[field][term] = count

    def idf_of(term: str) -> float:
        return advise_rank.idf(total, df.get(term, 0))

    scored = []
    for n, (name, lengths) in store.advise_skills(counts).items():
        found, matched = advise_rank.score(counts[n], lengths, average, idf_of, weights, surface)
        scored.append((found, name, (n, matched)))
    ranked = advise_rank.best(scored, limit)
    entries = store.advise_entries(n for _, _, (n, _) in ranked)
    out = []
    query_terms = set(weights)
    for found, _, (n, matched) in ranked:
        skill = entries[n]
        rows = skill["failures"]
        picked = advise_rank.relevant_rows([set(r["terms"]) for r in rows], query_terms)
        out.append(
            {
                "skill": skill["skill"],
                "plugin": skill["plugin"],
                "category": skill["category"],
                "score": round(found, 3),
                "description": skill["description"],
                "url": skill["url"],
                "markdown": skill["markdown"],
                "matched": matched,
                "failures": [
                    {k: rows[i][k] for k in ("attempt", "why", "lesson", "source")} for i in picked
                ],
                "hyperparameters": skill["hyperparameters"],
            }
        )
    return out


def format_advice(results: list[dict[str, Any]], query: str) -> str:
    """What Claude reads for `/advise`: per skill why, failed attempts, parameters, links."""
    if not results:
        return (
            f"No skill matches {query!r}. Nothing recorded yet: after the experiment, "
            "save what you learn with /retrospective.\n"
        )
    out = []
    for number, item in enumerate(results, 1):
        out.append(f"{number}. {item['skill']}  [{item['category']}]  score {item['score']:.2f}")
        out.append(
            textwrap.fill(item["description"], 100, initial_indent="   ", subsequent_indent="   ")
        )
        why = "; ".join(f"{label}: {', '.join(words)}" for label, words in _why(item["matched"]))
        out.append(f"   why: {why}")
        if item["failures"]:
            out.append("   Failed attempts:")
            for row in item["failures"]:
                line = f"   - {row['attempt']} -> {row['why']}"
                out.append(line + (f" => {row['lesson']}" if row["lesson"] else ""))
        if item["hyperparameters"]:
            out.append("   Hyperparameters:")
            for block in item["hyperparameters"]:
                lines = block.splitlines()
                out.extend("     " + line for line in lines[:HYPER_LINES])
                if len(lines) > HYPER_LINES:
                    out.append(f"     ... ({len(lines) - HYPER_LINES} more lines in the skill)")
        out.append(f"   {item['markdown']}")
        out.append("")
    return "\n".join(out)


def _why(matched: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    seen: set[str] = set()
    out = []
    for label, words in matched.items():
        new = [w for w in words if w not in seen]
        seen.update(new)
        if new:
            out.append((label, new))
    return out
