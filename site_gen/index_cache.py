"""Each plugin's share of the `lookup` and `advise` indexes, kept in the build cache: after
one skill changes, those commands tokenize that skill again, not the registry.

Both indexes are built from per-plugin parts that depend only on the plugin's files: the
error index's documents with their terms (`error_index.indexed_docs`, keyed there by the
plugin's folder and content hash) and advise's term counts per skill (`skill_doc`). An entry
is named by that key, a hash of the source of the module that makes the part
(`code_version`) and, for the error index, its format and the tokenizer's version. Values
are pickles, as in `plugin_cache` (same folder, same trust); one that does not unpickle to
the expected shape is a miss.
"""

from __future__ import annotations

import contextlib
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from .cache_store import CacheStore, digest
from .code_version import code_version
from .model import Plugin, Skill
from .search import error_index, tokenize
from .search.advise_index import Doc, skill_doc

Key = tuple[object, ...]


class StoredParts(MutableMapping[Key, Any]):
    """A mapping kept in memory and in the build cache; iterating and deleting see memory."""

    def __init__(self, store: CacheStore, code: str, valid: Callable[[object], bool]) -> None:
        self.store, self.code, self.valid = store, code, valid
        self.memory: dict[Key, Any] = {}
        self.hits = 0

    def __getitem__(self, key: Key) -> Any:
        with contextlib.suppress(KeyError):
            return self.memory[key]
        name = digest(self.code, repr(key))
        data = self.store.get(name, count=False)
        if data is None:
            raise KeyError(key)
        try:
            value = pickle.loads(data)
            if not self.valid(value):
                raise TypeError("not a part")
        except Exception:  # any damage to an entry is a miss
            self.store.discard(name, count=False)
            raise KeyError(key) from None
        self.memory[key] = value
        self.hits += 1
        return value

    def __setitem__(self, key: Key, value: Any) -> None:
        self.memory[key] = value
        with contextlib.suppress(OSError):  # a full or read-only disk: the command goes on
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            self.store.put(digest(self.code, repr(key)), data, count=False, level=1)

    def __delitem__(self, key: Key) -> None:
        del self.memory[key]

    def __iter__(self) -> Iterator[Key]:
        return iter(self.memory)

    def __len__(self) -> int:
        return len(self.memory)


def error_terms(store: CacheStore) -> StoredParts:
    """The `cache` argument of `error_index.build_index`, kept in `store`."""
    code = digest(
        "error-terms-1",
        code_version("site_gen.search.error_index"),
        f"{error_index.FORMAT}.{tokenize.VERSION}",
    )
    return StoredParts(store, code, _is_indexed_docs)


def skill_docs(store: CacheStore, plugins: list[Plugin]) -> list[Doc]:
    """`skill_doc` of every skill of `plugins`, its term counts from `store` when the plugin
    did not change."""
    code = digest("advise-terms-1", code_version(skill_doc.__module__))
    parts = StoredParts(store, code, _is_terms)
    docs = []
    for plugin in plugins:
        for skill in plugin.skills:
            docs.append(_skill_doc(parts, plugin, skill))
    return docs


def _skill_doc(parts: StoredParts, plugin: Plugin, skill: Skill) -> Doc:
    key = (plugin.path, plugin.content_hash, skill.name)
    with contextlib.suppress(KeyError):
        terms, lengths = parts[key]
        return Doc(plugin, skill, terms, lengths)
    doc = skill_doc(plugin, skill)
    parts[key] = (doc.terms, doc.lengths)
    return doc


def _is_indexed_docs(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, error_index.IndexedDoc) for item in value
    )


def _is_terms(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], dict)
        and all(isinstance(c, Counter) for c in value[0].values())
        and isinstance(value[1], dict)
    )
