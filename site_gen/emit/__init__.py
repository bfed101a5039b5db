"""Model -> files published beside the pages (manifests, digests, indexes). Pure: text out.

`site_files` is what `build` writes into the finished site after MkDocs, so MkDocs never
renders or drops them (it would turn `.md` into pages and skip dot-folders).
"""

from __future__ import annotations

from collections.abc import MutableMapping

from ..cache_store import CacheStore
from ..config import Config
from ..history import History, plugin_histories
from ..memory import gc_paused
from ..model import Registry
from ..search.compact import compact_index_files
from ..search.error_index import PluginTerms, build_index
from .error_memo import memo_error_files, memo_lookup
from .error_shards import error_shard_files
from .feed import feed_files
from .gzip_memo import cached_gzip
from .llms import llms_files
from .marketplace import SITE_PATH, render_marketplace
from .plugin_parts import BUILD_READS, emit_parts, fill_error_terms
from .robots import robots_files
from .skill_texts import OwnFiles
from .well_known import INDEX as WELL_KNOWN_INDEX
from .well_known import index_text


def site_files(
    registry: Registry,
    config: Config,
    error_terms: PluginTerms | None = None,
    history: History | None = None,
    store: CacheStore | None = None,
) -> dict[str, str | bytes]:
    """Site-relative path -> file content (bytes for what is already compressed), for every
    emitter.

    `error_terms` is the error index's per-plugin cache, which `serve` keeps between rebuilds.
    `history` (from `history.load_history`) dates the feed; without it, front-matter dates do.
    `store` keeps each plugin's share of the indexes between builds (`plugin_parts`).
    """
    files: dict[str, str | bytes] = {}
    emit_into(files, registry, config, error_terms, history, store)
    return files


def emit_into(
    files: MutableMapping[str, str | bytes],
    registry: Registry,
    config: Config,
    error_terms: PluginTerms | None = None,
    history: History | None = None,
    store: CacheStore | None = None,
    release_parses: bool = False,
) -> None:
    """`site_files` set into `files` as each emitter makes them: `build` passes a mapping
    that writes each file to disk at once (`emit_writer`), so they are never all held.
    `release_parses`: let go of each plugin's parses once its files are made (`OwnFiles`;
    with a `store` only, which then holds what the emitters read of them)."""
    with gc_paused():
        _site_files(files, registry, config, error_terms, history, store, release_parses)


def _site_files(
    files: MutableMapping[str, str | bytes],
    registry: Registry,
    config: Config,
    error_terms: PluginTerms | None,
    history: History | None,
    store: CacheStore | None,
    release_parses: bool = False,
) -> None:
    own = OwnFiles(files, config, store, release=release_parses and store is not None)
    parts = emit_parts(registry, config, store, error_terms, want=BUILD_READS, each=own.add)
    files[WELL_KNOWN_INDEX] = index_text(own.entries)
    files.update(llms_files(registry, config, markdown=own.markdown, over_budget=own.over_budget))
    files[SITE_PATH] = render_marketplace(registry, config, hosted=True)

    def error_terms_read() -> PluginTerms:  # only if a memo below misses
        return fill_error_terms(parts, registry, config, store)

    files.update(
        memo_error_files(
            store,
            parts.error_digests,
            lambda: error_shard_files(registry, error_terms_read(), fixes=parts.fixes),
        )
    )
    files.update(robots_files(config))
    compress = cached_gzip(store)

    def lookup() -> dict[str, object]:
        build = lambda: build_index(registry, error_terms_read())  # noqa: E731
        return memo_lookup(store, parts.error_digests, build)

    files.update(
        compact_index_files(
            registry, config, parts.error_terms, parts.skill_records, compress, lookup
        )
    )
    files.update(feed_files(registry, config, history or plugin_histories(registry, {})))
