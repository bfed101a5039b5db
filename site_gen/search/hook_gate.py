"""When a failing command's output is worth interrupting Claude with: the hook's own gate.

`rank.rank` was tuned for a person who chose to paste an error, so its `confident` flag is
generous: fed everyday failures (a missing file, a failing test, a pandas `KeyError`) it
calls about one in five confident. An automatic hook needs noise-level precision, so on top
of the paste ranking (unchanged, shared with the page and `site-gen lookup`) it asks:

- the output has an exception line (`FooError: ...`, `CUDA error`, `error: ...`): the focus
  tokens the ranking matched are that line's, not a log's chatter;
- the top entry covers most of that line (by idf) and leads every other skill (or ties with
  them: see below);
- at least `MIN_DISTINCT` of the matched tokens are distinctive: not words every failing
  command prints (`GENERIC`), and found in the entry's quoted error or title (a term weight
  of at least `MIN_TF`: those fields are boosted 3x and 2x, a fix or context 0.5x and 0.3x).
  The exception's name alone (`pyarrow.lib.ArrowInvalid`) only corroborates: it says which
  library raised, and a library raises many errors;
- the output shows at least `MIN_SHOWN` of the own words of one error line the entry quotes
  (`shown_share`), or the entry holds the whole final error, which says two words of its own
  (`_said_within`: a run printed less of the error than the entry quotes). In a small
  registry idf calls ordinary words distinctive (`column`, `length`, `tensor` are rare among
  80 entries): an uncovered pandas error shared two of them with an entry quoting another
  error. Asking the converse, how much of the entry's error the output shows, does not
  depend on the registry's size.

Or, for the final error of the output only: the entry quotes that error's whole line word for
word (`hook_text.whole_line`: digits masked, quotes unified) and the line has a word that is
not generic. A short line such as `No module named 'flash_attn'` then needs no frames.

An output with no error line at all is read by its last lines (`hook_text`, `Query.said`):
for them only that word-for-word rule (or the same line with other quoted values) holds, never
shared words: a line of everyday output that shares words with an entry is no error.

An entry that quotes no error (`kind` "symptom": a free-form troubleshooting heading or
bullet) never passes: its words are a symptom's, too vague to interrupt Claude with.

Ties: many skills may quote one error (`CUDA out of memory`, an NCCL timeout). Every skill
whose best entry scores within `MIN_MARGIN` of the top one is a candidate; when each passes
the gate on its own, they are all confident, best first (score, then the skill's most recent
`date`, then its name): the hook shows a few and counts the rest. When one of them fails the
gate, the error is too ambiguous to name a fix: silence, as before. Skills that quote the
final error's whole line join the group whatever their score (a long entry scores lower).

Standard library only, Python 3.9+: copied into the tooling plugin with the ranking.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from . import hook_text
from .hook_words import EXCEPTION_NAME, GENERIC, WORD, content_words, message_words, name_only
from .rank import Match, idf, rank_terms
from .tokenize import STOPWORDS

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
MIN_SHOWN = 0.5
"""Share of one line the entry quotes (its own words) the output must show (`shown_share`)."""
MIN_TF = 2.0
"""A token's weight in an entry when it occurs in the entry's error or title field."""
MIN_CONTEXT_TF = 1.0
"""A corroborating token (from the output's other lines: frames, log) must be in the entry's
error, title, symptom or cause (a fix alone weighs 0.5, the skill's context 0.3)."""
FULL = 0.999
"""Coverage of an entry that holds every word of the error (the rest of a sum of floats)."""
TIE_LOOK = 400
"""Documents of the ranking read for a tie group (one skill may quote an error in an entry
and a Failed Attempts row): a generated 1,000-skill registry quotes one OOM text in 330."""

TermWeights = Callable[[str], "dict[int, float]"]
"""A term's weight in each document that has it (postings read once per reading)."""


def _term_weights(index: dict[str, Any]) -> TermWeights:
    table: dict[str, dict[int, float]] = {}

    def weights(term: str) -> dict[int, float]:
        if term not in table:
            plist = index["postings"].get(term) or []
            table[term] = {int(plist[i]): plist[i + 1] for i in range(0, len(plist), 2)}
        return table[term]

    return weights


def _numbers(index: dict[str, Any]) -> Callable[[dict[str, Any]], int]:
    """A document's number: the client's documents carry it (`n`); site-gen's are found by
    identity, with one pass over the list when first asked."""
    found: dict[int, int] = {}

    def number(doc: dict[str, Any]) -> int:
        given = doc.get("n")
        if isinstance(given, int):
            return given
        if not found:
            found.update((id(d), i) for i, d in enumerate(index["docs"]))
        return found[id(doc)]

    return number


def _singling_out(
    index: dict[str, Any], tf_of: TermWeights, terms: frozenset[str], number: int, min_tf: float
) -> list[str]:
    """`terms` found in entry `number` with at least `min_tf`, not generic, not common."""
    total = len(index["docs"])
    found = []
    for term in sorted(terms):
        if term in GENERIC or len(term) < 3:
            continue
        df = len(tf_of(term))
        if df > max(1, total // 4):
            continue  # in a quarter of all entries: not distinctive here
        if tf_of(term).get(number, 0.0) >= min_tf and idf(df, total) > 0:
            found.append(term)
    return _independent(found)


def distinctive(
    index: dict[str, Any],
    query: hook_text.Query,
    match: Match,
    tf_of: TermWeights | None = None,
    number_of: Callable[[dict[str, Any]], int] | None = None,
) -> tuple[list[str], list[str]]:
    """The error's tokens that single out `match`'s entry (see module docstring), and the
    rest of the output's tokens that corroborate it (named anywhere but the skill's context).
    `tf_of` and `number_of` are shared by the calls of one reading."""
    tf_of = tf_of or _term_weights(index)
    number = (number_of or _numbers(index))(match.doc)
    named = name_only(query.quoted)
    own = _singling_out(index, tf_of, query.focus - named, number, MIN_TF)
    others = _singling_out(index, tf_of, query.context | named, number, MIN_CONTEXT_TF)
    return own, [t for t in others if not any(t in w or w in t for w in own)]


def _independent(terms: list[str]) -> list[str]:
    """One word per compound: `set_detect_anomaly` also yields `set`, `detect`, `anomaly`."""
    kept: list[str] = []
    for term in sorted(terms, key=lambda t: (-len(t), t)):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return sorted(kept)


def _same(line: str) -> str:
    return line


def quotes_whole_line(
    doc: dict[str, Any], quoted: tuple[str, ...], form: Callable[[str], str] = _same
) -> bool:
    """Whether the entry's quoted error holds the error's lines, word for word, in a row
    (each line as `form` makes it: `_template` masks quoted values)."""
    if not quoted:
        return False
    lines = [form(hook_text.whole_line(line)) for line in str(doc["error"]).split("\n")]
    wanted = tuple(form(line) for line in quoted)
    size = len(wanted)
    return any(tuple(lines[i : i + size]) == wanted for i in range(len(lines) - size + 1))


_QUOTED_VALUE = re.compile(r"'[^'\n]*'")


def _template(line: str) -> str:
    """A `whole_line` with each quoted value masked: `Target modules {'c_attn', 'c_proj'} not
    found` and `{'q_proj', 'v_proj'}` are one message with other values."""
    return _QUOTED_VALUE.sub("'_'", line)


def _telling_template(query: hook_text.Query) -> bool:
    """The final error quotes values, and says two distinctive words besides them (`Error
    building extension '...'`; `No module named '...'` says one: another module is another
    error, and `No such file or directory: '...'` none)."""
    if not query.quoted or not any(_QUOTED_VALUE.search(line) for line in query.quoted):
        return False
    message = EXCEPTION_NAME.sub("", query.quoted[0], count=1)
    rest = " ".join([message, *query.quoted[1:]])
    words = {w.lower() for w in WORD.findall(_QUOTED_VALUE.sub(" ", rest))}
    return sum(w not in GENERIC and len(w) >= 3 and w not in STOPWORDS for w in words) >= 2


def _telling_line(query: hook_text.Query) -> bool:
    """The final error says more than one word (`KeyError: 'accuracy'` does not), and one of
    them is not a word every failing command prints (`No such file or directory` is not)."""
    if not query.quoted:
        return False
    message = EXCEPTION_NAME.sub("", query.quoted[0], count=1)
    words = len(WORD.findall(message)) + sum(len(WORD.findall(q)) for q in query.quoted[1:])
    return words >= 2 and any(t not in GENERIC and len(t) >= 3 for t in query.focus)


def _passes(
    index: dict[str, Any],
    query: hook_text.Query,
    match: Match,
    tf_of: TermWeights,
    number_of: Callable[[dict[str, Any]], int],
) -> bool:
    """The gate for one entry (see the module docstring)."""
    if match.doc["kind"] == "symptom":
        return False  # no quoted error, only a heading's words: lookup's, never the hook's
    # (`judge` leaves them out before ranking ties; this guards any other caller)
    if match.coverage < MIN_COVERAGE:
        return False
    if not hook_text.agrees(query, match.doc["error"]):
        return False  # a launcher's exit code the entry does not quote (`hook_shapes`)
    if _telling_line(query) and quotes_whole_line(match.doc, query.quoted):
        return True
    if _telling_template(query) and quotes_whole_line(match.doc, query.quoted, _template):
        return True
    own, others = distinctive(index, query, match, tf_of, number_of)
    words = len(own) + len(others)
    if not own or words < MIN_DISTINCT:
        return False
    if shown_share(match.doc, query) < MIN_SHOWN and not _said_within(query, match):
        return False
    return match.coverage >= SURE_COVERAGE or (len(own) >= MIN_DISTINCT and words >= MANY_DISTINCT)


def _said_within(query: hook_text.Query, match: Match) -> bool:
    """The entry holds every word of the final error, and its message says two of its own:
    the output printed less of the error than the entry quotes (`OutOfResources: out of
    resource: shared memory` of a quote that goes on with the limits and a hint)."""
    return match.coverage >= FULL and len(message_words(query.quoted)) >= MIN_DISTINCT


def shown_share(doc: dict[str, Any], query: hook_text.Query) -> float:
    """The largest share of one quoted error line's own words (not generic, not stop words,
    not a quoted value or path: another run prints its own) that the output shows anywhere,
    over every error the entry quotes (`error`, `also`); 1 when it quotes none (`unquoted`:
    its error is its title in words, and the other rules judge it alone)."""
    if doc.get("unquoted"):
        return 1.0
    shown = frozenset(query.weights)
    quoted = [str(doc["error"]), *[str(text) for text in doc.get("also") or ()]]
    lines = [content_words(line) for text in quoted for line in text.split("\n")]
    best = 0.0
    for words in [w for w in lines if len(w) >= 2] or [w for w in lines if w]:
        best = max(best, len(words & shown) / len(words))
    return best


def _doc_date(doc: dict[str, Any]) -> str:
    try:
        return str(doc["date"] or "")
    except KeyError:  # an index written before documents carried their skill's date
        return ""


def tie_order(matches: list[Match]) -> list[Match]:
    """Best first: score (as `site-gen lookup` shows it), then the skill's most recent `date`
    (ISO, so it sorts as text), then its name."""
    ordered = sorted(matches, key=lambda m: str(m.doc["skill"]))
    ordered.sort(key=lambda m: _doc_date(m.doc), reverse=True)
    ordered.sort(key=lambda m: -round(m.score, 4))
    return ordered


def judge(index: dict[str, Any], query: hook_text.Query) -> list[Match]:
    """The confident entries for one reading of the output (one per skill, best first), or
    [] when the top one or any skill tied with it fails the gate."""
    results = rank_terms(index, query.weights, set(query.focus), TIE_LOOK)
    # symptom entries (no quoted error) are lookup's: the hook neither gives them nor lets
    # their vague words outrank, and so silence, an entry that quotes the error
    # an entry that covers little of the error matched the log around it (a loss line, a
    # progress bar): it is no candidate, and no rival of one that quotes the error
    quoting = [m for m in results if m.doc["kind"] != "symptom"]
    results = [m for m in quoting if m.coverage >= MIN_COVERAGE]
    # the same line with other quoted values (`_template`) is the entry's error whatever the
    # values' own words weigh (a long path can be most of the line's tokens)
    verbatim = _verbatim(query, quoting)
    if query.said:  # a line of an output without an error line: word for word or nothing
        return tie_order(list(verbatim.values()))
    if not results:
        return tie_order(list(verbatim.values()))
    floor = results[0].score * (1 - MIN_MARGIN)
    tf_of, number_of = _term_weights(index), _numbers(index)
    best: dict[str, Match | None] = {}  # each skill's best entry that passes, within the margin
    for match in results:
        if match.score < floor:
            break
        skill = str(match.doc["skill"])
        if best.get(skill) is None and _passes(index, query, match, tf_of, number_of):
            best[skill] = match
        else:
            best.setdefault(skill, None)
    if not all(best.values()):
        # a word-for-word quote of the whole error line outweighs entries sharing its words
        return tie_order(list(verbatim.values()))
    found = {skill: match for skill, match in best.items() if match is not None}
    for skill, match in verbatim.items():  # whatever its score: a long entry scores lower
        found.setdefault(skill, match)
    return tie_order(list(found.values()))


def _verbatim(query: hook_text.Query, results: list[Match]) -> dict[str, Match]:
    """Each skill's best entry quoting the final error's whole (telling) line word for word,
    or with other quoted values (`_template`)."""
    found: dict[str, Match] = {}
    telling, template = _telling_line(query), _telling_template(query)
    for match in results:
        skill = str(match.doc["skill"])
        if skill in found or not hook_text.agrees(query, match.doc["error"]):
            continue
        if (telling and match.coverage >= FULL and quotes_whole_line(match.doc, query.quoted)) or (
            template and quotes_whole_line(match.doc, query.quoted, _template)
        ):
            found[skill] = match
    return found


def confident_entries(index: dict[str, Any], text: str) -> list[Match]:
    """The entries to put in front of Claude for this output, best first; [] most of the time."""
    return first_confident(index, hook_text.queries(text))


def confident_entry(index: dict[str, Any], text: str) -> Match | None:
    """The first of `confident_entries`, or None: the single-entry form callers used before
    ties were given together."""
    matches = confident_entries(index, text)
    return matches[0] if matches else None


def first_confident(index: dict[str, Any], readings: list[hook_text.Query]) -> list[Match]:
    """The first reading's confident entries (`hook_text.queries` gives the order)."""
    for query in readings:
        matches = judge(index, query)
        if matches:
            return matches
    return []
