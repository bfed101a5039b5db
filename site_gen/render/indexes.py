"""Registry -> the index pages: home, categories, tags and the failure-mode index."""

from __future__ import annotations

import datetime as dt
import functools
import html

from .. import urls
from ..config import Config
from ..credit import slug
from ..history import History, PluginHistory, iso
from ..model import Plugin, Registry
from ..plugin_memo import per_plugin
from .authors import display_name
from .paths import HOME, doc_path, link
from .safe import sanitize_inline
from .skill import _short
from .templates import render_template

NEWEST = 8
WEEK = dt.timedelta(days=7)


def render_home(
    registry: Registry, config: Config, intro: str, history: History, now: dt.datetime
) -> str:
    """`index.md`: the hand-written intro, then counts, the set-up, what is new this week (up
    to `now`, the build's reference time) and what changed most recently."""
    doc = doc_path(HOME)
    dated = [(p, history[p.path]) for p in registry if p.skill and p.path in history]
    new = sorted(
        ((p, h) for p, h in dated if now - WEEK < h.added <= now),
        key=lambda ph: (ph[1].added, ph[0].name),
        reverse=True,
    )
    shown = {p.path for p, _ in new}
    updated = sorted(
        ((p, h) for p, h in dated if p.path not in shown),
        key=lambda ph: (ph[1].updated, ph[0].name),
        reverse=True,
    )[:NEWEST]
    return render_template(
        "home.md.j2",
        intro=intro.strip(),
        counts={
            "skills": sum(len(p.skills) for p in registry),
            "plugins": len(registry),
            "categories": len(registry.categories),
            "failed": sum(len(p.failed_attempts) for p in registry),
            "errors": sum(len(p.all_troubleshooting) for p in registry),
        },
        repo=config.repo,
        marketplace=config.marketplace,
        week_end=iso(now)[:10],
        new=[_dated_row(p, h, h.added, doc) for p, h in new],  # by: the skill's author
        updated=[_dated_row(p, h, h.updated, doc) for p, h in updated],
        links={
            "categories": link(doc, urls.CATEGORIES_PAGE),
            "tags": link(doc, urls.TAGS_PAGE),
            "failures": link(doc, urls.FAILURES_PAGE),
            "errors": link(doc, urls.ERRORS_PAGE),
            "contributing": link(doc, urls.CONTRIBUTING_PAGE),
            "stats": link(doc, urls.STATS_PAGE),
            "authors": link(doc, urls.AUTHORS_PAGE),
            "feed": urls.absolute(config, urls.FEED),
        },
    )


def render_categories_index(registry: Registry) -> str:
    doc = doc_path(urls.CATEGORIES_PAGE)
    rows = [
        (name, link(doc, urls.category_page(name)), len(plugins))
        for name, plugins in registry.categories.items()
    ]
    return render_template("categories.md.j2", rows=rows)


def render_category(category: str, plugins: tuple[Plugin, ...]) -> str:
    doc = doc_path(urls.category_page(category))
    ordered = sorted(plugins, key=lambda p: (p.date, p.name), reverse=True)
    return render_template(
        "category.md.j2",
        category=category,
        rows=[_row(p, doc) for p in ordered if p.skill],
        back=link(doc, urls.CATEGORIES_PAGE),
    )


def render_tags(registry: Registry) -> str:
    doc = doc_path(urls.TAGS_PAGE)
    tags = [
        (tag, [_row(p, doc) for p in plugins if p.skill]) for tag, plugins in registry.tags.items()
    ]
    return render_template("tags.md.j2", tags=tags)


def render_failures(registry: Registry) -> str:
    """Every Failed Attempts row on one page, filterable (overrides/failures.html)."""
    rows = []
    for plugin in registry:
        rows += per_plugin(plugin, "failure rows", functools.partial(_failure_rows, plugin))
    return render_template(
        "failures.md.j2",
        rows=rows,
        skills=sum(1 for p in registry for s in p.skills if s.failed_attempts),
        categories=[html.escape(c) for c in registry.categories],
        tags=[html.escape(t) for t in registry.tags],
    )


def _failure_rows(plugin: Plugin) -> list[dict[str, str]]:
    doc = doc_path(urls.FAILURES_PAGE)
    rows = []
    for skill in plugin.skills:
        href = link(doc, urls.skill_page(skill.name) + "#failed-attempts")
        for row in skill.failed_attempts:
            rows.append(
                {
                    "attempt": _cell(row.attempt),
                    "why": _cell(row.why),
                    "lesson": _cell(row.lesson),
                    "skill": f"[{skill.name}]({href})",
                    "category": plugin.category,
                    "tags": html.escape(" ".join(plugin.tags), quote=True),
                    "date": _cell(skill.meta("date") or plugin.date),
                }
            )
    return rows


def _row(plugin: Plugin, doc: str) -> dict[str, str]:
    """A plugin's row in a listing on the page `doc` (the same dict each time: not changed)."""
    return per_plugin(plugin, ("row", doc), functools.partial(_new_row, plugin, doc))


def _new_row(plugin: Plugin, doc: str) -> dict[str, str]:
    skill = plugin.skill
    assert skill is not None
    return {
        "name": skill.name,
        "href": link(doc, urls.skill_page(skill.name)),
        "category": plugin.category,
        "category_href": link(doc, urls.category_page(plugin.category)),
        "date": _cell(plugin.date),
        "summary": _short(plugin.description, 140).replace("|", "\\|"),
        "failed": str(len(plugin.failed_attempts)),
    }


def _dated_row(plugin: Plugin, h: PluginHistory, when: dt.datetime, doc: str) -> dict[str, str]:
    """A home-page row: the skill, the day and who (linked to their author page)."""
    added = when == h.added
    who = (plugin.author or h.updated_by) if added else (h.updated_by or plugin.author)
    by = f"[{display_name(who)}]({link(doc, urls.author_page(slug(who)))})" if who.strip() else ""
    return {**_row(plugin, doc), "date": iso(when)[:10], "by": by}


def _cell(text: str) -> str:
    """Inline Markdown from a table cell, safe and still one cell."""
    return sanitize_inline(text.replace("\n", " "))
