"""Registry -> the index pages: home, categories, tags and the failure-mode index."""

from __future__ import annotations

import html

from .. import urls
from ..config import Config
from ..model import Plugin, Registry
from .paths import HOME, doc_path, link
from .safe import sanitize_inline
from .skill import _short
from .templates import render_template

NEWEST = 8


def render_home(registry: Registry, config: Config, intro: str) -> str:
    """`index.md`: the hand-written intro, then counts, newest skills and the set-up."""
    doc = doc_path(HOME)
    newest = sorted(registry, key=lambda p: (p.date, p.name), reverse=True)[:NEWEST]
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
        newest=[_row(p, doc) for p in newest if p.skill],
        links={
            "categories": link(doc, urls.CATEGORIES_PAGE),
            "tags": link(doc, urls.TAGS_PAGE),
            "failures": link(doc, urls.FAILURES_PAGE),
            "errors": link(doc, urls.ERRORS_PAGE),
            "contributing": link(doc, urls.CONTRIBUTING_PAGE),
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
    doc = doc_path(urls.FAILURES_PAGE)
    rows = []
    for plugin in registry:
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
    return render_template(
        "failures.md.j2",
        rows=rows,
        skills=sum(1 for p in registry for s in p.skills if s.failed_attempts),
        categories=[html.escape(c) for c in registry.categories],
        tags=[html.escape(t) for t in registry.tags],
    )


def _row(plugin: Plugin, doc: str) -> dict[str, str]:
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


def _cell(text: str) -> str:
    """Inline Markdown from a table cell, safe and still one cell."""
    return sanitize_inline(text.replace("\n", " "))
