"""A content-addressed store of build results on disk, shared by builds, CI runs and shards.

Each entry is one file named by its key (a SHA-256 of everything that made it), holding
zlib-compressed bytes that start with the key again; zlib's checksum and that header make a
truncated, damaged or misplaced file a miss, never a traceback, and the build writes it
again. Writes go to a temporary file renamed into place, so shards writing the same folder
at once never see half an entry. The folder carries a `CACHEDIR.TAG` (the cache-directory
convention backup tools honour): only a folder with it is ever pruned, and only files named
like entries are deleted.

Written here rather than taken from `diskcache` (SQLite): one file per entry is what
`actions/cache` and a shard's artifact upload copy and merge as plain files, and the whole
store is ~150 lines.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# site-gen's build cache (rendered pages). Safe to delete; `site-gen build` refills it.\n"
)
LAYOUT = "v1"
"""Folder of the current entry format: a new format starts a new folder, never misreads."""
DEFAULT_CACHE = Path(".cache") / "site-gen"
"""The cache folder under the registry root (gitignored), unless `--cache` says otherwise."""
DEFAULT_MAX_BYTES = 2 * 1024**3
"""Size bound of the store: past it, the least recently used entries go first."""
_ENTRY = re.compile(r"^[0-9a-f]{64}$")


class CacheFolderError(Exception):
    """The cache folder is not ours (no CACHEDIR.TAG in a non-empty folder)."""


def digest(*parts: str | bytes) -> str:
    """A key from parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


@dataclass
class CacheStore:
    """Entries under `folder/v1/<2 hex>/<key>`; `outbox`, if set, gets a copy of each new one
    (what a shard hands to `merge`)."""

    folder: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    outbox: Path | None = None
    hits: int = 0
    misses: int = 0
    written: int = 0
    used: set[str] = field(default_factory=set)
    """Keys read or written by this build: never evicted by it."""

    def __post_init__(self) -> None:
        claim_folder(self.folder)

    def _path(self, key: str, base: Path | None = None) -> Path:
        return (base or self.folder) / LAYOUT / key[:2] / key

    def get(self, key: str, count: bool = True) -> bytes | None:
        """The entry's bytes, or None when it is missing or damaged (a miss). `count`: add
        to `hits`/`misses` (what the build reports: pages, not their parts)."""
        path = self._path(key)
        data: bytes | None
        try:
            data = zlib.decompress(path.read_bytes())
        except (OSError, zlib.error) as exc:
            data = None if isinstance(exc, FileNotFoundError) else b""
        header = f"{key}\n".encode()
        if data is None or not data.startswith(header):
            self.misses += count
            if data is not None:
                with contextlib.suppress(OSError):
                    path.unlink()  # damaged or misplaced: ours, and rewritten by this build
            return None
        data = data[len(header) :]
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        self.hits += count
        self.used.add(key)
        return data

    def discard(self, key: str, count: bool = True) -> None:
        """A hit that turned out unusable (it failed to decode): count it as a miss."""
        self.hits -= count
        self.misses += count
        self.used.discard(key)
        with contextlib.suppress(OSError):
            self._path(key).unlink()

    def memo(
        self,
        key: str,
        read: Callable[[bytes], T | None],
        make: Callable[[], T],
        put: Callable[[T], None],
    ) -> T:
        """The value stored under `key` (`read` of its bytes: None for an entry that is not
        one, which is then dropped), or `make()`, stored by `put`. Not counted as a page's
        hit or miss: for the build's own entries (emitted files, per-plugin texts)."""
        data = self.get(key, count=False)
        if data is not None:
            value = read(data)
            if value is not None:
                return value
            self.discard(key, count=False)
        value = make()
        put(value)
        return value

    def put(self, key: str, data: bytes, count: bool = True, level: int = 6) -> None:
        """Store `data` under `key`; `level`: zlib's (1 for entries written on every check)."""
        packed = zlib.compress(f"{key}\n".encode() + data, level)
        for base in (self.folder, self.outbox):
            if base is not None:
                _write_atomic(self._path(key, base), packed)
        self.written += count
        self.used.add(key)

    def put_chunks(
        self, key: str, chunks: Iterable[bytes], count: bool = True, level: int = 6
    ) -> None:
        """`put(key, b"".join(chunks))`, compressed as the chunks come: an entry of hundreds
        of megabytes is never held whole, only its compressed bytes."""
        packer = zlib.compressobj(level)
        packed = [packer.compress(f"{key}\n".encode())]
        packed += [packer.compress(chunk) for chunk in chunks]
        packed.append(packer.flush())
        data = b"".join(packed)
        for base in (self.folder, self.outbox):
            if base is not None:
                _write_atomic(self._path(key, base), data)
        self.written += count
        self.used.add(key)

    def size(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _entries(self) -> list[tuple[float, int, Path]]:
        entries = []
        for path in (self.folder / LAYOUT).glob("??/*"):
            if _ENTRY.match(path.name):
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    entries.append((stat.st_mtime, stat.st_size, path))
        return entries

    def evict(self) -> int:
        """Delete least recently used entries (never this build's) until the store is within
        its bound; the number deleted."""
        stale = time.time() - 3600
        for tmp in (self.folder / LAYOUT).glob("??/.tmp-*"):  # a write cut off by a crash
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < stale:
                    tmp.unlink()
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            if path.name in self.used:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                deleted += 1
        return deleted

    def adopt(self, folder: Path) -> int:
        """Move the entries of another store (a shard's outbox) into this one; how many."""
        moved = 0
        for path in sorted((folder / LAYOUT).glob("??/*")):
            if _ENTRY.match(path.name):
                target = self._path(path.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
                moved += 1
        return moved


def claim_folder(folder: Path) -> None:
    """Make `folder` a cache folder, or CacheFolderError if it holds someone else's files."""
    if (folder / TAG).is_file():
        return
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CacheFolderError(
            f"--cache {folder}: not a site-gen cache (no {TAG} in it) and not empty; "
            "pick an empty or new folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TAG).write_text(TAG_TEXT)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
