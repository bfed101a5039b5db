"""Site URLs (from `urls`) -> Markdown file paths in the generated docs folder, and links.

Pages link to each other by relative `.md` paths so `mkdocs build --strict` checks every
link; the URLs themselves still come from `site_gen.urls` only.
"""

from __future__ import annotations

import functools
import posixpath

HOME = ""


def doc_path(url: str) -> str:
    """`skills/x/` -> `skills/x.md`, `tags/#t` -> `tags.md`, `` -> `index.md`."""
    path = url.partition("#")[0]
    return "index.md" if not path else path.rstrip("/") + ".md"


@functools.cache  # the index pages ask for the same links thousands of times (relpath: getcwd)
def link(from_doc: str, url: str) -> str:
    """Relative link from the page `from_doc` to the page at site URL `url` (fragment kept)."""
    fragment = url.partition("#")[2]
    target = posixpath.relpath(doc_path(url), posixpath.dirname(from_doc) or ".")
    return target + (f"#{fragment}" if fragment else "")
