"""Pages rendered in several processes: `site-gen build --jobs N`.

Python-Markdown (MkDocs' render of each page) is most of a cold build, and each page renders
on its own. So once the check and render phases have written every page's Markdown into the
docs folder, N worker processes each run MkDocs' reading stage on that folder and render
every N-th page into the build cache, exactly what `site-gen build --shard I/N` does
(`mkdocs_run.render_share`, `Shard.pick`). The ordinary MkDocs run then finds every page
rendered and only fills the templates and writes the files. The site is the one-process
build's by construction: the same MkDocs run, reading render results that the cache is
already trusted to give back unchanged (`mkdocs_cache`).

While the workers render, the build's own process makes the emitted files (they need the
registry, which it holds, and not the pages): into a folder of their own, moved into the
site after MkDocs with the same refusal to overwrite a page (`move_emitted`). A shard
(`--shard I/N --jobs J`) splits its share the same way (`Shard.split`).

Workers are spawned, not forked: each is a fresh interpreter that reads only the Markdown
of its own share, so it holds none of the parsed registry (a fork would start with all of
it, and the build's memory would count it once per worker). Without a build cache
(`--no-cache`) the workers render into a temporary one, removed after the build.

A worker's failure is the build's: MkDocs' messages come back as the BuildError's text (no
traceback), and the staging folder is dropped, so the previous site stays.

Spawning costs each worker an interpreter and MkDocs' start (about a second), so workers
run only when there is enough to render: `MIN_PAGES_PER_JOB` pages rendered afresh per
worker (a warm cache renders a handful of pages, best done in the build's own process). The
count is of skill pages whose Markdown was not in the cache: a warm cache after a theme
change re-renders every page in one process.
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
from dataclasses import dataclass
from pathlib import Path

from .cache_store import CacheStore
from .config import Config
from .memory import release_memory
from .mkdocs_run import source_date_epoch
from .model import Registry
from .shard_plan import Shard
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


MkDocsStep = Callable[[CacheStore | None, bool], None]
"""The build's MkDocs phase: `run_mkdocs` into the staging site with (pages store,
reuse whole pages)."""
EmitStep = Callable[[Path], None]
"""The build's emit phase, writing into the folder given."""


@dataclass
class PageRender:
    """Who renders a clean build's pages: the build's own process (`workers` 0) or workers."""

    jobs: int
    fresh_pages: int
    """Pages the render phase did not find in the build cache."""
    mkdocs_yml: Path
    docs_dir: Path
    config: Config
    registry: Registry

    @property
    def workers(self) -> int:
        return workers_for(self.jobs, self.fresh_pages)

    def mkdocs_and_emit(
        self,
        site_dir: Path,
        store: CacheStore | None,
        mkdocs: MkDocsStep,
        emit: EmitStep,
        note: Callable[[str], None],
    ) -> None:
        """MkDocs then emit into `site_dir`, as one process does them; with workers, the
        emit runs while they render (into a folder of its own, moved into `site_dir` after
        MkDocs with the same refusal to overwrite a page), then MkDocs reads their pages."""
        workers = self.workers
        if not workers:
            mkdocs(store, True)
            release_memory()  # MkDocs' pages: cycles, which the emitters' paused gc would keep
            emit(site_dir)
            return
        epoch = source_date_epoch(self.registry)
        emitted = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-emit-", dir=site_dir.parent))
        try:
            with render_store(store, self.docs_dir.parent) as pages:
                note(f"rendering pages in {workers} processes")
                shares = Shard(1, 1).split(workers)
                render = PageWorkers(shares, self.mkdocs_yml, self.docs_dir, self.config, epoch)
                with render.rendering(pages) as wait:
                    emit(emitted)
                    wait()
                release_memory()
                mkdocs(pages, store is not None)  # a temporary store has no whole pages
            move_emitted(emitted, site_dir)
        finally:
            shutil.rmtree(emitted, ignore_errors=True)  # made above: ours


def move_emitted(emitted: Path, site_dir: Path) -> None:
    """Every file of `emitted` moved to the same place in `site_dir`; BuildError for one
    that MkDocs already built there (as `emit_writer.StagedFiles` refuses)."""
    for path in sorted(emitted.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(emitted)
        target = site_dir / rel
        if target.exists():
            raise BuildError(f"emitted file {rel.as_posix()} would overwrite a page MkDocs built")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


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


@dataclass
class PageWorkers:
    """A process per share of the pages of `docs_dir`, rendering it (`Shard.pick`)."""

    shares: list[Shard]
    mkdocs_yml: Path
    docs_dir: Path
    config: Config
    epoch: str

    @contextlib.contextmanager
    def rendering(self, store: CacheStore) -> Iterator[Callable[[], int]]:
        """Start the workers rendering into the build cache of `store`; inside, the
        caller works on and calls the function given to wait for them (the pages rendered,
        or BuildError with the failing workers' messages). Leaving early (an error) lets
        the workers finish the page they are at and stops them."""
        spawn = multiprocessing.get_context("spawn")
        job = (self.mkdocs_yml, self.docs_dir, self.config, self.epoch, store.folder, store.outbox)
        args = [(share, *job) for share in self.shares]
        pool = ProcessPoolExecutor(max_workers=len(self.shares), mp_context=spawn)
        finished = False
        try:
            futures = [pool.submit(_render_one_share, arg) for arg in args]

            def wait() -> int:
                try:
                    results = [future.result() for future in futures]
                except BrokenProcessPool as exc:
                    died = f"a page render worker died ({exc}); nothing was written"
                    raise BuildError(died) from None
                failures = [message for _, message in results if message]
                if failures:
                    raise BuildError("\n".join(failures))
                return sum(count for count, _ in results)

            yield wait
            finished = True
        finally:
            if not finished:  # each worker renders its whole share in one task: stop them
                processes = getattr(pool, "_processes", None) or {}
                for process in list(processes.values()):
                    process.terminate()  # Python 3.14 has pool.terminate_workers() for this
            pool.shutdown(wait=True, cancel_futures=True)


def _render_one_share(
    args: tuple[Shard, Path, Path, Config, str, Path, Path | None],
) -> tuple[int, str]:
    """In a worker: render one share; (pages rendered, "" or the BuildError's text)."""
    from .mkdocs_run import render_share

    shard, mkdocs_yml, docs_dir, config, epoch, folder, outbox = args
    # MkDocs' messages come back in the BuildError; without this Python would also print
    # them to stderr (its last-resort handler), once per worker.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        store = CacheStore(folder, outbox=outbox)
        return render_share(mkdocs_yml, docs_dir, config, epoch, store, shard.pick), ""
    except BuildError as exc:
        return 0, str(exc)
    except OSError as exc:
        return 0, f"{folder}: page render worker {shard.name} cannot use the cache ({exc})"
