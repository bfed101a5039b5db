"""Options several `site-gen` commands share."""

from __future__ import annotations

from pathlib import Path

import click

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Registry root (the folder holding plugins/).",
)

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the site goes (default: ROOT/site). Replaced only when the build succeeds.",
)
MKDOCS_YML_OPTION = click.option(
    "--config",
    "mkdocs_yml",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml to use (default: ROOT/mkdocs.yml); its docs/ and overrides/ come along.",
)
CACHE_OPTION = click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build cache: rendered pages and each plugin's share of the indexes, kept between "
    "builds (default: ROOT/.cache/site-gen).",
)
NO_CACHE_OPTION = click.option(
    "--no-cache", is_flag=True, help="Render every page and index again."
)
