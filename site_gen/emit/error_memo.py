"""The `/errors/` index files kept whole in the build cache: a build in which no plugin's
error documents changed copies them instead of assembling them again; so is the client
index's `lookup` section, made of the same documents (`memo_lookup`).

Assembling the error index (`error_shards`) numbers every document, term and skill and
averages the document lengths over the whole registry, so any change to an error
document changes files all over it, and assembling is most of the emit phase (about 20 s
at 10,000 skills). But most edits to a skill (its steps, its notes, its references) leave
every error document as it was. The key is what `error_shard_files` reads: each plugin's
folder and the digest of its share's error documents and fixes (`plugin_parts`), in
registry order, with the bucket sizes and the code that assembles them (`code_version`).
An entry holds every file, so a hit is the same bytes assembling would give; an entry that
does not unpack is a miss, and is written again.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from ..cache_store import CacheStore, digest
from ..code_version import code_version

FORMAT = "error-index-files-2"
LOOKUP_FORMAT = "client-lookup-1"

Files = dict[str, str | bytes]
"""Site path -> text (`meta.json`) or bytes (the gzip-compressed files)."""


def memo_error_files(
    store: CacheStore | None, shares: list[str] | None, assemble: Callable[[], Files]
) -> Files:
    """`assemble()`, or its files from `store` when `shares` (plugin folder and error
    digest of every plugin, `EmitParts.error_digests`) are those of a build that stored them."""
    if store is None or shares is None:
        return assemble()
    key = digest(FORMAT, _code(), *shares)
    return store.memo(
        key, _unpack, assemble, lambda f: store.put(key, _pack(f), count=False, level=1)
    )


def memo_lookup(
    store: CacheStore | None,
    shares: list[str] | None,
    build: Callable[[], dict[str, object]],
) -> dict[str, object]:
    """`build()` (the client index's `lookup` section: `error_index.build_index`, made of
    the same error documents as the `/errors/` files), or its JSON from `store` under the
    same shares (`memo_error_files`): after an edit that changes no error document, the
    build reads no plugin's error documents at all."""
    if store is None or shares is None:
        return build()
    key = digest(LOOKUP_FORMAT, _lookup_code(), *shares)
    return store.memo(
        key,
        _read_lookup,
        build,
        lambda lookup: store.put_chunks(key, _lookup_lines(lookup), count=False, level=1),
    )


def _lookup_lines(lookup: dict[str, object]) -> Iterator[bytes]:
    """The section as JSON lines, a thousand at a time: the rest with the number of
    documents, then one line per document, then one per `[term, postings]`; written as
    they are made (at 10,000 skills the section is over a hundred megabytes of JSON)."""
    docs, postings = lookup["docs"], lookup["postings"]
    assert isinstance(docs, list) and isinstance(postings, dict)
    rest = {name: value for name, value in lookup.items() if name not in ("docs", "postings")}
    lines = [_dump({"rest": rest, "docs": len(docs)})]
    items: Iterable[object] = itertools.chain(docs, ([t, p] for t, p in postings.items()))
    for item in items:
        lines.append(_dump(item))
        if len(lines) == 1000:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    yield ("\n".join(lines) + "\n").encode("utf-8")


def _read_lookup(data: bytes) -> dict[str, object] | None:
    """`_lookup_lines` read back, a line at a time (no second copy of the text)."""
    lines = io.BytesIO(data)
    try:
        head = json.loads(lines.readline())
        count = head["docs"]
        docs = [json.loads(lines.readline()) for _ in range(count)]
        postings = {}
        for line in lines:
            term, values = json.loads(line)
            postings[term] = values
        if not isinstance(head["rest"], dict) or not data.endswith(b"\n"):
            return None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return {**head["rest"], "docs": docs, "postings": postings}


def _dump(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _pack(files: Files) -> bytes:
    """A JSON line of [path, byte length, is text] triples, then the files' bytes one after
    another (text as UTF-8)."""
    blobs = [v.encode("utf-8") if isinstance(v, str) else v for v in files.values()]
    index = [
        [path, len(blob), isinstance(value, str)]
        for (path, value), blob in zip(files.items(), blobs, strict=True)
    ]
    return json.dumps(index).encode("utf-8") + b"\n" + b"".join(blobs)


def _unpack(data: bytes) -> Files | None:
    header, _, body = data.partition(b"\n")
    try:
        index = json.loads(header)
        files: Files = {}
        offset = 0
        for path, size, text in index:
            if not isinstance(path, str) or not isinstance(size, int) or size < 0:
                return None
            blob = body[offset : offset + size]
            files[path] = blob.decode("utf-8") if text is True else blob
            offset += size
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    return files if offset == len(body) and files else None


@cache
def _code() -> str:
    return code_version("site_gen.emit.error_shards", "site_gen.emit.plugin_parts")


@cache
def _lookup_code() -> str:
    return code_version("site_gen.search.error_index", "site_gen.emit.plugin_parts")
