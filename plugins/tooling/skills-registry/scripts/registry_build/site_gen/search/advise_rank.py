# Copied from site_gen/search/advise_rank.py by `site-gen marketplace`: edit that file.
"""Plan ranking shared by `site-gen advise` and the plugin's client: terms, BM25F (concepts in
`advise_concepts`).

Standard library only and Python 3.9+: `site-gen marketplace` copies this module into the
tooling plugin (`scripts/registry_search/`), where researchers run it with the system
`python3`. The Porter stemmer is lunr's (the copy gets lunr's file beside it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Protocol, TypeVar

try:
    from lunr.stemmer import porter_stemmer
except ImportError:  # inside the plugin: the copy of lunr's stemmer written beside this file
    from .porter import porter_stemmer

from .advise_concepts import concepts
from .tokenize import tokens

FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "tags": 2.5,
    "description": 2.0,
    "failures": 1.5,
    "troubleshooting": 1.0,
    "overview": 1.0,
    "body": 0.4,
}
"""How much a match in each field counts: a skill is about what its name and description say."""
FIELD_LABELS = {
    "name": "name",
    "tags": "tags",
    "description": "description",
    "failures": "failed attempts",
    "troubleshooting": "troubleshooting",
    "overview": "overview",
    "body": "body",
}
K1 = 1.2
B = 0.6
CONCEPT_WEIGHT = 0.8
"""A concept hit counts a little less than the word itself: "OOM" in the query and "OOM" in the
skill match twice (word and concept); "out of memory" and "OOM" match once."""
FUZZY_WEIGHT = 0.5

MIN_RELATIVE_SCORE = 0.2
"""Results scoring under this fraction of the best are noise, not advice."""

PLAN_STOPWORDS = frozenset(
    """able again already another anyone anything around ask asked attempt attempts avoid
    because best better big bit came come coming currently doe done else etc even ever every
    exactly experiment experiments fine first get gets getting give go goes going good got
    happen happened happening help hi hit hitting idea ideas instead keep keeps kind know learned
    let like likely look looking lot lots make making many maybe mean might much need needs new
    next now often one ones people plan planning please pretty previous probably quite rather
    really right run running same say see seem seems set setting setup should since something
    somewhere start starting still stuff sure take team tell thing things think time tip tips
    tried try trying two use used using usual usually want wanted way ways week well went
    whether work worked working works would yet""".split()  # noqa: SIM905
)
"""Words of a plan that say nothing about its subject ("I'm about to try ...")."""

_MIXED_CASE_WORD = re.compile(
    r"\b(?=[A-Za-z]*[a-z])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{2,7}\b"
)


class Vocabulary(Protocol):
    """The registry's terms as a query asks of them: whether one is there, and those starting
    with a letter (near spellings share the first). The plugin's client answers from SQLite."""

    def __contains__(self, term: object) -> bool: ...

    def starting_with(self, letter: str) -> Iterable[str]: ...


class TermSet(frozenset[str]):
    """A set of terms as a `Vocabulary`."""

    def starting_with(self, letter: str) -> list[str]:
        return [term for term in self if term[:1] == letter]


def query_terms(query: str, vocabulary: Vocabulary) -> tuple[dict[str, float], dict[str, str]]:
    """Query term -> weight, and term -> the word the user wrote (for "why it matched")."""
    weights: dict[str, float] = {}
    surface: dict[str, str] = {}
    for word, term in _word_terms(query):
        if word in PLAN_STOPWORDS or term in PLAN_STOPWORDS:
            continue
        weights[term] = max(weights.get(term, 0.0), 1.0)
        surface.setdefault(term, word)
        if term not in vocabulary:
            for near in _near(term, vocabulary):
                weights[near] = max(weights.get(near, 0.0), FUZZY_WEIGHT)
                surface.setdefault(near, f"{word}~{near}")
    pairs = _word_terms(query)
    for (first, _), (second, _) in zip(pairs, pairs[1:]):
        joined = _stem(first + second)  # "data loader" meets "dataloader"
        if first.isalpha() and second.isalpha() and joined in vocabulary:
            weights.setdefault(joined, 1.0)
            surface.setdefault(joined, f"{first} {second}")
    for concept, words in concepts(query).items():
        key = "~" + concept
        weights[key] = CONCEPT_WEIGHT
        label = concept.replace("_", " ")
        surface[key] = words if words in (label, concept) else f"{words} (~{label})"
    return weights, surface


def terms(text: str) -> list[str]:
    """Index terms of `text`: stemmed words and code tokens, plus `~concept` terms."""
    found = [term for _, term in _word_terms(text)]
    return found + ["~" + c for c in concepts(text)]


def _word_terms(text: str) -> list[tuple[str, str]]:
    """(token, stemmed term) pairs.

    Short mixed-case words are lowercased first so "LoRA", "NaNs", "GPUs", "vLLM" stay whole
    instead of splitting like camelCase identifiers (`OutOfMemoryError` still splits).
    """
    text = _MIXED_CASE_WORD.sub(lambda m: m.group(0).lower(), text)
    out = []
    for token in tokens(text):
        out.append((token, _stem(token)))
        if "_" in token and token.count("_") <= 2:  # "fine-tuning" also as "finetuning"
            joined = token.replace("_", "")
            if joined.isalpha():
                out.append((token, _stem(joined)))
    return out


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    if token.isalpha() and len(token) > 3:
        stemmed: str = porter_stemmer.stem(token)
        return stemmed
    return token


def _near(term: str, vocabulary: Vocabulary) -> list[str]:
    """Registry terms one edit away (two for long words), or that extend the term."""
    if len(term) < 4 or not term.isalpha():
        return []
    budget = 1 if len(term) < 8 else 2
    found = []
    for other in vocabulary.starting_with(term[0]):
        if other[0] != term[0] or abs(len(other) - len(term)) > budget or not other.isalpha():
            if not (len(term) >= 5 and other.startswith(term) and other.isalpha()):
                continue
            found.append(other)
            continue
        if _edits(term, other, budget) <= budget:
            found.append(other)
    return sorted(found)[:5]


def _edits(a: str, b: str, budget: int) -> int:
    """Levenshtein distance, giving up past `budget`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > budget:
            return budget + 1
        previous = current
    return previous[-1]


def idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def score(
    terms: Mapping[str, Mapping[str, int]],
    lengths: Mapping[str, int],
    average: Mapping[str, float],
    idf_of: Callable[[str], float],
    weights: dict[str, float],
    surface: dict[str, str],
) -> tuple[float, dict[str, list[str]]]:
    """BM25F: per-field term counts, length-normalised and weighted, then saturated once."""
    total = 0.0
    matched: dict[str, list[str]] = {}
    for term, q_weight in weights.items():
        tf = 0.0
        for name in FIELD_WEIGHTS:  # field order: "why" lists the strongest field first
            count = terms[name].get(term, 0)
            if not count:
                continue
            norm = 1 - B + B * lengths[name] / max(average[name], 1.0)
            tf += FIELD_WEIGHTS[name] * count / norm
            label = FIELD_LABELS[name]
            if surface[term] not in matched.setdefault(label, []):
                matched[label].append(surface[term])
        if tf:
            total += q_weight * idf_of(term) * tf * (K1 + 1) / (tf + K1)
    order = [FIELD_LABELS[name] for name in FIELD_WEIGHTS]
    return total, {label: matched[label] for label in order if label in matched}


Scored = TypeVar("Scored")


def best(
    scored: Iterable[tuple[float, str, Scored]], limit: int
) -> list[tuple[float, str, Scored]]:
    """(score, skill name, item) best first, ties by name, without the noise under the floor."""
    ordered = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
    if not ordered:
        return []
    floor = ordered[0][0] * MIN_RELATIVE_SCORE
    return [s for s in ordered[:limit] if s[0] >= floor]


def relevant_rows(row_terms: list[set[str]], query: set[str], limit: int = 3) -> list[int]:
    """Indexes of the rows sharing the most terms with the query; the first rows when none do."""
    scored = sorted((-len(t & query), i) for i, t in enumerate(row_terms))
    hits = [i for overlap, i in scored if overlap < 0]
    return hits[:limit] or list(range(min(limit, 2, len(row_terms))))
