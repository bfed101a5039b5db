"""`site-gen import` on real skill collections: found, imported, published, refused, and timings.

    python -m benchmarks.import_corpora /work/corpora/anthropics+skills /work/corpora/K-Dense-...

For each SOURCE it makes a fresh registry from this repo (its committed site files, `plugins/`
emptied down to `plugins/tooling`), then runs through the public CLI, each step in its own
process: `site-gen import`, `site-gen check`, `site-gen marketplace --skip-invalid` and
`site-gen build --skip-invalid`. Prints a Markdown table; IMPORT_KEEP=1 keeps the registries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_GEN = str(Path(sys.executable).with_name("site-gen"))
SITE_FILES = ("pyproject.toml", "mkdocs.yml", "docs", "overrides", "plugins/tooling")


def fresh_registry(folder: Path) -> Path:
    for name in SITE_FILES:
        source, target = REPO / name, folder / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return folder


def timed(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run([SITE_GEN, *args], capture_output=True, text=True)
    return time.perf_counter() - start, done


def measure(source: str, work: Path) -> dict[str, object]:
    root = fresh_registry(work / Path(source).name)
    r = ["--root", str(root)]
    import_s, imported = timed("import", source, "--format", "json", *r)
    report = json.loads(imported.stdout)
    check_s, _ = timed("check", *r)
    market_s, market = timed("marketplace", "--skip-invalid", *r)
    build_s, built = timed("build", "--skip-invalid", *r)
    skills = report["skills"]
    refused = Counter(p["code"] for s in skills if s["action"] == "refused" for p in s["problems"])
    errors = Counter(code for s in skills for code in s["check"]["errors"])
    warnings = Counter(code for s in skills for code in s["check"]["warnings"])
    site = root / "site"
    return {
        "source": source,
        "registry": str(root),
        "found": len(skills),
        "imported": sum(s["action"] in ("new", "update", "unchanged") for s in skills),
        "published": report["would_publish"],
        "refused by import": dict(refused),
        "with errors (not published)": dict(errors),
        "warnings (published anyway)": dict(warnings),
        "seconds": {
            "import": round(import_s, 1),
            "check": round(check_s, 1),
            "marketplace": round(market_s, 1),
            "build": round(build_s, 1),
        },
        "marketplace ok": market.returncode == 0,
        "build ok": built.returncode == 0 and (site / "index.html").is_file(),
        "pages": sum(1 for _ in site.glob("skills/*/index.html")),
    }


def main(sources: list[str]) -> None:
    work = Path(tempfile.mkdtemp(prefix="import-corpora-"))
    rows = [measure(source, work) for source in sources]
    print(json.dumps(rows, indent=2))
    if not os.environ.get("IMPORT_KEEP"):
        shutil.rmtree(work)


if __name__ == "__main__":
    main(sys.argv[1:])
