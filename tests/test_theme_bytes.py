"""Leaner page chrome: the icon sprite is Material's icons, whitespace goes, text stays."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from site_gen import theme_bytes
from tests.conftest import REPO

ICONS = Path(material.__file__).parent / "templates" / ".icons"
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


def test_trimmed_templates_drop_block_lines_only() -> None:
    source = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n"
    env = theme_bytes.trim_template_whitespace(jinja2.Environment())
    assert env.from_string(source).render(xs=["a b", "c"]) == (
        "<ul>\n  <li>a b</li>\n  <li>c</li>\n</ul>"  # (Jinja drops the last newline)
    )


def test_whitespace_tokens_lose_their_span_not_their_text() -> None:
    code = "torchrun  --nproc-per-node 4 \\\n    train.py  # go\n"
    lexer = get_lexer_by_name("bash")
    before = highlight(code, lexer, HtmlFormatter(nowrap=True))
    lexer.add_filter(theme_bytes.PlainWhitespace())
    after = highlight(code, lexer, HtmlFormatter(nowrap=True))
    assert '<span class="w">' in before
    assert '<span class="w">' not in after
    assert 'class="c1"' in after and 'class="se"' in after  # other tokens keep their colours
    assert "torchrun  --nproc-per-node" in after
    assert "\n    train.py" in after
