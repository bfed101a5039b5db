"""The registry as `lookup` and `advise` rebuild their indexes from it: every plugin's share
of the site's indexes (`emit.plugin_parts`), from the build cache.

A share (a plugin's error documents tokenised, its fixes as HTML, its skills as the client
index lists them) is what `build` emits the error index and `skills-index.json` from, and
both commands' indexes are made of the same pieces: so there is one store of them, keyed by
the plugin's content (see `plugin_parts`). After a `build`, `lookup` and `advise` tokenize
nothing; after one edit, one plugin; a share either of them computes is the build's too.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .cache_store import DEFAULT_CACHE, CacheFolderError, CacheStore
from .config import Config, load_config
from .emit.plugin_parts import EmitParts, emit_parts
from .model import Registry
from .plugin_cache import load_through_cache


@dataclass
class RegistryParts:
    registry: Registry
    config: Config
    parts: EmitParts
    """Every plugin's share; none without a usable cache folder (read-only tree): then the
    indexes compute what they need, as the emitters do."""


def registry_parts(root: Path, want: str) -> RegistryParts:
    """The registry at `root`, unchanged plugins and the `want` part of their shares
    ("errors" or "skills") from `.cache/site-gen`; the shares missing there are computed
    and stored whole."""
    store = registry_store(root)
    registry = load_through_cache(root, store).registry
    config = load_config(root)
    return RegistryParts(registry, config, emit_parts(registry, config, store, want=(want,)))


class _LenientStore(CacheStore):
    """The build cache as `lookup` and `advise` write it: a share that cannot be written (a
    full or read-only disk) is left out, and the command answers all the same."""

    def put(self, key: str, data: bytes, count: bool = True, level: int = 6) -> None:
        with contextlib.suppress(OSError):
            super().put(key, data, count, level)


def registry_store(root: Path) -> CacheStore | None:
    """The registry's own build cache (`.cache/site-gen`), or None when that folder cannot
    be one (not ours, not writable)."""
    try:
        return _LenientStore((root / DEFAULT_CACHE).resolve())
    except (CacheFolderError, OSError):
        return None
