# Copied from site_gen/search/compact_parts.py by `site-gen marketplace`: edit that file.
"""The compact index split into parts of bounded size, for the site (`skills-index.json`).

The whole index grows by ~26 KB a skill (260 MB at 10,000), past the site's 50 MB per-file
target and git's 100 MB limit. So the site publishes `skills-index.json` with the small,
registry-wide numbers (document lengths, document frequencies, averages) and a list of
`parts`: files under `skills-index/`, each under `PART_BYTES`, holding consecutive error
documents, whole posting lists and consecutive skills. The client concatenates the parts in
order (`plugins/tooling/skills-registry/scripts/index_store.py`). Part names are their
content's hash, so a part that did not change keeps its name and a cache may keep it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

PARTS_DIR = "skills-index"
"""Site-relative folder of the parts."""
PART_BYTES = 8_000_000
"""A part's size target: one item larger than this (none is near it) gets a part alone."""


def split_index(
    data: dict[str, Any], main_path: str, part_bytes: int = PART_BYTES
) -> dict[str, str]:
    """Site-relative path -> text: `main_path` (the index without its documents, postings
    and skills, with `parts`) and the parts, each key-sorted compact JSON."""
    lookup, advise = dict(data["lookup"]), dict(data["advise"])
    items: list[tuple[str, Any]] = [("docs", doc) for doc in lookup.pop("docs")]
    items += [("postings", pair) for pair in sorted(lookup.pop("postings").items())]
    items += [("skills", skill) for skill in advise.pop("skills")]
    parts: list[dict[str, Any]] = []
    size = part_bytes
    for kind, item in items:
        item_size = len(_dumps(item).encode("utf-8")) + 1
        if size + item_size > part_bytes:
            parts.append({"docs": [], "postings": {}, "skills": []})
            size = 0
        if kind == "postings":
            term, postings = item
            parts[-1]["postings"][term] = postings
            item_size += len(_dumps(term).encode("utf-8")) + 1
        else:
            parts[-1][kind].append(item)
        size += item_size
    files: dict[str, str] = {}
    for part in parts:
        text = _dumps(part) + "\n"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        files[f"{PARTS_DIR}/{digest}.json"] = text
    main = {**data, "lookup": lookup, "advise": advise, "parts": list(files)}
    return {main_path: _dumps(main) + "\n", **files}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
