"""MkDocs, run in-process on the generated docs: a clean build, or dirty rebuilds for `serve`.

The loaded config gets the site identity from `[tool.site-gen]` and the sanitizer
(`site_gen.mkdocs_plugin`); MkDocs' warnings become the BuildError's text, so a strict
build that stops says why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache_store import CacheStore
from .config import Config
from .emit.robots import ROBOTS_META
from .mkdocs_cache import PLUGIN_NAME as CACHE_PLUGIN
from .mkdocs_env import keep_theme_env
from .mkdocs_plugin import PLUGIN_NAME
from .model import Registry
from .site_dir import MARKER, MARKER_TEXT, BuildError
from .site_prune import page_destinations, remove_pages


@dataclass
class MkDocsState:
    """What a dirty rebuild carries over from the last full one (see `build_in_place`)."""

    config: Any = None
    """The MkDocs config of the last full build: its plugins carry state into the next."""
    theme: tuple[object, ...] = ()
    """Signature of mkdocs.yml, overrides/ and the site config: any change means a full build."""
    emitted: set[str] = field(default_factory=set)
    """Files the emitters wrote last time: the only ones a rebuild may overwrite."""
    pages: frozenset[str] = frozenset()
    """Where the last build wrote each Markdown page (`site_prune`)."""


def build_in_place(
    cache: MkDocsState,
    mkdocs_yml: Path,
    docs_dir: Path,
    out: Path,
    config: Config,
    registry: Registry,
    on_page: Callable[[], None] | None = None,
    store: CacheStore | None = None,
) -> None:
    """MkDocs into `out` itself: a full build the first time (or when the theme changed),
    then dirty builds of the changed pages with the same, stateful, MkDocs config."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    theme = _theme_signature(mkdocs_yml, config)
    full = cache.config is None or cache.theme != theme or not out.is_dir()
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(registry)}
    with _environ(env), _mkdocs_log() as messages, _without_dirty_warning():
        try:
            if full:
                cache.config, cache.theme, cache.emitted = None, (), set()
                # MkDocs' own clean keeps dot-folders (.well-known): start from nothing.
                shutil.rmtree(out, ignore_errors=True)
                mk = _load_mkdocs(mkdocs_yml, docs_dir, out, config, on_page, store)
                keep_theme_env(mk)  # the dirty rebuilds' templates compiled once
                mk.plugins.on_startup(command="serve", dirty=True)
                build(mk, dirty=False)
                cache.config, cache.theme = mk, theme
                (out / MARKER).write_text(MARKER_TEXT)
            else:
                cache.config.plugins[PLUGIN_NAME].page_written = on_page
                if store is not None and CACHE_PLUGIN in cache.config.plugins:
                    cache.config.plugins[CACHE_PLUGIN].store = store  # this build's counts
                    cache.config.plugins[PLUGIN_NAME].store = store
                build(cache.config, dirty=True)
            pages = page_destinations(docs_dir, bool(cache.config.use_directory_urls))
            if not full:  # a full build starts from nothing
                remove_pages(out, cache.pages, pages)
            cache.pages = pages
        except (MkDocsException, SystemExit) as exc:
            cache.config = None  # the next rebuild starts clean
            detail = "\n".join(messages) or str(exc)
            raise BuildError(f"mkdocs build --strict failed:\n{detail}") from None


def _theme_signature(mkdocs_yml: Path, config: Config) -> tuple[object, ...]:
    """What a page cannot see changing in its own Markdown: the theme, the config."""
    overrides = mkdocs_yml.parent / "overrides"
    files = sorted(overrides.rglob("*")) if overrides.is_dir() else []
    stats = tuple((str(p), p.stat().st_mtime_ns) for p in [mkdocs_yml, *files] if p.is_file())
    return (config, stats)


@contextlib.contextmanager
def _without_dirty_warning() -> Iterator[None]:
    """MkDocs warns on every dirty build, which `--strict` would count as a failure."""

    def keep(record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def _load_mkdocs(
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    config: Config,
    on_page: Callable[[], None] | None = None,
    store: CacheStore | None = None,
) -> Any:
    """mkdocs.yml with the paths and the site identity from `[tool.site-gen]`, strict;
    pages rendered through `store` when one is given (`site_gen.mkdocs_cache`)."""
    from mkdocs.config import load_config as load_mkdocs_config

    from .mkdocs_plugin import install

    mk = load_mkdocs_config(
        str(mkdocs_yml),
        strict=True,
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        site_url=config.site,
        repo_url=config.repo_url,
        repo_name=config.repo,
        site_description=config.description,
    )
    install(mk, on_page, store)
    if store is not None:
        from .mkdocs_cache import RenderCachePlugin, config_fingerprint

        fingerprint = config_fingerprint(mk, mkdocs_yml.read_bytes())
        mk.plugins[CACHE_PLUGIN] = RenderCachePlugin(store, fingerprint)
    if config.private:  # overrides/main.html puts it in every page's <head>
        mk["extra"]["robots"] = ROBOTS_META
    return mk


def run_mkdocs(
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    config: Config,
    registry: Registry,
    on_page: Callable[[], None] | None = None,
    store: CacheStore | None = None,
    reuse_pages: bool = True,
) -> None:
    """`mkdocs build --strict` in-process; BuildError with MkDocs' own messages on failure.
    With a `store`, pages come from it (`mkdocs_cache`; whole pages too unless not
    `reuse_pages`: a store that lives for this build only gets none from an earlier one)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(registry)}
    with _environ(env), _mkdocs_log() as messages, _without_dirty_warning():
        try:
            mk = _load_mkdocs(mkdocs_yml, docs_dir, site_dir, config, on_page, store)
            reuse = store is not None and reuse_pages and _reuse_pages(mk, store, env, on_page)
            mk.plugins.on_startup(command="build", dirty=False)
            try:
                build(mk, dirty=reuse)  # dirty: MkDocs skips the pages reused (`page_reuse`)
            finally:
                mk.plugins.on_shutdown()
        except (MkDocsException, SystemExit) as exc:
            detail = "\n".join(messages) or str(exc)
            raise BuildError(f"mkdocs build --strict failed:\n{detail}") from None


def _reuse_pages(
    mk: Any, store: CacheStore, env: dict[str, str], on_page: Callable[[], None] | None
) -> bool:
    """Put `page_reuse` in a config loaded with the render cache: whole pages from `store`."""
    from .page_reuse import PLUGIN_NAME as REUSE_PLUGIN
    from .page_reuse import PageReusePlugin

    if CACHE_PLUGIN not in mk.plugins:
        return False
    fingerprint = mk.plugins[CACHE_PLUGIN].fingerprint
    mk.plugins[REUSE_PLUGIN] = PageReusePlugin(
        store, fingerprint, env["SOURCE_DATE_EPOCH"], on_page
    )
    return True


def source_date_epoch(registry: Registry) -> str:
    """The build's timestamp (sitemap dates, gzip headers): the newest skill date, not now.

    A fixed input-derived time makes rebuilds byte-identical. SOURCE_DATE_EPOCH in the
    environment wins, as the reproducible-builds convention says.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    newest = dt.date(2025, 1, 1)
    for plugin in registry:
        with contextlib.suppress(ValueError):
            newest = max(newest, dt.date.fromisoformat(plugin.date[:10]))
    return str(int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp()))


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[list[str]]:
    """Collect MkDocs' warnings and errors (the reason a strict build aborts)."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(f"{record.levelname}: {record.getMessage()}")

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def render_share(
    mkdocs_yml: Path,
    docs_dir: Path,
    config: Config,
    epoch: str,
    store: CacheStore,
    wanted: Callable[[list[str]], set[str]],
    on_page: Callable[[], None] | None = None,
) -> int:
    """MkDocs' reading stage (plugins, files, nav, every page's render) for the pages that
    `wanted` picks from all the docs pages' paths, into `store`; nothing else is written.
    `epoch`: the build's SOURCE_DATE_EPOCH (`source_date_epoch`). The number of pages
    rendered; BuildError with MkDocs' messages on any warning."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.exceptions import MkDocsException
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch}
    with _environ(env), _mkdocs_log() as messages:
        try:
            site_dir = docs_dir.parent / "unused-site"  # config needs one; nothing goes there
            mk = _load_mkdocs(mkdocs_yml, docs_dir, site_dir, config, on_page, store)
            mk.plugins.on_startup(command="build", dirty=False)
            try:
                mk = mk.plugins.on_config(mk)
                mk.plugins.on_pre_build(config=mk)
                files = get_files(mk)
                files.add_files_from_theme(mk.theme.get_env(), mk)
                files = mk.plugins.on_files(files, config=mk)
                set_exclusions(files, mk)
                mk.plugins.on_nav(get_navigation(files, mk), config=mk, files=files)
                pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
                share = wanted([file.src_uri for file in pages])
                for file in pages:
                    if file.src_uri in share:
                        _populate_page(file.page or Page(None, file, mk), mk, files)
                        if on_page is not None:
                            on_page()
            finally:
                mk.plugins.on_shutdown()
        except (MkDocsException, SystemExit) as exc:
            messages.append(str(exc))
        if messages:
            detail = "\n".join(messages)
            raise BuildError(f"mkdocs build --strict failed:\n{detail}") from None
    return len(share)
