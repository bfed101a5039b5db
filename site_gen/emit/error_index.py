"""The error lookup's index as a site file (compact JSON: the page downloads it)."""

from __future__ import annotations

import json

from .. import urls
from ..model import Registry
from ..search.error_index import PluginTerms, build_index


def render_error_index(registry: Registry, cache: PluginTerms | None = None) -> str:
    """Compact, key-sorted JSON with a trailing newline: byte-identical across rebuilds."""
    index = build_index(registry, cache)
    return json.dumps(index, separators=(",", ":"), sort_keys=True) + "\n"


def error_index_files(registry: Registry, cache: PluginTerms | None = None) -> dict[str, str]:
    return {urls.ERROR_INDEX: render_error_index(registry, cache)}
