# Copied from site_gen/search/hook_gate.py by `site-gen marketplace`: edit that file.
"""When a failing command's output is worth interrupting Claude with: the hook's own gate.

`rank.rank` was tuned for a person who chose to paste an error, so its `confident` flag is
generous: fed everyday failures (a missing file, a failing test, a pandas `KeyError`) it
calls about one in five confident. An automatic hook needs noise-level precision, so on top
of the paste ranking (unchanged, shared with the page and `site-gen lookup`) it asks:

- the output has an exception line (`FooError: ...`, `CUDA error`, `error: ...`): the focus
  tokens the ranking matched are that line's, not a log's chatter;
- the top entry covers most of that line (by idf) and leads every other skill;
- at least `MIN_DISTINCT` of the matched tokens are distinctive: not words every failing
  command prints (`GENERIC`), and found in the entry's quoted error or title (a term weight
  of at least `MIN_TF`: those fields are boosted 3x and 2x, a fix or context 0.5x and 0.3x).

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

from typing import Any

from . import hook_text
from .rank import Match, idf, rank_terms

MIN_COVERAGE = 0.3
"""Share (by idf) of the exception line's tokens the entry must contain."""
MIN_MARGIN = 0.2
"""How far the entry must lead the best entry of another skill, relative to its score."""
MIN_DISTINCT = 2
"""Distinctive tokens (see the module docstring) the entry and the exception line share."""
MANY_DISTINCT = 4
"""Below `SURE_COVERAGE` (a long log whose exception line is only partly quoted by the
entry), this many distinctive words must match instead."""
SURE_COVERAGE = 0.7
MIN_TF = 2.0
"""A token's weight in an entry when it occurs in the entry's error or title field."""
MIN_CONTEXT_TF = 1.0
"""A corroborating token (from the output's other lines: frames, log) must be in the entry's
error, title, symptom or cause (a fix alone weighs 0.5, the skill's context 0.3)."""

_GENERIC_TEXT = """
    error errors exception exceptions traceback recent call last file files line lines exit
    code status failed failure fail fails fatal warning warn not found no such directory
    command cannot can't unable invalid unexpected argument arguments value type key index
    attribute name module import from object none true false self main bin usr lib local
    python python3 site packages dist run runs running return returned raise raised process
    keyerror valueerror typeerror indexerror attributeerror nameerror importerror oserror
    runtimeerror assertionerror filenotfounderror modulenotfounderror permissionerror
    notimplementederror zerodivisionerror recursionerror systemexit keyboardinterrupt
    timeouterror connectionerror jsondecodeerror unicodedecodeerror syntaxerror
    indentationerror memoryerror stopiteration lookuperror ioerror environmenterror
    permission denied refused connection timeout timed expected got missing unknown
    undefined defined support supported exist exists does should must could would
    int str float dict list tuple bool bytes len has have object attribute
    pid exitcode returncode local_rank rank signal
"""
GENERIC = frozenset(_GENERIC_TEXT.split())
"""Words any failing command may print: matching them says nothing about which fix applies.
Python's built-in exception names, shell/OS error words and the words of a launcher's exit
report (`exitcode : 1 (pid: 830)`, whatever the code), not anything from a registry."""


def _number(index: dict[str, Any], doc: dict[str, Any]) -> int:
    number = doc.get("n")
    if isinstance(number, int):
        return number
    return next(i for i, d in enumerate(index["docs"]) if d is doc)


def _singling_out(
    index: dict[str, Any], terms: frozenset[str], number: int, min_tf: float
) -> list[str]:
    """`terms` found in entry `number` with at least `min_tf`, not generic, not common."""
    total = len(index["docs"])
    found = []
    for term in sorted(terms):
        if term in GENERIC or len(term) < 3:
            continue
        plist = index["postings"].get(term, [])
        if len(plist) // 2 > max(1, total // 4):
            continue  # in a quarter of all entries: not distinctive here
        tf = next((plist[i + 1] for i in range(0, len(plist), 2) if plist[i] == number), 0.0)
        if tf >= min_tf and idf(len(plist) // 2, total) > 0:
            found.append(term)
    return _independent(found)


def distinctive(
    index: dict[str, Any], query: hook_text.Query, match: Match
) -> tuple[list[str], list[str]]:
    """The error's tokens that single out `match`'s entry (see module docstring), and the
    rest of the output's tokens that corroborate it (named anywhere but the skill's context)."""
    number = _number(index, match.doc)
    own = _singling_out(index, query.focus, number, MIN_TF)
    others = _singling_out(index, query.context, number, MIN_CONTEXT_TF)
    return own, [t for t in others if not any(t in w or w in t for w in own)]


def _independent(terms: list[str]) -> list[str]:
    """One word per compound: `set_detect_anomaly` also yields `set`, `detect`, `anomaly`."""
    kept: list[str] = []
    for term in sorted(terms, key=lambda t: (-len(t), t)):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return sorted(kept)


def judge(index: dict[str, Any], query: hook_text.Query) -> Match | None:
    """The top entry for one reading of the output when it passes the gate, else None."""
    results = rank_terms(index, query.weights, set(query.focus), 5)
    if not results or results[0].coverage < MIN_COVERAGE:
        return None
    top = results[0]
    if not hook_text.agrees(query, top.doc["error"]):
        return None  # a launcher's exit code the entry does not quote (`hook_shapes`)
    rival = next((m.score for m in results if m.doc["skill"] != top.doc["skill"]), 0.0)
    if (top.score - rival) / top.score < MIN_MARGIN:
        return None
    own, others = distinctive(index, query, top)
    words = len(own) + len(others)
    if not own or words < MIN_DISTINCT:
        return None
    if top.coverage < SURE_COVERAGE and (len(own) < MIN_DISTINCT or words < MANY_DISTINCT):
        return None
    return top


def confident_entry(index: dict[str, Any], text: str) -> Match | None:
    """The entry to put in front of Claude for this output, or None (most of the time)."""
    return first_confident(index, hook_text.queries(text))


def first_confident(index: dict[str, Any], readings: list[hook_text.Query]) -> Match | None:
    """The first reading's entry that passes the gate (`hook_text.queries` gives the order)."""
    for query in readings:
        match = judge(index, query)
        if match is not None:
            return match
    return None
