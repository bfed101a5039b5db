#!/usr/bin/env python3
"""Inside an installed `all-skills`: the index built from the registry's own files.

Claude Code installs `all-skills` as the whole registry (its plugin root is the registry), so
the client needs no site: it loads the skills with a copy of site-gen's own loader and index
builder (`registry_build/`, written by `site-gen marketplace`; see site_gen's
`search/vendor_build.py`), leaves out plugins with errors as `site-gen build --skip-invalid`
does, and caches the result in the SQLite file a fetched index goes to (`index_store.py`).

    python3 local_index.py warm             # SessionStart hook: start a build if one is due
    python3 local_index.py build [ROOT]     # build now (what the background process runs)

Building takes a while (about 20 s of CPU at 1,000 skills) and a hook has 10 s on every
failing command, so a hook never builds: it starts a detached builder and answers from the
last registry version's cache, or stays silent when there is none, until the new one is
there. One builder at a time: each holds an exclusive lock on `index/build.lock`; the cache
is renamed into place only when complete, so a builder that crashes leaves the old one.
`advise` and `lookup` run by hand build in the foreground instead, with a one-line note.

The registry version (when to build again) is a hash of the registry's folder, the size and
time of its `.claude-plugin/marketplace.json` (rewritten whenever a plugin is added, removed
or bumped) and, when the folder is a git checkout, the commit at HEAD: cheap on every hook
(one `stat`, and one `git rev-parse` in a checkout: ~4 ms), and enough.
Claude Code runs `all-skills` from the marketplace's own folder (a local folder as it is; a
GitHub marketplace is a clone it pulls on `marketplace update`: a new commit) or from a copy
in its plugin cache named by version or commit (a new folder on update). Uncommitted edits
in a checkout are not a new version (`site-gen advise` in the repo sees them). Walking the
files' sizes and times instead would cost about 230 ms a hook at 1,000 skills.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as `python3 -I local_index.py`: its folder is not on sys.path
    sys.path.insert(0, str(HERE))
    sys.pycache_prefix = os.path.join(
        os.environ.get("CLAUDE_PLUGIN_DATA")
        or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
            "skills-registry-client",
        ),
        "pycache",
    )

import index_store  # noqa: E402
from index_store import Store, data_dir, registry_root  # noqa: E402

BUILD_DIR = HERE / "registry_build"
"""site-gen's loader and index builder with the libraries they need (see the docstring)."""
RETRY_SECONDS = index_store.RECHECK_SECONDS
"""A build that failed is not started again in the background for the same registry
version before this (a foreground `advise` or `lookup` always tries)."""


def _market(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / ".claude-plugin" / "marketplace.json").read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@functools.cache
def registry_version(root: Path) -> str:
    """What the index depends on, cheaply (see the docstring)."""
    try:
        stat = (root / ".claude-plugin" / "marketplace.json").stat()
        market = f"{stat.st_size}-{stat.st_mtime_ns}"
    except OSError:
        market = ""
    head = ""
    if (root / ".git").exists():
        import subprocess  # here: ~8 ms of imports that a hook outside a checkout skips

        with contextlib.suppress(OSError, subprocess.SubprocessError):
            head = subprocess.run(
                ["git", "-C", str(root), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
    return hashlib.sha256(f"{root}\0{head}\0{market}".encode()).hexdigest()[:16]


def cache_key(root: Path) -> str:
    """Which registry the cache holds: its folder (the version says which state of it)."""
    return index_store.source_key(f"local:{root}")


def site_of(root: Path) -> str:
    """The site the registry publishes to, for the index's absolute URLs: the homepage of its
    `all-skills` entry (`site-gen marketplace` writes `[tool.site-gen] site_url` there), or ""."""
    plugins = _market(root).get("plugins")
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and entry.get("name") == "all-skills":
            homepage = entry.get("homepage")
            if isinstance(homepage, str) and homepage.startswith(("https://", "http://")):
                return homepage.rstrip("/") + "/"
    return ""


def is_current(store: Store | None, root: Path) -> bool:
    return (
        store is not None
        and store.meta("key") == cache_key(root)
        and store.meta("etag") == registry_version(root)
    )


def open_local(root: Path, wait: bool) -> Store | None:
    """The registry's index: built here when `wait` (a command run by hand), otherwise built
    in a background process while the last version's cache, if any, answers."""
    folder = data_dir() / "index"
    store = index_store.open_cache(folder)
    if is_current(store, root):
        return store
    if wait:
        if not build(root, wait=True, note=_note):
            return None
        return index_store.open_cache(folder)
    start_builder(root)
    same_registry = store is not None and store.meta("key") == cache_key(root)
    return store if same_registry else None


def _note(text: str) -> None:
    print(f"skills-registry: {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _locked(path: Path, wait: bool) -> Iterator[bool]:
    """An exclusive lock on `path` (True), or False when another process holds it and not
    `wait`. The system releases it when the process ends, however it ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if not wait:
                        yield False
                        return
                    time.sleep(0.5)
        else:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
        yield True


def start_builder(root: Path) -> None:
    """A detached `local_index.py build` (nothing when one runs, or failed on this version)."""
    folder = data_dir() / "index"
    with _locked(folder / "build.lock", wait=False) as free:
        if not free:
            return  # a builder is at work
    failed = _read_json(folder / "build-failed.json")
    recent = time.time() - float(failed.get("time") or 0) < RETRY_SECONDS
    if recent and failed.get("version") == registry_version(root):
        return  # a bug: the log says which; the next registry version tries again
    import subprocess

    detach: dict[str, Any] = (
        {"start_new_session": True}
        if os.name == "posix"
        else {"creationflags": 0x00000008 | 0x00000200}  # DETACHED_PROCESS, NEW_PROCESS_GROUP
    )
    with open(folder / "build.log", "wb") as log:  # the last build's output, for a bug report
        subprocess.Popen(
            [sys.executable, "-I", str(HERE / "local_index.py"), "build", str(root)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd=str(folder),
            **detach,
        )


def build(root: Path, wait: bool, note: Any = None) -> bool:
    """Build the index of the registry at `root` into the cache unless it is current; False
    when another builder holds the lock and not `wait`, or when the build failed. `note`
    (a command run by hand) gets a line about what takes time."""
    lock = data_dir() / "index" / "build.lock"
    with _locked(lock, wait=False) as free:
        if free:
            return _build_locked(root, note)
    if not wait:
        return False
    if note:
        note("waiting for the index being built in the background ...")
    with _locked(lock, wait=True):
        return _build_locked(root, note)


def _build_locked(root: Path, note: Any) -> bool:
    folder = data_dir() / "index"
    if is_current(index_store.open_cache(folder), root):
        return True  # built by the builder that held the lock before
    for left in folder.glob("*.tmp"):  # what a builder killed mid-write left (we hold the lock)
        with contextlib.suppress(OSError):
            left.unlink()
    started = time.monotonic()
    version = registry_version(root)
    if note:
        note(f"building the index of {root} (once per registry version) ...")
    try:
        result = _build_index(root)
        index = result.index
        index_store.write_cache(folder, index, iter([index]), cache_key(root), version)
    except Exception as exc:  # a bug of ours: a line and the log, never a traceback
        import traceback

        _write_json(folder / "build-failed.json", {"version": version, "time": time.time()})
        with open(folder / "build.log", "a", encoding="utf-8") as log:
            traceback.print_exc(file=log)
        if note:
            note(f"the index could not be built ({type(exc).__name__}: {exc}); see {log.name}")
        return False
    status = {
        "version": version,
        "root": str(root),
        "skills": result.skills,
        "left_out": result.left_out,
        "seconds": round(time.monotonic() - started, 1),
    }
    _write_json(folder / "build.json", status)
    with contextlib.suppress(OSError):
        (folder / "build-failed.json").unlink()
    if note and result.left_out:
        note(
            f"left out {len(result.left_out)} plugin(s) with errors (`site-gen check` says "
            f"why): {', '.join(result.left_out)}"
        )
    return True


def _build_index(root: Path) -> Any:
    """site-gen's own `registry_index`, from the copies in `registry_build/`."""
    if str(BUILD_DIR) not in sys.path:
        sys.path.insert(0, str(BUILD_DIR))
    from site_gen.config import Config
    from site_gen.search.registry_index import registry_index

    return registry_index(root, site_of(root) or Config().site)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
    tmp.replace(path)


def main(argv: list[str]) -> int:
    """`warm` (SessionStart: silent whatever happens) and `build [ROOT]`."""
    command = argv[0] if argv else ""
    if command == "warm":
        with contextlib.suppress(Exception):  # a hook: never fail the session, never print
            root = registry_root()
            if root is not None and not is_current(
                index_store.open_cache(data_dir() / "index"), root
            ):
                start_builder(root)
        return 0
    if command == "build":
        root = Path(argv[1]).resolve() if len(argv) > 1 else registry_root()
        if root is None:
            print("not inside a registry: pass its folder", file=sys.stderr)
            return 2
        if hasattr(os, "nice"):
            os.nice(10)  # behind the session the user is working in
        return 0 if build(root, wait=False) else 1
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
