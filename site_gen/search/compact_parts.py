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
that did not change keeps its name and the client keeps it: after an edit it downloads the
parts that changed, not the index. For that, where a part ends depends on the items around the
cut, not on everything before it (`_cut_before`, content-defined chunking as in rsync and
restic): a skill edited or added moves at most the cuts beside it.

gzip rather than `lzma` (3x smaller again here, but 20 s to compress 26 MB against 1 s, and
an optional module in some Python builds) or a binary layout of our own (more code on both
sides for what gzip mostly gets).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any, Callable

PARTS_DIR = "skills-index"
"""Site-relative folder of the parts."""
PART_BYTES = 8_000_000
"""A part's largest JSON size, before gzip: one item larger than this (none is near it) gets
a part alone. Parts average about a third of it and gzip to a fifth of that."""

PART_SUFFIX = ".json.gz"


def split_index(
    data: dict[str, Any],
    main_path: str,
    part_bytes: int = PART_BYTES,
    compress: Callable[[bytes], bytes] | None = None,
) -> dict[str, str | bytes]:
    """Site-relative path -> content: `main_path` (the index without its documents, postings
    and skills, with `parts`; text) and the parts (gzip'd key-sorted compact JSON, bytes).
    `compress` (default `gzip_part`) may return a part's gzip from a cache."""
    lookup, advise = dict(data["lookup"]), dict(data["advise"])
    items: list[tuple[str, Any]] = [("docs", doc) for doc in lookup.pop("docs")]
    items += [("postings", pair) for pair in sorted(lookup.pop("postings").items())]
    items += [("skills", skill) for skill in advise.pop("skills")]
    files: dict[str, str | bytes] = {}
    part: dict[str, list[str]] | None = None
    size = part_bytes
    for kind, item in items:
        if kind == "postings":
            key, value = _dumps(item[0]), _dumps(gap_postings(item[1]))
            text = f"{key}:{value}"  # as it sits in the part's object
            encoded = f"[{key},{value}]".encode()  # the pair, as the cut is decided on
        else:
            text = _dumps(item)
            encoded = text.encode("utf-8")
        item_size = len(encoded) + 1
        if part is None or size + item_size > part_bytes or _cut_before(encoded, size, part_bytes):
            if part is not None:  # compressed once complete: one part's text held at a time
                _add_part(files, part, compress)
            part = {"docs": [], "postings": [], "skills": []}
            size = 0
        part[kind].append(text)
        size += item_size
    if part is not None:
        _add_part(files, part, compress)
    main = {**data, "lookup": lookup, "advise": advise, "parts": list(files)}
    return {main_path: _dumps(main) + "\n", **files}


def _add_part(
    files: dict[str, str | bytes],
    part: dict[str, list[str]],
    compress: Callable[[bytes], bytes] | None,
) -> None:
    """The part's gzip under its name: `_dumps(part) + "\\n"` from the items already
    encoded, so each item is written once."""
    joined = {kind: ",".join(texts) for kind, texts in part.items()}
    whole = f'{{"docs":[{joined["docs"]}],"postings":{{{joined["postings"]}}},'
    body = f'{whole}"skills":[{joined["skills"]}]}}\n'.encode()
    digest = hashlib.sha256(body).hexdigest()[:16]
    files[f"{PARTS_DIR}/{digest}{PART_SUFFIX}"] = (compress or gzip_part)(body)


def gzip_part(text: bytes) -> bytes:
    """A part's bytes as published: gzip, level 6, no timestamp (the same bytes every build)."""
    return gzip.compress(text, 6, mtime=0)


def _cut_before(item: bytes, size: int, part_bytes: int) -> bool:
    """Whether a part ends before `item`, decided by the item itself once the part holds
    `part_bytes / 8`: with a chance in proportion to its bytes, so parts average that plus
    `part_bytes / 4` whatever the size of their items."""
    if size < part_bytes // 8:
        return False
    draw = int.from_bytes(hashlib.sha256(item).digest()[:8], "big") / 2**64
    return draw < len(item) / (part_bytes // 4)


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
