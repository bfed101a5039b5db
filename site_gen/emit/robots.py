"""`robots.txt` of a private build: every crawler stays out. A public build has none."""

from __future__ import annotations

from ..config import Config

ROBOTS_META = "noindex, nofollow"
"""The `<meta name="robots">` every page of a private build carries (`overrides/main.html`)."""

PRIVATE_ROBOTS_TXT = (
    "# visibility = private: this registry is not for search engines.\nUser-agent: *\nDisallow: /\n"
)


def robots_files(config: Config) -> dict[str, str]:
    """robots.txt for a private build. It only counts at a host's root (a custom domain or an
    `<owner>.github.io` site); on a project site the pages' meta tag is what crawlers see."""
    return {"robots.txt": PRIVATE_ROBOTS_TXT} if config.private else {}
