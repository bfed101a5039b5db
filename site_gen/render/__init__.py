"""Model -> page Markdown for MkDocs. Pure: no I/O; `build` writes what this returns.

Author text is made safe here (`safe`), links between pages are relative `.md` paths
(`paths`) so `mkdocs build --strict` checks them, and page layout lives in Jinja templates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import MutableMapping

from .. import urls
from ..config import Config
from ..credit import people
from ..history import History, plugin_histories, reference_time
from ..model import Registry
from .authors import render_author, render_authors_index
from .indexes import (
    render_categories_index,
    render_category,
    render_failures,
    render_home,
    render_tags,
)
from .paths import doc_path
from .skill import RelatedIndex, entry_page, render_skill_page
from .stats import render_stats

__all__ = ["PageCache", "entry_page", "render_pages"]

PageCache = MutableMapping[tuple[object, ...], str]
"""Skill pages already rendered, keyed by everything they are made from (for `serve`)."""


def render_pages(
    registry: Registry,
    config: Config,
    intro: str = "",
    cache: PageCache | None = None,
    history: History | None = None,
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """Docs-relative Markdown path -> page text, for every generated page.

    `history` (`history.load_history`) dates skills; without it their front matter does.
    `now` is the build's reference time for "new this week" (default: the newest change).
    """
    names = frozenset(s.name for p in registry for s in p.skills)
    if history is None:
        history = plugin_histories(registry, {})
    if now is None:
        now = reference_time(history)
    persons = people(registry, history)
    pages = {
        doc_path(""): render_home(registry, config, _strip_front_matter(intro), history, now),
        doc_path(urls.STATS_PAGE): render_stats(registry, history),
        doc_path(urls.AUTHORS_PAGE): render_authors_index(persons),
        doc_path(urls.CATEGORIES_PAGE): render_categories_index(registry),
        doc_path(urls.TAGS_PAGE): render_tags(registry),
        doc_path(urls.FAILURES_PAGE): render_failures(registry),
    }
    for person in persons:
        pages[doc_path(urls.author_page(person.slug))] = render_author(person)
    for category, plugins in registry.categories.items():
        pages[doc_path(urls.category_page(category))] = render_category(category, plugins)
    index = RelatedIndex(registry)
    # The same in every process (a set's hash() is not): pages may be cached on disk.
    names_key = hashlib.sha256("\n".join(sorted(names)).encode("utf-8")).hexdigest()
    used: set[tuple[object, ...]] = set()
    for plugin in registry:
        related = index.related(plugin)
        for skill in plugin.skills:
            # A page depends on its plugin, its related skills' summaries and the config.
            key = (
                skill.name,
                plugin.content_hash,
                tuple((p.name, p.content_hash) for p in related),
                config,
                names_key,
                history.get(plugin.path),
            )
            used.add(key)
            text = cache.get(key) if cache is not None else None
            if text is None:
                text = render_skill_page(
                    plugin, skill, related, config, names, history.get(plugin.path)
                )
                if cache is not None:
                    cache[key] = text
            pages[doc_path(urls.skill_page(skill.name))] = text
    if cache is not None:
        for stale in set(cache) - used:  # a long `serve` keeps only what the site still has
            del cache[stale]
    return dict(sorted(pages.items()))


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
