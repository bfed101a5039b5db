"""The client's SQLite cache, written piece by piece (a part of a fetched index, or one plugin of
a registry at a time) into a temporary file renamed into place when complete.

Tables (read by `index_store.Store`):
- `meta`: the source (`key`, `etag`, `checked`, `site`) and the error index's small arrays;
- `docs`, `postings`: the error index (`site-gen lookup`), a posting list per term;
- `skills`: one row per skill for `/advise` (its name and field lengths, and what the answer
  shows), `advise_terms`: per term, its document frequency and the skills that hold it with
  their per-field counts: `advise` reads the rows of the query's terms and of the few skills it
  shows, not the whole index (0.6 s at 1,000 skills when it parsed everything).

Posting lists are built here, in memory, as flat arrays of C numbers (a weight 8 bytes, a
document number or a count 4: ~8 million error postings and ~3.7 million (term, skill) pairs
at 10,000 generated skills: ~215 MB) rather than as Python lists (~30 bytes a number: most of
the ~3 GB the first builder was heading for) or through a temporary table sorted by SQLite
(millions of rows inserted and read back in Python: slower, for memory the arrays do not
need).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

DB_NAME = "index.sqlite"
FORMAT = 3
"""The `format` of `skills-index.json` the cache holds (see `index_store.FORMAT`)."""
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs (n INTEGER PRIMARY KEY, data TEXT);
CREATE TABLE postings (term TEXT PRIMARY KEY, data TEXT);
CREATE TABLE skills (n INTEGER PRIMARY KEY, name TEXT, lengths TEXT, data TEXT);
CREATE TABLE advise_terms (term TEXT PRIMARY KEY, df INTEGER, data TEXT);
"""


class CacheWriter:
    """A new cache in `folder`: add documents, posting lists and skills in order, then `finish`
    (renames it over the last one) or `abort` (removes it)."""

    def __init__(self, folder: Path, fields: Iterable[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.fields = list(fields)
        """The advise fields, in the order `advise_terms` lists their counts."""
        self.path = folder / f"{DB_NAME}.{os.getpid()}.tmp"
        if self.path.exists():
            self.path.unlink()
        self.db = sqlite3.connect(str(self.path))
        self.db.executescript(SCHEMA)
        self.kinds: list[str] = []
        self.skills = 0
        self._doc_hits: dict[str, tuple[array[int], array[float]]] = {}
        self._skill_hits: dict[str, array[int]] = {}
        self._length_sums = dict.fromkeys(self.fields, 0)

    def add_docs(self, docs: list[dict[str, Any]]) -> int:
        """Error documents, numbered on from the last; the number of the first."""
        first = len(self.kinds)
        self.db.executemany(
            "INSERT INTO docs VALUES (?, ?)",
            ((first + n, _dumps(doc)) for n, doc in enumerate(docs)),
        )
        self.kinds += [doc["kind"] for doc in docs]
        return first

    def add_postings(self, postings: Mapping[str, list[Any]]) -> None:
        """Whole posting lists `[doc, weight, ...]` (a fetched part has them whole)."""
        self.db.executemany(
            "INSERT INTO postings VALUES (?, ?)",
            ((term, json.dumps(plist)) for term, plist in postings.items()),
        )

    def add_doc_terms(self, n: int, terms: Iterable[tuple[str, float]]) -> None:
        """One document's (term, weight) pairs: posting lists written by `finish`."""
        for term, weight in terms:
            hit = self._doc_hits.get(term)
            if hit is None:
                hit = self._doc_hits[term] = (array("i"), array("d"))
            hit[0].append(n)
            hit[1].append(weight)

    def add_skills(self, skills: list[dict[str, Any]]) -> None:
        """Skills as the compact index lists them (`terms`: field -> term -> count)."""
        rows = []
        for entry in skills:
            n = self.skills
            self.skills += 1
            terms: dict[str, dict[str, int]] = entry["terms"]
            lengths: dict[str, int] = entry["lengths"]
            for field in self.fields:
                self._length_sums[field] += lengths.get(field, 0)
            counted: dict[str, list[int]] = {}
            for i, field in enumerate(self.fields):
                for term, count in terms.get(field, {}).items():
                    counts = counted.get(term)
                    if counts is None:
                        counts = counted[term] = [0] * len(self.fields)
                    counts[i] = count
            for term, counts in counted.items():
                hit = self._skill_hits.get(term)
                if hit is None:
                    hit = self._skill_hits[term] = array("i")
                hit.append(n)
                hit.extend(counts)
            shown = {k: v for k, v in entry.items() if k not in ("terms", "lengths")}
            rows.append((n, entry["skill"], _dumps(lengths), _dumps(shown)))
        self.db.executemany("INSERT INTO skills VALUES (?, ?, ?, ?)", rows)

    def finish(self, meta: dict[str, str], lengths: list[float], average: float) -> None:
        """Write what is kept in memory and the metadata, then rename the file into place.
        `lengths` and `average`: the error index's document lengths and their mean."""
        try:
            self._write_postings()
            width = 1 + len(self.fields)
            self.db.executemany(
                "INSERT INTO advise_terms VALUES (?, ?, ?)",
                (
                    (term, len(hit) // width, json.dumps(hit.tolist()))
                    for term, hit in sorted(self._skill_hits.items())
                ),
            )
            self._skill_hits.clear()
            total = self.skills
            averages = {
                field: self._length_sums[field] / total if total else 1.0 for field in self.fields
            }
            rows = {
                **meta,
                "format": str(FORMAT),
                "checked": meta.get("checked") or str(time.time()),
                "kinds": json.dumps(self.kinds),
                "lengths": json.dumps(lengths),
                "average": str(average),
                "advise_fields": json.dumps(self.fields),
                "advise_average": json.dumps(averages),
                "advise_total": str(total),
            }
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(rows.items()))
            self.db.commit()
        except BaseException:
            self.abort()
            raise
        self.db.close()
        self.path.replace(self.folder / DB_NAME)

    def _write_postings(self) -> None:
        for term in sorted(self._doc_hits):
            numbers, weights = self._doc_hits.pop(term)
            plist: list[Any] = []
            for n, weight in zip(numbers, weights):
                plist += (n, weight)
            self.db.execute("INSERT INTO postings VALUES (?, ?)", (term, json.dumps(plist)))

    def abort(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def _dumps(value: Any) -> str:
    """Key-sorted: the same rows whether the index was fetched (its JSON is key-sorted) or built
    here."""
    return json.dumps(value, sort_keys=True)
