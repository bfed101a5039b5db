"""markdown-it-py 4's fence rule with `exact_match=True` (a closing fence must have exactly the
opener's number of markers), the oracle of `test_markdown_properties.py`: copied from
markdown-it-py 4.3.0's `rules_block/fence.py` (MIT, (c) ExecutableBookProject), reduced to that
option. site-gen pins markdown-it-py 3 (4 needs Python 3.10 and the plugin's client copies the
parser, see site_gen/search/vendor_build.py), and 3 has no `make_fence_rule`."""

from __future__ import annotations

from markdown_it.rules_block.state_block import StateBlock


def exact_fence(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    haveEndMarker = False
    pos = state.bMarks[startLine] + state.tShift[startLine]
    maximum = state.eMarks[startLine]
    if state.is_code_block(startLine):
        return False
    if pos + 3 > maximum:
        return False
    marker = state.src[pos]
    if marker not in ("~", "`"):
        return False
    # scan marker length
    mem = pos
    pos = state.skipCharsStr(pos, marker)
    length = pos - mem
    if length < 3:
        return False
    markup = state.src[mem:pos]
    params = state.src[pos:maximum]
    if marker == "`" and marker in params:
        return False
    # Since start is found, we can report success here in validation mode
    if silent:
        return True
    # search end of block
    nextLine = startLine
    while True:
        nextLine += 1
        if nextLine >= endLine:
            # unclosed block should be autoclosed by end of document.
            break
        pos = mem = state.bMarks[nextLine] + state.tShift[nextLine]
        maximum = state.eMarks[nextLine]
        if pos < maximum and state.sCount[nextLine] < state.blkIndent:
            # non-empty line with negative indent should stop the list
            break
        try:
            if state.src[pos] != marker:
                continue
        except IndexError:
            break
        if state.is_code_block(nextLine):
            continue
        pos = state.skipCharsStr(pos, marker)
        # closing code fence must have exactly the same number of markers as the opening one
        if pos - mem != length:
            continue
        # make sure tail has spaces only
        pos = state.skipSpaces(pos)
        if pos < maximum:
            continue
        haveEndMarker = True
        # found!
        break
    # If a fence has heading spaces, they should be removed from its inner block
    length = state.sCount[startLine]
    state.line = nextLine + (1 if haveEndMarker else 0)
    token = state.push("fence", "code", 0)
    token.info = params
    token.content = state.getLines(startLine + 1, nextLine, length, True)
    token.markup = markup
    token.map = [startLine, state.line]
    return True
