"""One Pygments lexer per language and one formatter per set of options, across code blocks.

`pymdownx.highlight` builds a new lexer (`get_lexer_by_name`, which searches the lexer
table) and a new HTML formatter (whose constructor builds a whole style sheet) for every
code block: 15% of MkDocs' time on generated skill pages, profiled. Both are read-only once
built (Pygments' HtmlFormatter sets attributes only in `__init__`; Sphinx keeps one lexer
per language the same way), so the same options can share one object and the HTML is
byte-identical. Each shared lexer also carries `theme_bytes.MaterialTokens` (no `<span>`
around what Material shows as plain text).

pymdownx has no hook for this, so `install` swaps the three names `Highlight.highlight`
looks up at call time for memoizing wrappers. It does so only for the pymdown-extensions
version it was read against (`PINNED`); with any other version it changes nothing and
pages render as before, only slower (tests/test_pygments_reuse.py fails on a new version,
so someone re-reads `pymdownx/highlight.py` before moving the pin).
"""

from __future__ import annotations

import functools
from importlib import metadata
from typing import Any

PINNED = "13.1.2"
"""pymdown-extensions version whose `highlight.py` this was checked against."""
_saved: dict[str, Any] = {}


def _hashable(value: object) -> object:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def _memoized(factory: Any) -> Any:
    """`factory(*args, **options)`, one object per distinct arguments (at most 256 kept)."""

    @functools.lru_cache(maxsize=256)
    def make(args: tuple[object, ...], key: tuple[object, ...]) -> Any:
        return factory(*args, **_options[key])

    _options: dict[tuple[object, ...], dict[str, Any]] = {}

    def build(*args: Any, **options: Any) -> Any:
        try:
            key = tuple(sorted((k, _hashable(v)) for k, v in options.items()))
            hash((args, key))
        except TypeError:  # an option that cannot be a key: no sharing
            return factory(*args, **options)
        _options.setdefault(key, options)
        return make(args, key)

    build.__wrapped__ = factory  # type: ignore[attr-defined]
    return build


def install() -> bool:
    """Share lexers and formatters in pymdownx.highlight; False (nothing done) on an
    unchecked pymdown-extensions version."""
    if _saved:  # first: `render_fix` asks on every fix
        return True
    if metadata.version("pymdown-extensions") != PINNED:
        return False
    from pymdownx import highlight

    for name in ("get_lexer_by_name", "BlockHtmlFormatter", "InlineHtmlFormatter"):
        _saved[name] = getattr(highlight, name)
    highlight.get_lexer_by_name = _memoized(_material_tokens(_saved["get_lexer_by_name"]))
    for name in ("BlockHtmlFormatter", "InlineHtmlFormatter"):
        setattr(highlight, name, _memoized(_saved[name]))
    return True


def _material_tokens(get_lexer: Any) -> Any:
    """Lexers whose plain-looking tokens get no `<span>` (`theme_bytes.MaterialTokens`)."""
    from .theme_bytes import MaterialTokens

    def build(*args: Any, **options: Any) -> Any:
        lexer = get_lexer(*args, **options)
        lexer.add_filter(MaterialTokens())
        return lexer

    return build


def uninstall() -> None:
    """Put pymdownx.highlight back as it was (tests compare the two)."""
    from pymdownx import highlight

    for name, original in _saved.items():
        setattr(highlight, name, original)
    _saved.clear()
