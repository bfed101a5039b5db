"""`site-gen serve`: rebuild on every change under plugins/, docs/, overrides/; live reload.

Uses MkDocs' own live-reload server on a temporary folder. Unchanged plugins' pages come
from a cache keyed by their content hash, and only changed Markdown files are rewritten.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
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

    def rebuild() -> None:
        try:
            build_site(root, site / "site", cache=cache, echo=echo, cache_dir=root / DEFAULT_CACHE)
        except BuildError as exc:
            # Keep serving the last good site; the problems are on the console.
            echo(str(exc))

    rebuild()
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
