"""Registry + history -> `stats/`: where the knowledge is, as bar charts that link on.

Skills added per month, failed attempts and troubleshooting entries per category, the most
frequent error families, and the skills with no troubleshooting entry yet. Counts are
computed here (pure) so tests can check them against a fixture registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .. import urls
from ..history import EPOCH, History
from ..model import Plugin, Registry
from ..search.families import registry_families
from .charts import Bar, bar_chart
from .paths import doc_path, link
from .templates import render_template

MONTHS = 24
"""The month chart covers at most this many months, up to the newest addition."""
FAMILIES = 12
UNCOVERED = 15


@dataclass(frozen=True)
class Stats:
    added: list[tuple[str, list[Plugin]]]
    """(`YYYY-MM`, plugins added that month), oldest month first, gaps included."""
    failed: dict[str, int]
    """Category -> Failed Attempts rows."""
    entries: dict[str, int]
    """Category -> troubleshooting entries."""
    families: list[tuple[str, int, bool]]
    """(family, entries and rows naming it, whether a Failed Attempts row names it)."""
    uncovered: list[Plugin]
    """Plugins with no troubleshooting entry, most failed attempts first."""


def registry_stats(registry: Registry, history: History) -> Stats:
    by_month: dict[str, list[Plugin]] = {}
    for plugin in registry:
        h = history.get(plugin.path)
        if plugin.skill and h and h.added > EPOCH:
            by_month.setdefault(h.added.strftime("%Y-%m"), []).append(plugin)
    counts, in_failed = registry_families(registry)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FAMILIES]
    categories = registry.categories
    return Stats(
        added=_months(by_month),
        failed={c: sum(len(p.failed_attempts) for p in ps) for c, ps in categories.items()},
        entries={c: sum(len(p.all_troubleshooting) for p in ps) for c, ps in categories.items()},
        families=[(name, n, name in in_failed) for name, n in top],
        uncovered=sorted(
            (p for p in registry if p.skill and not p.all_troubleshooting),
            key=lambda p: (-len(p.failed_attempts), p.name),
        ),
    )


def _months(by_month: dict[str, list[Plugin]]) -> list[tuple[str, list[Plugin]]]:
    if not by_month:
        return []
    last = max(by_month)
    year, month = int(last[:4]), int(last[5:])
    months: list[str] = []
    while len(months) < MONTHS and f"{year:04d}-{month:02d}" >= min(by_month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [(m, sorted(by_month.get(m, []), key=_page)) for m in reversed(months)]


def render_stats(registry: Registry, history: History) -> str:
    page = urls.STATS_PAGE
    doc = doc_path(page)
    stats = registry_stats(registry, history)
    months = [
        Bar(month, len(ps), urls.relative(page, f"{page}#added-{month}"))
        for month, ps in stats.added
    ]
    failed = [
        Bar(c, n, urls.relative(page, f"{urls.FAILURES_PAGE}?{urlencode({'category': c})}"))
        for c, n in sorted(stats.failed.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    entries = [
        Bar(c, n, urls.relative(page, urls.category_page(c)))
        for c, n in sorted(stats.entries.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    families = [
        Bar(name, n, urls.relative(page, _family_target(name, in_failed)))
        for name, n, in_failed in stats.families
    ]
    uncovered = [
        Bar(
            _page(p),
            len(p.failed_attempts),
            urls.relative(page, urls.skill_page(_page(p))),
            f"{_page(p)}: {len(p.failed_attempts)} failed attempts, no troubleshooting entry",
        )
        for p in stats.uncovered[:UNCOVERED]
    ]
    return render_template(
        "stats.md.j2",
        skills=sum(1 for p in registry if p.skill),
        months_chart=bar_chart("added-per-month", "Skills added per month", months),
        month_lists=[
            (month, [(_page(p), link(doc, urls.skill_page(_page(p)))) for p in ps])
            for month, ps in reversed(stats.added)
            if ps
        ],
        failed_chart=bar_chart("failed-per-category", "Failed attempts per category", failed),
        entries_chart=bar_chart(
            "entries-per-category", "Troubleshooting entries per category", entries
        ),
        families_chart=bar_chart("error-families", "Most frequent errors", families),
        families=len(stats.families),
        uncovered_chart=bar_chart(
            "no-troubleshooting", "Failed attempts of skills with no troubleshooting", uncovered
        ),
        uncovered=len(stats.uncovered),
        uncovered_shown=len(uncovered),
        links={
            "failures": link(doc, urls.FAILURES_PAGE),
            "errors": link(doc, urls.ERRORS_PAGE),
            "categories": link(doc, urls.CATEGORIES_PAGE),
        },
    )


def _family_target(family: str, in_failed: bool) -> str:
    """The failure index filtered to the family, or the error lookup when only
    troubleshooting entries name it (the failure index lists Failed Attempts rows only)."""
    page = urls.FAILURES_PAGE if in_failed else urls.ERRORS_PAGE
    return f"{page}?q={quote(family, safe='')}"


def _page(plugin: Plugin) -> str:
    return plugin.skill.name if plugin.skill else plugin.name
