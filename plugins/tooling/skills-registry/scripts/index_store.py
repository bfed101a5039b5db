"""Where the client's index comes from, and its cache in the plugin's data folder.

Sources, first that applies:
1. `SKILLS_REGISTRY_INDEX`: a local `skills-index.json` (a built site's, or a test's);
2. the site URL (`CLAUDE_PLUGIN_OPTION_SITE_URL`, the tooling plugin's `site_url` option):
   `<site>/skills-index.json`, fetched with `If-None-Match` at most every `RECHECK_SECONDS`;
   offline, the cached copy is used;
3. inside an installed `all-skills`, whose plugin root is the registry: the index built from
   the registry's own files, once per registry version (`local_index.py`);
4. nothing: the caller stays silent.

The cache is SQLite (standard library): a hook looks up a few dozen terms' postings instead
of parsing a 10+ MB JSON on every failing command. Files are replaced atomically. The index's
parts are kept too (`parts/`, checked against the hash in their name): when the index changes,
only the parts it did not list before are downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FORMAT = 3
"""The `format` of `skills-index.json` this client reads (3: documents, postings and skills
inline or in gzip'd `parts` whose posting lists are gap-encoded, files listed by the index and
read in order; see site_gen's `search/compact_parts.py`)."""
PART_NAME = re.compile(r"skills-index/[0-9a-f]{16}\.json\.gz")
"""What a part's name may be: nothing outside the index's own folder is read."""
DB_VERSION = 1
RECHECK_SECONDS = 6 * 3600
INDEX_PATH = "skills-index.json"
DB_NAME = "index.sqlite"


def data_dir() -> Path:
    """`CLAUDE_PLUGIN_DATA` in hooks; a per-user cache folder when run by hand or by a skill."""
    given = os.environ.get("CLAUDE_PLUGIN_DATA")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "skills-registry-client"


def registry_root() -> Path | None:
    """The registry folder when this client runs inside it (an installed `all-skills`)."""
    root = Path(__file__).resolve().parents[4]
    return root if (root / ".claude-plugin" / "marketplace.json").is_file() else None


def site_url() -> str:
    """The site to fetch the index from (the tooling plugin's option), or "" when none is set."""
    given = os.environ.get("CLAUDE_PLUGIN_OPTION_SITE_URL", "").strip()
    if given.startswith(("https://", "http://")):  # unset, a skill's `${user_config...}` stays
        return given.rstrip("/") + "/"
    return ""


def source_key(source: str) -> str:
    """The cache's `key`: which source it holds (its `etag` says which version of it)."""
    return hashlib.sha256(f"{DB_VERSION}\0{source}".encode()).hexdigest()


class Store:
    """The cached index: `lookup_index()` for the hook, `advise_index()` for `/advise`."""

    def __init__(self, folder: Path, db: sqlite3.Connection) -> None:
        self.folder = folder
        self.db = db

    def meta(self, key: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def lookup_index(self, terms: Any) -> dict[str, Any]:
        """The error index with the postings of `terms` only (all `rank` reads for a query)."""
        kinds, lengths = json.loads(self.meta("kinds")), json.loads(self.meta("lengths"))
        wanted = sorted(set(terms))
        postings: dict[str, list[float]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT term, data FROM postings WHERE term IN ({marks})"
            for term, data in self.db.execute(sql, chunk):
                postings[term] = json.loads(data)
        docs = _LazyDocs(self.db, kinds)
        return {
            "docs": docs,
            "kinds": kinds,
            "lengths": lengths,
            "average": float(self.meta("average")),
            "postings": postings,
        }

    def error_index(self) -> dict[str, Any]:
        """The whole error index, postings read from the cache as ranking asks for them."""
        index = self.lookup_index(())
        index["postings"] = _LazyPostings(self.db)
        return index

    def advise_index(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / "advise.json").read_text("utf-8"))
        return data


class _LazyPostings(dict):  # type: ignore[type-arg]
    """Postings by term, each read from the cache on first use (`rank` only calls `get`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__()
        self._db = db

    def get(self, term: str, default: Any = None) -> Any:
        if term not in self:
            row = self._db.execute("SELECT data FROM postings WHERE term = ?", (term,)).fetchone()
            self[term] = json.loads(row[0]) if row else default
        return super().get(term, default)


class _LazyDocs(Sequence):  # type: ignore[type-arg]
    """The documents, each made on first use: a hook's ranking touches a few of thousands."""

    def __init__(self, db: sqlite3.Connection, kinds: list[str]) -> None:
        self._db = db
        self._kinds = kinds
        self._made: dict[int, _LazyDoc] = {}

    def __len__(self) -> int:
        return len(self._kinds)

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        kind = self._kinds[n]  # IndexError past the end, as a list
        n = n % len(self._kinds)
        if n not in self._made:
            self._made[n] = _LazyDoc(self._db, n, kind)
        return self._made[n]


class _LazyDoc(dict):  # type: ignore[type-arg]
    """A document of the index: `kind` known (ranking reads it for all), the rest read on use."""

    def __init__(self, db: sqlite3.Connection, n: int, kind: str) -> None:
        super().__init__(kind=kind, n=n)
        self._db = db

    def __missing__(self, key: str) -> Any:
        row = self._db.execute("SELECT data FROM docs WHERE n = ?", (self["n"],)).fetchone()
        self.update(json.loads(row[0]))
        return super().__getitem__(key)


def open_store(network_timeout: float, wait: bool = False) -> Store | None:
    """The current index, refreshed when due; None when there is no source and no cache.
    `wait`: run by hand, so an index built from the registry is built now, not in the
    background (see `local_index.py`)."""
    folder = data_dir() / "index"
    local = os.environ.get("SKILLS_REGISTRY_INDEX", "").strip()
    source = local or site_url()
    if not source:
        root = registry_root()
        if root is None:
            return None
        from local_index import open_local

        return open_local(root, wait)
    key = source_key(source)
    store = open_cache(folder)
    if store is not None and store.meta("key") == key:
        if local:
            stamp = _mtime(Path(local))
            if store.meta("etag") == stamp:
                return store
        elif time.time() - float(store.meta("checked") or 0) < RECHECK_SECONDS:
            return store
    etag = store.meta("etag") if store is not None and store.meta("key") == key else ""
    try:
        body, new_etag = _read_source(local, source, etag, network_timeout)
    except (OSError, ValueError):  # urllib's URLError is an OSError
        return store  # offline or the site is down: the last copy, whatever its age
    if body is None and store is not None:  # 304 Not Modified
        store.db.execute("UPDATE meta SET value = ? WHERE key = 'checked'", (str(time.time()),))
        store.db.commit()
        return store
    if body is None:
        return None
    kept = folder / "parts"
    try:
        index = json.loads(body)
        parts = _parts(index, local, source, network_timeout, kept)
        write_cache(folder, index, parts, key, new_etag)
    except (OSError, ValueError):  # a part missing or unreadable: as if offline
        return store
    _forget_parts(kept, index.get("parts", []))
    return open_cache(folder)


def _parts(index: dict[str, Any], local: str, site: str, timeout: float, kept: Path) -> Any:
    """The index's documents, postings and skills: inline, then each listed part in order."""
    yield index
    for name in index.get("parts", []):
        if not isinstance(name, str) or not PART_NAME.fullmatch(name):
            raise ValueError(f"skills-index.json lists a part named {name!r}")
        if local:
            yield _read_part((Path(local).parent / name).read_bytes(), name)
        else:
            yield _kept_part(name, site, timeout, kept)


def _kept_part(name: str, site: str, timeout: float, kept: Path) -> Any:
    """A part from `kept` when an earlier fetch left it there intact, else from the site
    (and then kept, once it has checked out)."""
    path = kept / name.rsplit("/", 1)[1]
    if path.is_file():
        try:
            return _read_part(path.read_bytes(), name)
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # torn or altered: fetch it again
    body, _ = _read_source("", site, "", timeout, name)
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
    import gzip  # only when (re)building the cache: a warm hook does not pay the imports
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


def _mtime(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def _read_source(
    local: str, site: str, etag: str, timeout: float, path: str = INDEX_PATH
) -> tuple[bytes | None, str]:
    if local:
        path = Path(local)
        return path.read_bytes(), _mtime(path)
    import urllib.error  # only when fetching: 20 ms of imports a warm hook does not pay
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


def open_cache(folder: Path) -> Store | None:
    """The cached index in `folder`, whatever its source and age; None if absent or unreadable."""
    path = folder / DB_NAME
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(str(path))
        store = Store(path.parent, db)
        if store.meta("format") != str(FORMAT):
            return None
        return store
    except sqlite3.Error:
        return None  # a torn or foreign file: rebuilt on the next fetch


def write_cache(folder: Path, index: dict[str, Any], parts: Any, key: str, etag: str) -> None:
    """Write the SQLite cache and the advise index, each via a temporary file and a rename.
    `parts` yields the index's documents, postings and skills, part after part."""
    db_path = folder / DB_NAME
    if index.get("format") != FORMAT:
        raise ValueError(f"skills-index.json format {index.get('format')!r}, expected {FORMAT}")
    folder.mkdir(parents=True, exist_ok=True)
    lookup = index["lookup"]
    site = index.get("site", "")
    tmp = db_path.with_suffix(f".{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    try:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE docs (n INTEGER PRIMARY KEY, data TEXT)")
        db.execute("CREATE TABLE postings (term TEXT PRIMARY KEY, data TEXT)")
        kinds: list[str] = []
        skills: list[Any] = []
        for part in parts:
            part_lookup = part.get("lookup", part)
            docs = part_lookup.get("docs", [])
            db.executemany(
                "INSERT INTO docs VALUES (?, ?)",
                ((len(kinds) + n, json.dumps(doc)) for n, doc in enumerate(docs)),
            )
            kinds += [doc["kind"] for doc in docs]
            db.executemany(
                "INSERT INTO postings VALUES (?, ?)",
                (
                    (term, json.dumps(plist))
                    for term, plist in part_lookup.get("postings", {}).items()
                ),
            )
            skills += part.get("advise", part).get("skills", [])
        meta = {
            "format": str(FORMAT),
            "key": key,
            "etag": etag,
            "checked": str(time.time()),
            "site": site,
            "kinds": json.dumps(kinds),
            "lengths": json.dumps(lookup["lengths"]),
            "average": str(lookup["average"]),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
    except BaseException:
        db.close()
        tmp.unlink()
        raise
    db.close()
    advise = dict(index["advise"], skills=skills, site=site)
    advise_tmp = folder / f"advise.{os.getpid()}.tmp"
    advise_tmp.write_text(json.dumps(advise), "utf-8")
    advise_tmp.replace(folder / "advise.json")
    tmp.replace(db_path)
