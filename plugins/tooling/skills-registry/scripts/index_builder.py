#!/usr/bin/env python3
"""The one background builder of the client's cache, whatever the source: the index fetched
from the site (`site_source.py`) or built from the registry's files (`local_index.py`).

    python3 index_builder.py warm            # SessionStart hook: start a build if one is due
    python3 index_builder.py build [ROOT]    # build now (what the background process runs)

A hook has 10 s and runs on every failing command; building takes longer (a fetched index:
~8 s of parsing and writing at 2,000 skills, ~40 s at 10,000; the registry's own files: ~20 s
of CPU at 1,000 skills). So a hook never builds: it starts a detached builder (`nice`d, its
output in `index/build.log`) and answers from the last cache of the same source, or stays
silent when there is none, until the new one is there. One builder at a time: each holds an
exclusive lock on `index/build.lock`; the cache is renamed into place only when complete, so
a builder killed or crashing leaves the old one. A build that failed (offline, or a bug) is
not started again by hooks for the source's `retry_seconds`. `advise` and `lookup` run by hand
build in the foreground instead (`build_now`), with a one-line note.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # run as `python3 -I index_builder.py`: its folder is not on sys.path
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
from index_store import Store, data_dir  # noqa: E402

BACKGROUND_TIMEOUT = 60.0
"""Seconds a background builder waits on the network, per request."""


def _folder() -> Path:
    return data_dir() / "index"


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


def start_builder(source: Any) -> None:
    """A detached `index_builder.py build` (nothing when one runs, or failed recently)."""
    folder = _folder()
    with _locked(folder / "build.lock", wait=False) as free:
        if not free:
            return  # a builder is at work
    failed = _read_json(folder / "build-failed.json")
    recent = time.time() - float(failed.get("time") or 0) < source.retry_seconds
    if recent and failed.get("key") == source.key and failed.get("version") == source.version():
        return  # offline, or a bug (the log says which): tried again later
    import subprocess

    detach: dict[str, Any] = (
        {"start_new_session": True}
        if os.name == "posix"
        else {"creationflags": 0x00000008 | 0x00000200}  # DETACHED_PROCESS, NEW_PROCESS_GROUP
    )
    with open(folder / "build.log", "wb") as log:  # the last build's output, for a bug report
        subprocess.Popen(
            [sys.executable, "-I", str(HERE / "index_builder.py"), "build", *source.builder_args()],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd=str(folder),
            **detach,
        )


def build_now(source: Any, timeout: float) -> Store | None:
    """Build in the foreground (a command run by hand), waiting for a builder at work; the
    cache of this source afterwards (the last one when offline), or None."""
    build(source, wait=True, timeout=timeout, note=_note)
    store = index_store.open_cache(_folder())
    return store if store is not None and store.meta("key") == source.key else None


def build(source: Any, wait: bool, timeout: float = BACKGROUND_TIMEOUT, note: Any = None) -> bool:
    """Build the cache of `source` unless it is current; False when another builder holds the
    lock and not `wait`, or when the build failed. `note` (a command run by hand) gets a line
    about what takes time."""
    lock = _folder() / "build.lock"
    with _locked(lock, wait=False) as free:
        if free:
            return _build_locked(source, timeout, note)
    if not wait:
        return False
    if note:
        note("waiting for the index being built in the background ...")
    with _locked(lock, wait=True):
        return _build_locked(source, timeout, note)


def _build_locked(source: Any, timeout: float, note: Any) -> bool:
    folder = _folder()
    store = index_store.open_cache(folder)
    if source.is_current(store):
        return True  # built by the builder that held the lock before
    for left in folder.glob("*.tmp"):  # what a builder killed mid-write left (we hold the lock)
        with contextlib.suppress(OSError):
            left.unlink()
    started = time.monotonic()
    version = source.version()
    try:
        status = source.build(folder, store, timeout, note)
    except OSError as exc:  # offline, or the site is down: the last cache stays
        _failed(source, version)
        if note and store is not None and store.meta("key") == source.key:
            note(f"cannot reach {source.label} ({exc}); answering from the cached index")
        elif note:
            note(f"cannot reach {source.label} ({exc})")
        return False
    except Exception as exc:  # a bug of ours, or a broken index: a line and the log
        import traceback

        _failed(source, version)
        with open(folder / "build.log", "a", encoding="utf-8") as log:
            traceback.print_exc(file=log)
        if note:
            note(f"the index could not be built ({type(exc).__name__}: {exc}); see {log.name}")
        return False
    finally:
        if store is not None:
            store.db.close()
    if status:  # {} when the source had not changed (304)
        status["seconds"] = round(time.monotonic() - started, 1)
        status.update(_usage())
        _write_json(folder / "build.json", status)
    with contextlib.suppress(OSError):
        (folder / "build-failed.json").unlink()
    return True


def _usage() -> dict[str, float]:
    """CPU seconds and peak memory of this process so far (for a bug report, and benchmarks)."""
    try:
        import resource
    except ImportError:  # Windows
        return {}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # B or KiB
    return {"cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1), "max_rss_mb": round(rss_mb)}


def _failed(source: Any, version: str) -> None:
    _write_json(
        _folder() / "build-failed.json",
        {"key": source.key, "version": version, "time": time.time()},
    )


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


def _source(args: list[str]) -> Any:
    """The source named on the command line (`site URL`, `file PATH`, `local ROOT` or a
    registry folder), else the one the environment gives."""
    if args[:1] == ["site"] and len(args) > 1:
        from site_source import SiteSource

        return SiteSource(args[1])
    if args[:1] == ["file"] and len(args) > 1:
        from site_source import FileSource

        return FileSource(args[1])
    if args:
        from local_index import LocalSource

        return LocalSource(Path(args[-1]).resolve())
    return index_store.current_source()


def main(argv: list[str]) -> int:
    """`warm` (SessionStart: silent whatever happens) and `build [SOURCE]`."""
    command = argv[0] if argv else ""
    if command == "warm":
        with contextlib.suppress(Exception):  # a hook: never fail the session, never print
            source = index_store.current_source()
            if source is not None and not source.is_current(index_store.open_cache(_folder())):
                start_builder(source)
        return 0
    if command == "build":
        source = _source(argv[1:])
        if source is None:
            print("no index source: pass a registry folder", file=sys.stderr)
            return 2
        if hasattr(os, "nice"):
            os.nice(10)  # behind the session the user is working in
        return 0 if build(source, wait=False) else 1
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
