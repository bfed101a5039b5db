"""The PR comment rendered from a summary artifact: the golden comment, and hostile artifacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_gen.pr_report import (
    MARKER,
    MAX_COMMENT,
    MAX_SUMMARY_BYTES,
    SummaryError,
    code,
    parse_summary,
    render_comment,
)
from tests.conftest import REPO

SITE = "https://your-org.github.io/skills-registry/"
FIXTURE = REPO / "tests" / "data" / "pr-summary.json"
GOLDEN = REPO / "tests" / "golden" / "pr-comment.md"
"""The comment for tests/pr_fixture.py's pull request (reviewed; the step-runner test in
test_workflows.py checks that the workflows produce and post exactly this)."""
MD = MarkdownIt("commonmark")


def test_the_golden_comment() -> None:
    assert render_comment(parse_summary(FIXTURE.read_bytes()), SITE) == GOLDEN.read_text()


def _inline(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or [])]


@given(st.text(max_size=300))
def test_any_text_becomes_one_literal_code_span(text: str) -> None:
    rendered = code(text, 400)
    tokens = _inline(MD.parse(f"- x {rendered}"))
    if rendered == "(empty)":
        assert not any(c.isprintable() and not c.isspace() for c in text if c.isascii())
        return
    assert [t.type for t in tokens] == ["text", "code_inline"]
    if all(c.isprintable() or c in " \t\n" for c in text):
        # What GitHub shows is the text itself, on one line.
        assert tokens[1].content == " ".join(text.split())


def hostile() -> dict[str, Any]:
    """Everything an attacker controls, set to something that would do harm if it leaked."""
    evil = "@everyone <img src=x onerror=alert(1)> [x](javascript:alert(1)) <!-- -->\n\n## fake"
    return {
        "format": 1,
        "pull_request": 7,
        "base": "origin/main",
        "check": {"errors": 1, "warnings": 0},
        "plugins": [
            {
                "path": "plugins/x/" + evil,
                "name": evil,
                "status": "added",
                "version_before": "",
                "version": "1.0.0 <script>",
                "problems": [
                    {"path": evil, "line": 1, "code": "<b>", "severity": "error", "message": evil}
                ]
                * 30,
                "new_entries": [
                    {
                        "title": evil,
                        "error": "``` `` ` " + evil,
                        "covered_by": {
                            "skill": "lora-fp16-nan",
                            "entry": evil,
                            "anchor": "x)(javascript:alert(1)",
                        },
                    },
                    {
                        "title": evil,
                        "error": "https://evil.example/phish",
                        "covered_by": {"skill": "ok", "entry": evil, "anchor": "fine-anchor"},
                    },
                ],
            }
        ],
        "overlaps": [evil],
    }


def test_nothing_an_artifact_holds_leaves_its_code_span() -> None:
    comment = render_comment(parse_summary(json.dumps(hostile()).encode()), SITE)
    tokens = MD.parse(comment)
    html = [t.content.strip() for t in tokens if t.type == "html_block"]
    html += [t.content for t in _inline(tokens) if t.type == "html_inline"]
    assert html == [MARKER, "<sub>", "</sub>"]
    text = " ".join(t.content for t in _inline(tokens) if t.type == "text")
    for leak in ("@everyone", "<img", "javascript", "fake", "<script>", "<b>", "evil.example"):
        assert leak not in text
    hrefs = [t.attrGet("href") for t in _inline(tokens) if t.type == "link_open"]
    assert hrefs == [f"{SITE}skills/ok/#fine-anchor"]
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 2  # the title and the one plugin, nothing from the artifact
    assert "... and 20 more" in comment


def test_a_huge_summary_makes_a_comment_github_accepts() -> None:
    summary = hostile()
    plugin = summary["plugins"][0]
    summary["plugins"] = [{**plugin, "name": f"skill-{i}"} for i in range(39)]
    raw = json.dumps(summary).encode()
    assert len(raw) < MAX_SUMMARY_BYTES
    comment = render_comment(parse_summary(raw), SITE)
    assert len(comment) <= MAX_COMMENT and comment.startswith(MARKER)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff", "the summary is not JSON"),
        (b"[]", "summary is not an object"),
        (b'{"format": 2}', "summary.format is 2, not 1"),
        (b" " * (MAX_SUMMARY_BYTES + 1), "bytes; at most"),
    ],
)
def test_what_is_not_a_summary_is_refused(raw: bytes, message: str) -> None:
    with pytest.raises(SummaryError, match=message):
        parse_summary(raw)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("pull_request",), True, "pull_request is not a count"),
        (("pull_request",), -1, "pull_request is not a count"),
        (("plugins", 0, "status"), "merged", "plugins\\[0\\].status is 'merged'"),
        (("plugins", 0, "problems", 0, "line"), "3", "plugins\\[0\\].problems\\[0\\].line"),
        (("plugins", 0, "name"), "x" * 5000, "plugins\\[0\\].name is not a string"),
        (("plugins", 0, "new_entries"), {}, "plugins\\[0\\].new_entries is not a list"),
    ],
)
def test_a_field_of_the_wrong_kind_is_named(
    path: tuple[str | int, ...], value: object, message: str
) -> None:
    summary = json.loads(FIXTURE.read_text())
    summary["plugins"][0]["problems"] = [
        {"path": "p", "line": 1, "code": "W1", "severity": "warning", "message": "m"}
    ]
    target: Any = summary
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(SummaryError, match=message):
        parse_summary(json.dumps(summary).encode())


def test_code_spans_hold_backticks_and_stay_on_one_line(tmp_path: Path) -> None:
    assert code("a `b` c") == "``a `b` c``"
    assert code("`x`") == "`` `x` ``"
    assert code("line one\nline two\r\n\u2028three") == "`line one line two three`"
    assert code("x" * 200, 10) == "`xxxxxxxxx\u2026`"
    assert code("\n") == "(empty)"
