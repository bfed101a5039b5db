"""What the error index holds for registries: entries by kind and quoted error strings.

    python -m benchmarks.error_index_counts REGISTRY_ROOT...

Loads each registry as `site-gen build` does and counts the documents of its error index:
troubleshooting entries that quote an error, entries with only a title (`symptom`), Failed
Attempts rows, and the distinct quoted error strings of the entries.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from site_gen.loader import load_registry
from site_gen.search.error_index import indexed_docs


def counts(root: str) -> dict[str, int]:
    registry = load_registry(Path(root)).registry
    docs = [item.doc for item in indexed_docs(registry)]
    kinds = Counter(doc.kind for doc in docs)
    quoted = {
        e for plugin in registry for entry in plugin.all_troubleshooting for e in entry.errors
    }
    return {
        "documents": len(docs),
        "entries": kinds["entry"] + kinds["symptom"],
        "entries quoting an error": kinds["entry"],
        "title-only entries": kinds["symptom"],
        "failed-attempt rows": kinds["failed-attempt"],
        "quoted error strings": len(quoted),
    }


def main(roots: list[str]) -> None:
    total: Counter[str] = Counter()
    for root in roots:
        found = counts(root)
        total.update(found)
        print(root, found)
    print("total", dict(total))


if __name__ == "__main__":
    main(sys.argv[1:])
