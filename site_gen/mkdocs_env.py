"""MkDocs' theme environment, kept between `serve`'s dirty rebuilds of one loaded config.

MkDocs makes a new Jinja environment on every build (`Theme.get_env`), so each dirty
rebuild compiled the theme's templates again (the 404 page and the sitemap: about 0.3 s of
a 1,000-skill rebuild) and listed the theme's ~1,800 files again to find its static ones
(about 0.2 s). Between two builds of one loaded config neither can change: MkDocs' own
environment never reloads a template (`auto_reload=False`), and a change to mkdocs.yml or
overrides/ makes `serve` load the config again (`mkdocs_run._theme_signature`). So the
config's theme hands out one environment, whose listing of the theme's files is made once
per filter (MkDocs' filter is a new function each build, built from this config's values:
its code names it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def keep_theme_env(mk: Any) -> None:
    """Make `mk.theme.get_env` return the environment it made first, listing memoized."""
    theme = mk.theme
    make: Callable[[], Any] = theme.get_env
    kept: list[Any] = []

    def get_env() -> Any:
        if not kept:
            env = make()
            env.list_templates = _memoized(env.list_templates)
            kept.append(env)
        return kept[0]

    theme.get_env = get_env


def _memoized(list_templates: Callable[..., list[str]]) -> Callable[..., list[str]]:
    listed: dict[tuple[object, object], list[str]] = {}

    def memo(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> Any:
        key = (
            tuple(extensions) if extensions is not None else None,
            getattr(filter_func, "__code__", filter_func),
        )
        if key not in listed:
            listed[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(listed[key])

    return memo
