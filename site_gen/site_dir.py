"""The site folder: only ever replace a folder that is ours, and one build at a time.

`site-gen build --out DIR` used to rename DIR away and delete it: `--out .` took the
registry and `.git` with it. A site folder now carries a marker file, and a folder is
replaced only if it is empty, missing, or has that marker; the registry root, its
ancestors and its source folders are refused outright. Builds and `serve` hold a lock
on the registry folder so two at once wait for each other instead of racing on `build/docs`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .site_prune import remove_empty_folders


class BuildError(Exception):
    """The build stopped; the message says why and the old site is untouched."""


MARKER = ".site-gen-site"
"""A file in every site folder we build: proof that `build` may replace the folder."""
MARKER_TEXT = "Built by site-gen. `site-gen build` replaces this folder; do not keep files here.\n"
SOURCE_FOLDERS = ("plugins", "docs", "overrides", "templates", "site_gen", "tests", ".git")


def check_out_dir(root: Path, out: Path) -> None:
    """BuildError unless `out` is a folder a build may replace (see module docstring)."""
    root, out = root.resolve(), out.resolve()
    pick = "; nothing was written: pick a new folder such as site/"
    if out == root or out in root.parents:
        raise BuildError(f"--out {out}: that is the registry or a folder holding it{pick}")
    for name in (*SOURCE_FOLDERS, "build"):
        source = root / name
        if out == source or source in out.parents:
            raise BuildError(f"--out {out}: that is (inside) the registry's {name}/ folder{pick}")
    if out.exists() and not out.is_dir():
        raise BuildError(f"--out {out}: a file is there{pick}")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(
            f"--out {out}: the folder is not empty and is not a site built by site-gen "
            f"(no {MARKER} in it){pick}, or move its files away first"
        )


@contextlib.contextmanager
def build_lock(root: Path, echo: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the registry's build lock; wait (saying so) while another build holds it.

    The lock is an flock on the registry folder itself: it creates no file, and the kernel
    releases it when a build dies.
    """
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if echo is not None:
                echo(f"waiting for another site-gen build of {root} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def new_staging(out: Path) -> Path:
    """An empty folder beside `out`, on the same filesystem, marked as a site of ours."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    (staging / MARKER).write_text(MARKER_TEXT)
    return staging


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> int:
    """Make `folder` hold exactly `files`; write only what changed (MkDocs and serve watch it)."""
    changed = 0
    for rel, text in files.items():
        path = folder / rel
        data = text.encode("utf-8") if isinstance(text, str) else text
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


def write_emitted(
    site: Path, files: dict[str, str | bytes], previous: set[str] | frozenset[str] = frozenset()
) -> set[str]:
    """Write the emitters' files; only files emitted `previous`ly may be overwritten, and
    they are replaced, never written into (`emit_writer`: a file may be a hard link)."""
    for rel, text in sorted(files.items()):
        path = site / rel
        if path.exists() and rel not in previous:
            raise BuildError(f"emitted file {rel} would overwrite a page MkDocs built")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            path.unlink(missing_ok=True)  # a new file: it may be a link another site shares
            path.write_bytes(data)
    for rel in sorted(set(previous) - set(files)):  # ours, no longer emitted (an old part)
        (site / rel).unlink(missing_ok=True)
        remove_empty_folders(site, (site / rel).parent)
    return set(files)


def swap(staging: Path, out: Path) -> None:
    """Put the finished site at `out`: two renames on one filesystem; the old copy is then
    deleted by a process of its own (`delete_later`), so the build does not wait for it."""
    sweep_replaced(out)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{_OLD_PREFIX.format(out.name)}", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old is not None:
        delete_later(old)


_OLD_PREFIX = ".{}.old."
"""Name of a replaced site folder beside `out`, until it is deleted."""


def delete_later(folder: Path) -> None:
    """Delete a replaced site folder of ours in a detached process: unlinking 80,000 files
    of a 10,000-skill site takes seconds that nothing waits on. The folder is out of the
    way already (renamed); should the process be killed first, the next build of the same
    `out` deletes what is left (`sweep_replaced`)."""
    command = [sys.executable, "-c", _DELETE, os.fspath(folder)]
    try:  # the shell starts the deletion in the background and returns: nothing to reap
        subprocess.run(
            ["sh", "-c", '"$@" </dev/null >/dev/null 2>&1 &', "sh", *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):  # no process to spare: delete it here
        shutil.rmtree(folder, ignore_errors=True)


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def sweep_replaced(out: Path) -> None:
    """Delete (`delete_later`) old copies of `out` left beside it by a build whose deletion
    was cut short: folders named as `swap` names them, with our marker inside."""
    if not out.parent.is_dir():
        return
    for folder in out.parent.glob(_OLD_PREFIX.format(out.name) + "*"):
        if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
            delete_later(folder)
