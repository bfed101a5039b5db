"""The CLI's error index, cached under `<root>/.cache/lookup/`, keyed by the registry's files.

Loading and parsing every plugin (what `Plugin.content_hash` needs) is the slow part at
1,000 skills, and so is reading every byte under `plugins/`; a warm lookup must answer in
well under a second. So the key hashes each file's path, size and modification time (a
`stat`, no read): any edit, added or removed file changes it. The index is stored with
`marshal`, three times faster to load than the same data as JSON; the key includes the
Python version because marshal's format is version-specific, and the source of the modules
that shape the index (`STAMPED`): read as bytes, so a warm lookup imports neither them nor
what they import (the Markdown parser, the model).

A miss builds the index from every plugin's share in the build cache (`index_cache`): after
a build, nothing is tokenized again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "lookup"
SUFFIX = ".marshal"
STAMPED = ("error_index.py", "tokenize.py", "cache.py")
"""The modules (of this package) whose source keys the cached index: its shape (`FORMAT`),
its terms (`tokenize.VERSION`) and how it is stored (`packed`) are theirs."""


def registry_fingerprint(root: Path) -> str:
    """SHA-256 over every file under `plugins/` (path, size, mtime) and the index's code."""
    stamp = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    here = Path(__file__).parent
    for name in STAMPED:
        stamp.update((here / name).read_bytes())
    lines = [stamp.hexdigest()]
    stack = [os.path.join(root, "plugins")]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            try:
                stat = entry.stat()
            except OSError:  # a dangling link: the loader reports it; the key still changes
                lines.append(f"{entry.path}\0missing\n")
                continue
            lines.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def cached_index(root: Path) -> tuple[dict[str, Any], bool]:
    """The error index for `root` and whether it came from the cache (building it if not)."""
    path = root / CACHE_DIR / f"{registry_fingerprint(root)}{SUFFIX}"
    if path.is_file():
        try:
            stored = marshal.loads(path.read_bytes())
            if isinstance(stored, dict) and isinstance(stored.get("postings"), dict):
                return unpacked(stored), True
        except (OSError, ValueError, EOFError, TypeError):
            pass  # a torn or foreign file: rebuild below
    # Only a cold lookup pays for the loader's imports.
    from ..index_cache import registry_parts
    from .error_index import build_index

    found = registry_parts(root, "errors")
    index = build_index(found.registry, found.parts.error_terms)
    _write(path, marshal.dumps(packed(index)))
    return index, False


def packed(index: dict[str, Any]) -> dict[str, Any]:
    """The index as it is stored: each document and each term's postings as its own marshal,
    unpacked when a query reaches it (`unpacked`), and the documents' kinds, which every
    scored document needs (`rank` reads them as the client's cache gives them)."""
    docs = index["docs"]
    return {
        **index,
        "docs": [marshal.dumps(doc) for doc in docs],
        "kinds": [doc["kind"] for doc in docs],
        "postings": {term: marshal.dumps(plist) for term, plist in index["postings"].items()},
    }


def unpacked(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored index as `rank` reads it; documents and postings unpacked on first use."""
    return {**stored, "docs": _Packed(stored["docs"]), "postings": _Packed(stored["postings"])}


class _Packed:
    """A list or dict of marshals, read as the values they hold."""

    def __init__(self, packed: list[bytes] | dict[str, bytes]) -> None:
        self.packed: Any = packed

    def __len__(self) -> int:
        return len(self.packed)

    def __getitem__(self, key: int | str) -> Any:
        return marshal.loads(self.packed[key])

    def get(self, key: str, default: Any = None) -> Any:
        return marshal.loads(self.packed[key]) if key in self.packed else default


def _write(path: Path, data: bytes) -> None:
    """Replace the cache atomically and drop older keys; a read-only tree just skips caching."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"*{SUFFIX}"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        return
