"""The site-gen shell around MkDocs: sanitize every page's HTML, and survive MkDocs' HTML scan.

`build` adds `SanitizePlugin` to the loaded MkDocs config itself (not through mkdocs.yml),
so a team editing its theme config cannot switch sanitizing off by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure import pages

from . import pygments_reuse, shared_chrome, shared_scripts
from .cache_store import CacheStore
from .html_sanitize import sanitize_html
from .mkdocs_memory import PackedPages
from .render.safe import TAB_MARK
from .theme_bytes import without_empty_pre_spans
from .toc_in_browser import move_to_browser

PLUGIN_NAME = "site-gen-sanitize"


class SanitizePlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    """Runs last on every page's content: what Markdown produced, made safe to publish.

    Also counts pages as they are written, for the build's progress display."""

    def __init__(self, on_page: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.page_written = on_page
        self.store: CacheStore | None = None
        """The build cache (`site_gen.mkdocs_cache`): sanitized pages are kept there too."""
        self.toc_from_headings: set[str] = set()
        """Pages written without their table of contents (`site_gen.toc_in_browser`)."""
        self.packed = PackedPages()
        """Pages' HTML compressed between render and template (`mkdocs_memory`)."""

    def on_pre_build(self, **kwargs: Any) -> None:
        self.packed.clear()

    @event_priority(-100)
    def on_page_content(self, html: str, page: Any, config: Any, **kwargs: Any) -> str:
        self.packed.rendered(page)
        html = html.replace(TAB_MARK, "\t")
        if self.store is not None:
            from .mkdocs_cache import cached_sanitize

            html = cached_sanitize(self.store, html)
        else:
            html = sanitize_html(html)
        html = without_empty_pre_spans(html)
        moved = None
        if "navigation.instant" not in config["theme"]["features"]:  # no page scripts then
            moved = move_to_browser(html, page.toc, config["mdx_configs"].get("toc") or {})
        if moved is None:
            self.toc_from_headings.discard(page.url)
            return html
        self.toc_from_headings.add(page.url)
        return moved

    @event_priority(1000)  # first: the page's HTML back before anything reads it
    def on_page_context(self, context: Any, page: Any, **kwargs: Any) -> Any:
        self.packed.unpack(page)
        context["toc_from_headings"] = page.url in self.toc_from_headings
        return context

    def on_env(self, env: Any, **kwargs: Any) -> Any:
        from .theme_bytes import trim_template_whitespace

        return trim_template_whitespace(env)

    def on_post_page(self, output: str, **kwargs: Any) -> str:
        self.packed.written(kwargs.get("page"))
        if self.page_written is not None:
            self.page_written()
        return output

    def on_post_build(self, **kwargs: Any) -> None:
        self.packed.clear()


class _TolerantHTMLHandler(pages._HTMLHandler):
    """MkDocs' anchor scan, which does not stop at text that only looks like a declaration.

    MkDocs 1.6 feeds each page's Markdown, code spans included, to `html.parser` to collect
    anchor ids, and `html.parser` raises AssertionError on `<![` not followed by a marked
    section keyword: a regex lookbehind in a code span, `` `(?<![\\w./])` ``, aborts the whole
    build. Python-Markdown's own HTML extractor already treats such text as text; this does
    the same. (MkDocs 1.x is frozen at 1.6.1, so the private class will not move.)
    """

    def parse_html_declaration(self, i: int) -> int:
        try:
            result: int = super().parse_html_declaration(i)
        except AssertionError:
            self.handle_data("<!")
            return i + 2
        return result


def install(
    mkdocs_config: Any,
    on_page: Callable[[], None] | None = None,
    store: CacheStore | None = None,
) -> None:
    """Add the sanitizer to a loaded MkDocs config and make MkDocs' HTML scan tolerant;
    code blocks share Pygments lexers and formatters (`pygments_reuse`); Material's inline
    config and the chrome every page shares go into shared files (`shared_scripts`,
    `shared_chrome`)."""
    pages._HTMLHandler = _TolerantHTMLHandler  # type: ignore[misc]
    pygments_reuse.install()
    if PLUGIN_NAME not in mkdocs_config.plugins:
        mkdocs_config.plugins[PLUGIN_NAME] = SanitizePlugin(on_page)
    if shared_scripts.PLUGIN_NAME not in mkdocs_config.plugins:
        mkdocs_config.plugins[shared_scripts.PLUGIN_NAME] = shared_scripts.ConfigScriptPlugin()
    if shared_chrome.PLUGIN_NAME not in mkdocs_config.plugins:
        mkdocs_config.plugins[shared_chrome.PLUGIN_NAME] = shared_chrome.SharedChromePlugin()
    mkdocs_config.plugins[PLUGIN_NAME].store = store
    mkdocs_config.plugins[shared_chrome.PLUGIN_NAME].store = store
