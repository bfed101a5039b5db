"""`site-gen lookup`: the cached index, the ranking and the two output formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import load_config
from .cache import cached_index
from .rank import rank


def lookup(root: Path, query: str, limit: int = 5) -> list[dict[str, Any]]:
    """Results for a pasted error, best first, with absolute URLs to the entries."""
    index, _ = cached_index(root)
    base = load_config(root).site
    return [match.as_json(base) for match in rank(index, query, limit)]


def format_json(results: list[dict[str, Any]]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"


def format_text(results: list[dict[str, Any]]) -> str:
    """Best first; a plain statement when nothing is a confident match."""
    if not results:
        return "no match: no entry shares a word with this error\n"
    out = []
    if not results[0]["confident"]:
        out.append("no confident match; closest entries:\n")
    for number, result in enumerate(results, 1):
        mark = "  (confident)" if result["confident"] else ""
        out.append(f"{number}. {result['skill']}: {result['entry']}{mark}")
        out.append(f"   error: {_one_line(result['error'])}")
        if result["cause"]:
            out.append(f"   cause: {_one_line(result['cause'])}")
        out.append(f"   fix:   {_one_line(result['fix'])}")
        out.append(f"   {result['url']}")
        out.append(f"   score {result['score']:.2f}, coverage {result['coverage']:.0%}\n")
    if not results[0]["confident"]:
        out.append("nothing fits? write down the fix with /retrospective when you find it\n")
    return "\n".join(out)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
