"""Properties of the whole pipeline on generated skills, through the real MkDocs build.

Skills are generated from real Markdown constructs (code spans and blocks holding HTML-,
Jinja- and attr-list-looking text, tables with escaped pipes, lists, admonitions,
footnotes, raw HTML, unclosed fences, CRLF, BOM, emoji, zero-width characters), and:
no command raises; when `check` reports no error the build succeeds; every code span and
code block reaches the page's visible text verbatim. `make test` runs a bounded number of
examples; `HYPOTHESIS_PROFILE=long` (see conftest) runs many.
"""

from __future__ import annotations

import html.parser
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from site_gen.cli import main
from site_gen.registry import check_registry
from tests.conftest import REPO, plugin_files

SKILL = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
TRICKY = [
    "<![", "<![\\w./]", "(?<![a-z])", "<!--", "-->", "<?php", "<tag>", "</div>", "<model_name>",
    "{{ x }}", "{% if a %}", "{: .x onclick=y}", "{#id}", "&amp;", "&lt;", "|", "\\|", "*", "_",
    "[x](y)", "!!! note", "[^1]", "🙂", "\u200b", "\u00e9", "é", "$HF_HOME", "a:b", "#", "~~~",
]  # fmt: skip
"""Pieces that HTML, Jinja, attr_list, tables or Markdown itself might read as syntax."""

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_.-/=", min_size=1, max_size=8)
_piece = st.one_of(st.sampled_from(TRICKY), _word)
_inline_code = (
    st.lists(_piece, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda t: "`" not in t and t.strip() == t)
)
_code_line = (
    st.lists(_piece, min_size=0, max_size=5)
    .map(" ".join)
    .filter(lambda t: not t.lstrip().startswith(("```", "~~~")))
)


@st.composite
def _blocks(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """(Markdown, code spans, code blocks) of one generated section.

    Only the spans and blocks before the first unclosed fence are returned to be checked:
    that fence takes everything after it into its code, or a later unclosed fence's bare
    ``` line closes it, so later parts are code shown with their Markdown indentation, or
    Markdown again, depending on how the fences pair up.
    """
    spans: list[str] = []
    blocks: list[str] = []
    parts: list[str] = []
    checked: tuple[list[str], list[str]] | None = None  # what stood before the first unclosed
    for kind in draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5)):
        if kind == "span":
            code = draw(_inline_code)
            spans.append(code)
            parts.append(f"Text with `{code}` inside {draw(_piece)}.")
        elif kind == "fence":
            lines = draw(st.lists(_code_line, min_size=1, max_size=4))
            blocks.append("\n".join(lines))
            lang = draw(st.sampled_from(["", "python", "bash", "yaml", "text"]))
            parts.append(f"```{lang}\n" + "\n".join(lines) + "\n```")
        elif kind == "indented":
            lines = draw(
                st.lists(_code_line.filter(lambda t: t.strip() != ""), min_size=1, max_size=3)
            )
            blocks.append("\n".join(lines))
            # After a paragraph: right after a list or admonition it would continue them.
            parts.append("Code:\n\n" + "\n".join("    " + line for line in lines))
        elif kind == "table":
            cell = draw(_inline_code)
            spans.append(cell.replace("|", "\\|") if "|" in cell else cell)
            parts.append(
                f"| a | b |\n|---|---|\n| `{cell.replace('|', chr(92) + '|')}` | {draw(_piece)} |"
            )
        elif kind == "list":
            parts.append(f"- {draw(_piece)}\n    - {draw(_piece)}\n- {draw(_piece)}")
        elif kind == "admonition":
            parts.append(f"!!! note\n    {draw(_piece)}")
        elif kind == "footnote":
            parts.append(f"A claim[^n].\n\n[^n]: {draw(_piece)}")
        elif kind == "raw":
            parts.append(draw(st.sampled_from(RAW_HTML)))
        elif kind == "unclosed":
            parts.append("```\n" + draw(_code_line))
            checked = checked or (spans[:], blocks[:])
    return ("\n\n".join(parts), *(checked or (spans, blocks)))


KINDS = ["span", "fence", "indented", "table", "list", "admonition", "footnote", "raw", "unclosed"]
RAW_HTML = [
    "<div>raw <b>html</b></div>",
    "<details><summary>more</summary>hidden</details>",
    '<img src="x" onerror="alert(1)">',
    "<!-- a comment -->",
    "<![CDATA[ x ]]>",
]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    section=_blocks(),
    crlf=st.booleans(),
    bom=st.booleans(),
)
@example(  # found by Hypothesis: two "unclosed" fences pair up around the indented block
    section=(
        "```yaml\n{#id} é 6s\n\nv9x 🙂\n```\n\n```\nyrgas1zj fdc3-xdj o kx2x |\n\nCode:\n\n"
        "    {% if a %} a:b <![\\w./] {#id} <tag>\n    {% if a %} \\| {{ x }} \\| a:b\n\n"
        "Text with `<![\\w./]` inside &lt;.\n\n```\n",
        [],
        ["{#id} é 6s\n\nv9x 🙂"],
    ),
    crlf=False,
    bom=True,
)
def test_what_check_accepts_builds_and_code_shows_verbatim(
    section: tuple[str, list[str], list[str]], crlf: bool, bom: bool
) -> None:
    markdown_text, spans, blocks = section
    codes = _checked_build_codes(markdown_text, crlf=crlf, bom=bom)
    if codes is None:
        return
    for span in spans:
        assert any(span in code for code in codes), (span, codes)
    for block in blocks:
        # Pygments drops a block's leading and trailing blank lines; every other byte stays.
        block = block.strip("\n")
        assert any(block in code for code in codes), (block, codes)


def test_fences_paired_across_an_indented_block_show_it_verbatim() -> None:
    # Hypothesis found this (BOM, an admonition, then two "unclosed" fences): the second
    # bare ``` closes the first, so the indented block between them is fence content,
    # shown with its four spaces; the code span before the fences keeps its own <code>.
    markdown_text = (
        "!!! note\n    `<tag> {#id}`\n\n```\nx |\n\nCode:\n\n"
        "    {% if a %} <![\\w./]\n    {{ x }} \\| a:b\n\n```\n"
    )
    codes = _checked_build_codes(markdown_text, crlf=False, bom=True)
    assert codes is not None, "check rejected a renderable page"
    assert "<tag> {#id}" in codes
    assert "x |\n\nCode:\n\n    {% if a %} <![\\w./]\n    {{ x }} \\| a:b\n" in codes, codes


def _checked_build_codes(markdown_text: str, *, crlf: bool, bom: bool) -> list[str] | None:
    """The `<code>` texts of the skill's built page with `markdown_text` added, through
    `check_registry` and the real `site-gen build` (MkDocs); None when check found errors
    (then the build must refuse too)."""
    files = plugin_files()
    skill = files[SKILL].replace(
        "## Hyperparameters", f"## Generated\n\n{markdown_text}\n\n## Hyperparameters"
    )
    if crlf:
        skill = skill.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        (root / SKILL).write_bytes((("\ufeff" if bom else "") + skill).encode())
        errors = check_registry(root).errors
        result = CliRunner().invoke(
            main, ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml")]
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        if errors:
            assert result.exit_code == 1
            return None
        assert result.exit_code == 0, result.output
        page = (root / "site/skills/lora-fp16-nan/index.html").read_text()
    article = page[
        page.index(">", page.index('<article class="md-content__inner md-typeset"')) + 1 :
    ]
    return _code_texts(article.split("</article>", 1)[0])


def _code_texts(html_text: str) -> list[str]:
    """The visible text of every `<code>` element, entities decoded."""
    found: list[str] = []
    depth = 0

    class Code(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            nonlocal depth
            if tag == "code":
                depth += 1
                found.append("")

        def handle_endtag(self, tag: str) -> None:
            nonlocal depth
            if tag == "code":
                depth -= 1

        def handle_data(self, data: str) -> None:
            if depth > 0:
                found[-1] += data

    Code(convert_charrefs=True).feed(html_text)
    return found
