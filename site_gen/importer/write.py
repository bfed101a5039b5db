"""Write a plan into the registry without ever losing a file.

A new plugin is filled in a hidden sibling folder and renamed into place, so a failure
never leaves half a plugin; an update replaces each changed file through a temporary file
and `os.replace`. Nothing is deleted, and no write goes through a symlink.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .. import problems as P
from .plan import Content, Planned, read_content


def write_planned(root: Path, item: Planned) -> P.Problem | None:
    """Apply one planned new plugin or update; a problem instead when it cannot be done safely."""
    folder = root / item.target
    link = _symlink_on_the_way(root, folder, item.files)
    if link:
        return P.error(
            link,
            0,
            "E608",
            "a symlink is in the way in the registry: nothing written for this skill",
            "replace the link with a real folder or file, then import again",
        )
    try:
        if item.action == "new":
            _write_new(folder, item)
        elif item.action == "update":
            _write_update(folder, item)
    except OSError as exc:
        return P.error(item.target, 0, "E610", f"could not write: {exc}", "nothing was lost")
    return None


def _write_new(folder: Path, item: Planned) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():
        raise FileExistsError(f"{folder} appeared while importing; left as it is")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.import-", dir=folder.parent))
    try:
        for path, data in item.files.items():
            _write_file(staging / path, data, path in item.executable)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # only what this function created


def _write_update(folder: Path, item: Planned) -> None:
    for path, data in item.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(read_content(data))
            os.chmod(temp, 0o755 if path in item.executable else 0o644)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _write_file(path: Path, content: Content, executable: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        shutil.copyfile(content, path)  # bytes as they are, streamed
    else:
        path.write_bytes(content)
    os.chmod(path, 0o755 if executable else 0o644)


def _symlink_on_the_way(root: Path, folder: Path, files: dict[str, Content]) -> str:
    """The registry-relative path of a symlink that a write would go through, or ''."""
    paths = {folder.relative_to(root)}
    for name in files:
        rel = folder.relative_to(root) / name
        paths.update([rel, *rel.parents])
    for rel in sorted(paths):
        if str(rel) != "." and (root / rel).is_symlink():
            return rel.as_posix()
    return ""
