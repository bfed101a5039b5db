"""The CLI's error index, cached under `<root>/.cache/lookup/` by a hash of the registry's files.

Loading and parsing every plugin is the slow part at 1,000 skills; hashing the bytes under
`plugins/` is not, so the key is computed without the loader and a warm lookup skips it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..loader import load_registry
from . import error_index, tokenize

CACHE_DIR = Path(".cache") / "lookup"


def registry_fingerprint(root: Path) -> str:
    """SHA-256 over every file under `plugins/` (path and bytes) and the index format."""
    digest = hashlib.sha256(f"{error_index.FORMAT}.{tokenize.VERSION}\0".encode())
    plugins = root / "plugins"
    for dirpath, dirnames, filenames in os.walk(plugins):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath, filename)
            digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # unreadable: the loader reports it; the key still changes
                digest.update(b"\0unreadable")
    return digest.hexdigest()


def cached_index(root: Path) -> tuple[dict[str, Any], bool]:
    """The error index for `root` and whether it came from the cache (building it if not)."""
    key = registry_fingerprint(root)
    path = root / CACHE_DIR / f"{key}.json"
    if path.is_file():
        try:
            return json.loads(path.read_text("utf-8")), True
        except (OSError, ValueError):
            pass  # a torn or foreign file: rebuild below
    index = error_index.build_index(load_registry(root).registry)
    _write(path, json.dumps(index, separators=(",", ":"), sort_keys=True))
    return index, False


def _write(path: Path, text: str) -> None:
    """Replace the cache atomically and drop older keys; a read-only tree just skips caching."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("*.json"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, "utf-8")
        tmp.replace(path)
    except OSError:
        return
