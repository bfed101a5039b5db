"""The page render past one machine: `site-gen build --shard I/N` and `site-gen merge`.

Python-Markdown is most of a cold build, and each page renders on its own, so the shards
split exactly that: each shard checks the registry, writes every page's Markdown (the
links between pages are checked against the whole set) and renders its share
(`Shard.pick`) into the build cache, with a copy of each new entry in its outbox
(`CACHE/shards/I-of-N/`, what a CI job uploads). `merge` moves every shard's outbox into
the cache and runs the ordinary build, which then finds every page rendered: the merged
site is the one-process build by construction (same code path, same bytes), and a page
no shard rendered (a shard that failed, or a registry edited in between) is rendered
there rather than lost.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .build import BuildError, BuildResult, build_site, check_and_render, open_store
from .mkdocs_run import render_share, source_date_epoch
from .parallel_render import PageWorkers, workers_for
from .progress import Progress
from .shard_plan import Shard
from .site_dir import check_out_dir

OUTBOXES = "shards"
DONE = "DONE"


def build_shard(
    root: Path,
    shard: Shard,
    cache_dir: Path,
    *,
    skip_invalid: bool = False,
    mkdocs_yml: Path | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> int:
    """Render this shard's pages into the cache and its outbox; the number rendered, in
    `jobs` processes when there are enough (`parallel_render.workers_for`).

    Shards of one registry may run at once on one machine: each writes its Markdown into
    its own temporary folder and only adds whole entries to the cache."""
    root = root.resolve()
    mkdocs_yml = (mkdocs_yml or root / "mkdocs.yml").resolve()
    if not mkdocs_yml.is_file():
        raise BuildError(f"{mkdocs_yml}: no mkdocs.yml (pass --config or run from the repo root)")
    progress = progress or Progress(print)
    outbox = cache_dir.resolve() / OUTBOXES / shard.name
    shutil.rmtree(outbox, ignore_errors=True)  # an earlier run of this shard: ours
    store = open_store(cache_dir, outbox=outbox)
    assert store is not None
    (root / "build").mkdir(parents=True, exist_ok=True)
    docs_dir = Path(tempfile.mkdtemp(prefix=f"shard-{shard.name}-", dir=root / "build"))
    try:
        docs = check_and_render(root, skip_invalid, mkdocs_yml, docs_dir, progress, store=store)
        epoch = source_date_epoch(docs.registry)
        workers = workers_for(jobs, docs.fresh // shard.count)
        with progress.phase("mkdocs", unit="pages") as step:
            if workers:
                shares = shard.split(workers)
                render = PageWorkers(shares, mkdocs_yml, docs_dir, docs.config, epoch)
                with render.rendering(store) as wait:
                    rendered = wait()
                step.advance(rendered)
            else:
                pick = shard.pick
                args = (mkdocs_yml, docs_dir, docs.config, epoch, store, pick, step.advance)
                rendered = render_share(*args)
    finally:
        shutil.rmtree(docs_dir, ignore_errors=True)
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / DONE).write_text(f"{rendered}\n")
    progress.note(
        f"shard {shard.index}/{shard.count}: {rendered} pages "
        f"({store.hits} already in the cache, {store.written} rendered) into {outbox}"
    )
    return rendered


def merge_site(
    root: Path,
    cache_dir: Path,
    shards: int,
    out: Path | None = None,
    *,
    skip_invalid: bool = False,
    mkdocs_yml: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Move the `shards` outboxes into the cache, then build the site with it.

    BuildError, before anything is moved or written, when a shard's outbox is missing or
    unfinished."""
    root = root.resolve()
    check_out_dir(root, (out or root / "site").resolve())
    boxes = cache_dir.resolve() / OUTBOXES
    names = [Shard(i, shards).name for i in range(1, shards + 1)]
    missing = [name for name in names if not (boxes / name / DONE).is_file()]
    if missing:
        raise BuildError(
            f"{boxes}: no finished shard {', '.join(missing)}; run `site-gen build --shard I/N` "
            f"for each (in CI: download every shard's artifact into {boxes}); nothing was written"
        )
    store = open_store(cache_dir)
    assert store is not None
    adopted = sum(store.adopt(boxes / name) for name in names)
    for name in names:
        shutil.rmtree(boxes / name, ignore_errors=True)  # emptied: ours
    progress = progress or Progress(print)
    progress.note(f"merged {shards} shards: {adopted} new pages into {cache_dir}")
    return build_site(
        root,
        out,
        skip_invalid=skip_invalid,
        mkdocs_yml=mkdocs_yml,
        progress=progress,
        cache_dir=cache_dir,
    )
