# Copied from site_gen/urls.py by `site-gen marketplace`: edit that file.
"""Where things live on the site. Every page, link and emitted file asks here.

Paths are site-relative (no leading slash) so they work under a GitHub Pages project
prefix; `absolute()` joins them to the configured site URL for files read off-site.
"""

from __future__ import annotations

import posixpath

from .config import Config


def skill_page(name: str) -> str:
    return f"skills/{name}/"


def skill_markdown(name: str) -> str:
    """The skill's SKILL.md for agents, its references beside it (`references/...`): the
    well-known copy (emit/well_known.py), which llms.txt and `advise` link to as well, so the
    site holds each skill's text once."""
    return f".well-known/skills/{name}/SKILL.md"


def entry(name: str, anchor: str) -> str:
    """A troubleshooting entry on its skill page."""
    return f"{skill_page(name)}#{anchor}"


def category_page(category: str) -> str:
    return f"{CATEGORIES_PAGE}{category}/"


CATEGORIES_PAGE = "categories/"
TAGS_PAGE = "tags/"


def tag_page(tag: str) -> str:
    return f"{TAGS_PAGE}#{tag}"


FAILURES_PAGE = "failures/"
ERRORS_PAGE = "errors/"
ERROR_INDEX = "assets/error-index/"
"""The error lookup's split index (see emit/error_shards.py)."""
"""The error lookup's index, fetched by the errors page."""
CONTRIBUTING_PAGE = "contributing/"


def absolute(config: Config, path: str) -> str:
    return config.site + path


AUTHORS_PAGE = "authors/"
STATS_PAGE = "stats/"
FEED = "feed.xml"
"""The Atom feed of skills added and updated."""


def author_page(slug: str) -> str:
    return f"{AUTHORS_PAGE}{slug}/"


def relative(from_page: str, to: str) -> str:
    """A URL relative to the page at `from_page`, for raw HTML links (MkDocs leaves them).

    Both are site URLs of directory-style pages (`stats/`, `failures/?q=x`, ``).
    """
    cut = min((i for i in (to.find("?"), to.find("#")) if i != -1), default=len(to))
    path, rest = to[:cut], to[cut:]
    target = posixpath.relpath(path or ".", from_page.rstrip("/") or ".")
    if target == ".":
        target = "./"
    elif not path or path.endswith("/"):
        target += "/"
    return target + rest
