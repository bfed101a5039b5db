"""Where the client's index comes from, and its cache in the plugin's data folder.

Sources, first that applies:
1. `SKILLS_REGISTRY_INDEX`: a local `skills-index.json` (a built site's, or a test's);
2. the site URL (`CLAUDE_PLUGIN_OPTION_SITE_URL`, the tooling plugin's `site_url` option):
   `<site>/skills-index.json`, revalidated with its ETag (`site_source.py`);
3. inside an installed `all-skills`, whose plugin root is the registry: the index built from
   the registry's own files, once per registry version (`local_index.py`);
4. nothing: the caller stays silent.

The cache is SQLite (standard library, `cache_writer.py`): a hook looks up a few dozen terms'
postings instead of parsing a 10+ MB JSON on every failing command, and `/advise` reads the
rows of its query's terms. A hook never fetches or builds: when the cache is missing or due,
it starts the background builder (`index_builder.py`) and answers from the cache it has, of
the same source, or stays silent. `advise` and `lookup` run by hand build in the foreground.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

FORMAT = 3
"""The `format` of `skills-index.json` this client reads (3: documents, postings and skills
inline or in gzip'd `parts` whose posting lists are gap-encoded, files listed by the index and
read in order; see site_gen's `search/compact_parts.py`)."""
DB_VERSION = 2
"""Part of every cache key: a cache of another layout (1: advise as one JSON file) is rebuilt."""
DB_NAME = "index.sqlite"
_CHUNK = 500
"""Terms or numbers per `IN (...)` query (SQLite's default limit of variables is 999)."""


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
    """The cached index: `lookup_index()` for the hook, `advise_*` for `/advise`."""

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

    def advise_meta(self) -> tuple[list[str], dict[str, float], int]:
        """The advise fields (in the order posting lists count them), their average lengths
        and the number of skills."""
        fields: list[str] = json.loads(self.meta("advise_fields"))
        average: dict[str, float] = json.loads(self.meta("advise_average"))
        return fields, average, int(self.meta("advise_total"))

    def advise_vocabulary(self) -> AdviseTerms:
        return AdviseTerms(self.db)

    def advise_postings(self, terms: Iterable[str]) -> dict[str, list[int]]:
        """Term -> `[skill, count per field, skill, ...]` for the terms the registry has."""
        return dict(self._rows("SELECT term, data FROM advise_terms WHERE term IN", terms, True))

    def advise_skills(self, numbers: Iterable[int]) -> dict[int, tuple[str, dict[str, int]]]:
        """Skill number -> (name, field lengths): what ranking needs of a candidate."""
        rows = self._rows("SELECT n, name, lengths FROM skills WHERE n IN", numbers)
        return {n: (name, json.loads(lengths)) for n, name, lengths in rows}

    def advise_entries(self, numbers: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Skill number -> what an answer shows of it."""
        rows = self._rows("SELECT n, data FROM skills WHERE n IN", numbers, True)
        return dict(rows)

    def _rows(self, sql: str, keys: Iterable[Any], parse: bool = False) -> Iterator[Any]:
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in self.db.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk):
                yield (*row[:-1], json.loads(row[-1])) if parse else row


class AdviseTerms:
    """The advise vocabulary as `advise_rank.query_terms` asks of it: a term's presence and
    document frequency (looked up once each), and the terms starting with a letter."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.df: dict[str, int] = {}

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if term not in self.df:
            row = self._db.execute("SELECT df FROM advise_terms WHERE term = ?", (term,)).fetchone()
            self.df[term] = int(row[0]) if row else 0
        return self.df[term] > 0

    def starting_with(self, letter: str) -> list[str]:
        """Every term whose first character is `letter` (UTF-8 sorts by code point)."""
        sql = "SELECT term FROM advise_terms WHERE term >= ? AND term < ?"
        return [row[0] for row in self._db.execute(sql, (letter, chr(ord(letter) + 1)))]


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
    """The current index; None when there is no source, or no cache of it yet.
    Not `wait` (a hook): when the cache is missing or due, a background builder is started
    and the cache of the same source answers meanwhile, whatever its age. `wait` (a command
    run by hand): built or refreshed now, with a line on stderr about what takes time."""
    source = current_source()
    if source is None:
        return None
    folder = data_dir() / "index"
    store = open_cache(folder)
    if source.is_current(store):
        return store
    import index_builder

    if wait:
        return index_builder.build_now(source, network_timeout)
    index_builder.start_builder(source)
    return store if store is not None and store.meta("key") == source.key else None


def current_source() -> Any:
    """Where the index comes from (see the docstring), or None."""
    local = os.environ.get("SKILLS_REGISTRY_INDEX", "").strip()
    site = site_url()
    if local or site:
        from site_source import FileSource, SiteSource

        return FileSource(local) if local else SiteSource(site)
    root = registry_root()
    if root is None:
        return None
    from local_index import LocalSource

    return LocalSource(root)


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
        return None  # a torn or foreign file: built again
