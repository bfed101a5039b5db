"""Finished pages from the build cache: MkDocs reads, renders and writes only the pages whose
HTML could differ from the last build's.

`mkdocs_cache` saves Python-Markdown's work per page, but MkDocs still reads every page,
looks both caches up, runs the theme's templates and writes the file: 26 s of a 10,000-skill
build where one skill changed. Here the whole page is kept: `PageReusePlugin` looks each
page up before MkDocs reads any, writes the stored HTML of a hit to its place in the new
site and tells MkDocs' dirty build that the page is unmodified, so MkDocs skips it (no
read, no render, no template) while still knowing it (its links resolve, it is in the
sitemap). A miss goes through MkDocs and the render cache as before, and its HTML is
stored for the next build.

A page's HTML is what the theme's `main.html` makes of the page and of the site:

- the page: its Markdown file (bytes, front matter included), its path and URL, and where
  its links lead (each entry records the files its render looked up, as the render cache
  does: a hit whose lookups now answer differently is a miss);
- the site: `mkdocs_cache.config_fingerprint` (mkdocs.yml, the Markdown extensions, the
  installed versions, site-gen's code), the config values the templates read (site and repo
  URLs, `extra`, the theme's settings), the theme's override templates, and the nav.

Only pages outside the nav are reused (skills, categories, authors: all but a handful):
a nav page shows its neighbours' titles, which come from their render. The nav itself goes
into every key, so it must be known before any page is read: reuse is off when a nav
page has no title in mkdocs.yml. It is also off with any MkDocs plugin or hook other than
site-gen's (one could make a page depend on others), and when anchor validation can warn
(a skipped page is not validated, so `--strict` would miss what a full build reports).
The build date is not in the key: the templates do not read it (the sitemap, which does,
is always written); should an override template read `build_date_utc` or `update_date`,
the date joins the key.

A page whose render or template logged anything is not stored, so its message appears on
every build, as without the cache.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .cache_store import CacheStore, digest
from .mkdocs_cache import LOOKUPS, lookup_state, stable

PLUGIN_NAME = "site-gen-page-reuse"
FORMAT = "page-html-1"
"""Entry format; part of every key and the first field of every entry."""
OUR_PLUGINS = frozenset(
    {
        "site-gen-sanitize",
        "site-gen-render-cache",
        "site-gen-shared-scripts",
        "site-gen-shared-chrome",
        PLUGIN_NAME,
    }
)
TEMPLATE_DATES = (b"build_date_utc", b"update_date")
"""Template variables that would put the build date into a page."""
CONFIG_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "repo_url",
    "repo_name",
    "edit_uri",
    "edit_uri_template",
    "copyright",
    "extra",
    "extra_css",
    "extra_javascript",
    "use_directory_urls",
)
"""MkDocs config values the templates read that are not all in mkdocs.yml's bytes (build
passes the site identity in from `[tool.site-gen]`)."""


class PageReusePlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    """Reuses stored pages (module docstring); run MkDocs with `build(config, dirty=True)`."""

    def __init__(
        self,
        store: CacheStore,
        fingerprint: str,
        date: str,
        on_page: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.fingerprint = fingerprint
        """`mkdocs_cache.config_fingerprint` of this build."""
        self.date = date
        """SOURCE_DATE_EPOCH of this build (in the key only if a template reads it)."""
        self.page_written = on_page
        self.keys: dict[str, str] = {}
        """Key of every page that may be stored, by source path."""
        self.reused = 0
        self._warnings = _Counter()
        self._clean: dict[str, int] = {}
        """Warnings counted when each page's read started (a page stored only if none came)."""

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: Any, files: Files) -> Navigation:
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in pages:
            file.is_modified = _always(True)  # type: ignore[method-assign]
        site = _site_key(config, nav, self.fingerprint, self.date)
        if site is None:
            return nav
        in_nav = {page.file.src_uri for page in nav.pages}
        for file in pages:
            if file.src_uri in in_nav or file.inclusion.is_excluded():
                continue  # a nav page (see module docstring), or a draft
            try:
                source = Path(file.abs_src_path or "").read_bytes()
            except OSError:
                continue  # MkDocs reports it when it reads the page
            key = digest(FORMAT, site, file.src_uri, file.dest_uri, file.url, source)
            self.keys[file.src_uri] = key
            html = self._hit(key, files)
            if html is None:
                continue
            dest = Path(file.abs_dest_path)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(html)
            file.is_modified = _always(False)  # type: ignore[method-assign]
            self.reused += 1
            self.store.hits += 1  # the build's "N reused" counts pages
            if self.page_written is not None:
                self.page_written()
        self._warnings.attach()
        return nav

    def _hit(self, key: str, files: Files) -> bytes | None:
        data = self.store.get(key, count=False)
        if data is None:
            return None
        header, _, html = data.partition(b"\n")
        try:
            entry = json.loads(header)
            if entry["format"] != FORMAT or not html.strip():
                raise ValueError("not a page")
            for path, state in entry["lookups"].items():
                if lookup_state(files.get_file_from_path(path)) != state:
                    return None  # a page it links to moved or went: rendered again
        except (ValueError, KeyError, TypeError, AttributeError):
            self.store.discard(key, count=False)
            return None
        return html

    @event_priority(100)
    def on_pre_page(self, page: Page, **kwargs: Any) -> Page:
        self._clean[page.file.src_uri] = self._warnings.count
        return page

    @event_priority(-200)
    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        if self._clean.get(page.file.src_uri) != self._warnings.count:
            self._clean.pop(page.file.src_uri, None)  # its read logged something
        return html

    @event_priority(100)
    def on_page_context(self, context: Any, *, page: Page, **kwargs: Any) -> Any:
        if page.file.src_uri in self._clean:
            self._clean[page.file.src_uri] = self._warnings.count
        return context

    @event_priority(-200)
    def on_post_page(self, output: str, *, page: Page, **kwargs: Any) -> str:
        src = page.file.src_uri
        key, start = self.keys.get(src), self._clean.pop(src, None)
        lookups = getattr(page, LOOKUPS, None)
        if key is None or start != self._warnings.count or lookups is None or not output.strip():
            return output
        header = json.dumps({"format": FORMAT, "lookups": lookups}, sort_keys=True)
        html = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        with contextlib.suppress(OSError):  # a full or read-only disk: the build goes on
            self.store.put(key, header.encode("utf-8") + b"\n" + html, count=False, level=1)
        return output

    def on_post_build(self, **kwargs: Any) -> None:
        self._warnings.detach()

    def on_build_error(self, **kwargs: Any) -> None:
        self._warnings.detach()


def _always(value: bool) -> Callable[[], bool]:
    return lambda: value


class _Counter(logging.Handler):
    """Counts WARNING and above logged by MkDocs, Python-Markdown or anything else."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self._loggers = [logging.getLogger("mkdocs"), logging.getLogger()]

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> None:
        for logger in self._loggers:
            if self not in logger.handlers:
                logger.addHandler(self)

    def detach(self) -> None:
        for logger in self._loggers:
            logger.removeHandler(self)


def _site_key(config: Any, nav: Navigation, fingerprint: str, date: str) -> str | None:
    """What every page's HTML shares (module docstring); None when reuse is off."""
    if set(config.plugins) - OUR_PLUGINS:
        return None
    if config.validation.links.anchors >= logging.WARNING:
        return None
    shape = _nav_shape(nav.items)
    if shape is None:
        return None
    templates = list(_template_files(config))
    parts: list[str | bytes] = [FORMAT, fingerprint, json.dumps(shape)]
    values = {key: stable(config.get(key)) for key in CONFIG_KEYS}
    theme = {k: stable(v) for k, v in config.theme.items() if k != "custom_dir"}
    parts.append(json.dumps({"config": values, "theme": theme}, sort_keys=True))
    for name, data in templates:
        parts += [name, data]
    if any(word in data for _, data in templates for word in TEMPLATE_DATES):
        parts.append(date)
    return digest(*parts)


def _nav_shape(items: list[Any]) -> list[object] | None:
    """Every nav item's kind, title and URL; None when a page's title is not in the config."""
    shape: list[object] = []
    for item in items:
        if isinstance(item, Section):
            children = _nav_shape(item.children)
            if children is None:
                return None
            shape.append(["section", item.title, children])
        elif isinstance(item, Link):
            shape.append(["link", item.title, item.url])
        elif isinstance(item, Page) and "title" in vars(item):  # given in mkdocs.yml
            shape.append(["page", item.title, item.url, item.file.src_uri])
        else:
            return None
    return shape


def _template_files(config: Any) -> Iterator[tuple[str, bytes]]:
    """The theme's override folder (`custom_dir`), every file by relative path."""
    custom = config.theme.custom_dir
    if not custom:
        return
    folder = Path(custom)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path.read_bytes()
