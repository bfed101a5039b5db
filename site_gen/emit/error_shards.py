"""The error index split for the /errors/ page: a query downloads only what its tokens need.

The CLI ranks over the whole index (`search.error_index.build_index`); the page cannot
download it (14 MB at 1,000 skills). These files hold the same numbers, split:

`assets/error-index/meta.json`
    `{"format", "tokenizer", "docs": N, "average": mean length, "shards": S, "chunk": C,
    "score_chunk": SC}`
`assets/error-index/terms/<fnv1a32(term) % S>.json`
    `{term: [df, id, first, rest]}`: the document frequency (for idf and the confidence rule),
    the term's number, its highest-impact postings as a flat `[doc, impact, ...]` list, and
    the largest impact of each further block. The impact of a posting is the document's
    share of BM25 without the query: `prior * tf * (K1 + 1) / (tf + K1 * (1 - B + B *
    length / average))`, rounded to 4 decimals; postings are sorted by it, highest first.
`assets/error-index/postings/<id>-<k>.json`
    Block k (1, 2, ...) of a term's postings, same flat form, fetched only while the top
    results are not settled (`rankSharded` in error-search.js: a threshold algorithm).
`assets/error-index/scores/<doc // SC>.json`
    Scoring records, `[length, attempt 0/1, skill, term number, tf, ...]` (terms by number):
    once no unseen document can reach the top, the page scores the few seen ones that still
    can exactly from these, as the CLI does, instead of reading the rest of every posting list.
`assets/error-index/docs/<doc // C>.json`
    Display records: what a result shows (the fix as trusted HTML); only the shown ones are
    fetched.

The ranking is `search.rank.rank` to the last digit; tests/test_tokenize_parity.py runs both.
"""

from __future__ import annotations

import json

from .. import urls
from ..model import Registry
from ..render.fix_html import render_fix
from ..search import tokenize
from ..search.error_index import FORMAT, Doc, IndexedDoc, PluginTerms, average_length, indexed_docs
from ..search.rank import ATTEMPT_PRIOR, K1, B

FOLDER = urls.ERROR_INDEX
SHARDS_FORMAT = FORMAT + 2
"""+2: scoring records apart from display records (`scores/`, `docs/`)."""
FIRST_BLOCK = 32
"""Postings kept with the term: enough for many queries to settle without another request."""
BLOCK = 256
"""Postings per further block: in the browser a request costs more than its bytes."""
CHUNK = 2
"""Display records per file: a query shows 5, spread over the registry."""
SCORE_CHUNK = 1
"""Scoring records per file: a query scores up to ~200 documents exactly, spread over the
registry, so any neighbour in the same file would be a wasted download."""
TERMS_PER_SHARD = 8


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the page computes the same to find a term's shard."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def shard_count(terms: int) -> int:
    """A power of two near terms / TERMS_PER_SHARD, so a shard stays a few kilobytes."""
    count = 1
    while count * TERMS_PER_SHARD < terms and count < 1 << 14:
        count *= 2
    return count


def impact(tf: float, length: float, average: float, attempt: bool) -> float:
    norm = K1 * (1 - B + B * length / (average or 1.0))
    return (ATTEMPT_PRIOR if attempt else 1.0) * tf * (K1 + 1) / (tf + norm)


def _dump(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def error_shard_files(
    registry: Registry,
    cache: PluginTerms | None = None,
    *,
    first_block: int = FIRST_BLOCK,
    block: int = BLOCK,
    score_chunk: int = SCORE_CHUNK,
) -> dict[str, str]:
    """Site-relative path -> JSON text, for every file described above."""
    indexed = indexed_docs(registry, cache)
    average = average_length(indexed)
    postings: dict[str, list[tuple[float, int]]] = {}
    for number, item in enumerate(indexed):
        attempt = item.doc.kind == "failed-attempt"
        for token, tf in item.terms:
            score = round(impact(tf, item.length, average, attempt), 4)
            postings.setdefault(token, []).append((score, number))
    shards = shard_count(len(postings))
    files: dict[str, str] = {}
    terms: list[dict[str, object]] = [{} for _ in range(shards)]
    for term_id, term in enumerate(sorted(postings)):
        ranked = sorted(postings[term], key=lambda p: (-p[0], p[1]))
        blocks = [ranked[:first_block]] + [
            ranked[i : i + block] for i in range(first_block, len(ranked), block)
        ]
        flat = [[value for score, doc in part for value in (doc, score)] for part in blocks]
        terms[fnv1a(term) % shards][term] = [
            len(ranked),
            term_id,
            flat[0],
            [part[0][0] for part in blocks[1:]],
        ]
        for k, part in enumerate(flat[1:], 1):
            files[f"{FOLDER}postings/{term_id}-{k}.json"] = _dump(part)
    for number, shard in enumerate(terms):
        files[f"{FOLDER}terms/{number}.json"] = _dump(shard)
    ids = {term: number for number, term in enumerate(sorted(postings))}
    for start in range(0, len(indexed), CHUNK):
        records = [_record(item.doc) for item in indexed[start : start + CHUNK]]
        files[f"{FOLDER}docs/{start // CHUNK}.json"] = _dump(records)
    for start in range(0, len(indexed), score_chunk):
        scoring = [_scoring(item, ids) for item in indexed[start : start + score_chunk]]
        files[f"{FOLDER}scores/{start // score_chunk}.json"] = _dump(scoring)
    files[f"{FOLDER}meta.json"] = _dump(
        {
            "format": SHARDS_FORMAT,
            "tokenizer": tokenize.VERSION,
            "docs": len(indexed),
            "average": average,
            "shards": shards,
            "chunk": CHUNK,
            "score_chunk": score_chunk,
        }
    )
    return files


def _record(doc: Doc) -> dict[str, str]:
    """What a result shows."""
    return {
        "skill": doc.skill,
        "entry": doc.entry,
        "error": doc.error,
        "cause": doc.cause,
        "fix_html": render_fix(dict(doc.fields).get("fix", doc.fix)),
        "url": doc.url,
        "kind": doc.kind,
    }


def _scoring(item: IndexedDoc, ids: dict[str, int]) -> list[object]:
    """What exact scoring needs: `[length, attempt 0/1, skill, term number, tf, ...]`."""
    terms = sorted((ids[term], tf) for term, tf in item.terms)
    head: list[object] = [item.length, int(item.doc.kind == "failed-attempt"), item.doc.skill]
    return head + [value for pair in terms for value in pair]
