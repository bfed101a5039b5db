"""Skill pages' Markdown kept in the build cache, so a build renders only the skill pages
whose inputs changed.

`render.render_pages` already keys each skill page by everything it is made from (the
plugin's content hash, its related skills' hashes, the config, the set of skill names and
the plugin's history) and asks a `PageCache` mapping first; `serve` keeps one in memory.
`StoredPages` is that mapping over the build cache: the in-memory one first (so `serve`
behaves as before), then an entry named by a hash of the key's `repr` and of the code that
renders (`code_version` of `site_gen.render` and its templates, the libraries' versions).
Every part of the key has a `repr` that is the same in every process (strings, a frozen
dataclass of strings, dates). An entry that is not such a page (damaged, or written by
other code) is a miss, and is written again.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator, MutableMapping

import jinja2
import markdown_it

from .cache_store import CacheStore, digest
from .code_version import code_version
from .render import PageCache

FORMAT = "skill-page-1"


class StoredPages(MutableMapping[tuple[object, ...], str]):
    """`memory` (what `serve` keeps between rebuilds) in front of the build cache. Iterating
    and deleting see `memory` only: dropping pages the site no longer has is its business,
    and the cache's own eviction is the store's."""

    def __init__(self, store: CacheStore, memory: PageCache | None = None) -> None:
        self.store = store
        self.memory: PageCache = {} if memory is None else memory
        self.hits = 0
        self.rendered = 0

    def __getitem__(self, key: tuple[object, ...]) -> str:
        with contextlib.suppress(KeyError):
            return self.memory[key]
        name = _entry_key(key)
        data = self.store.get(name, count=False)
        if data is None:
            raise KeyError(key)
        try:
            text = json.loads(data)["skill_page"]
            if not isinstance(text, str):
                raise TypeError("not a page")
        except (ValueError, KeyError, TypeError):
            self.store.discard(name, count=False)
            raise KeyError(key) from None
        self.memory[key] = text
        self.hits += 1
        return text

    def __setitem__(self, key: tuple[object, ...], text: str) -> None:
        self.memory[key] = text
        self.rendered += 1
        with contextlib.suppress(OSError):  # a full or read-only disk: the build goes on
            self.store.put(_entry_key(key), json.dumps({"skill_page": text}).encode(), count=False)

    def __delitem__(self, key: tuple[object, ...]) -> None:
        del self.memory[key]

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        return iter(self.memory)

    def __len__(self) -> int:
        return len(self.memory)


def stored_pages(store: CacheStore | None, memory: PageCache | None) -> PageCache | None:
    """The page cache a build renders with: `memory` alone without a build cache."""
    return memory if store is None else StoredPages(store, memory)


def _entry_key(key: tuple[object, ...]) -> str:
    return digest(_code(), repr(key))


@functools.cache
def _code() -> str:
    modules = code_version("site_gen.render", folders=("render/templates",))
    libraries = f"jinja2 {jinja2.__version__} markdown-it-py {markdown_it.__version__}"
    return digest(FORMAT, modules, libraries)
