"""Hypothesis strategies for skill bodies built from the Markdown real skills are made of.

Reusable by any property test (the Markdown tree's, the MkDocs pipeline's): `skill_bodies()`
draws a body as a list of blocks joined by blank lines, `skill_files()` a whole SKILL.md.
The blocks are the constructs that broke readers before: headings with `#` in their text,
the Failed Attempts table with escaped pipes and code spans holding pipes, nested lists,
fences with and without info strings, tildes, unclosed fences, indented code, admonitions,
footnotes, raw HTML, HTML-, Jinja- and attr-list-looking text in code, and the characters
that shift naive line counts (CRLF, BOM, tabs, emoji, zero-width, U+2028, form feed).
"""

from __future__ import annotations

from hypothesis import strategies as st

TRICKY_CODE = (
    "(?<![\\w./])",
    "<![CDATA[x]]>",
    "<!-- note -->",
    "<?php echo 1; ?>",
    "<model_name>",
    "<script>alert(1)</script>",
    "{{ x }}",
    "{% if x %}y{% endif %}",
    "{: .x onclick=alert(1) }",
    "a | b",
    "a \\| b",
    "#include <stdio.h>",
    "## not a heading",
    "| not | a | table |",
    "lr: 3e-4",
)
ODD_TEXT = ("🚀", "🤖\u200d🔧", "zero\u200bwidth", "\u2028", "\x0c", "\t", "é", "C#", "F#")

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
code_text = st.sampled_from(TRICKY_CODE) | words


@st.composite
def code_spans(draw: st.DrawFn) -> str:
    text = draw(code_text)
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}" if "`" not in text else f"`` {text} ``"


@st.composite
def inline(draw: st.DrawFn, allow_pipes: bool = True) -> str:
    """A line of inline Markdown: words, spans, links, emphasis, odd characters."""
    parts = draw(
        st.lists(
            words
            | code_spans()
            | st.sampled_from(ODD_TEXT[:3] + ODD_TEXT[4:5] + ODD_TEXT[6:])
            | words.map(lambda w: f"**{w}**")
            | words.map(lambda w: f"[{w}](references/{w}.md)")
            | st.just("[^1]")
            | (st.just("\\|") if allow_pipes else words),
            min_size=1,
            max_size=6,
        )
    )
    return " ".join(parts)


@st.composite
def headings(draw: st.DrawFn) -> str:
    level = draw(st.integers(1, 6))
    title = draw(inline(allow_pipes=False))
    tail = draw(st.sampled_from(["", " C#", " #", " ##", " {#anchor}"]))
    return f"{'#' * level} {title}{tail}"


@st.composite
def failed_tables(draw: st.DrawFn) -> str:
    """The Failed Attempts heading and table (escaped pipes, code with pipes, empty cells)."""
    cell = inline() | code_spans().map(lambda s: s.replace("\\|", "|")) | st.just("")
    rows = draw(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=5))
    lines = ["| Attempt | Why it Failed | Lesson Learned |", "|---|:--|--:|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "## Failed Attempts\n\n" + "\n".join(lines)


@st.composite
def fences(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "python", "bash", "yaml title", "text"]))
    body = draw(st.lists(code_text, min_size=0, max_size=4))
    closed = draw(st.booleans() | st.just(True))
    return "\n".join([f"{marker}{info}", *body, *([marker] if closed else [])])


@st.composite
def lists(draw: st.DrawFn) -> str:
    """Bullets and numbers, nested by four spaces (the indent both renderers nest at)."""
    items = draw(st.lists(st.tuples(st.integers(0, 2), inline()), min_size=1, max_size=5))
    ordered = draw(st.booleans())
    lines = []
    for n, (depth, text) in enumerate(items, 1):
        depth = min(depth, lines[-1][0] + 1) if lines else 0
        lines.append((depth, f"{'    ' * depth}{f'{n}.' if ordered else '-'} {text}"))
    return "\n".join(text for _, text in lines)


@st.composite
def admonitions(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["note", "warning", "tip"]))
    body = draw(st.lists(inline(), min_size=1, max_size=3))
    return f'!!! {kind} "Heads up"\n' + "\n".join(f"    {line}" for line in body)


indented_code = st.lists(code_text, min_size=1, max_size=3).map(
    lambda lines: "\n".join(f"    {line}" for line in lines)
)
footnotes = inline().map(lambda text: f"[^1]: {text}")
raw_html = st.sampled_from(
    ["<div>\n<b>bold</b>\n</div>", "<!-- a comment -->", "<details><summary>x</summary>y</details>"]
)
thematic_breaks = st.sampled_from(["---", "***", "- - -"])

blocks = (
    headings()
    | inline()
    | failed_tables()
    | fences()
    | lists()
    | admonitions()
    | indented_code
    | footnotes
    | raw_html
    | thematic_breaks
)


@st.composite
def skill_bodies(draw: st.DrawFn) -> str:
    """A SKILL.md body: blocks separated by blank lines."""
    return "\n\n".join(draw(st.lists(blocks, min_size=1, max_size=12))) + "\n"


@st.composite
def skill_files(draw: st.DrawFn) -> str:
    """A whole SKILL.md, sometimes with a BOM and CRLF line endings."""
    text = '---\nname: demo\ndescription: "Use when testing. Verified here."\n---\n\n'
    text += draw(skill_bodies())
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text
