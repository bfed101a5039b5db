# Copied from site_gen/search/error_index.py by `site-gen marketplace`: edit that file.
"""Model -> the error index: every troubleshooting entry and every failed attempt that quotes
an error, as BM25 postings over the shared tokenizer. Pure; JSON-ready; the page and the CLI
rank over this same structure.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import urls
from ..markdown import code_spans, plain
from ..model import FailedAttempt, Plugin, Registry, TroubleshootingEntry
from . import tokenize

FORMAT = 3
"""Bump with any change to the index's shape; with `tokenize.VERSION` it keys the CLI cache.
2: each document has its skill's `date`. 3: `also`, the other errors an item quotes, and
`unquoted` when it quotes none."""

BOOSTS = {"error": 3.0, "title": 2.0, "symptom": 1.0, "cause": 1.0, "fix": 0.5, "context": 0.3}
"""Per-field term weights: the exact error text counts most, the skill's context least."""
FAILED_ATTEMPTS_ANCHOR = "failed-attempts"
"""Failed Attempts rows have no anchor of their own; they link to the table's heading."""

_MAX_ERROR = 400
_MAX_CAUSE = 400
_MAX_FIX = 700
_MAX_ALSO = 3
_MAX_INDEXED = 3000
"""Index at most this much of a long field (a fix with a 200-line script)."""
_ERROR_LOOKING = re.compile(
    r"error|exception|traceback|fail|fatal|errno|not found|denied|refused|timeout|timed out"
    r"|\bnan\b|\binf\b|out of memory|\boom\b|segmentation|abort|killed|\b[45]\d\d\b|cannot"
    r"|unable|invalid|unexpected|mismatch|not supported|does not exist|no such",
    re.I,
)


@dataclass(frozen=True)
class Doc:
    """One indexed item: what a result shows, and the text it is matched on."""

    skill: str
    entry: str
    error: str
    cause: str
    fix: str
    url: str
    kind: str
    fields: tuple[tuple[str, str], ...]
    """(field, text) pairs to index; field names are keys of BOOSTS."""
    date: str = ""
    """The skill's `date` (ISO `YYYY-MM-DD`, "" when it has none): the failure hook lists
    skills that quote one error alike most recent first."""
    also: tuple[str, ...] = ()
    """The other errors the item quotes after `error` (at most `_MAX_ALSO`): the failure hook
    asks whether the output shows one of them (`hook_gate.shown_share`)."""
    quotes: bool = True
    """False when the item quotes no error (`error` is its heading in words)."""


def docs_for(plugin: Plugin) -> list[Doc]:
    """A plugin's indexed items: its troubleshooting entries, then quoting Failed Attempts."""
    context = f"{plugin.name} {plugin.description}"
    docs = [_entry_doc(plugin, entry, context) for entry in plugin.all_troubleshooting]
    docs += [doc for row in plugin.failed_attempts if (doc := _attempt_doc(plugin, row, context))]
    date = _iso_date(plugin.date)
    return [replace(doc, date=date) for doc in docs]


def _iso_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return ""


def _entry_doc(plugin: Plugin, entry: TroubleshootingEntry, context: str) -> Doc:
    error = entry.errors[0] if entry.errors else plain(entry.title)
    return Doc(
        skill=plugin.name,
        entry=_title(entry.title),
        error=_cut(error, _MAX_ERROR),
        cause=_cut(plain(entry.cause), _MAX_CAUSE),
        fix=_cut(entry.fix, _MAX_FIX),
        url=urls.entry(plugin.name, entry.anchor),
        kind="symptom" if entry.title_only else "entry",
        also=_also(entry.errors[1:]),
        quotes=_quotes(entry),
        fields=(
            ("error", "\n".join(entry.errors)),
            ("title", entry.title),
            ("symptom", entry.symptom),
            ("cause", entry.cause),
            ("fix", entry.fix),
            ("context", context),
        ),
    )


def _also(errors: Sequence[str]) -> tuple[str, ...]:
    """The other quoted errors worth showing the hook: error-looking ones (a symptom's code
    spans also name functions: `load_dataset`)."""
    found = [_cut(text, _MAX_ERROR) for text in errors if _ERROR_LOOKING.search(text)]
    return tuple(found[:_MAX_ALSO])


def _quotes(entry: TroubleshootingEntry) -> bool:
    """Whether the entry quotes an error: a heading in plain words (`Common errors and
    solutions`, `CUDA out of memory`) is read as its error, but is no quote of one."""
    words = plain(entry.title)
    return any(error != words for error in entry.errors) or bool(code_spans(entry.title))


def _attempt_doc(plugin: Plugin, row: FailedAttempt, context: str) -> Doc | None:
    """A Failed Attempts row, when its "why" quotes an error (a code span or error words)."""
    quoted = [span for span in code_spans(row.why) if _ERROR_LOOKING.search(span)]
    if not quoted and not _ERROR_LOOKING.search(plain(row.why)):
        return None
    error = quoted[0] if quoted else plain(row.why)
    return Doc(
        skill=plugin.name,
        entry=plain(row.attempt),
        error=_cut(error, _MAX_ERROR),
        cause=_cut(plain(row.why), _MAX_CAUSE),
        fix=_cut(plain(row.lesson), _MAX_FIX),
        url=urls.entry(plugin.name, FAILED_ATTEMPTS_ANCHOR),
        kind="failed-attempt",
        also=_also(quoted[1:]),
        quotes=bool(quoted),
        fields=(
            ("error", "\n".join(quoted)),
            ("title", row.attempt),
            ("cause", row.why),
            ("fix", row.lesson),
            ("context", context),
        ),
    )


def _title(title: str) -> str:
    """A title that is one code span keeps its text as written (`__init__` stays)."""
    spans = code_spans(title)
    if len(spans) == 1 and not plain(title.replace(f"`{spans[0]}`", "").strip("` ")):
        return spans[0]
    return plain(title)


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def term_frequencies(doc: Doc) -> dict[str, float]:
    """Boosted term counts; in quoted errors, traceback frames count as little as context."""
    tf: dict[str, float] = {}
    for name, text in doc.fields:
        boost = BOOSTS[name]
        text = text[:_MAX_INDEXED]
        if name == "error":
            weighted = [
                (token, boost if line.weight >= tokenize.PLAIN else BOOSTS["context"])
                for line in tokenize.lines(text)
                for token in line.tokens
            ]
        else:
            weighted = [(token, boost) for token in tokenize.tokens(text)]
        for token, weight in weighted:
            tf[token] = tf.get(token, 0.0) + weight
    return tf


@dataclass(frozen=True)
class IndexedDoc:
    """A document with its terms as they go into the index (rounded, sorted)."""

    doc: Doc
    length: float
    terms: tuple[tuple[str, float], ...]


PluginTerms = dict[tuple[str, str], list[IndexedDoc]]
"""(plugin folder, content hash) -> its indexed documents."""


def index_doc(doc: Doc) -> IndexedDoc:
    tf = term_frequencies(doc)
    terms = tuple((token, round(tf[token], 2)) for token in sorted(tf))
    return IndexedDoc(doc, round(sum(tf.values()), 2), terms)


def indexed_docs(registry: Registry, cache: PluginTerms | None = None) -> list[IndexedDoc]:
    """Every indexed document, in registry order (its place is its document number).

    With a `cache` (kept by `serve` between rebuilds), only changed plugins are tokenized;
    entries of plugins no longer in the registry are dropped from it.
    """
    cache = {} if cache is None else cache
    indexed: list[IndexedDoc] = []
    current = set()
    for plugin in registry:
        key = (plugin.path, plugin.content_hash)
        current.add(key)
        if key not in cache:
            cache[key] = [index_doc(doc) for doc in docs_for(plugin)]
        indexed.extend(cache[key])
    for key in set(cache) - current:
        del cache[key]
    return indexed


def average_length(indexed: list[IndexedDoc]) -> float:
    return mean_length([item.length for item in indexed])


def mean_length(lengths: list[float]) -> float:
    """The index's `average` document length."""
    return round(math.fsum(lengths) / len(lengths), 4) if lengths else 0.0


def doc_json(doc: Doc) -> dict[str, object]:
    """A document as the index lists it: what a result shows (`also` when it has some)."""
    shown: dict[str, object] = {
        "skill": doc.skill,
        "entry": doc.entry,
        "error": doc.error,
        "cause": doc.cause,
        "fix": doc.fix,
        "url": doc.url,
        "kind": doc.kind,
        "date": doc.date,
    }
    if doc.also:
        shown["also"] = list(doc.also)
    if not doc.quotes:
        shown["unquoted"] = True
    return shown


def build_index(registry: Registry, cache: PluginTerms | None = None) -> dict[str, object]:
    """The error index as JSON-ready data: documents, lengths and postings."""
    indexed = indexed_docs(registry, cache)
    docs = [item.doc for item in indexed]
    postings: dict[str, list[float]] = {}
    lengths = [item.length for item in indexed]
    for number, item in enumerate(indexed):
        for token, weight in item.terms:
            postings.setdefault(token, []).extend((number, weight))
    return {
        "format": FORMAT,
        "tokenizer": tokenize.VERSION,
        "docs": [doc_json(d) for d in docs],
        "lengths": lengths,
        "average": average_length(indexed),
        "postings": dict(sorted(postings.items())),
    }
