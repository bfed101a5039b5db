"""The compact index a site publishes (`<site>/skills-index.json`, the tooling plugin's
`site_url` option), or a local copy of one (`SKILLS_REGISTRY_INDEX`), as a source of the cache.

The site's index is fetched with `If-None-Match` at most every `RECHECK_SECONDS`; offline, the
cached copy is used, whatever its age. Its parts are kept too (`parts/`, checked against the
hash in their name): when the index changes, only the parts it did not list before are
downloaded. Fetching and writing the cache is the background builder's work
(`index_builder.py`): about 40 s at 10,000 skills, past a hook's 10 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from index_store import FORMAT, Store, source_key

PART_NAME = re.compile(r"skills-index/[0-9a-f]{16}\.json\.gz")
"""What a part's name may be: nothing outside the index's own folder is read."""
RECHECK_SECONDS = 6 * 3600
INDEX_PATH = "skills-index.json"
OFFLINE_RETRY_SECONDS = 600
"""After a failed fetch, hooks start no builder for this long (a foreground command tries)."""


class FileSource:
    """A local `skills-index.json` (a built site's, or a test's): current while its size and
    time are those it was cached with."""

    retry_seconds = OFFLINE_RETRY_SECONDS

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.key = source_key(path)
        self.label = str(path)

    def version(self) -> str:
        try:
            stat = self.path.stat()
        except OSError:
            return ""
        return f"{stat.st_size}-{stat.st_mtime_ns}"

    def is_current(self, store: Store | None) -> bool:
        return (
            store is not None
            and store.meta("key") == self.key
            and (store.meta("etag") == self.version())
        )

    def builder_args(self) -> list[str]:
        return ["file", str(self.path)]

    def build(self, folder: Path, store: Store | None, timeout: float, note: Any) -> dict[str, Any]:
        version = self.version()
        index = json.loads(self.path.read_bytes())
        parts = (_read_part((self.path.parent / name).read_bytes(), name) for name in _names(index))
        return write_index(folder, index, parts, {"key": self.key, "etag": version})


class SiteSource:
    """`<site>/skills-index.json`: current for `RECHECK_SECONDS` after each check."""

    retry_seconds = OFFLINE_RETRY_SECONDS

    def __init__(self, site: str) -> None:
        self.site = site
        self.key = source_key(site)
        self.label = site

    def version(self) -> str:
        return ""  # known once fetched

    def is_current(self, store: Store | None) -> bool:
        return (
            store is not None
            and store.meta("key") == self.key
            and time.time() - float(store.meta("checked") or 0) < RECHECK_SECONDS
        )

    def builder_args(self) -> list[str]:
        return ["site", self.site]

    def build(self, folder: Path, store: Store | None, timeout: float, note: Any) -> dict[str, Any]:
        """Revalidate or fetch; raises OSError offline (the caller keeps the last cache)."""
        same = store is not None and store.meta("key") == self.key
        etag = store.meta("etag") if store is not None and same else ""
        body, new_etag = _fetch(self.site, etag, timeout)
        if body is None and store is not None:  # 304 Not Modified
            store.db.execute("UPDATE meta SET value = ? WHERE key = 'checked'", (str(time.time()),))
            store.db.commit()
            return {}
        if note:
            note(f"building the index cache from {self.site} (once per site version) ...")
        index = json.loads(body or b"")
        kept = folder / "parts"
        parts = (_kept_part(name, self.site, timeout, kept) for name in _names(index))
        status = write_index(folder, index, parts, {"key": self.key, "etag": new_etag})
        _forget_parts(kept, index.get("parts", []))
        return status


def write_index(
    folder: Path, index: dict[str, Any], parts: Any, meta: dict[str, str]
) -> dict[str, Any]:
    """The cache from a compact index and its parts, read one at a time; a status line."""
    from cache_writer import CacheWriter
    from registry_search.advise_rank import FIELD_WEIGHTS

    if index.get("format") != FORMAT:
        raise ValueError(f"skills-index.json format {index.get('format')!r}, expected {FORMAT}")
    writer = CacheWriter(folder, FIELD_WEIGHTS)
    try:
        for part in _with_first(index, parts):
            lookup = part.get("lookup", part)
            writer.add_docs(lookup.get("docs", []))
            writer.add_postings(lookup.get("postings", {}))
            writer.add_skills(part.get("advise", part).get("skills", []))
        lookup = index["lookup"]
        site = str(index.get("site", ""))
        writer.finish({**meta, "site": site}, lookup["lengths"], lookup["average"])
    except BaseException:
        writer.abort()
        raise
    return {"version": meta["etag"], "skills": writer.skills}


def _with_first(index: dict[str, Any], parts: Any) -> Any:
    yield index
    yield from parts


def _names(index: dict[str, Any]) -> list[str]:
    names = index.get("parts", [])
    for name in names:
        if not isinstance(name, str) or not PART_NAME.fullmatch(name):
            raise ValueError(f"skills-index.json lists a part named {name!r}")
    return list(names)


def _kept_part(name: str, site: str, timeout: float, kept: Path) -> Any:
    """A part from `kept` when an earlier fetch left it there intact, else from the site
    (and then kept, once it has checked out)."""
    path = kept / name.rsplit("/", 1)[1]
    if path.is_file():
        try:
            return _read_part(path.read_bytes(), name)
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # torn or altered: fetch it again
    body, _ = _fetch(site, "", timeout, name)
    part = _read_part(body or b"", name)
    kept.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(body or b"")
    tmp.replace(path)
    return part


def _forget_parts(kept: Path, listed: list[str]) -> None:
    """Remove kept parts the current index no longer lists."""
    names = {name.rsplit("/", 1)[-1] for name in listed if isinstance(name, str)}
    if kept.is_dir():
        for path in kept.iterdir():
            if path.name not in names:
                path.unlink(missing_ok=True)


def _read_part(data: bytes, name: str) -> Any:
    """A gzip'd part whose JSON hashes to its name, posting lists' gaps summed back into
    document numbers."""
    import gzip
    import zlib

    try:
        text = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:  # not gzip, cut short, corrupt
        raise ValueError(f"skills-index part {name} unreadable: {exc}") from None
    if not name.endswith(f"/{hashlib.sha256(text).hexdigest()[:16]}.json.gz"):
        raise ValueError(f"skills-index part {name} does not match its name")
    part = json.loads(text)
    for postings in part.get("postings", {}).values():
        for i in range(2, len(postings), 2):
            postings[i] += postings[i - 2]
    return part


def _fetch(
    site: str, etag: str, timeout: float, path: str = INDEX_PATH
) -> tuple[bytes | None, str]:
    """The body and ETag of `site + path`; None for the body on 304 Not Modified."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(site + path, headers={"Accept-Encoding": "identity"})
    if etag:
        request.add_header("If-None-Match", etag)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("ETag", "")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None, etag
        raise
