"""People -> the authors index (`authors/`) and one page per author (`authors/<slug>/`)."""

from __future__ import annotations

from .. import urls
from ..credit import Person
from ..history import iso
from .paths import doc_path, link
from .safe import plain_attr, sanitize_inline
from .templates import render_template


def render_authors_index(persons: list[Person]) -> str:
    doc = doc_path(urls.AUTHORS_PAGE)
    rows = [
        {
            "name": display_name(p.name),
            "href": link(doc, urls.author_page(p.slug)),
            "skills": len(p.credits),
            "failed": p.failed,
            "entries": p.entries,
            "last": iso(p.last)[:10],
        }
        for p in persons
    ]
    return render_template("authors.md.j2", rows=rows)


def render_author(person: Person) -> str:
    doc = doc_path(urls.author_page(person.slug))
    rows = [
        {
            "name": c.plugin.skill.name if c.plugin.skill else c.plugin.name,
            "href": link(doc, urls.skill_page(c.plugin.skill.name if c.plugin.skill else "")),
            "category": c.plugin.category,
            "category_href": link(doc, urls.category_page(c.plugin.category)),
            "role": c.role,
            "failed": c.failed,
            "entries": c.entries,
            "when": iso(c.when)[:10],
        }
        for c in person.credits
    ]
    authored = sum(1 for c in person.credits if c.role == "author")
    return render_template(
        "author.md.j2",
        title=plain_attr(person.name),
        display=display_name(person.name),
        rows=rows,
        authored=authored,
        contributed=len(rows) - authored,
        failed=person.failed,
        entries=person.entries,
        last=iso(person.last)[:10],
        back=link(doc, urls.AUTHORS_PAGE),
        failures=link(doc, urls.FAILURES_PAGE),
    )


def display_name(name: str) -> str:
    """A name as safe inline Markdown that stays one table cell and one link text."""
    text = name.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")
    return sanitize_inline(text.replace("\n", " "))
