"""The client index's parts gzip'd once: a part whose text a build made before comes from the
build cache, not from zlib again.

After one edit most parts keep their text (`compact_parts` cuts them by content), and
compressing all of them is about 20 s at 10,000 skills. The key is the part's text itself
(its SHA-256) and the compressor's settings, so a hit is the same bytes `gzip_part` returns;
a hit is also unpacked and compared with the text (about 1 s at 10,000 skills), so a damaged
entry is compressed again, never published.
"""

from __future__ import annotations

import gzip
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
        if packed is not None and _unpacks_to(packed, text):
            return packed
        if packed is not None:
            store.discard(key, count=False)  # readable, but not this text's gzip
        packed = gzip_part(text)
        store.put(key, packed, count=False)
        return packed

    return compress


def _unpacks_to(packed: bytes, text: bytes) -> bool:
    """Whether an entry is the gzip of `text` (a damaged one can still carry its key)."""
    try:
        return gzip.decompress(packed) == text
    except (OSError, EOFError, zlib.error):
        return False
