"""Values the index pages compute from one plugin alone, kept while that plugin object lives.

The tags, category and failure-mode pages list every plugin, so `serve` rendered every row
of them again after each edit (sanitizing each description and Failed Attempts cell: about
0.3 s CPU at 1,000 skills, a fifth of a rebuild). `serve` keeps the unchanged plugins as the
same objects between rebuilds (`loader.LoadCache`), and a `Plugin` is frozen, so a row made
from one is the same for as long as the object lives: memoized by the object's identity,
dropped when it is collected (an edited plugin is a new object, so its rows are made again).
The key is `id()`, not the plugin's value: hashing a whole plugin costs more than its rows.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

from .model import Plugin

T = TypeVar("T")

_memo: dict[tuple[int, Hashable], tuple[weakref.ref[Plugin], object]] = {}


def per_plugin(plugin: Plugin, what: Hashable, make: Callable[[], T]) -> T:
    """`make()`, computed once per plugin object and `what` (which names the value)."""
    key = (id(plugin), what)
    found = _memo.get(key)
    if found is not None and found[0]() is plugin:
        return found[1]  # type: ignore[return-value]
    value = make()
    _memo[key] = (weakref.ref(plugin, functools.partial(_forget, key)), value)
    return value


def _forget(key: tuple[int, Hashable], _: object) -> None:
    _memo.pop(key, None)
