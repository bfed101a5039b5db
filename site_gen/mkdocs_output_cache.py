"""Whole HTML pages from the build cache: the theme's templates run only for pages that changed.

After Markdown (`site_gen.mkdocs_cache`), the next cost of a build is Jinja: Material's
templates take ~20 ms a page. `OutputCachePlugin` wraps the template MkDocs renders a page
with, and looks the finished HTML up by everything the template can see: the page (URL,
title, content, table of contents, front matter, neighbours, ancestors, edit and canonical
URLs), the template's name, the whole navigation, the site's settings, every file of the
theme folders (Material's and `overrides/`) and the fingerprint of `mkdocs_cache`. Two
context values change with every added skill or date, `pages` (every page) and
`build_date_utc`; they are part of the key only when a template of the theme names them
(read from the templates' syntax trees, so a team's override that lists `pages` turns it
on). A context value added by another plugin's `on_page_context` turns caching off for that
page. Templates without a page (404.html, sitemap.xml) always run.
"""

from __future__ import annotations

import json
import sysconfig
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from .cache_store import CacheStore, digest

PLUGIN_NAME = "site-gen-output-cache"
CONTEXT = frozenset(
    {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
     "build_date_utc", "config", "page"}
)  # fmt: skip
"""What MkDocs' `get_context` gives a page template; anything else is a plugin's."""
SETTINGS = (
    "site_name", "site_url", "site_description", "site_author", "repo_url", "repo_name",
    "edit_uri", "copyright", "extra", "extra_css", "extra_javascript", "use_directory_urls",
    "not_in_nav",
)  # fmt: skip
"""Settings templates read (besides mkdocs.yml's own bytes, in the fingerprint)."""
CHANGING = ("pages", "build_date_utc")
"""Context values that change with every added skill: keyed only if a template uses them."""


class OutputCachePlugin(BasePlugin):  # type: ignore[type-arg,unused-ignore]
    def __init__(self, store: CacheStore, fingerprint: str) -> None:
        super().__init__()
        self.store = store
        self.fingerprint = fingerprint
        self.site = ""
        self.keyed: tuple[str, ...] = ()
        self._nav: tuple[int, str] = (0, "")

    @event_priority(-100)
    def on_env(self, env: Any, config: Any, **kwargs: Any) -> Any:
        theme_dirs = [Path(d) for d in config.theme.dirs]
        theme_files = _files_digest(theme_dirs)
        self.keyed = self._changing_names(env, theme_dirs, theme_files)
        settings = {name: _stable(config.get(name)) for name in SETTINGS}
        theme = {k: v for k, v in dict(config.theme).items() if k != "custom_dir"}
        settings["theme"] = _stable(theme)
        self.site = digest(self.fingerprint, json.dumps(settings, sort_keys=True), theme_files)
        get_template = env.get_template

        def cached_get_template(name: Any, *args: Any, **options: Any) -> Any:
            return _CachedTemplate(get_template(name, *args, **options), self)

        env.get_template = cached_get_template
        return env

    def _changing_names(
        self, env: Any, theme_dirs: list[Path], theme_files: str
    ) -> tuple[str, ...]:
        """The CHANGING names the theme's templates read (kept in the cache by theme)."""
        key = digest("template-names", self.fingerprint, theme_files)
        data = self.store.get(key, count=False)
        try:
            names = json.loads(data) if data is not None else None
        except ValueError:
            names = None
        if not (isinstance(names, list) and all(n in CHANGING for n in names)):
            names = sorted(_used(env, theme_dirs) & set(CHANGING))
            self.store.put(key, json.dumps(names).encode("utf-8"), count=False)
        return tuple(names)

    def key(self, template_name: str, context: dict[str, Any]) -> str | None:
        """The page's key, or None when the context holds what this cannot key."""
        if set(context) - CONTEXT:
            return None
        page = context["page"]
        nav = context["nav"]
        if self._nav[0] != id(nav):
            self._nav = (id(nav), json.dumps(_nav_shape(nav.items)))
        shape: dict[str, Any] = {
            "template": template_name,
            "url": page.url,
            "src": page.file.src_uri,
            "title": page.title,
            "toc": [_toc(item) for item in page.toc],
            "meta": json.dumps(page.meta, sort_keys=True, default=str),
            "canonical": page.canonical_url,
            "edit": page.edit_url,
            "home": page.is_homepage,
            "next": _link(page.next_page),
            "previous": _link(page.previous_page),
            "ancestors": [getattr(a, "title", None) for a in page.ancestors],
            "base_url": context["base_url"],
            "css": [str(c) for c in context["extra_css"]],
            "js": [str(j) for j in context["extra_javascript"]],
        }
        if "pages" in self.keyed:
            shape["pages"] = [(f.src_uri, f.url) for f in context["pages"]]
        if "build_date_utc" in self.keyed:
            shape["build_date_utc"] = str(context["build_date_utc"])
        text = json.dumps(shape, sort_keys=True, default=str)
        return digest("page-html", self.site, self._nav[1], text, page.content or "")


class _CachedTemplate:
    """A Jinja template whose `render` for a page goes through the cache."""

    def __init__(self, template: Any, plugin: OutputCachePlugin) -> None:
        self._template = template
        self._plugin = plugin

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        key = None
        if context.get("page") is not None:
            key = self._plugin.key(str(self._template.name), context)
        store = self._plugin.store
        html = store.get_text(key) if key is not None else None
        if html is None:
            html = str(self._template.render(*args, **kwargs))
            if key is not None:
                store.put_text(key, html)
        return html


def _used(env: Any, theme_dirs: list[Path]) -> set[str]:
    """Top-level names the theme's templates read."""
    from jinja2 import meta

    names: set[str] = set()
    for folder in theme_dirs:
        for path in folder.rglob("*"):
            if path.suffix in {".html", ".xml", ".j2", ".jinja"} and path.is_file():
                try:
                    names |= meta.find_undeclared_variables(env.parse(path.read_text("utf-8")))
                except Exception:
                    # Not a template this site's Jinja can compile (a filter of a plugin not
                    # in use, such as the blog's `date`): then it cannot render one either.
                    continue
    return names


def _files_digest(folders: list[Path]) -> str:
    """The theme folders' files, except those of installed packages (Material's ~10,000 icons:
    its version, in the fingerprint, stands for them)."""
    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    parts: list[str | bytes] = []
    for folder in folders:
        if folder.resolve().is_relative_to(installed):
            parts.append(f"installed:{folder.resolve().relative_to(installed).as_posix()}")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def _nav_shape(items: list[Any]) -> list[Any]:
    return [
        [type(item).__name__, getattr(item, "title", None), getattr(item, "url", None),
         _nav_shape(getattr(item, "children", None) or [])]
        for item in items
    ]  # fmt: skip


def _link(page: Any) -> list[Any] | None:
    return None if page is None else [page.url, page.title]


def _toc(item: Any) -> list[Any]:
    return [item.id, item.title, item.level, [_toc(child) for child in item.children]]


def _stable(value: object) -> object:
    from .mkdocs_cache import _stable as stable

    return stable(value)
