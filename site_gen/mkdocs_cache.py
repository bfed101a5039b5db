"""Rendered pages from the build cache: Python-Markdown runs only for pages that changed.

MkDocs renders a page in `Page.render`: Markdown -> HTML, the table of contents, the title
found in the first heading, the anchor ids on the page, the links to other pages' anchors.
`RenderCachePlugin` makes each page's `render` look in the cache first. The key is the page's
final Markdown (after every plugin's `on_page_markdown`), its source and URL, and a
fingerprint of everything else that shapes its HTML (`config_fingerprint`). A page's links
to other pages are rewritten during render from the set of files: each entry records the
pages it looked up (and what it found), and a hit whose lookups now answer differently (a
link target removed, moved or excluded) is a miss, so MkDocs renders the page again and
`--strict` warns as it would without a cache. A render that logs anything (a broken link,
an absolute link) is not stored: its message appears on every build.

Everything after render (the sanitizer's `on_page_content`, templates, anchor validation)
runs as before on the cached result.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from collections.abc import Iterator
from importlib import metadata
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from .cache_store import CacheStore, digest
from .code_version import code_version
from .html_sanitize import sanitize_html

PLUGIN_NAME = "site-gen-render-cache"
LOOKUPS = "site_gen_lookups"
"""Attribute `cached_render` puts on a page: the files its render looked up (path ->
`lookup_state`), or None when the render logged anything (`page_reuse` stores no such page)."""
FORMAT = 1
"""Entry format; part of every key."""
PACKAGES = (
    "site-gen",
    "mkdocs",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mkdocs-material",
    "nh3",
)
"""Installed versions that can change a page's HTML: any upgrade renders everything again."""


def config_fingerprint(mkdocs_config: Any, config_file_bytes: bytes) -> str:
    """What shapes every page's HTML besides its own Markdown: mkdocs.yml itself, the
    Markdown extensions and their settings as loaded, link validation, the URL style, the
    theme and the installed versions."""
    versions = {name: _version(name) for name in PACKAGES}
    shape = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "versions": versions,
        "extensions": [stable(e) for e in mkdocs_config["markdown_extensions"]],
        "extension_configs": stable(mkdocs_config["mdx_configs"]),
        "validation": stable(dict(mkdocs_config["validation"])),
        "use_directory_urls": mkdocs_config["use_directory_urls"],
        "theme": mkdocs_config["theme"].name,
    }
    return digest(json.dumps(shape, sort_keys=True), config_file_bytes)


@functools.cache
def code_fingerprint() -> str:
    """The source of the site-gen code MkDocs runs (this module, the sanitizer plugin, page
    reuse and what they import: `code_version`): while site-gen is developed its version
    number stays the same, and an edit to the sanitizer must not meet pages cached before
    it. What `mkdocs_run` puts into MkDocs' config is in `config_fingerprint` by value."""
    return code_version(__name__, "site_gen.mkdocs_plugin", "site_gen.page_reuse")


def cached_sanitize(store: CacheStore, html: str) -> str:
    """`sanitize_html(html)`, from the cache when this exact HTML was sanitized before."""
    key = digest("sanitized", code_fingerprint(), _version("nh3"), html)
    data = store.get(key, count=False)
    if data is not None:
        try:
            clean = json.loads(data)["sanitized"]
            if isinstance(clean, str):
                return clean
        except (ValueError, KeyError, TypeError):
            pass
        store.discard(key, count=False)
    clean = sanitize_html(html)
    store.put(key, json.dumps({"sanitized": clean}).encode("utf-8"), count=False)
    return clean


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def stable(value: object) -> object:
    """A JSON value the same in every process: functions by name, not by address."""
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return f"{type(value).__module__}.{type(value).__qualname__}"


def page_key(fingerprint: str, page: Page) -> str:
    file = page.file
    excluded = "1" if file.inclusion.is_excluded() else "0"
    return digest(fingerprint, file.src_uri, file.url, excluded, page.markdown or "")


class _RecordingFiles:
    """The page's view of the site's files during render: every lookup is remembered."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, list[object] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = lookup_state(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


def lookup_state(file: File | None) -> list[object] | None:
    return None if file is None else [file.url, file.inclusion.is_excluded()]


class RenderCachePlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    """Gives every page a `render` that goes through the cache (see module docstring)."""

    def __init__(self, store: CacheStore, fingerprint: str) -> None:
        super().__init__()
        self.store = store
        self.fingerprint = fingerprint

    @event_priority(100)
    def on_pre_page(self, page: Page, **kwargs: Any) -> Page:
        def render(config: Any, files: Files) -> None:
            cached_render(self.store, self.fingerprint, page, config, files)

        page.render = render  # type: ignore[method-assign]
        return page


def cached_render(
    store: CacheStore, fingerprint: str, page: Page, config: Any, files: Files
) -> None:
    """`page.render(config, files)`, or its stored result when nothing it depends on changed."""
    key = page_key(fingerprint, page)
    data = store.get(key)
    if data is not None:
        lookups = _restore(page, data, files)
        if lookups is not None:
            setattr(page, LOOKUPS, lookups)
            return
        store.discard(key)
    recording = _RecordingFiles(files)
    with _logged() as messages:
        Page.render(page, config, recording)  # type: ignore[arg-type]
    setattr(page, LOOKUPS, None if messages else recording.lookups)
    if not messages:
        store.put(key, _encode(page, recording.lookups))


def _encode(page: Page, lookups: dict[str, list[object] | None]) -> bytes:
    links = page.links_to_anchors
    entry = {
        "content": page.content,
        "toc": [_toc_token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None
        if links is None
        else {f.src_uri: dict(sorted(v.items())) for f, v in links.items()},
        "lookups": lookups,
    }
    return json.dumps(entry, sort_keys=True).encode("utf-8")


def _toc_token(item: AnchorLink) -> dict[str, object]:
    children = [_toc_token(child) for child in item.children]
    return {"level": item.level, "id": item.id, "name": item.title, "children": children}


def _restore(page: Page, data: bytes, files: Files) -> dict[str, list[object] | None] | None:
    """Put a stored render on `page` and return its lookups; None (a miss) when the entry is
    unreadable or a page it links to changed."""
    try:
        entry = json.loads(data)
        lookups = entry["lookups"]
        if not isinstance(lookups, dict):
            return None
        for path, state in lookups.items():
            if lookup_state(files.get_file_from_path(path)) != state:
                return None
        links = None
        if entry["links_to_anchors"] is not None:
            links = {}
            for src_uri, anchors in entry["links_to_anchors"].items():
                target = files.get_file_from_path(src_uri)
                if target is None or not all(isinstance(v, str) for v in anchors.values()):
                    return None
                links[target] = dict(anchors)
        content, title, anchors = entry["content"], entry["title"], entry["anchors"]
        if not isinstance(content, str) or not (title is None or isinstance(title, str)):
            return None
        toc = get_toc(entry["toc"])
        present = {str(a) for a in anchors}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids = present
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links
    return lookups


@contextlib.contextmanager
def _logged() -> Iterator[list[logging.LogRecord]]:
    """Records of INFO or above logged while rendering (MkDocs' and Python-Markdown's)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.INFO)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
