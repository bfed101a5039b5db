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
from hypothesis import HealthCheck, given, settings
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
    """(Markdown, code spans, code blocks) of one generated section."""
    spans: list[str] = []
    blocks: list[str] = []
    parts: list[str] = []
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
    return "\n\n".join(parts), spans, blocks


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
def test_what_check_accepts_builds_and_code_shows_verbatim(
    section: tuple[str, list[str], list[str]], crlf: bool, bom: bool
) -> None:
    markdown_text, spans, blocks = section
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
            return
        assert result.exit_code == 0, result.output
        page = (root / "site/skills/lora-fp16-nan/index.html").read_text()
    article = page.split('<article class="md-content__inner md-typeset">', 1)[1]
    codes = _code_texts(article.split("</article>", 1)[0])
    unclosed = "```\n" in markdown_text and markdown_text.count("```") % 2 == 1
    for span in spans:  # its own <code>, or inside a block when an unclosed fence took it
        assert any(span in code for code in codes) or unclosed, (span, codes)
    for block in blocks:
        # Pygments drops a block's leading and trailing blank lines; every other byte stays.
        block = block.strip("\n")
        assert any(block in code for code in codes) or unclosed, (block, codes)


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
