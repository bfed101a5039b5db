"""Relative links: out of the repo is an error; to nothing, or out of the plugin, a warning."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterable, Mapping

from .. import problems as P
from ..markdown import Document, parse_document
from ..model import Registry

RelativeLinks = tuple[tuple[int, str, str], ...]
"""(line, target as written, target without #fragment or ?query) of each relative link."""


def relative_links(document: Document) -> RelativeLinks:
    """(line, target as written, target without #fragment or ?query) of every relative link.

    Links shown as code (code blocks, `spans`) are examples, not links: the document's
    links are the ones the page makes.
    """
    found = []
    for link in document.links:
        target = link.target
        # Entity-encoded schemes (`java&#x73;cript:`) are links, not files: the page drops them.
        if re.match(r"^[a-z][a-z0-9+.\-]*:|^#|^/", html.unescape(target), re.I):
            continue
        clean = target.split("#")[0].split("?")[0]
        if clean:
            found.append((link.line, target, clean))
    return tuple(found)


@functools.lru_cache(maxsize=1 << 12)
def _parse_other(text: str) -> Document:
    """A Markdown file the model does not hold (a plugin's README): memoized for `serve`."""
    return parse_document(text)


def _links(
    texts: dict[str, str], registry: Registry, known: Mapping[str, RelativeLinks]
) -> dict[str, RelativeLinks]:
    """Every Markdown file's relative links: as `known` (the plugin cache) has them, else
    from the model's parse where it has one, else from a parse here."""
    held: dict[str, Document] = {}
    for plugin in registry:
        for skill in plugin.skills:
            if skill.document is not None:
                held[skill.path] = skill.document
        for ref in (*plugin.references, *plugin.documents):
            if ref.document is not None:
                held[ref.path] = ref.document
    found = {}
    for path, text in texts.items():
        if path.endswith(".md"):
            document = held.get(path)
            if path in known:
                found[path] = known[path]
            elif document is not None:
                found[path] = relative_links(document)
            else:
                found[path] = relative_links(_parse_other(text))
    return found


def link_problems(
    texts: dict[str, str],
    files: frozenset[str],
    registry: Registry,
    known: Mapping[str, RelativeLinks] | None = None,
) -> Iterable[P.Problem]:
    """Links out of the repo, to nothing, or out of the plugin. `known`: relative links
    already read (`plugin_cache`), by path."""
    folders = {f.rsplit("/", 1)[0] for f in files}
    parents = {posixpath.dirname(d) for d in folders} | folders
    for path, links in sorted(_links(texts, registry, known or {}).items()):
        plugin_root = "/".join(path.split("/")[:3])
        for number, target, clean in links:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), clean))
            if resolved.startswith("..") or resolved == ".":
                yield P.error(
                    path,
                    number,
                    "E401",
                    f"link '{target}' leads out of the repo",
                    "link to a file inside the plugin, or use a full https:// URL",
                )
            elif resolved not in files and resolved not in parents:
                # Harms neither Claude Code nor the build: the page shows it as broken.
                yield P.warning(
                    path,
                    number,
                    "W402",
                    f"link '{target}' points at a file that does not exist",
                    f"no file at {resolved}: add the file or fix the link "
                    "(the page shows it as a broken link)",
                )
            elif not resolved.startswith(plugin_root + "/"):
                yield P.warning(
                    path,
                    number,
                    "W403",
                    f"link '{target}' leaves the plugin folder",
                    "an installed plugin only has its own folder: link inside it",
                )
