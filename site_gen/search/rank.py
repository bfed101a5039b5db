"""Query the error index: BM25 over the shared tokens, plus a confidence rule.

Mirrored line for line by `rank` in `overrides/assets/javascripts/error-search.js`.
"""

from __future__ import annotations

import heapq
import math
from typing import Any, NamedTuple

from . import tokenize

K1 = 1.2
B = 0.5
"""Length normalization kept mild: a long fix should not bury its entry."""
MIN_COVERAGE = 0.5
"""Share (by idf) of the focus tokens (the exception line's) the top entry must contain."""
MIN_MARGIN = 0.1
"""How far the top entry must lead the best entry of another skill, relative to its score."""
SURE_COVERAGE = 0.8
"""Above this coverage a close runner-up does not matter: the error text itself matched."""
PARTIAL = 32
"""Documents ranked by a partial sort before falling back to sorting all of them."""
ATTEMPT_PRIOR = 0.8
"""A Failed Attempts row quoting an error ranks below a troubleshooting entry with the same
words: the entry has the cause and the whole fix, the row one line of lesson."""


class Match(NamedTuple):
    """One ranked document of the index."""

    doc: dict[str, Any]
    score: float
    coverage: float
    confident: bool

    def as_json(self, base_url: str = "") -> dict[str, Any]:
        doc = self.doc
        return {
            "skill": doc["skill"],
            "entry": doc["entry"],
            "error": doc["error"],
            "cause": doc["cause"],
            "fix": doc["fix"],
            "kind": doc["kind"],
            "score": round(self.score, 4),
            "coverage": round(self.coverage, 4),
            "confident": self.confident,
            "url": base_url + doc["url"],
        }


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def rank(index: dict[str, Any], text: str, limit: int = 5) -> list[Match]:
    """The best `limit` documents for a pasted error; only the first may be confident."""
    weights, focus = tokenize.query_terms(text)
    return rank_terms(index, weights, focus, limit)


def rank_terms(
    index: dict[str, Any], weights: dict[str, float], focus: set[str], limit: int = 5
) -> list[Match]:
    """`rank` for query terms already weighed (the failure hook weighs its own)."""
    docs: list[dict[str, Any]] = index["docs"]
    lengths: list[float] = index["lengths"]
    postings: dict[str, list[float]] = index["postings"]
    total, average = len(docs), index["average"] or 1.0
    scores: dict[int, float] = {}  # only the documents a term reaches: few of many thousands
    matched: dict[int, float] = {}
    focus_total = 0.0
    for term in sorted(weights):
        plist = postings.get(term, [])
        term_idf = idf(len(plist) // 2, total)
        in_focus = term in focus
        if in_focus:
            focus_total += term_idf
        weight = weights[term] * term_idf
        for i in range(0, len(plist), 2):
            d, tf = int(plist[i]), plist[i + 1]
            norm = K1 * (1 - B + B * lengths[d] / average)
            scores[d] = scores.get(d, 0.0) + weight * tf * (K1 + 1) / (tf + norm)
            if in_focus:
                matched[d] = matched.get(d, 0.0) + term_idf
    kinds = index.get("kinds")  # the client's cache lists them: its documents load lazily
    for d in scores:
        if (kinds[d] if kinds is not None else docs[d]["kind"]) == "failed-attempt":
            scores[d] *= ATTEMPT_PRIOR
    order = _best_first(scores, limit, lambda d: docs[d]["skill"])
    if not order:
        return []
    top = order[0]
    rival = next((scores[d] for d in order if docs[d]["skill"] != docs[top]["skill"]), 0.0)
    margin = (scores[top] - rival) / scores[top]
    results = []
    for place, d in enumerate(order[:limit]):
        coverage = matched.get(d, 0.0) / focus_total if focus_total else 0.0
        sure = coverage >= SURE_COVERAGE or (coverage >= MIN_COVERAGE and margin >= MIN_MARGIN)
        results.append(Match(docs[d], scores[d], coverage, place == 0 and sure))
    return results


def _best_first(scores: dict[int, float], limit: int, skill: Any) -> list[int]:
    """Documents with a score, best first (ties by number): the first `limit` and at least
    one of another skill than the first's when there is one (all that `rank` reads). A
    partial sort: a query of common words reaches every document of a large registry."""
    ranked = [d for d in scores if scores[d] > 0]
    key = lambda d: (-scores[d], d)  # noqa: E731
    head = heapq.nsmallest(max(limit, PARTIAL), ranked, key=key)
    if len(head) == len(ranked) or any(skill(d) != skill(head[0]) for d in head):
        return head
    return sorted(ranked, key=key)
