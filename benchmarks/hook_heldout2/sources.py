"""Which quoted errors the covered sets raise, and who else quotes them.

- `quoted_errors(registry)`: every indexed item (troubleshooting entry or Failed Attempts row,
  as `error_index.docs_for` makes them) whose quoted error holds a message a program prints:
  its exception line when the quote is a traceback, else its first line; at least three
  words (`d_proj=32`, `Killed` are left out), not a prose title standing in for a quote (a
  quoted title keeps its backticks), not cut short (`...` is completed from another
  quote of the same skill that starts the same way, or dropped).
- `real_quotes(registry)`: the real skills quote their errors in prose, in double quotes
  (`**Issue:** "Index mismatch between counts and metadata"`): every such string of an
  indexed entry, less code, labels and advice (`NOT_ERRORS`).
- `quoting_skills`: the skills whose quoted error is the same once digits are masked.
- `quoted_in(text, quotes)`: the quotes (masked) found in a case's output (masked); an
  uncovered case must have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.hook_heldout2.project import EXCEPTION_LINE
from benchmarks.hook_heldout2.variation import mask
from site_gen.loader import load_registry
from site_gen.model import Registry
from site_gen.search.error_index import docs_for

_QUOTED = re.compile(r'"([^"\n]{6,200})"')
NOT_ERRORS = {
    "import torch; print(torch.cuda.is_available())": "a command to run",
    "Install Biopython: uv pip install biopython": "advice printed by the fix",
    "Counts samples:": "a label printed by the fix",
    "Metadata samples:": "a label printed by the fix",
    "bad smiles": "a workflow name",
    "CCCC(CC": "an input",
    "bright": "a palette name",
    "Workflow still running. Call wf.result() again later.": "a status, no failure",
}
REAL_FORMS = {
    "HTTP Error 400": "urllib.error.HTTPError: HTTP Error 400: Bad Request",
    "sequences are not the same length": "ValueError: Sequences must all be the same length",
    "Module not found": "ModuleNotFoundError: No module named 'torch_geometric'",
}
"""How the program really prints what the skill paraphrases (Python's urllib, Biopython's
MultipleSeqAlignment, the import DiffDock's setup check names)."""


@dataclass(frozen=True)
class Quote:
    skill: str
    url: str
    kind: str
    title: str
    quoted: str
    """The quoted text as the skill has it (a traceback stays whole)."""
    message: str
    """The line a run prints: the exception line, or the quoted message."""


def message_line(quoted: str) -> str:
    lines = [line.strip() for line in quoted.splitlines() if line.strip()]
    exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
    return exceptions[-1] if exceptions else (lines[0] if lines else "")


def quoted_errors(registry: Registry) -> list[Quote]:
    found: list[Quote] = []
    for plugin in registry:
        for doc in docs_for(plugin):
            fields = dict(doc.fields)
            quoted = fields.get("error", "")
            message = message_line(quoted)
            if len(message.split()) < 3 or message == fields["title"].strip():
                continue  # a prose title (`Loss becomes nan in fp16`) is no printed text
            found.append(Quote(doc.skill, doc.url, doc.kind, doc.entry, quoted, message))
    return [_completed(q, found) for q in found if not _cut(q, found)]


def _cut(quote: Quote, found: list[Quote]) -> bool:
    """A quote ending in `...` that no other quote of its skill completes."""
    return quote.message.endswith("...") and quote == _completed(quote, found)


def _completed(quote: Quote, found: list[Quote]) -> Quote:
    if not quote.message.endswith("..."):
        return quote
    start = quote.message.rstrip(".")
    for other in found:
        same = other.skill == quote.skill and other.message.startswith(start)
        if same and other != quote and not other.message.endswith("..."):
            return Quote(
                quote.skill, quote.url, quote.kind, quote.title, quote.quoted, other.message
            )
    return quote


def real_quotes(registry: Registry) -> list[Quote]:
    found = []
    for plugin in registry:
        for doc in docs_for(plugin):
            if doc.kind != "entry":
                continue
            seen: set[str] = set()
            for field, text in doc.fields:
                if field == "context":
                    continue
                for quoted in _QUOTED.findall(text):
                    if quoted in NOT_ERRORS or "{" in quoted or "~" in quoted or quoted in seen:
                        continue
                    seen.add(quoted)
                    message = REAL_FORMS.get(quoted, quoted)
                    found.append(Quote(doc.skill, doc.url, doc.kind, doc.entry, quoted, message))
    return found


def quoting_skills(quote: Quote, every: list[Quote]) -> list[str]:
    key = mask(quote.message)
    return sorted({q.skill for q in every if mask(q.message) == key} | {quote.skill})


def quoted_in(text: str, quotes: list[str]) -> list[str]:
    """The quotes (at least 16 characters once masked) that `text` contains, digits masked."""
    haystack = mask(text).lower()
    return [q for q in quotes if len(mask(q)) >= 16 and mask(q).lower() in haystack]


def all_quotes(registry: Registry) -> list[str]:
    """Every error text the registry quotes (each line of each quote), for `quoted_in`."""
    lines = set()
    for plugin in registry:
        for doc in docs_for(plugin):
            quoted = dict(doc.fields).get("error", "")
            lines.add(message_line(quoted))
            lines.update(
                line.strip() for line in quoted.splitlines() if EXCEPTION_LINE.match(line.strip())
            )
    return sorted(line for line in lines if len(line.split()) >= 3)


def load(root: Path) -> Registry:
    return load_registry(root).registry
