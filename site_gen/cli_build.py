"""`site-gen build`, `merge` and `serve`: the commands that write a site (see `cli`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cache_store import DEFAULT_CACHE
from .cli_options import CACHE_OPTION, MKDOCS_YML_OPTION, NO_CACHE_OPTION, OUT_OPTION, ROOT_OPTION
from .config import load_config
from .shard_plan import Shard

if TYPE_CHECKING:
    from .progress import Progress


@click.command()
@ROOT_OPTION
@OUT_OPTION
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Build from the plugins without errors and list the ones left out.",
)
@MKDOCS_YML_OPTION
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@CACHE_OPTION
@NO_CACHE_OPTION
@click.option(
    "--shard",
    metavar="I/N",
    callback=lambda ctx, param, value: _shard(value),
    help="Only render share I of N of the pages into the cache, for `site-gen merge`.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that render the pages of a cold build (default: the usable CPUs; "
    "1: all in this process). The site is the same whatever the number.",
)
def build(
    root: Path,
    out: Path | None,
    skip_invalid: bool,
    mkdocs_yml: Path | None,
    quiet: bool,
    cache_dir: Path | None,
    no_cache: bool,
    shard: Shard | None,
    jobs: int | None,
) -> None:
    """Check the registry, render every page and run `mkdocs build --strict`.

    Any error stops the build before anything is written; the old site stays. On a terminal
    each phase shows a progress bar; elsewhere (CI) one line per phase with its time.
    Rendered pages are kept in the cache, so the next build renders only what changed.
    A cold build renders its pages in --jobs processes (one machine); --shard spreads them
    over machines.

    Example: site-gen build --out site --jobs 4
    """
    from .build import build_site
    from .parallel_render import usable_cpus
    from .shard import build_shard

    if shard is not None and (no_cache or out is not None):
        raise click.UsageError("--shard renders into the cache only: no --out, no --no-cache")
    cache_dir = None if no_cache else cache_dir or root / DEFAULT_CACHE
    if shard is not None and cache_dir is not None:
        _run_build(
            quiet,
            lambda progress: build_shard(
                root,
                shard,
                cache_dir,
                skip_invalid=skip_invalid,
                mkdocs_yml=mkdocs_yml,
                progress=progress,
                jobs=jobs or usable_cpus(),
            ),
        )
        return
    _run_build(
        quiet,
        lambda progress: build_site(
            root,
            out,
            skip_invalid=skip_invalid,
            mkdocs_yml=mkdocs_yml,
            progress=progress,
            cache_dir=cache_dir,
            jobs=jobs or usable_cpus(),
        ),
    )


@click.command()
@ROOT_OPTION
@OUT_OPTION
@MKDOCS_YML_OPTION
@CACHE_OPTION
@click.option(
    "--shards",
    type=click.IntRange(1, 64),
    default=None,
    help="How many shards to join (default: build_shards of [tool.site-gen]).",
)
@click.option("--skip-invalid", is_flag=True, help="As the shards were run with it.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
def merge(
    root: Path,
    out: Path | None,
    mkdocs_yml: Path | None,
    cache_dir: Path | None,
    shards: int | None,
    skip_invalid: bool,
    quiet: bool,
) -> None:
    """Join the shards' rendered pages and build the whole site (search and error indexes
    included) from them: what `site-gen build` makes, with the rendering already done.

    Example: site-gen merge --shards 2 --out site
    """
    from .shard import merge_site
    from .shard_plan import shard_count

    count = shards or shard_count(load_config(root))
    cache = cache_dir or root / DEFAULT_CACHE
    _run_build(
        quiet,
        lambda progress: merge_site(
            root,
            cache,
            count,
            out,
            skip_invalid=skip_invalid,
            mkdocs_yml=mkdocs_yml,
            progress=progress,
        ),
    )


def _shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return Shard.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


def _run_build(quiet: bool, run: Callable[[Progress], object]) -> None:
    """A build with progress display; its BuildError or Ctrl-C as one line and an exit code."""
    from .build import BuildError
    from .progress import make_progress

    progress = make_progress(click.echo, quiet)
    try:
        run(progress)
    except BuildError as exc:
        progress.close()
        click.echo(str(exc), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        progress.close()
        click.echo("interrupted: the previous site is untouched", err=True)
        sys.exit(130)
    progress.close()


@click.command()
@ROOT_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(root: Path, host: str, port: int) -> None:
    """Build, serve with live reload, rebuild on changes to plugins/, docs/, overrides/.

    Example: site-gen serve --port 8000
    """
    from .serve import serve as serve_site

    serve_site(root, host, port, echo=click.echo)
