"""Pages rendered in several processes: `site-gen build --jobs N`.

Python-Markdown (MkDocs' render of each page) is most of a cold build, and each page renders
on its own. So once the check and render phases have written every page's Markdown into the
docs folder, N worker processes each run MkDocs' reading stage on that folder and render
every N-th page into the build cache, exactly what `site-gen build --shard I/N` does
(`mkdocs_run.render_share`, `Shard.pick`). The ordinary MkDocs run then finds every page
rendered and only fills the templates and writes the files. The site is the one-process
build's by construction: the same MkDocs run, reading render results that the cache is
already trusted to give back unchanged (`mkdocs_cache`).

Workers are spawned, not forked: each is a fresh interpreter that reads only the Markdown
of its own share, so it holds none of the parsed registry (a fork would start with all of
it, and the build's memory would count it once per worker). Without a build cache
(`--no-cache`) the workers render into a temporary one, removed after the build.

A worker's failure is the build's: MkDocs' messages come back as the BuildError's text (no
traceback), and the staging folder is dropped, so the previous site stays.

Spawning costs each worker an interpreter and MkDocs' start (about a second), so workers
run only when there is enough to render: `MIN_PAGES_PER_JOB` pages rendered afresh per
worker (a warm cache renders a handful of pages, best done in the build's own process).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .cache_store import CacheStore
from .config import Config
from .mkdocs_run import run_mkdocs, source_date_epoch
from .model import Registry
from .site_dir import BuildError

MIN_PAGES_PER_JOB = 100
"""Fewest pages to render afresh per worker: below it, fewer workers (or none)."""
MAX_JOBS = 64


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, as `taskset` or a container's
    cpuset limits it), the default of `--jobs`."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def workers_for(jobs: int, fresh_pages: int) -> int:
    """How many workers render `fresh_pages` with `jobs` allowed: 0 means the build's own
    process renders (one job, or too few pages to repay starting workers)."""
    workers = min(jobs, MAX_JOBS, fresh_pages // MIN_PAGES_PER_JOB)
    return workers if workers >= 2 else 0


def run_mkdocs_in_jobs(
    jobs: int,
    fresh_pages: int,
    mkdocs_yml: Path,
    docs_dir: Path,
    site_dir: Path,
    config: Config,
    registry: Registry,
    on_page: Callable[[], None] | None,
    store: CacheStore | None,
    note: Callable[[str], None],
) -> None:
    """`run_mkdocs`, its pages rendered first by workers when `jobs` and `fresh_pages`
    (pages the render phase did not find in the cache) call for them (`workers_for`)."""
    workers = workers_for(jobs, fresh_pages)
    if not workers:
        run_mkdocs(mkdocs_yml, docs_dir, site_dir, config, registry, on_page, store)
        return
    with render_store(store, docs_dir.parent) as pages:
        note(f"rendering pages in {workers} processes")
        epoch = source_date_epoch(registry)
        render_in_workers(workers, mkdocs_yml, docs_dir, config, epoch, pages)
        reuse = store is not None  # a temporary store holds no whole pages to reuse
        run_mkdocs(mkdocs_yml, docs_dir, site_dir, config, registry, on_page, pages, reuse)


@contextlib.contextmanager
def render_store(store: CacheStore | None, scratch: Path) -> Iterator[CacheStore]:
    """`store`, or a temporary build cache under `scratch` for the duration (`--no-cache`)."""
    if store is not None:
        yield store
        return
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="render-cache-", dir=scratch))
    try:
        yield CacheStore(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # made above: ours


def render_in_workers(
    workers: int,
    mkdocs_yml: Path,
    docs_dir: Path,
    config: Config,
    epoch: str,
    store: CacheStore,
) -> int:
    """Render every page of `docs_dir` into `store` in `workers` processes; the number of
    pages rendered. BuildError with the first failing worker's messages."""
    spawn = multiprocessing.get_context("spawn")
    shares = range(1, workers + 1)
    args = [(i, workers, mkdocs_yml, docs_dir, config, epoch, store.folder) for i in shares]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
            results = list(pool.map(_render_one_share, args))
    except BrokenProcessPool as exc:
        raise BuildError(f"a page render worker died ({exc}); nothing was written") from None
    failures = [message for _, message in results if message]
    if failures:
        raise BuildError(failures[0])
    return sum(count for count, _ in results)


def _render_one_share(
    args: tuple[int, int, Path, Path, Config, str, Path],
) -> tuple[int, str]:
    """In a worker: render share I of N; (pages rendered, "" or the BuildError's text)."""
    from .mkdocs_run import render_share
    from .shard_plan import Shard

    index, count, mkdocs_yml, docs_dir, config, epoch, folder = args
    # MkDocs' messages come back in the BuildError; without this Python would also print
    # them to stderr (its last-resort handler), once per worker.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        store = CacheStore(folder)
        shard = Shard(index, count)
        return render_share(mkdocs_yml, docs_dir, config, epoch, store, shard.pick), ""
    except BuildError as exc:
        return 0, str(exc)
    except OSError as exc:
        return 0, f"{folder}: page render worker {index}/{count} cannot use the cache ({exc})"
