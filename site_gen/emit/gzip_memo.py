"""The client index's parts gzip'd once: a part whose text a build made before comes from the
build cache, not from zlib again.

After one edit most parts keep their text (`compact_parts` cuts them by content), and
compressing all of them is about 20 s at 10,000 skills. The key is the part's text itself
(its SHA-256) and the compressor's settings, so a hit is the same bytes `gzip_part` returns.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from ..cache_store import CacheStore, digest
from ..search.compact_parts import gzip_part

FORMAT = "gzip-part-1"
"""Names the compressor and its settings (level 6, mtime 0): part of every key."""


def cached_gzip(store: CacheStore | None) -> Callable[[bytes], bytes] | None:
    """`gzip_part` through `store` (None without a store: compress every part)."""
    if store is None:
        return None

    def compress(text: bytes) -> bytes:
        key = digest(FORMAT, zlib.ZLIB_RUNTIME_VERSION, text)
        packed = store.get(key, count=False)
        if packed is None:
            packed = gzip_part(text)
            store.put(key, packed, count=False)
        return packed

    return compress
