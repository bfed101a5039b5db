"""The one Markdown reading: cases where the old per-module scanners disagreed with the page."""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from types import FrameType
from typing import Any

import markdown
import pytest
import yaml

from site_gen.config import Config
from site_gen.emit.skill_markdown import render_skill_markdown
from site_gen.emit.well_known import skill_files
from site_gen.loader import load_registry
from site_gen.markdown import parse_document
from site_gen.parse_skill import parse_skill
from site_gen.parse_troubleshooting import parse_troubleshooting_file
from site_gen.registry import check_registry
from site_gen.render import render_pages
from tests.conftest import REPO, MakeRegistry, plugin_files

FAILED_TABLE = (
    "| Attempt | Why it Failed | Lesson Learned |\n"
    "|---------|---------------|----------------|\n"
    "| fp16 | `nan` at step 300 | use bf16 |\n"
    "| plain `GradScaler` | unscale error | fp32 master weights |\n"
)


def skill_with(body: str) -> str:
    return f'---\nname: demo\ndescription: "demo"\n---\n{body}'


def failed_rows(body: str) -> list[tuple[str, int]]:
    skill, _ = parse_skill(skill_with(body), "SKILL.md", "demo")
    return [(row.attempt, row.source.line) for row in skill.failed_attempts]


def test_a_line_starting_with_an_inline_triple_backtick_span_is_not_a_fence() -> None:
    body = "\n```inline``` is a code span, not a fence\n\n## Failed Attempts\n\n" + FAILED_TABLE
    assert failed_rows(body) == [("fp16", 12), ("plain `GradScaler`", 13)]


def test_an_unclosed_fence_is_text_as_on_the_page() -> None:
    """Superfences shows an unclosed fence as text, so what follows it is still Markdown."""
    body = "\nSee this:\n\n```python\nprint(1)\n\n## Failed Attempts\n\n" + FAILED_TABLE
    skill, problems = parse_skill(skill_with(body), "SKILL.md", "demo")
    assert [s.title for s in skill.sections] == ["Failed Attempts"]
    assert [row.source.line for row in skill.failed_attempts] == [15, 16]
    assert [(p.line, p.code) for p in problems] == [(8, "W050")]
    assert parse_document(body).code_blocks == ()


def test_a_heading_keeps_a_hash_that_is_part_of_its_text() -> None:
    skill, _ = parse_skill(skill_with("\n## Using C#\n\n### F# and C# ##\n"), "SKILL.md", "demo")
    assert [s.title for s in skill.sections] == ["Using C#", "F# and C#"]


def test_a_table_right_after_a_text_line_is_text_on_the_page() -> None:
    body = "\n## Failed Attempts\n\n**What we tried:**\n" + FAILED_TABLE
    skill, problems = parse_skill(skill_with(body), "SKILL.md", "demo")
    assert skill.failed_attempts == ()
    assert [(p.line, p.code) for p in problems] == [(9, "W051")]


def test_labels_inside_code_blocks_do_not_make_an_entry() -> None:
    text = "# T\n\n## Common Issues\n\n**Fragile**:\n```\nError: verbatim\nSolution: add it\n```\n"
    assert parse_troubleshooting_file(text, "t.md") == []


def test_crlf_bom_tabs_emoji_and_zero_width_characters() -> None:
    lf = skill_with("\n# Demo 🚀\n\n## Failed Attempts\n\n" + FAILED_TABLE)
    rows = failed_rows(lf.split("---\n", 2)[2])
    crlf = "\ufeff" + lf.replace("\n", "\r\n")
    skill, problems = parse_skill(crlf, "SKILL.md", "demo")
    assert problems == []
    assert [(r.attempt, r.source.line) for r in skill.failed_attempts] == rows
    odd = (
        "\n## Failed Attempts \u200b🧪\n\n"
        "|\tAttempt\t| Why | Lesson |\n|---|---|---|\n"
        "| emoji 🤖\u200d🔧 and zero\u200bwidth | `x\u2028y` | " + "z" * 100_000 + " |\n"
    )
    [row] = parse_skill(skill_with(odd), "SKILL.md", "demo")[0].failed_attempts
    assert row.attempt == "emoji 🤖\u200d🔧 and zero\u200bwidth"
    assert row.why == "`x\u2028y`" and len(row.lesson) == 100_000
    assert row.source.line == 10


def test_unicode_line_separators_do_not_shift_line_numbers() -> None:
    """Python's splitlines() splits at U+2028 and form feeds; Markdown does not."""
    body = (
        "\nA paragraph\u2028with a line separator and a \x0c form feed.\n\n## Failed Attempts\n\n"
    )
    assert [line for _, line in failed_rows(body + FAILED_TABLE)] == [12, 13]


def test_links_and_code_have_their_lines() -> None:
    doc = parse_document(
        "Intro [a](a.md) and\n[b](b.md) `[not](c.md)`\n\n    indented [d](d.md)\n\n"
        "- item\n\n    ```sh\n    run [e](e.md)\n    ```\n\n[f][ref]\n\n[ref]: f.md\n",
        first_line=10,
    )
    assert [(link.target, link.line) for link in doc.links] == [
        ("a.md", 10),
        ("b.md", 11),
        ("f.md", 21),
    ]
    assert [(b.lang, b.text, b.line, b.end_line, b.fenced) for b in doc.code_blocks] == [
        ("", "indented [d](d.md)", 13, 13, False),
        ("sh", "run [e](e.md)", 17, 19, True),
    ]
    assert doc.code_spans == ((11, "[not](c.md)"),)


def _python_calls(work: Callable[[], Any]) -> int:
    """How many Python functions `work` calls: a measure of work that no machine load skews."""
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def test_troubleshooting_parsing_is_linear_in_the_number_of_headings() -> None:
    """Twice the headings, about twice the work (the old reader did four times as much).
    Wall times at 20,000 headings are in benchmarks/parse_speed.py, not asserted here."""

    def file_with(n: int) -> str:
        return "# T\n\n" + "".join(f"## `Error {i}: failed`\n\nCause {i}.\n\n" for i in range(n))

    small, large = file_with(500), file_with(1000)
    assert len(parse_troubleshooting_file(large, "t.md")) == 1000
    ratio = _python_calls(lambda: parse_troubleshooting_file(large, "t.md")) / _python_calls(
        lambda: parse_troubleshooting_file(small, "t.md")
    )
    assert ratio < 2.3


def test_emitters_read_headings_code_and_links_from_the_tree(make_registry: MakeRegistry) -> None:
    """Per-skill Markdown demotes the reference's headings and points its links at the source;
    the agent-skill copy rewrites plugin links. Neither touches code, and an unclosed fence is
    not code (the old scanner left everything after it alone)."""
    files = plugin_files("lora-fp16-nan", "training")
    files["plugins/training/lora-fp16-nan/references/notes.md"] = (
        "# Notes\n\n```md\n## in code [x](experiment-log.md)\n```\n\n~~~text\nunclosed\n\n"
        "## Using C#\n\nSee [log](experiment-log.md) and `[not](a.md)`.\n"
    )
    skill_path = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    files[skill_path] += "\n```md\n[kept](../../references/notes.md)\n```\n"
    registry = load_registry(make_registry(files)).registry
    plugin = registry.plugins[0]
    skill = plugin.skills[0]
    text = render_skill_markdown(plugin, skill, Config(repo="o/r"))
    source = "https://github.com/o/r/tree/main/plugins/training/lora-fp16-nan/references"
    assert f"### Using C#\n\nSee [log]({source}/experiment-log.md) and `[not](a.md)`." in text
    assert "```md\n## in code [x](experiment-log.md)\n```" in text
    agent_copy = skill_files(plugin, skill)["SKILL.md"]
    assert "[troubleshooting notes](references/troubleshooting.md)" in agent_copy
    assert "```md\n[kept](../../references/notes.md)\n```" in agent_copy


class _CodeOnPage(HTMLParser):
    """The text of every `<pre>` block of a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.blocks = 0, []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "pre":
            self.depth += 1
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.blocks[-1] += data


def _code_on_page(text: str) -> list[str]:
    """Code blocks as the site renders them: Python-Markdown with mkdocs.yml's extensions."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    page = _CodeOnPage()
    page.feed(markdown.markdown(text, extensions=extensions))
    return [html.unescape(block).removesuffix("\n") for block in page.blocks]


@pytest.mark.parametrize(
    "text",
    [
        "```markdown\nExample:\n\n  ```bash\n  run\n  ```\n\nDone.\n```\n\nafter\n",  # nested
        "```\ncode\n````\nstill code\n```\n",  # a longer fence does not close
        "- item:\n\n    ```python\n    x = 1\n    ```\n",  # in a list
        "~~~\nunclosed\n\n```python\nx = 1\n```\n\n## After\n",  # no fence after an unclosed one
        "!!! note\n    ```yaml\n    a: 1\n    ```\n",  # in an admonition
        "    indented <![CDATA[ {{ x }} ]]>\n\ntext\n",
    ],
)
def test_code_blocks_are_the_ones_the_page_shows(text: str) -> None:
    assert [b.text for b in parse_document(text).code_blocks] == _code_on_page(text)


def test_the_skill_page_finds_headings_where_the_model_does(make_registry: MakeRegistry) -> None:
    """A fenced Markdown example (with a fence nested at a deeper indent) that shows a
    '## Failed Attempts' heading is code on the page: the page's heading scan reads the tree,
    so it neither boxes the example nor breaks the block."""
    files = plugin_files("lora-fp16-nan", "training")
    path = "plugins/training/lora-fp16-nan/skills/lora-fp16-nan/SKILL.md"
    example = "```markdown\n## Failed Attempts\n\n  ```bash\n  run\n  ```\n\n## Notes\n```\n"
    head, failed = files[path].split("## Failed Attempts")
    files[path] = head + example + "\n## Failed Attempts" + failed
    registry = check_registry(make_registry(files)).registry
    page = render_pages(registry, Config(), "# Home\n")["skills/lora-fp16-nan.md"]
    assert len(registry.plugins[0].skills[0].failed_attempts) == 2
    assert example in page
    assert page.count("{#failed-attempts}") == 1
