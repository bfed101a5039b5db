"""Pages and folders of `serve`'s site that a removed plugin leaves, removed after a rebuild.

MkDocs' dirty build writes the pages that changed and deletes nothing, and the emitters
delete their own files but not the folders those were in: after a plugin was removed during
`serve`, its skill page (and its category's, when it was the category's last plugin) stayed
in the served site, reachable by an old URL though nothing linked to it any more, and so did
empty folders. The site is `serve`'s own temporary folder; a page is removed only when its
Markdown is gone and no Markdown page now has its destination.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def page_destinations(docs_dir: Path, use_directory_urls: bool) -> frozenset[str]:
    """Where MkDocs writes each Markdown page of `docs_dir`, relative to the site."""
    from mkdocs.structure.files import File

    found = set()
    for parent, _, names in os.walk(docs_dir):
        for name in names:
            if name.endswith(".md"):
                src = Path(parent, name).relative_to(docs_dir).as_posix()
                found.add(File(src, str(docs_dir), "", use_directory_urls).dest_uri)
    return frozenset(found)


def remove_pages(site: Path, before: frozenset[str], now: frozenset[str]) -> None:
    """Delete the pages in `before` and not in `now`, then their folders left empty."""
    for rel in sorted(before - now):
        with contextlib.suppress(OSError):
            (site / rel).unlink()
        remove_empty_folders(site, (site / rel).parent)


def remove_empty_folders(site: Path, folder: Path) -> None:
    """`folder` and its parents up to (not including) `site`, while each is empty."""
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()  # only an empty folder: anything else raises
        except OSError:
            return
        folder = folder.parent
