"""The compact index split into gzip'd parts of bounded size, for the site (`skills-index.json`).

The whole index grows by ~26 KB a skill (260 MB at 10,000), past the site's 50 MB per-file
target and git's 100 MB limit, and most of it is repetition gzip removes (term names, URLs,
field names). So the site publishes `skills-index.json` with the small, registry-wide numbers
(document lengths, document frequencies, averages) and a list of `parts`: gzip files under
`skills-index/`, each holding at most `PART_BYTES` of JSON: consecutive error documents, whole
posting lists and consecutive skills. A posting list `[doc, weight, doc, weight, ...]` is
stored with each document number as the gap from the previous one (`gap_postings`): the same
numbers, but gzip then finds repeats (a third of the bytes it leaves otherwise). The client
(`plugins/tooling/skills-registry/scripts/index_store.py`, standard library: `gzip`, `json`)
reads the parts in order and undoes the gaps. Part names are their JSON's hash, so a part
that did not change keeps its name and a cache may keep it.

gzip rather than `lzma` (3x smaller again here, but 20 s to compress 26 MB against 1 s, and
an optional module in some Python builds) or a binary layout of our own (more code on both
sides for what gzip mostly gets).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

PARTS_DIR = "skills-index"
"""Site-relative folder of the parts."""
PART_BYTES = 8_000_000
"""A part's JSON size target, before gzip: one item larger than this (none is near it) gets a
part alone. Parts gzip to about a fifth of it."""
PART_SUFFIX = ".json.gz"


def split_index(
    data: dict[str, Any], main_path: str, part_bytes: int = PART_BYTES
) -> dict[str, str | bytes]:
    """Site-relative path -> content: `main_path` (the index without its documents, postings
    and skills, with `parts`; text) and the parts (gzip'd key-sorted compact JSON, bytes)."""
    lookup, advise = dict(data["lookup"]), dict(data["advise"])
    items: list[tuple[str, Any]] = [("docs", doc) for doc in lookup.pop("docs")]
    items += [("postings", pair) for pair in sorted(lookup.pop("postings").items())]
    items += [("skills", skill) for skill in advise.pop("skills")]
    parts: list[dict[str, Any]] = []
    size = part_bytes
    for kind, item in items:
        if kind == "postings":
            item = (item[0], gap_postings(item[1]))
        item_size = len(_dumps(item).encode("utf-8")) + 1
        if size + item_size > part_bytes:
            parts.append({"docs": [], "postings": {}, "skills": []})
            size = 0
        if kind == "postings":
            term, postings = item
            parts[-1]["postings"][term] = postings
        else:
            parts[-1][kind].append(item)
        size += item_size
    files: dict[str, str | bytes] = {}
    for part in parts:
        text = (_dumps(part) + "\n").encode("utf-8")
        digest = hashlib.sha256(text).hexdigest()[:16]
        files[f"{PARTS_DIR}/{digest}{PART_SUFFIX}"] = gzip.compress(text, 6, mtime=0)
    main = {**data, "lookup": lookup, "advise": advise, "parts": list(files)}
    return {main_path: _dumps(main) + "\n", **files}


def gap_postings(postings: list[Any]) -> list[Any]:
    """`[doc, weight, ...]` with each document number made the gap from the one before."""
    out = list(postings)
    for i in range(len(out) - 2, 0, -2):
        out[i] -= out[i - 2]
    return out


def read_part(data: bytes) -> dict[str, Any]:
    """A part as `split_index` wrote it, its posting lists back to document numbers (tests
    and benchmarks; the client has its own copy of these lines)."""
    part: dict[str, Any] = json.loads(gzip.decompress(data))
    for postings in part["postings"].values():
        for i in range(2, len(postings), 2):
            postings[i] += postings[i - 2]
    return part


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
