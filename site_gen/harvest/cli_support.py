"""What `site-gen harvest` adds to the standard-library harvest: the registry's cached error
index, so each failure is marked new or known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..config import load_config
from ..search.cache import cached_index
from .__main__ import locate, report
from .transcript import TranscriptNotFound


def harvest_report(
    root: Path,
    transcript: Path | None,
    session: str | None,
    cwd: str | None,
    fmt: str,
    draft: Path | None = None,
) -> str:
    try:
        path = locate(str(transcript) if transcript else None, session, cwd)
    except TranscriptNotFound as exc:
        raise click.ClickException(str(exc)) from None
    index: dict[str, Any] | None = None
    site = ""
    if (root / "plugins").is_dir():
        index, _ = cached_index(root)
        site = load_config(root).site
    try:
        return report(path, index, fmt, draft, site)
    except OSError as exc:
        raise click.ClickException(str(exc)) from None
