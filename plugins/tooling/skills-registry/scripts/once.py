"""Once per session across plugins: the marker a hook creates before it speaks.

With `all-skills` and the tooling plugin both installed, Claude Code runs both plugins' hooks
on the same failing command, concurrently, each with its own `CLAUDE_PLUGIN_DATA`. So the
"already given in this session" record lives in one per-user folder both find (the user's
cache folder, not a plugin's data folder), and giving is one atomic step: creating
`<session>/<what>` with `O_CREAT | O_EXCL`. Of two hooks racing, exactly one creates the
marker and speaks; the other finds it and stays silent. The folders are the user's only
(0700), markers are empty files (0600) named by a hash, and session folders untouched for
`KEEP_DAYS` are removed when a new session starts (only folders this module made: named by
`_session_name`, holding only markers).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

KEEP_DAYS = 30
_MARKER_CHARS = frozenset("0123456789abcdef")


def folder() -> Path:
    """The per-user folder both plugins' hooks find: `$XDG_CACHE_HOME` or `~/.cache`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "skills-registry-client" / "given"


def _session_name(session: str) -> str:
    safe = "".join(c for c in session if c.isalnum() or c in "-_")[:80]
    return safe or "unknown"


def claim(session: str, what: str) -> bool:
    """True for the one caller that first gives `what` in `session`; False for every later
    (or concurrent) one. Raises OSError when the folder cannot be made: the caller decides."""
    root = folder()
    sessions = root.parent
    sessions.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    place = root / _session_name(session)
    try:
        place.mkdir(mode=0o700)
    except FileExistsError:
        pass
    else:
        _prune(root, keep=place)
    name = hashlib.sha256(what.encode("utf-8")).hexdigest()[:32]
    try:
        fd = os.open(str(place / name), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def _prune(root: Path, keep: Path) -> None:
    """Session folders older than `KEEP_DAYS`, holding only markers, are removed."""
    limit = time.time() - KEEP_DAYS * 86400
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.path == str(keep) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= limit:
                continue
            markers = list(os.scandir(entry.path))
            if all(m.is_file(follow_symlinks=False) and set(m.name) <= _MARKER_CHARS
                   for m in markers):  # fmt: skip
                for marker in markers:
                    os.unlink(marker.path)
                os.rmdir(entry.path)
        except OSError:
            continue  # another hook pruned it first, or it is not ours to remove
