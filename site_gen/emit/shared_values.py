"""Plugins' shares (`plugin_parts`) with equal values stored once: what keeps the emit phase
of a 10,000-skill build in memory.

Every plugin's share is held until the error index and the client index are assembled from
all of them. Read back from the cache (JSON) or freshly tokenised, each share has its own
copy of every term string and of every `(term, weight)` posting, although 10,759 error
documents at 1,000 generated skills hold 825,022 postings over only 6,800 distinct pairs
and 3,530 terms: the shares took 197 MB there (2 GB at 10,000 skills), 65 MB once each
distinct term and pair is one object that every document points to. Values are only
replaced by equal ones of the same type (an int weight stays an int, `0` is not `0.0`),
so everything written from them is byte for byte the same.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..search.error_index import IndexedDoc

if TYPE_CHECKING:  # plugin_parts uses this module
    from .plugin_parts import PluginParts


class SharedValues:
    """One object per distinct term, string and posting, across every share it is given."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.pairs: dict[tuple[str, type, object], tuple[str, Any]] = {}

    def share(self, parts: PluginParts) -> PluginParts:
        """`parts` with its postings and its skill records made of the shared objects."""
        errors = [
            IndexedDoc(item.doc, item.length, tuple(self._pair(pair) for pair in item.terms))
            for item in parts.errors
        ]
        skills = [self._value(record) for record in parts.skills]
        return dataclasses.replace(parts, errors=errors, skills=skills)

    def _pair(self, pair: tuple[str, Any]) -> tuple[str, Any]:
        term, weight = pair
        key = (term, type(weight), weight)  # the type: 1 == 1.0 == True as dict keys
        found = self.pairs.get(key)
        if found is None:
            found = self.pairs[key] = (self.strings.setdefault(term, term), weight)
        return found

    def _value(self, value: Any) -> Any:
        """A JSON value with its strings (keys too) shared; numbers and order as they were."""
        if isinstance(value, str):
            return self.strings.setdefault(value, value)
        if isinstance(value, dict):
            strings = self.strings
            return {strings.setdefault(k, k): self._value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(item) for item in value]
        return value
