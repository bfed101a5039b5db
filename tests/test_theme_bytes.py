"""Leaner page chrome: the icon sprite is Material's icons, whitespace goes, text stays."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from site_gen import theme_bytes
from tests.conftest import REPO

ICONS = Path(material.__file__).parent / "templates" / ".icons"
STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
OVERRIDES = REPO / "overrides"


def test_sprite_and_icon_stubs_are_fresh_copies_of_materials_icons() -> None:
    # Stale after a Material upgrade changes an icon: regenerate with the two functions.
    assert (OVERRIDES / theme_bytes.SPRITE).read_text() == theme_bytes.icon_sprite(ICONS)
    for icon in theme_bytes.SPRITE_ICONS:
        stub = (OVERRIDES / ".icons" / f"{icon}.svg").read_text()
        assert stub == theme_bytes.icon_stub(ICONS, icon)
    stubs = {
        p.relative_to(OVERRIDES / ".icons").as_posix() for p in OVERRIDES.glob(".icons/**/*.svg")
    }
    assert stubs == {f"{i}.svg" for i in theme_bytes.SPRITE_ICONS}


def test_sprite_symbol_draws_the_icons_path() -> None:
    sprite = (OVERRIDES / theme_bytes.SPRITE).read_text()
    assert '<symbol id="material-magnify" viewBox="0 0 24 24"><path d="M9.5 3A6.5' in sprite
    assert "Font Awesome Free" in sprite  # the icon's licence line travels with it


def test_trimmed_templates_drop_block_lines_and_indents_only() -> None:
    source = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}\n    and</li>\n  {% endfor %}\n</ul>\n"
    env = theme_bytes.trim_template_whitespace(jinja2.Environment())
    assert env.from_string(source).render(xs=["a  b", "  c"]) == (
        "<ul>\n<li>a  b\nand</li>\n<li>  c\nand</li>\n</ul>"  # (Jinja drops the last newline)
    )


def _material_rules() -> list[tuple[list[str], str]]:
    """(classes, declarations) of Material's `.highlight .X` rules, in both stylesheets."""
    rules = []
    for sheet in sorted(STYLESHEETS.glob("*.min.css")):
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet.read_text()):
            classes = re.findall(r"\.highlight \.([\w-]+)(?=,|$)", selectors)
            if classes and len(classes) == selectors.count(",") + 1:
                rules.append((classes, body))
    return rules


def test_the_styled_classes_are_those_materials_stylesheet_colours_unlike_plain_text() -> None:
    styled, plain_looking = set(), set()
    for classes, body in _material_rules():
        if body == "color:var(--md-code-hl-name-color)":
            plain_looking.update(classes)
        elif "color" in body:
            styled.update(classes)
    assert plain_looking == {"n", "kc"}
    assert styled - {"hll"} == theme_bytes.MATERIAL_STYLED
    # The name colour is the plain code text's colour, in the light and the dark palette.
    for sheet in sorted(STYLESHEETS.glob("*.min.css")):
        text = sheet.read_text()
        if "--md-code-hl-name-color" in text:
            assert "--md-code-hl-name-color:var(--md-code-fg-color)" in text, sheet.name


def test_plain_looking_tokens_lose_their_span_not_their_text() -> None:
    code = "torchrun  --nproc-per-node 4 \\\n    train.py  # go\n"
    lexer = get_lexer_by_name("bash")
    before = highlight(code, lexer, HtmlFormatter(nowrap=True))
    lexer.add_filter(theme_bytes.MaterialTokens())
    after = highlight(code, lexer, HtmlFormatter(nowrap=True))
    assert '<span class="w">' in before
    assert '<span class="w">' not in after
    assert 'class="c1"' in after and 'class="se"' in after  # other tokens keep their colours
    assert "torchrun  --nproc-per-node" in after
    assert "\n    train.py" in after


def _lean(language: str, code: str) -> str:
    lexer = get_lexer_by_name(language)
    lexer.add_filter(theme_bytes.MaterialTokens())
    return highlight(code, lexer, HtmlFormatter(nowrap=True))


def test_names_join_plain_text_and_subtypes_keep_their_styled_class() -> None:
    assert _lean("python", "x.pad = True  # c\n") == (
        'x<span class="o">.</span>pad <span class="o">=</span> True  <span class="c1"># c</span>\n'
    )
    assert _lean("yaml", "model: google/x\n") == (
        '<span class="nt">model</span><span class="p">:</span> <span class="l">google/x</span>\n'
    )


def test_palette_script_is_a_fresh_copy_of_materials_inline_script() -> None:
    script = (OVERRIDES / theme_bytes.PALETTE_SCRIPT).read_text()
    assert script == theme_bytes.palette_script(ICONS.parent)
    assert script.startswith('var palette=__md_get("__palette")')
