# Copied from site_gen/markdown_parsers.py by `site-gen marketplace`: edit that file.
"""The two markdown-it parsers `markdown.py` reads every file with.

The block parser is CommonMark with tables, admonitions and definition lists, whose fences
close as `pymdownx.superfences` closes them on the page (why: `markdown.py`'s module
docstring), and whose table rows remember their source line; the inline parser keeps every
link as written. Split out of `markdown.py`, which builds the parsed `Document` from them.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import fence as base_fence
from markdown_it.rules_block import table as base_table
from markdown_it.rules_block.state_block import StateBlock
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin


def _closing_line(state: StateBlock, start: int, end: int, marker: str, length: int) -> int:
    """The line that closes a fence opened at `start`, as superfences closes it (a line of
    exactly the opener's fence characters at the opener's indent), or -1 for none."""
    line = start + 1
    while line < end:
        pos, maximum = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if pos < maximum and state.sCount[line] < state.blkIndent:
            break
        if (
            pos < maximum
            and state.src[pos] == marker
            and state.sCount[line] == state.sCount[start]
            and state.skipCharsStr(pos, marker) - pos == length
            and state.skipSpaces(state.skipCharsStr(pos, marker)) >= maximum
        ):
            return line
        line += 1
    return -1


def _fence_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's fence rule with superfences' closing (see `markdown.py`'s docstring)."""
    if not base_fence(state, start, end, True):  # an opener: marker run, info string
        return False
    if silent:  # may a fence end the paragraph or list above? The non-silent call decides
        return True
    if state.env.get("unclosed_fences"):
        return False  # superfences never opens a fence again after one that did not close
    pos = state.bMarks[start] + state.tShift[start]
    marker = state.src[pos]
    after = state.skipCharsStr(pos, marker)
    close = _closing_line(state, start, end, marker, after - pos)
    if close < 0:
        state.env["unclosed_fences"] = [start]
        return False
    token = state.push("fence", "code", 0)
    token.info = state.src[after : state.eMarks[start]]
    token.content = state.getLines(start + 1, close, state.sCount[start], True)
    token.markup = state.src[pos:after]
    token.map = [start, close + 1]
    state.line = close + 1
    return True


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if silent:  # asked whether a table may interrupt a paragraph: not on the page
        if base_table(state, start, end, True):
            state.env.setdefault("loose_tables", set()).add(start)
        return False
    first = len(state.tokens)
    if not base_table(state, start, end, False):
        return False
    for token in state.tokens[first:]:
        if token.type == "tr_open" and token.map:
            line = token.map[0]
            source = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            token.meta["source"] = source
    return True


def _block_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": 20}).enable("table")
    md.use(admon_plugin).use(deflist_plugin)
    md.block.ruler.at(
        "fence", _fence_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.block.ruler.at("table", _table_rule, {"alt": ["paragraph", "reference"]})
    md.disable(["inline", "text_join"])  # inline content is parsed on demand (links, spans)
    return md


class _LinksAsWritten(MarkdownIt):
    """Every link kept as written: validation compares targets with file names, and judging
    schemes is the page sanitizer's job."""

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url


def _inline_parser() -> MarkdownIt:
    return _LinksAsWritten("commonmark", {"maxNesting": 20})


BLOCKS = _block_parser()
INLINE = _inline_parser()
