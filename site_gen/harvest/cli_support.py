"""What `site-gen harvest` adds to the standard-library harvest: the registry's cached error
index, so each failure is marked new or known, and progress per phase (index, read, match)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from ..config import load_config
from ..progress import Progress
from ..search.cache import cached_index
from .__main__ import locate, render_report
from .harvest import read_harvest, read_summary
from .transcript import Session, TranscriptNotFound, transcript_files


def harvest_report(
    root: Path,
    transcript: Path | None,
    session: str | None,
    cwd: str | None,
    fmt: str,
    draft: Path | None = None,
    progress: Progress | None = None,
) -> str:
    progress = progress or Progress(quiet=True)
    try:
        path = locate(str(transcript) if transcript else None, session, cwd)
    except TranscriptNotFound as exc:
        raise click.ClickException(str(exc)) from None
    start = time.perf_counter()
    index: dict[str, Any] | None = None
    site = ""
    if (root / "plugins").is_dir():
        with progress.phase("index"):
            index, _ = cached_index(root)
            site = load_config(root).site
    try:
        kilobytes = sum(p.stat().st_size for p in transcript_files(path)) >> 10
        with progress.phase("read", total=kilobytes, unit="KB") as step:

            def advance(read: Session) -> None:
                if read.bytes_read >> 10 > step.done:
                    step.advance((read.bytes_read >> 10) - step.done)

            harvest = read_harvest(path, advance)
        with progress.phase("match", total=len(harvest.failures), unit="failures") as step:
            data = harvest.result(index, site)
            step.advance(len(harvest.failures))
        text = render_report(data, fmt, draft)
    except OSError as exc:
        raise click.ClickException(str(exc)) from None
    progress.note(read_summary(harvest, time.perf_counter() - start))
    return text
