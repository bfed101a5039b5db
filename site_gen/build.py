"""The one place that writes the site: check -> render -> write docs -> MkDocs -> emit ->
search index -> swap.

The registry is checked whole before anything is written: any error in it stops the build
before a file is touched. The new site is built in a temporary folder beside `out` and
renamed into place only when MkDocs (`--strict`) and every emitter have succeeded, so a
failed build never leaves a half-written `site/`. Inside that folder, files are written as
they are made (rendered pages, emitted files: `emit_writer`) rather than all held first,
which keeps a 10,000-skill build's memory down (benchmarks/BUILD_MEMORY.md).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import problems as P
from .cache_store import CacheFolderError, CacheStore
from .config import Config, load_config
from .emit import emit_into, site_files
from .emit_writer import StagedFiles
from .history import History, load_history, reference_time
from .loader import LoadCache
from .memory import release_memory
from .mkdocs_run import MkDocsState, build_in_place, run_mkdocs
from .model import Registry
from .parallel_render import PageRender
from .progress import Progress, Within, human_bytes
from .registry import Checked, check_registry
from .render import PageCache, render_pages
from .render_cache import StoredPages, stored_pages
from .search.bundles import index_site
from .search.error_index import PluginTerms
from .search.site_index import BUNDLE, SiteIndexError
from .site_dir import (
    BuildError,
    build_lock,
    check_out_dir,
    new_staging,
    swap,
    write_emitted,
    write_tree,
)

__all__ = ["BuildCache", "BuildError", "BuildResult", "build_site", "write_tree"]

GENERATED_DOCS = Path("build") / "docs"
"""Where rendered pages go, under the registry root (gitignored)."""
HOME_INTRO = "index.md"
"""The hand-written page that becomes the top of the generated home page."""

Echo = Callable[[str], None]
SEARCH_LAGS = (
    "search index kept from an earlier build: until a page is added or removed, search "
    "results may lag your edits (site-gen build indexes everything)"
)

EMIT_LAGS = (
    "pages rebuilt; the files made from the whole registry (error and client indexes, "
    "llms.txt, feed, search) follow in the background"
)


@dataclass
class BuildResult:
    registry: Registry
    out: Path
    pages: int
    left_out: list[str] = field(default_factory=list)
    """Plugin folders not published (`--skip-invalid`)."""
    warnings: list[P.Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Time per step: check, render, mkdocs, emit, search."""


@dataclass
class BuildCache:
    """What `serve` keeps between rebuilds, so that editing one skill costs about one page."""

    pages: PageCache = field(default_factory=dict)
    """Rendered pages by content (see `render_pages`)."""
    plugins: LoadCache = field(default_factory=dict)
    """Loaded plugins by file signature (see `load_registry`)."""
    mkdocs: MkDocsState = field(default_factory=MkDocsState)
    """The last full MkDocs build, which dirty rebuilds continue."""
    error_terms: PluginTerms = field(default_factory=dict)
    """The error index's tokenized plugins (see `search.error_index.build_index`)."""
    search_pages: frozenset[str] | None = None
    """The docs pages of the last search index: `serve` indexes again only when it changes."""
    evicted: bool = False
    """The cache folder was trimmed to its bound by the first build: `serve`'s rebuilds,
    which add a few entries each, leave it (listing it took a tenth of a rebuild)."""
    defer: Callable[[Callable[[], None]], None] | None = None
    """Where `serve` takes the files made from the whole registry (emit, search) to make
    after the pages are served; None: the build makes them."""


def build_site(
    root: Path,
    out: Path | None = None,
    *,
    skip_invalid: bool = False,
    mkdocs_yml: Path | None = None,
    cache: BuildCache | None = None,
    echo: Echo = print,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    jobs: int = 1,
) -> BuildResult:
    """Build the site of the registry at `root` into `out` (default `root/site`).

    With a `cache` (what `serve` passes) the build is incremental and happens in place:
    unchanged plugins are not re-read, unchanged pages not re-rendered, and MkDocs rebuilds
    only the pages whose Markdown changed. Without one, it is a clean build swapped into place.
    `progress` reports each phase while it runs (default: a plain line per phase to `echo`).
    `cache_dir` keeps rendered pages between builds (`site_gen.mkdocs_cache`).
    `jobs` > 1 renders a clean build's pages in that many processes (`parallel_render`).
    """
    root = root.resolve()
    out = (out or root / "site").resolve()
    mkdocs_yml = (mkdocs_yml or root / "mkdocs.yml").resolve()
    if not mkdocs_yml.is_file():
        raise BuildError(f"{mkdocs_yml}: no mkdocs.yml (pass --config or run from the repo root)")
    check_out_dir(root, out)
    progress = progress or Progress(echo)
    with build_lock(root, progress.note):
        store = open_store(cache_dir)
        return _build_locked(root, out, skip_invalid, mkdocs_yml, cache, progress, store, jobs)


def open_store(cache_dir: Path | None, outbox: Path | None = None) -> CacheStore | None:
    """The build cache in `cache_dir` (None: no cache); BuildError if the folder is not one."""
    if cache_dir is None:
        return None
    try:
        return CacheStore(cache_dir.resolve(), outbox=outbox)
    except (CacheFolderError, OSError) as exc:
        raise BuildError(str(exc)) from None


def _build_locked(
    root: Path,
    out: Path,
    skip_invalid: bool,
    mkdocs_yml: Path,
    cache: BuildCache | None,
    progress: Progress,
    store: CacheStore | None = None,
    jobs: int = 1,
) -> BuildResult:
    docs_dir = root / GENERATED_DOCS
    checked = check_and_render(root, skip_invalid, mkdocs_yml, docs_dir, progress, cache, store)
    registry, left_out, warnings = checked.registry, checked.left_out, checked.warnings
    config, history, docs, changed = checked.config, checked.history, checked.docs, checked.changed

    out.parent.mkdir(parents=True, exist_ok=True)
    markdown_pages = sum(1 for rel in docs if rel.endswith(".md"))
    if cache is not None:
        state = cache.mkdocs
        with progress.phase("mkdocs", total=markdown_pages, unit="pages") as step:
            build_in_place(state, mkdocs_yml, docs_dir, out, config, registry, step.advance, store)
        emit = _emit_in_place(cache, out, registry, config, history, store, docs, progress)
        if cache.defer is None:
            emit()
        else:
            cache.defer(emit)
            progress.note(EMIT_LAGS)
    else:
        staging = new_staging(out)
        try:

            def mkdocs(pages: CacheStore | None, reuse: bool) -> None:
                with progress.phase("mkdocs", total=markdown_pages, unit="pages") as step:
                    run_mkdocs(
                        mkdocs_yml, docs_dir, staging, config, registry, step.advance, pages, reuse
                    )

            def emit_files(folder: Path) -> None:
                with progress.phase("emit", unit="files") as step:
                    previous = out if out.is_dir() else None  # ours: `check_out_dir`
                    staged = StagedFiles(folder, previous)  # on disk once made, or linked
                    emit_into(
                        staged, registry, config, history=history, store=store, release_parses=True
                    )
                    step.advance(len(staged))
                if staged.linked:
                    progress.note(f"{staged.linked} emitted files linked from the previous site")

            render = PageRender(jobs, checked.fresh, mkdocs_yml, docs_dir, config, registry)
            render.mkdocs_and_emit(staging, store, mkdocs, emit_files, progress.note)
            with progress.phase("search", unit="pages") as step:
                release_memory()
                step.advance(_index_search(staging, store, config, progress.note))
            with progress.phase("swap"):
                swap(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if store is not None:
        if cache is None or not cache.evicted:
            store.evict()
        if cache is not None:
            cache.evicted = True
        progress.note(f"page cache {store.folder}: {store.hits} reused, {store.written} rendered")
    seconds = {step.name: step.seconds for step in progress.phases}
    progress.note(
        f"built {len(docs)} pages ({changed} changed) for {len(registry)} plugins into {out} "
        f"in {sum(seconds.values()):.1f}s"
        + (f"; left out {len(left_out)}" if left_out else "")
        + (f"; {len(warnings)} warning(s)" if warnings else "")
        + f"; site {human_bytes(_size(out))}"
    )
    return BuildResult(registry, out, len(docs), left_out, warnings, seconds)


@dataclass
class RenderedDocs:
    """The registry checked and its pages written as Markdown: what MkDocs is run on."""

    registry: Registry
    left_out: list[str]
    warnings: list[P.Problem]
    config: Config
    history: History
    docs: frozenset[str]
    """Docs-relative paths of the files written into the docs folder (their text is not
    kept: MkDocs reads it from there)."""
    changed: int
    """Files of the docs folder that changed."""
    fresh: int
    """Pages rendered now, not found in the build cache (all of them without one)."""


def check_and_render(
    root: Path,
    skip_invalid: bool,
    mkdocs_yml: Path,
    docs_dir: Path,
    progress: Progress,
    cache: BuildCache | None = None,
    store: CacheStore | None = None,
) -> RenderedDocs:
    """The check and render phases: BuildError on registry errors, else `docs_dir` holds
    every page's Markdown and the hand-written docs. With a `store` (the build cache),
    unchanged plugins are not parsed and unchanged skill pages not rendered again."""
    with progress.phase("check", unit="plugins") as step:
        plugins = cache.plugins if cache else None
        checked = check_registry(
            root, plugin_cache=plugins, progress=Within(step, "load"), store=store
        )
        registry, left_out = _publishable(checked, skip_invalid, progress.echo)
        warnings = [p for p in checked.problems if not p.is_error]
        if warnings:
            progress.echo(P.format_text(warnings).rstrip("\n"))
        config = load_config(root)

    with progress.phase("render", unit="pages") as step:
        theme_docs = mkdocs_yml.parent / "docs"
        intro_path = theme_docs / HOME_INTRO
        intro = intro_path.read_text("utf-8") if intro_path.is_file() else "# Skills Registry\n"
        history = load_history(root, registry)
        now = reference_time(history, os.environ.get("SOURCE_DATE_EPOCH"))
        page_cache = stored_pages(store, cache.pages if cache else None)
        pages = render_pages(registry, config, intro, page_cache, history, now)
        docs = {**_hand_written(theme_docs, set(pages)), **pages}
        changed = write_tree(docs_dir, docs)
        step.advance(len(pages))
    fresh = page_cache.rendered if isinstance(page_cache, StoredPages) else len(pages)
    return RenderedDocs(
        registry, left_out, warnings, config, history, frozenset(docs), changed, fresh
    )


def _size(folder: Path) -> int:
    """Bytes of the files under `folder` (os.walk: a third of `Path.rglob`'s time, which
    was a tenth of a `serve` rebuild at 1,000 skills)."""
    total = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                info = os.lstat(os.path.join(parent, name))
                total += info.st_size if stat.S_ISREG(info.st_mode) else 0
    return total


def _index_search(
    site: Path,
    store: CacheStore | None = None,
    config: Config | None = None,
    note: Callable[[str], None] | None = None,
) -> int:
    """Pagefind's index of the built pages, inside `site` (BuildError if it fails)."""
    try:
        return index_site(site, store, config.search_bundles if config else "auto", note)
    except SiteIndexError as exc:
        raise BuildError(str(exc)) from None


def _emit_in_place(
    cache: BuildCache,
    out: Path,
    registry: Registry,
    config: Config,
    history: History,
    store: CacheStore | None,
    docs: frozenset[str],
    progress: Progress,
) -> Callable[[], None]:
    """`serve`'s emit and search steps, to run now or after the pages are served."""
    pages = frozenset(docs)

    def emit() -> None:
        with progress.phase("emit", unit="files") as step:
            emitted = site_files(registry, config, cache.error_terms, history, store)
            cache.mkdocs.emitted = write_emitted(out, emitted, cache.mkdocs.emitted)
            step.advance(len(emitted))
        _index_search_if_pages_changed(cache, out, pages, progress)

    return emit


def _index_search_if_pages_changed(
    cache: BuildCache, out: Path, pages: frozenset[str], progress: Progress
) -> None:
    """`serve`'s search index: Pagefind reads the whole site (minutes at 1,000 skills), so it
    runs on the first build and when a page is added or removed, not after every edit."""
    if cache.search_pages == pages and (out / BUNDLE).is_dir():
        progress.note(SEARCH_LAGS)
        return
    cache.search_pages = None
    with progress.phase("search", unit="pages") as step:
        shutil.rmtree(out / BUNDLE, ignore_errors=True)  # the last build's index: ours
        step.advance(_index_search(out))
    cache.search_pages = pages


def _publishable(checked: Checked, skip_invalid: bool, echo: Echo) -> tuple[Registry, list[str]]:
    """The registry to publish, or BuildError listing every error."""
    errors = checked.errors
    if not errors:
        return checked.registry, []
    registry_wide = [p for p in errors if not p.plugin_path]
    if not skip_invalid or registry_wide:
        raise BuildError(
            P.format_text(P.sort_problems(errors)).rstrip("\n")
            + "\nbuild stopped: nothing was written"
            + ("" if skip_invalid else " (--skip-invalid builds the plugins without errors)")
        )
    left_out = sorted(checked.failing_plugins())
    echo(P.format_text(P.sort_problems(errors)).rstrip("\n"))
    echo(f"left out {len(left_out)} plugin(s) with errors: " + ", ".join(left_out))
    return checked.valid_registry(), left_out


def _hand_written(folder: Path, generated: set[str]) -> dict[str, str | bytes]:
    """The hand-written docs files (except the home intro), by docs-relative path: Markdown
    as text, images and everything else as bytes."""
    files: dict[str, str | bytes] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or rel == HOME_INTRO:
            continue
        if rel in generated:
            raise BuildError(f"{path}: a generated page has this path; rename the file")
        try:
            files[rel] = path.read_text("utf-8") if path.suffix == ".md" else path.read_bytes()
        except (OSError, UnicodeDecodeError) as exc:
            raise BuildError(f"{path}: cannot be read ({exc}); fix or remove it") from None
    return files
