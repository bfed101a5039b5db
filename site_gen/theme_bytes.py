"""Fewer bytes in every page's chrome, the way the theme's own tools allow.

A generated skill page was ~54 KB, half of it Material's chrome around the article:

- Material's templates put each `{% if %}` / `{% for %}` on its own indented line, and Jinja
  keeps that line's indent and newline in the output: ~4 KB of blank lines a page.
  `trim_blocks` and `lstrip_blocks` (Jinja's own options) drop exactly those, nothing a
  browser shows (no theme template has whitespace-sensitive `<pre>` or `<textarea>` text,
  and `{{ page.content }}` is inserted as is).
- The indentation of the theme's own HTML lines (`StripIndent`, a Jinja preprocessor): ~1 KB
  a page. Only template source is touched, never `{{ page.content }}`; no theme template
  has a `<pre>`, a non-empty `<textarea>` or a multi-line JS string, where it would show.
- Code blocks: Pygments wraps every token in a `<span>` with its class, but Material's
  stylesheet colours only some classes, and colours names (`.n`, `.kc`) with the plain
  text's own colour (`--md-code-hl-name-color` is `--md-code-fg-color` in both palettes).
  `MaterialTokens`, a Pygments filter on the shared lexers (`pygments_reuse`), files every
  token Material shows as plain text (whitespace, names, unstyled classes) as plain text,
  which the HTML formatter writes without a span and joins with its neighbours, and a
  sub-type Pygments has no class for (YAML's `l l-Scalar l-Scalar-Plain`) as the styled
  ancestor whose class gave its colour (`l`): ~2 KB a page, the same colours on screen.

- The palette script (~0.7 KB, Material's `partials/javascripts/palette.html`) is
  `overrides/assets/javascripts/palette.js`, a copy (`palette_script`) the browser fetches
  once, loaded at the same place in the header, before the body is drawn.
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
from jinja2.ext import Extension
from pygments.filter import Filter
from pygments.token import STANDARD_TYPES, Text, _TokenType


def trim_template_whitespace(env: jinja2.Environment) -> jinja2.Environment:
    """Drop the newline after a block tag and the indent before it (MkDocs' `on_env`)."""
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.add_extension(StripIndent)
    return env


_INDENT = re.compile(r"^[ \t]+", re.M)


class StripIndent(Extension):
    """Template source without the indentation of its lines (a newline stays, so words
    never join): what a browser collapses anyway."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _INDENT.sub("", source)


MATERIAL_STYLED = frozenset(
    [
        "o",
        "ow",
        "p",
        "cpf",
        "l",
        "s",
        "s1",
        "s2",
        "sb",
        "sc",
        "si",
        "ss",
        "cp",
        "se",
        "sh",
        "sr",
        "sx",
        "il",
        "m",
        "mb",
        "mf",
        "mh",
        "mi",
        "mo",
        "k",
        "kd",
        "kn",
        "kp",
        "kr",
        "kt",
        "bp",
        "nb",
        "no",
        "nc",
        "ne",
        "nf",
        "nn",
        "nd",
        "ni",
        "nl",
        "nt",
        "c",
        "c1",
        "ch",
        "cm",
        "cs",
        "sd",
        "na",
        "nv",
        "vc",
        "vg",
        "vi",
        "ge",
        "gh",
        "go",
        "gp",
        "gr",
        "gs",
        "gt",
        "gu",
        "gd",
        "gi",
    ]
)
"""Pygments' classes that Material's `.highlight .X` rules show unlike plain code text (all of
them but `.n` and `.kc`, whose colour is the plain text's; tests/test_theme_bytes.py reads
Material's stylesheets and fails when this list is stale)."""
_LOOKS: dict[_TokenType, _TokenType] = {}


def material_token(token: _TokenType) -> _TokenType:
    """The token type that looks like `token` under Material with the fewest bytes: its
    nearest type with a class of its own (the class that styles it now), or Text when
    Material gives that class no look of its own."""
    look = _LOOKS.get(token)
    if look is None:
        look = token
        while look not in STANDARD_TYPES:
            look = look.parent
        look = _LOOKS[token] = look if STANDARD_TYPES[look] in MATERIAL_STYLED else Text
    return look


class MaterialTokens(Filter):
    """Each token as `material_token`: the HTML formatter writes plain text without a
    `<span>` and joins neighbouring tokens of one type into one."""

    def filter(
        self, lexer: Any, stream: Iterator[tuple[_TokenType, str]]
    ) -> Iterator[tuple[_TokenType, str]]:
        for token, value in stream:
            yield material_token(token), value


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


PALETTE_SCRIPT = "assets/javascripts/palette.js"
"""Under overrides/: Material's inline palette script, as a file."""
_INLINE_SCRIPT = re.compile(r"\{#-.*?-#\}\s*<script>(.*)</script>\s*", re.S)


def palette_script(templates_dir: Path) -> str:
    """`overrides/assets/javascripts/palette.js` from Material's `palette.html` partial."""
    match = _INLINE_SCRIPT.fullmatch(
        (templates_dir / "partials/javascripts/palette.html").read_text("utf-8")
    )
    assert match, "Material's palette.html is no longer one inline script"
    return match[1] + "\n"


EMPTY_PRE_SPAN = "<pre><span></span><code>"
"""What Pygments and pymdownx open every code block with (~215 bytes a skill page)."""


def without_empty_pre_spans(html: str) -> str:
    """Code blocks opened without Pygments' empty `<span></span>`. Pygments writes it so that
    a code's leading newline is not the one an HTML parser drops right after `<pre>`; here
    `<code>` always stands between, so the newline is kept without it and the span holds
    nothing."""
    return html.replace(EMPTY_PRE_SPAN, "<pre><code>")
