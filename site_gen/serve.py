"""`site-gen serve`: rebuild on every change under plugins/, docs/, overrides/; live reload.

Uses MkDocs' own live-reload server on a temporary folder. Unchanged plugins' pages come
from a cache keyed by their content hash, and only changed Markdown files are rewritten.
After the first build, the files made from the whole registry (the error and client
indexes, llms.txt, the feed, the search index) are made in a background thread once the
pages are served (`Deferred`): the browser reloads on the edited page without waiting for
them, and the next rebuild waits for them (or drops them, if they have not started).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from .build import BuildCache, BuildError, Echo, build_site
from .cache_store import DEFAULT_CACHE

WATCHED = ("plugins", "docs", "overrides", "mkdocs.yml", "pyproject.toml")


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, echo: Echo = print) -> None:
    """Build, serve at http://host:port/ and rebuild whenever a watched path changes."""
    from mkdocs.livereload import LiveReloadServer

    root = root.resolve()
    site = Path(tempfile.mkdtemp(prefix="site-gen-serve-"))
    cache = BuildCache()
    deferred = Deferred(echo)

    def rebuild() -> None:
        with deferred.lock:
            deferred.job = None  # not started: this build's own replaces it
            try:
                build_site(
                    root, site / "site", cache=cache, echo=echo, cache_dir=root / DEFAULT_CACHE
                )
            except BuildError as exc:
                # Keep serving the last good site; the problems are on the console.
                echo(str(exc))
        deferred.start()

    rebuild()
    cache.defer = deferred.put
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    server = LiveReloadServer(
        builder=rebuild, host=host, port=port, root=str(site / "site"), mount_path="/"
    )
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    echo(f"serving on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)


class Deferred:
    """The one job a rebuild leaves for later (`BuildCache.defer`), run in a thread; `lock`
    keeps it and the rebuilds apart (they write the same site and read the same state)."""

    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.lock = threading.Lock()
        self.job: Callable[[], None] | None = None

    def put(self, job: Callable[[], None]) -> None:
        self.job = job

    def start(self) -> None:
        if self.job is not None:
            threading.Thread(target=self.run, name="site-gen-emit", daemon=True).start()

    def run(self) -> None:
        with self.lock:
            job, self.job = self.job, None
            if job is None:
                return
            try:
                job()
            except BuildError as exc:
                self.echo(str(exc))
