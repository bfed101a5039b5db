"""Fewer bytes in every page's chrome, the way the theme's own tools allow.

A generated skill page was ~54 KB, half of it Material's chrome around the article:

- Material's templates put each `{% if %}` / `{% for %}` on its own indented line, and Jinja
  keeps that line's indent and newline in the output: ~4 KB of blank lines a page.
  `trim_blocks` and `lstrip_blocks` (Jinja's own options) drop exactly those, nothing a
  browser shows (no theme template has whitespace-sensitive `<pre>` or `<textarea>` text,
  and `{{ page.content }}` is inserted as is).
- Code blocks: Pygments gives runs of spaces between tokens their own
  `<span class="w">` (Token.Text.Whitespace), which no style colours. `PlainWhitespace`, a
  Pygments filter on the shared lexers (`pygments_reuse`), files them as plain text, which
  the HTML formatter writes without a span: ~1 KB a page, the same text on screen.

- Inline SVG icons: the header, nav and back-to-top button repeat the same 12 icons on every
  page (~6 KB; the GitHub mark alone is 1.6 KB, twice). `overrides/.icons/` shadows those
  icon files of Material's with a `<use>` of one shared sprite,
  `overrides/assets/images/icons.svg`, that the browser fetches once for the site. Both are
  generated from Material's own icon files (`icon_sprite`, `icon_stub`;
  tests/test_theme_bytes.py fails when they are stale): the same paths, drawn the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from pygments.filter import Filter
from pygments.token import Text, Whitespace, _TokenType


def trim_template_whitespace(env: jinja2.Environment) -> jinja2.Environment:
    """Drop the newline after a block tag and the indent before it (MkDocs' `on_env`)."""
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


class PlainWhitespace(Filter):
    """Whitespace tokens as plain text: the HTML formatter gives them no `<span>`."""

    def filter(
        self, lexer: Any, stream: Iterator[tuple[_TokenType, str]]
    ) -> Iterator[tuple[_TokenType, str]]:
        for token, value in stream:
            yield (Text if token in Whitespace else token), value


SPRITE = "assets/images/icons.svg"
"""The shared sprite, under overrides/: every icon below once, for the whole site."""
SPRITE_ICONS = (
    "fontawesome/brands/github",
    "material/arrow-left",
    "material/arrow-up",
    "material/close",
    "material/library",
    "material/magnify",
    "material/menu",
    "material/weather-night",
    "material/weather-sunny",
)
"""The icons every page showed inline (mkdocs.yml's logo, repo, palette toggles, search, menu,
back-to-top): 12 inline SVGs, ~6 KB a page. Icons not listed stay inline, as Material has them."""
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" (viewBox="[^"]*")>(.*)</svg>\s*', re.S)


def _symbol_id(icon: str) -> str:
    return icon.replace("/", "-")


def icon_sprite(icons_dir: Path) -> str:
    """`overrides/assets/images/icons.svg` from Material's `.icons/` files: one `<symbol>` each."""
    symbols = []
    for icon in SPRITE_ICONS:
        match = _SVG.fullmatch((icons_dir / f"{icon}.svg").read_text("utf-8"))
        assert match, icon
        symbols.append(f'<symbol id="{_symbol_id(icon)}" {match[1]}>{match[2]}</symbol>')
    body = "\n".join(symbols)
    return f'<svg xmlns="http://www.w3.org/2000/svg">\n{body}\n</svg>\n'


def icon_stub(icons_dir: Path, icon: str) -> str:
    """`overrides/.icons/<icon>.svg`: what a page includes instead of the whole icon."""
    match = _SVG.fullmatch((icons_dir / f"{icon}.svg").read_text("utf-8"))
    assert match, icon
    href = "{{ '" + SPRITE + "' | url }}#" + _symbol_id(icon)
    return f'<svg {match[1]}><use href="{href}"/></svg>\n'
