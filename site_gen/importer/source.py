"""SOURCE -> a local folder to read: a folder as it is, or a git repository cloned read-only.

git is run as a program (not a library): it is what every team already has, it understands
every URL form (`https://`, `git@`, `file://`, a local path) and its credentials helpers.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

_URL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://|[\w.\-]+@[\w.\-]+:)", re.I)
GIT_TIMEOUT = 600
"""Seconds a clone may take: a large collection over a slow link, but never forever."""


class SourceError(Exception):
    """SOURCE cannot be read; the message says why, for the person who typed it."""


@contextlib.contextmanager
def open_source(source: str) -> Iterator[Path]:
    """The folder to import from. A git URL (or a path ending in `.git`) is cloned into a
    temporary folder that is removed afterwards; a folder is read in place, never written."""
    path = Path(source).expanduser()
    if not _URL.match(source) and path.is_dir() and not _is_bare_repo(path):
        yield path.resolve()
        return
    if not _URL.match(source) and not path.exists():
        raise SourceError(f"{source}: no such folder, and not a git URL")
    with tempfile.TemporaryDirectory(prefix="site-gen-import-") as tmp:
        clone = Path(tmp) / "source"
        command = ["git", "clone", "--quiet", "--depth", "1", "--", source, str(clone)]
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=GIT_TIMEOUT, env=env
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SourceError(f"{source}: git clone failed: {exc}") from None
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise SourceError(f"{source}: git clone failed: {reason}")
        yield clone


def _is_bare_repo(path: Path) -> bool:
    return (
        (path / "HEAD").is_file() and (path / "objects").is_dir() and not (path / ".git").exists()
    )


@functools.lru_cache(maxsize=8)
def git_authors(folder: Path) -> dict[str, str]:
    """Folder-relative path -> who last committed it, from one `git log` over the history
    (one process, not one per skill: a collection has thousands). {} outside git."""
    try:
        done = subprocess.run(
            [
                "git",
                "log",
                "--relative",
                "--name-only",
                "--no-renames",
                "--format=%x00%an",
                "--",
                ".",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIT_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    authors: dict[str, str] = {}
    author = ""
    for line in done.stdout.splitlines() if done.returncode == 0 else ():
        if line.startswith("\0"):
            author = line[1:].strip()
        elif line:
            authors.setdefault(line, author)  # newest commit first: keep the first seen
    return authors
