"""Properties of the one Markdown reading over generated skills (tests/markdown_grammar.py).

The oracle is stock markdown-it-py (CommonMark, GFM tables, admonitions, definition lists,
fences closed only by their own fence as superfences closes them), which the model must
agree with except where it deliberately follows the page: an unclosed fence and every fence
after it are text (so the oracle reads the file with those fence lines escaped) and cells
split as Python-Markdown splits them (so cells are compared where no code span holds a pipe).
`make test` runs a few examples; `make properties` runs the long profile (tests/conftest.py).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_grammar import skill_bodies, skill_files
from markdown_it import MarkdownIt
from markdown_it.rules_block.fence import make_fence_rule
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from test_markdown_tree import _python_calls

from site_gen.markdown import Document, parse_document
from site_gen.parse_skill import parse_skill

STOCK = MarkdownIt("commonmark").enable("table").use(admon_plugin).use(deflist_plugin)
STOCK.block.ruler.at(
    "fence",
    make_fence_rule(exact_match=True),  # superfences: only the opener's own fence closes it
    {"alt": ["paragraph", "reference", "blockquote", "list"]},
)


@given(skill_files())
def test_parsing_a_generated_skill_never_raises(text: str) -> None:
    skill, problems = parse_skill(text, "SKILL.md", "demo")
    length = text.count("\n") + 1
    assert all(0 <= p.line <= length for p in problems)
    assert all(skill.body_line <= r.source.line <= length for r in skill.failed_attempts)
    document = skill.markdown
    assert [s.line for s in document.sections] == sorted(s.line for s in document.sections)
    assert all(link.line <= length for link in document.links)


@given(st.text(max_size=2000))
def test_parsing_any_text_never_raises(text: str) -> None:
    parse_skill(text, "SKILL.md", "demo")
    parse_skill(f"---\nname: x\n---\n{text}", "SKILL.md", "x")
    parse_document(text).links  # noqa: B018 (a lazy property: reading it parses inline)


def _stock_reading(document: Document) -> tuple[list[object], list[object], list[object]]:
    """Headings, code blocks and tables as stock markdown-it reads the text once the fences
    superfences does not open are escaped: the first one without a closer, and every fence
    after it (superfences opens none after an unclosed one)."""
    lines = document.lines
    first = document.first_line
    tokens = STOCK.parse("\n".join(lines))
    if document.unclosed_fences:
        [unclosed] = document.unclosed_fences
        [opener] = [
            t for t in tokens if t.type == "fence" and t.map and t.map[0] + first == unclosed
        ]
        assert opener.map and opener.content.count("\n") == opener.map[1] - opener.map[0] - 1
        while later := [
            t.map[0] for t in tokens if t.type == "fence" and t.map and t.map[0] + first >= unclosed
        ]:
            for i in later:
                indent = len(lines[i]) - len(lines[i].lstrip(" >"))
                lines[i] = lines[i][:indent] + "\\" + lines[i][indent:]
            tokens = STOCK.parse("\n".join(lines))
    heads, blocks, tables = [], [], []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            heads.append((int(token.tag[1]), token.map[0] + first))
        elif token.type in ("fence", "code_block") and token.map:
            text = token.content.removesuffix("\n")
            blocks.append((token.map[0] + first, token.map[1] - 1 + first, text))
        elif token.type == "table_open" and token.map:
            tables.append(_stock_table(tokens, i, first))
    return heads, blocks, tables


def _stock_table(tokens: list[Token], start: int, first: int) -> tuple[int, list[object]]:
    rows: list[object] = []
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open" and token.map:
            rows.append((token.map[0] + first, []))
        elif token.type == "inline":
            rows[-1][1].append(token.content)  # type: ignore[index]
    return (tokens[start].map or [0])[0] + first, rows


def _model_table(document: Document, index: int) -> tuple[int, list[object]]:
    table = document.tables[index]
    rows = [(table.line, list(table.header))]
    rows += [(line, list(cells)) for line, cells in zip(table.row_lines, table.rows, strict=True)]
    return table.line, rows


@given(skill_bodies())
def test_the_model_reads_what_markdown_it_reads(body: str) -> None:
    document = parse_document(body, first_line=6)
    heads, blocks, tables = _stock_reading(document)
    assert [(s.level, s.line) for s in document.sections if s.level] == heads
    assert [(b.line, b.end_line, b.text) for b in document.code_blocks] == blocks
    assert len(document.tables) == len(tables)
    for n, (line, stock_rows) in enumerate(tables):
        model_line, model_rows = _model_table(document, n)
        assert model_line == line
        assert [r[0] for r in model_rows] == [r[0] for r in stock_rows]  # type: ignore[index]
        for (_, ours), (_, theirs) in zip(model_rows, stock_rows, strict=True):  # type: ignore[misc]
            if not any("`" in cell for cell in ours):
                assert [c.replace("\\|", "|") for c in ours][: len(theirs)] == theirs


@settings(max_examples=min(100, settings.default.max_examples))  # each counts every call
@given(skill_bodies())
def test_parse_work_grows_linearly_with_the_text(body: str) -> None:
    """Each added copy of the text costs about what the last one did: counted, not timed.

    The work of 4, 8 and 16 copies: linear work adds twice as much from 8 to 16 as from
    4 to 8, quadratic four times. Ratios of totals mislead at small sizes: a fence the
    first copy opens is closed by the second's, so 2 copies can cost less than 1.
    """
    w4, w8, w16 = (_python_calls(lambda k=k: parse_document(body * k).links) for k in (4, 8, 16))
    assert w16 - w8 <= 3 * (w8 - w4) + 64
