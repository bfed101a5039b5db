"""The one place that writes the site: check -> render -> write docs -> MkDocs -> emit -> swap.

Everything is gathered before anything is written. Any error in the registry stops the
build before a file is touched; the new site is built in a temporary folder beside `out`
and renamed into place only when MkDocs (`--strict`) and every emitter have succeeded, so
a failed build never leaves a half-written `site/`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import problems as P
from .config import Config, load_config
from .emit import site_files
from .loader import LoadCache
from .model import Registry
from .registry import Checked, check_registry
from .render import PageCache, render_pages
from .search.error_index import PluginTerms

GENERATED_DOCS = Path("build") / "docs"
"""Where rendered pages go, under the registry root (gitignored)."""
HOME_INTRO = "index.md"
"""The hand-written page that becomes the top of the generated home page."""

Echo = Callable[[str], None]


class BuildError(Exception):
    """The build stopped; the message says why and the old site is untouched."""


@dataclass
class BuildResult:
    registry: Registry
    out: Path
    pages: int
    left_out: list[str] = field(default_factory=list)
    """Plugin folders not published (`--skip-invalid`)."""
    warnings: list[P.Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Time per step: check, render, mkdocs, emit."""


@dataclass
class BuildCache:
    """What `serve` keeps between rebuilds, so that editing one skill costs about one page."""

    pages: PageCache = field(default_factory=dict)
    """Rendered pages by content (see `render_pages`)."""
    plugins: LoadCache = field(default_factory=dict)
    """Loaded plugins by file signature (see `load_registry`)."""
    mkdocs: Any = None
    """The MkDocs config of the last full build: its plugins (Material's search index) carry
    state into the next, dirty, build."""
    theme: tuple[object, ...] = ()
    """Signature of mkdocs.yml, overrides/ and the site config: any change means a full build."""
    emitted: set[str] = field(default_factory=set)
    """Files the emitters wrote last time: the only ones a rebuild may overwrite."""
    error_terms: PluginTerms = field(default_factory=dict)
    """The error index's tokenized plugins (see `search.error_index.build_index`)."""


def build_site(
    root: Path,
    out: Path | None = None,
    *,
    skip_invalid: bool = False,
    mkdocs_yml: Path | None = None,
    cache: BuildCache | None = None,
    echo: Echo = print,
) -> BuildResult:
    """Build the site of the registry at `root` into `out` (default `root/site`).

    With a `cache` (what `serve` passes) the build is incremental and happens in place:
    unchanged plugins are not re-read, unchanged pages not re-rendered, and MkDocs rebuilds
    only the pages whose Markdown changed. Without one, it is a clean build swapped into place.
    """
    root = root.resolve()
    out = (out or root / "site").resolve()
    mkdocs_yml = (mkdocs_yml or root / "mkdocs.yml").resolve()
    if not mkdocs_yml.is_file():
        raise BuildError(f"{mkdocs_yml}: no mkdocs.yml (pass --config or run from the repo root)")
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    checked = check_registry(root, plugin_cache=cache.plugins if cache else None)
    registry, left_out = _publishable(checked, skip_invalid, echo)
    warnings = [p for p in checked.problems if not p.is_error]
    if warnings:
        echo(P.format_text(warnings).rstrip("\n"))
    config = load_config(root)
    seconds["check"], clock = time.perf_counter() - clock, time.perf_counter()

    theme_docs = mkdocs_yml.parent / "docs"
    intro_path = theme_docs / HOME_INTRO
    intro = intro_path.read_text("utf-8") if intro_path.is_file() else "# Skills Registry\n"
    pages = render_pages(registry, config, intro, cache.pages if cache else None)
    docs = {**_hand_written(theme_docs, set(pages)), **pages}
    docs_dir = root / GENERATED_DOCS
    changed = write_tree(docs_dir, docs)
    seconds["render"], clock = time.perf_counter() - clock, time.perf_counter()

    out.parent.mkdir(parents=True, exist_ok=True)
    if cache is not None:
        _build_in_place(cache, mkdocs_yml, docs_dir, out, config, registry)
        seconds["mkdocs"], clock = time.perf_counter() - clock, time.perf_counter()
        emitted = site_files(registry, config, cache.error_terms)
        cache.emitted = _write_emitted(out, emitted, cache.emitted)
        seconds["emit"] = time.perf_counter() - clock
    else:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            run_mkdocs(mkdocs_yml, docs_dir, staging, config, registry)
            seconds["mkdocs"], clock = time.perf_counter() - clock, time.perf_counter()
            _write_emitted(staging, site_files(registry, config))
            seconds["emit"] = time.perf_counter() - clock
            _swap(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    echo(
        f"built {len(docs)} pages ({changed} changed) for {len(registry)} plugins into {out} "
        f"in {sum(seconds.values()):.1f}s"
    )
    return BuildResult(registry, out, len(docs), left_out, warnings, seconds)


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


def _hand_written(folder: Path, generated: set[str]) -> dict[str, str]:
    """The hand-written docs pages (except the home intro), by docs-relative path."""
    files: dict[str, str] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or rel == HOME_INTRO:
            continue
        if rel in generated:
            raise BuildError(f"{path}: a generated page has this path; rename the file")
        files[rel] = path.read_text("utf-8")
    return files


def write_tree(folder: Path, files: dict[str, str]) -> int:
    """Make `folder` hold exactly `files`; write only what changed (MkDocs and serve watch it)."""
    changed = 0
    for rel, text in files.items():
        path = folder / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed += 1
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def _build_in_place(
    cache: BuildCache,
    mkdocs_yml: Path,
    docs_dir: Path,
    out: Path,
    config: Config,
    registry: Registry,
) -> None:
    """MkDocs into `out` itself: a full build the first time (or when the theme changed),
    then dirty builds of the changed pages with the same, stateful, MkDocs config."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    theme = _theme_signature(mkdocs_yml, config)
    full = cache.mkdocs is None or cache.theme != theme or not out.is_dir()
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(registry)}
    with _environ(env), _mkdocs_log() as messages, _without_dirty_warning():
        try:
            if full:
                cache.mkdocs, cache.theme, cache.emitted = None, (), set()
                # MkDocs' own clean keeps dot-folders (.well-known): start from nothing.
                shutil.rmtree(out, ignore_errors=True)
                mk = _load_mkdocs(mkdocs_yml, docs_dir, out, config)
                mk.plugins.on_startup(command="serve", dirty=True)
                build(mk, dirty=False)
                cache.mkdocs, cache.theme = mk, theme
            else:
                build(cache.mkdocs, dirty=True)
        except (MkDocsException, SystemExit) as exc:
            cache.mkdocs = None  # the next rebuild starts clean
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


def _load_mkdocs(mkdocs_yml: Path, docs_dir: Path, site_dir: Path, config: Config) -> Any:
    """mkdocs.yml with the paths and the site identity from `[tool.site-gen]`, strict."""
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
    install(mk)
    return mk


def run_mkdocs(
    mkdocs_yml: Path, docs_dir: Path, site_dir: Path, config: Config, registry: Registry
) -> None:
    """`mkdocs build --strict` in-process; BuildError with MkDocs' own messages on failure."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": source_date_epoch(registry)}
    with _environ(env), _mkdocs_log() as messages:
        try:
            mk = _load_mkdocs(mkdocs_yml, docs_dir, site_dir, config)
            mk.plugins.on_startup(command="build", dirty=False)
            try:
                build(mk)
            finally:
                mk.plugins.on_shutdown()
        except (MkDocsException, SystemExit) as exc:
            detail = "\n".join(messages) or str(exc)
            raise BuildError(f"mkdocs build --strict failed:\n{detail}") from None


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


def _write_emitted(
    site: Path, files: dict[str, str], previous: set[str] | frozenset[str] = frozenset()
) -> set[str]:
    """Write the emitters' files; only files emitted `previous`ly may be overwritten."""
    for rel, text in sorted(files.items()):
        path = site / rel
        if path.exists() and rel not in previous:
            raise BuildError(f"emitted file {rel} would overwrite a page MkDocs built")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            path.write_bytes(data)
    return set(files)


def _swap(staging: Path, out: Path) -> None:
    """Put the finished site at `out`: two renames on one filesystem, old copy removed last."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
