"""Error families: the exception type an error line names (`torch.OutOfMemoryError`,
`RuntimeError: CUDA error`, `NCCL error`), for the stats page's "most frequent errors".

Lines are found by the shared tokenizer's exception rule (`tokenize.line_weight`), so the
stats count the same lines the error lookup weighs most.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from ..markdown import code_spans
from ..model import Registry
from . import tokenize

_EXCEPTION_NAME = re.compile(
    r"^\s*((?:[A-Za-z_]\w*\.)*_*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Fault))\b\s*:?\s*(.*)$",
    re.ASCII,
)
_MAYBE = re.compile(
    r"Error|Exception|Exit|Interrupt|Fault|error|fault|terminate|FAILED|FATAL|panic"
)
"""Cheap test before the tokenizer's rules: a line without these cannot name a family."""
_KNOWN = re.compile(
    r"\b(CUDA error|NCCL error|cuDNN error|Segmentation fault|terminate called)\b", re.ASCII
)


@functools.lru_cache(maxsize=1 << 14)
def families(text: str) -> tuple[str, ...]:
    """The families named by the exception lines of `text` (code spans count as lines)."""
    if not _MAYBE.search(text):
        return ()
    lines = [ln for ln in [*code_spans(text), *text.splitlines()] if _MAYBE.search(ln)]
    found: list[str] = []
    for raw in lines:
        line = tokenize.clean(raw)
        stripped = tokenize.strip_prefixes(line)
        if tokenize.line_weight(line, stripped) != tokenize.EXCEPTION:
            continue
        family = _family(stripped)
        if family and family not in found:
            found.append(family)
    # `RuntimeError: CUDA error` also reads as a bare `CUDA error` where the line is quoted
    # mid-sentence: keep the named family only.
    return tuple(f for f in found if not any(g.endswith(f": {f}") for g in found))


def _family(line: str) -> str:
    named = _EXCEPTION_NAME.match(line)
    known = _KNOWN.search(named.group(2) if named else line)
    if named and known:
        return f"{named.group(1)}: {known.group(1)}"
    if named:
        return named.group(1)
    return known.group(1) if known else ""


def registry_families(registry: Registry) -> tuple[Counter[str], set[str]]:
    """Family -> number of troubleshooting entries and failed attempts naming it, and the
    families that appear in a Failed Attempts row (those the failure index can filter)."""
    counts: Counter[str] = Counter()
    in_failed: set[str] = set()
    for plugin in registry:
        for entry in plugin.all_troubleshooting:
            counts.update(_unique([*entry.errors, entry.title]))
        for row in plugin.failed_attempts:
            named = _unique([row.attempt, row.why])
            counts.update(named)
            in_failed.update(named)
    return counts, in_failed


def _unique(texts: Iterable[str]) -> set[str]:
    return {family for text in texts for family in families(text)}
