"""The error index split for the /errors/ page: a query downloads only what its tokens need.

The CLI ranks over the whole index (`search.error_index.build_index`); the page cannot
download it (140 MB at 10,000 skills). These files hold the same numbers, split:

`assets/error-index/meta.json`
    `{"format", "tokenizer", "docs": N, "average": mean length, "shards": S, "bucket": BS,
    "group": G, "chunk": C, "scale": Q, "tf_scale": T, "suffix": ".json.gz"}`
`assets/error-index/terms/<fnv1a32(term) % S>.json.gz`
    `{term: [df, id, *maxima]}`: the document frequency (for idf and the confidence rule),
    the term's number, and for each bucket holding the term an upper bound of the largest
    impact of the term there (`emit/bucket_maxima.py`: sparse or dense, one character a
    bucket for a term in more than `COARSE_DF` of the documents). The impact of a
    posting is the document's share of BM25 without the query:
    `prior * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))`.
`assets/error-index/buckets/<k // G>.json.gz`
    Scoring records of G buckets of BS documents (`GROUP`), in bucket order,
    `[doc, length, attempt 0/1, skill number, terms]`
    (skills numbered in name order, only ever compared with each other; `terms` every
    term's number and `tf * T` in one string, `emit/bucket_records.py`), so the page scores
    every document of a bucket exactly, as the CLI does.
`assets/error-index/docs/<position // C>.json.gz`
    Display records in bucket order, `{"strings": [...], "records": [[skill, entry, error,
    cause, fix_html, url, attempt 0/1], ...]}` with each text an index into the file's
    `strings`: neighbours in bucket order quote the same error, cause and fix (10,759
    records at 1,000 skills held 750 distinct fixes), so each is stored once a file.

Why buckets: generated and real registries hold many near-identical entries (one error
quoted by many skills), so an exact top 5 must tell apart hundreds of near-tied documents.
Impact-ordered postings then had to be read deep (3 MB, ~100 sequential requests per
query at 10,000 skills). Documents are instead ordered by their error text (the terms they
weigh most) and then by length, and cut into buckets: near-ties share a few buckets, and a
bucket's upper bound (the sum over query terms of weight * max) is tight. The page fetches
the buckets by falling bound until none left can reach the 5th best exact score
(`rankSharded` in error-search.js); a query reads a few buckets in two or three rounds.
A file holds `GROUP` neighbouring buckets: the buckets a paste needs are mostly neighbours
(its near-ties), so a file read for one bucket scores its neighbours too, and a paste makes
a fifth of the requests for about half again the bytes (10,000 skills: 64 bucket reads a
paste in 13 files, median), while the bounds keep the finer grain of a bucket.

Why gzip files: every file but `meta.json` is stored gzip-compressed (`gzip_part`: level 6,
no timestamp, the same bytes every build) and inflated by the page with the browser's
`DecompressionStream`, as Pagefind does with its own files. GitHub Pages compresses JSON on
the wire but stores and counts it whole, and serves a `.gz` file as it is, without
Content-Encoding: stored compressed, the index is 3 to 4 times smaller on disk (72.5 MB at
10,000 skills before), and its bytes over the network are the compressed ones whatever the
server. Display records compress best (neighbours share their texts), so a display file
holds `CHUNK` of them.

The ranking is `search.rank.rank` to the last digit; tests/test_tokenize_parity.py runs both.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping

from .. import urls
from ..model import Registry
from ..render.fix_html import render_fix
from ..search import tokenize
from ..search.compact_parts import gzip_part
from ..search.error_index import FORMAT, Doc, IndexedDoc, PluginTerms, average_length, indexed_docs
from ..search.rank import ATTEMPT_PRIOR, K1, B
from . import bucket_maxima, bucket_records
from .plugin_parts import fix_markdown

FOLDER = urls.ERROR_INDEX
SHARDS_FORMAT = FORMAT + 5
"""+3: documents in buckets with per-term bucket maxima (no impact-ordered postings);
+4: display texts once a file, a record's terms as a string, skill numbers, coarse maxima
for common terms; +5: files but meta.json gzip-compressed (`SUFFIX`), `GROUP` buckets a
scoring file."""
SUFFIX = ".json.gz"
"""Of every index file but `meta.json`: JSON, gzip-compressed."""
BUCKET = 16
"""Documents per bucket (the grain of the term shards' maxima): a query reads a few buckets,
the near-ties of its error."""
GROUP = 8
"""Buckets per scoring file (see the module docstring)."""
CHUNK = 32
"""Display records per file, in bucket order: the top results are often neighbours. 32, not
8, since the files are compressed: at 1,000 skills 0.55 MB in 337 files instead of 0.97 MB
in 1,345, for about 5 KB more a paste (three or four files of 2 KB)."""
SHARD_BYTES = 2048
"""Term shards are about this big: fewer files, each fetched whole for one token."""
MAX_SHARDS = 1 << 13
COARSE_DF = 1 / 64
"""Terms in more than this share of the documents store their bucket maxima in 91 levels,
one character a bucket (`bucket_maxima`), not 8,281 in two: their idf is at most ~4.2 (a
rare term's is 8-11), so the looser bound moves a bucket's bound little, and their dense
form was most of a query's bytes (two bytes for each of 6,739 buckets at 10,000 skills).
Bounds stay upper bounds: a looser one can make the page read a bucket more, never rank
differently. (One bound and a bit a bucket, 12 times smaller, made the dev set's pastes
read 5 to 8 times the bytes at 1,000 skills: common terms decide their top 5.)"""
SIGNATURE_TF = 3.0
"""Terms weighed at least this (an error line's, a title's and more) make a document's
signature: documents with the same signature sit in the same buckets."""


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the page computes the same to find a term's shard."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def shard_count(term_bytes: int) -> int:
    """A power of two near term_bytes / SHARD_BYTES: a query fetches one shard per token."""
    count = 1
    while count * SHARD_BYTES < term_bytes and count < MAX_SHARDS:
        count *= 2
    return count


def impact(tf: float, length: float, average: float, attempt: bool) -> float:
    norm = K1 * (1 - B + B * length / (average or 1.0))
    return (ATTEMPT_PRIOR if attempt else 1.0) * tf * (K1 + 1) / (tf + norm)


def _bucket_maxima(item: IndexedDoc, average: float, top: dict[str, float]) -> None:
    """Raise `top` to each of the document's impacts: `impact` for every term, its arithmetic
    in the same order (so the same doubles), without a call per posting (millions at
    10,000 skills)."""
    norm = K1 * (1 - B + B * item.length / (average or 1.0))
    prior = ATTEMPT_PRIOR if item.doc.kind == "failed-attempt" else 1.0
    get = top.get
    for term, tf in item.terms:
        top[term] = max(get(term, 0.0), prior * tf * (K1 + 1) / (tf + norm))


def _dump(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def _packed(data: object) -> bytes:
    """An index file as published: its JSON, gzip-compressed (see the module docstring)."""
    return gzip_part(_dump(data).encode("utf-8"))


def bucket_order(indexed: list[IndexedDoc]) -> list[int]:
    """Document numbers in bucket order: by signature, then shortest (highest impacts) first."""

    def key(number: int) -> tuple[tuple[str, ...], float, int]:
        item = indexed[number]
        return tuple(t for t, tf in item.terms if tf >= SIGNATURE_TF), item.length, number

    return sorted(range(len(indexed)), key=key)


def error_shard_files(
    registry: Registry,
    cache: PluginTerms | None = None,
    *,
    bucket: int = BUCKET,
    group: int = GROUP,
    chunk: int = CHUNK,
    fixes: Mapping[str, str] | None = None,
) -> dict[str, str | bytes]:
    """Site-relative path -> content, for every file described above: `meta.json` as text,
    the rest gzip-compressed. `fixes`: fixes' Markdown -> their HTML (`render_fix`) already
    rendered, from the build cache."""
    indexed = indexed_docs(registry, cache)
    average = average_length(indexed)
    order = bucket_order(indexed)
    scale = tf_scale(indexed)
    df: Counter[str] = Counter()
    for item in indexed:
        df.update(term for term, _ in item.terms)
    vocabulary = sorted(df)
    skills = {name: number for number, name in enumerate(sorted({i.doc.skill for i in indexed}))}
    ids = {term: number for number, term in enumerate(vocabulary)}
    maxima: dict[str, list[tuple[int, float]]] = {term: [] for term in vocabulary}
    """term -> (bucket, largest impact there), in bucket order."""
    files: dict[str, str | bytes] = {}
    for k in range(0, len(order), bucket):
        top: dict[str, float] = {}
        for number in order[k : k + bucket]:
            _bucket_maxima(indexed[number], average, top)
        for term, value in top.items():
            maxima[term].append((k // bucket, value))
    for k in range(0, len(order), bucket * group):
        members = order[k : k + bucket * group]
        records = [_scoring(number, indexed[number], ids, skills, scale) for number in members]
        files[f"{FOLDER}buckets/{k // (bucket * group)}{SUFFIX}"] = _packed(records)
    buckets = -(-len(order) // bucket)
    common = COARSE_DF * len(indexed)
    entries = {
        term: [
            df[term],
            ids[term],
            *bucket_maxima.encode(maxima[term], buckets, coarse=df[term] > common),
        ]
        for term in vocabulary
    }
    shards = shard_count(sum(len(_dump(entry)) + len(term) for term, entry in entries.items()))
    terms: list[dict[str, object]] = [{} for _ in range(shards)]
    for term, entry in entries.items():
        terms[fnv1a(term) % shards][term] = entry
    for number, shard in enumerate(terms):
        files[f"{FOLDER}terms/{number}{SUFFIX}"] = _packed(shard)
    for start in range(0, len(order), chunk):
        shown = [indexed[number].doc for number in order[start : start + chunk]]
        display = _display_chunk(shown, fixes or {})
        files[f"{FOLDER}docs/{start // chunk}{SUFFIX}"] = _packed(display)
    files[f"{FOLDER}meta.json"] = _dump(
        {
            "format": SHARDS_FORMAT,
            "tokenizer": tokenize.VERSION,
            "docs": len(indexed),
            "average": average,
            "shards": shards,
            "bucket": bucket,
            "group": group,
            "chunk": chunk,
            "scale": bucket_maxima.SCALE,
            "suffix": SUFFIX,
            "tf_scale": scale,
        }
    )
    return files


def _display_chunk(docs: list[Doc], fixes: Mapping[str, str]) -> dict[str, list[object]]:
    """What the results in one file show: each distinct text once, and per result the
    indexes of its skill, entry, error, cause, fix_html and url, then 1 for a failed attempt."""
    strings: dict[str, int] = {}
    records: list[object] = []
    for doc in docs:
        fix = fix_markdown(doc)
        fix_html = fixes[fix] if fix in fixes else render_fix(fix)  # rendered once per text
        texts = (doc.skill, doc.entry, doc.error, doc.cause, fix_html, doc.url)
        record: list[object] = [strings.setdefault(text, len(strings)) for text in texts]
        records.append([*record, int(doc.kind == "failed-attempt")])
    return {"records": records, "strings": list(strings)}


def tf_scale(indexed: list[IndexedDoc]) -> int:
    """10 when every tf is a multiple of 0.1 (the field boosts are), else 100 (tfs are rounded
    to 2 decimals): tfs are stored as `tf * scale`, integers, and `k / scale` on the page is
    the same double as the CLI's tf."""
    values = {tf for item in indexed for _, tf in item.terms}
    return 10 if all(round(tf * 10) / 10 == tf for tf in values) else 100


def _scoring(
    number: int, item: IndexedDoc, ids: dict[str, int], skills: dict[str, int], scale: int
) -> list[object]:
    """What exact scoring needs: `[doc, length, attempt 0/1, skill, terms]`, the terms as
    `(term number, tf * scale)` pairs in one string (`bucket_records`)."""
    record: list[object] = [number, item.length, int(item.doc.kind == "failed-attempt")]
    record.append(skills[item.doc.skill])
    pairs = sorted((ids[term], round(tf * scale)) for term, tf in item.terms)
    return [*record, bucket_records.encode(pairs)]
