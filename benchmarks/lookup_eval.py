"""Dev-set quality of the error lookup, beside Material's built-in search as the baseline.

    .venv/bin/python -m benchmarks.lookup_eval            # both, prints a table
    .venv/bin/python -m benchmarks.lookup_eval --misses   # also list what ranked wrong

Baseline method: build the dev registry's site (`build_site`, real MkDocs + Material), load
its `search/search_index.json` into lunr.js (the copy shipped in the mkdocs package) under
node with Material's field set-up (title boost 1000, text) and the site's own separator,
then query each paste as term clauses: the paste split with that separator, lunr syntax
characters dropped (Material's query parser throws on raw tracebacks, so this is the
charitable version). A result is the page section Material would list first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.lookup_dev import DEV_REGISTRY, REPO, dev_registry, is_hit, queries
from site_gen.search.error_index import build_index
from site_gen.search.rank import rank

LUNR_JS = next(
    (REPO / ".venv").glob(
        "lib/python*/site-packages/mkdocs/contrib/search/templates/search/lunr.js"
    )
)
BASELINE_JS = Path(__file__).with_name("material_search.js")


def evaluate_lookup(misses: bool) -> dict[str, float]:
    index = build_index(dev_registry())
    docs_by_url = {d["url"]: d for d in index["docs"]}
    assert len(docs_by_url) <= len(index["docs"])
    rows = []
    for q in queries():
        results = rank(index, q["query"], 3)
        hits = [is_hit(q, r.doc["skill"], r.doc["entry"], r.doc["error"]) for r in results]
        confident = bool(results and results[0].confident)
        rows.append((q, hits, confident, results))
        if misses and (
            (q["expect"] != "none" and not (hits and hits[0]))
            or (q["expect"] == "none" and confident)
        ):
            top = results[0] if results else None
            print(
                f"MISS {q['id']:34} conf={confident} cov={top.coverage if top else 0:.2f} -> "
                f"{top.doc['skill'] + ': ' + top.doc['entry'][:60] if top else '-'}",
                file=sys.stderr,
            )
    return _metrics(rows, len(index["docs"]))


def _metrics(
    rows: list[tuple[dict[str, Any], list[bool], bool, Any]], n_docs: int
) -> dict[str, float]:
    covered = [(h, c) for q, h, c, _ in rows if q["expect"] != "none"]
    uncovered = [c for q, _, c, _ in rows if q["expect"] == "none"]
    return {
        "covered queries": len(covered),
        "uncovered queries": len(uncovered),
        "indexed items": n_docs,
        "recall@1": sum(bool(h[:1] and h[0]) for h, _ in covered) / len(covered),
        "recall@3": sum(any(h[:3]) for h, _ in covered) / len(covered),
        "confident when right@1": sum(bool(h[:1] and h[0]) and c for h, c in covered)
        / len(covered),
        "confident but wrong": sum(c and not (h[:1] and h[0]) for h, c in covered) / len(covered),
        "false-confident (uncovered)": sum(uncovered) / len(uncovered),
    }


MATERIAL_SEARCH = """plugins:
  - search:
      separator: '[\\s\\-_,:;!=\\[\\]()"`/|]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])'
"""
"""Material's search plugin as mkdocs.yml configured it before Pagefind."""


def evaluate_material(misses: bool) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registry"
        shutil.copytree(REPO / "plugins", root / "plugins")
        for plugin in (DEV_REGISTRY / "plugins").iterdir():
            shutil.copytree(plugin, root / "plugins" / plugin.name, dirs_exist_ok=True)
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        from site_gen.build import build_site

        # The site searches with Pagefind now; the baseline is Material's search as it was.
        theme = Path(tmp) / "theme"
        for part in ("docs", "overrides"):
            shutil.copytree(REPO / part, theme / part)
        config = (REPO / "mkdocs.yml").read_text("utf-8").replace("plugins: []", MATERIAL_SEARCH)
        (theme / "mkdocs.yml").write_text(config, "utf-8")
        build_site(root, root / "site", mkdocs_yml=theme / "mkdocs.yml", echo=lambda _: None)
        search_index = root / "site" / "search" / "search_index.json"
        qs = queries()
        payload = json.dumps([q["query"] for q in qs])
        out = subprocess.run(
            ["node", str(BASELINE_JS), str(LUNR_JS), str(search_index)],
            input=payload,
            capture_output=True,
            text=True,
            check=True,
        )
        located: list[dict[str, list[str]]] = json.loads(out.stdout)
        index = build_index(dev_registry())
        by_url = {d["url"]: d for d in index["docs"]}
    return {
        mode: _material_rows(
            qs, [found[mode] for found in located], by_url, misses and mode == "terms"
        )
        for mode in ("terms", "raw")
    }


def _material_rows(
    qs: list[dict[str, Any]], located: list[list[str]], by_url: dict[str, Any], misses: bool
) -> dict[str, float]:
    rows = []
    for q, locations in zip(qs, located, strict=True):
        hits = []
        for location in locations[:3]:
            doc = by_url.get(location)  # a section that is a troubleshooting entry
            hits.append(bool(doc) and is_hit(q, doc["skill"], doc["entry"], doc["error"]))
        # Material has no notion of confidence: any result is presented as an answer.
        rows.append((q, hits, bool(locations), locations))
        if misses and q["expect"] != "none" and not (hits and hits[0]):
            print(f"MATERIAL MISS {q['id']:30} -> {locations[:1]}", file=sys.stderr)
    return _metrics(rows, len(by_url))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    ours = evaluate_lookup(args.misses)
    theirs = {} if args.no_baseline else evaluate_material(args.misses)
    terms, raw = theirs.get("terms", {}), theirs.get("raw", {})
    print(f"{'metric':30} {'lookup':>8} {'material(terms)':>16} {'material(raw)':>14}")
    for key, value in ours.items():
        cells = [value, terms.get(key, float("nan")), raw.get(key, float("nan"))]
        fmt = (
            "{:>8.0f} {:>16.0f} {:>14.0f}"
            if key.endswith(("queries", "items"))
            else "{:>8.3f} {:>16.3f} {:>14.3f}"
        )
        print(f"{key:30} " + fmt.format(*cells))


if __name__ == "__main__":
    main()
