"""Secret scan calibration: misses and false alarms on the vectors, findings and speed on corpora.

    .venv/bin/python -m benchmarks.secret_scan [FOLDER ...]      (default: /work/corpora/*)
    .venv/bin/python -m benchmarks.secret_scan --detect-secrets [FOLDER ...]
    .venv/bin/python -m benchmarks.secret_scan --vectors [--detect-secrets]

Vectors (`tests/secret_vectors.py`): a miss is a leak without an E900, a false alarm a look-alike
with one. Corpora: every file under each folder (`.git` left out) goes through `scan_file`, as
`site-gen check` does for a plugin; each finding is printed masked, to be judged by a person
(a public skill collection's findings are documentation examples unless shown otherwise).
`--detect-secrets` runs Yelp's detect-secrets (`pip install detect-secrets`; for comparison
only, not a dependency) with its default plugins on the same inputs.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from site_gen.secret_files import scan_file
from site_gen.secrets import find_secrets
from tests.secret_vectors import LEAKS, LOOK_ALIKES, WARNINGS


def walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_file() and not path.is_symlink():
                yield path


def vectors_ours() -> None:
    misses = [v.name for v in LEAKS if not any(f.blocking for f in find_secrets(v.text))]
    alarms = [v.name for v in LOOK_ALIKES if any(f.blocking for f in find_secrets(v.text))]
    warned = [v.name for v in WARNINGS if [f.blocking for f in find_secrets(v.text)] == [False]]
    print(f"site-gen vectors: {len(LEAKS)} leaks, {len(misses)} missed {misses}")
    print(f"site-gen vectors: {len(LOOK_ALIKES)} look-alikes, {len(alarms)} false alarms {alarms}")
    print(f"site-gen vectors: {len(warned)}/{len(WARNINGS)} local/scoped credentials as warnings")


def vectors_detect_secrets() -> None:
    with tempfile.TemporaryDirectory() as folder:

        def flagged(text: str) -> bool:
            path = Path(folder, "vector.txt")
            path.write_text(text + "\n")
            return bool(_detect_secrets_file(path))

        misses = [v.name for v in LEAKS + WARNINGS if not flagged(v.text)]
        alarms = [v.name for v in LOOK_ALIKES if flagged(v.text)]
    total = len(LEAKS) + len(WARNINGS)
    print(f"detect-secrets vectors: {total} leaks, {len(misses)} missed {misses}")
    print(f"detect-secrets vectors: {len(LOOK_ALIKES)} look-alikes, {len(alarms)} flagged {alarms}")


def _detect_secrets_file(path: Path) -> list[str]:
    from detect_secrets import SecretsCollection  # type: ignore[import-not-found]
    from detect_secrets.settings import default_settings  # type: ignore[import-not-found]

    with default_settings():
        collection = SecretsCollection()
        collection.scan_file(str(path))
        return [s.type for _, s in collection]


def corpus(folder: Path, detect_secrets: bool) -> None:
    files = size = skills = 0
    kinds: Counter[str] = Counter()
    ds_kinds: Counter[str] = Counter()
    clock, cpu = time.perf_counter(), time.process_time()
    ds_seconds = ds_cpu = 0.0
    for path in walk(folder):
        files += 1
        size += path.stat().st_size
        skills += path.name == "SKILL.md"
        rel = path.relative_to(folder)
        try:
            scan = scan_file(path)
        except OSError as exc:
            print(f"  {rel}: unreadable ({exc.strerror})")
            continue
        for f in scan.findings:
            level = "E900" if f.blocking else "W900"
            kinds[f"{level} {f.kind}"] += 1
            print(f"  {rel}:{f.line}: {level} {f.kind}: {f.masked}")
        if detect_secrets and not scan.binary:
            start, start_cpu = time.perf_counter(), time.process_time()
            for kind in _detect_secrets_file(path):
                ds_kinds[kind] += 1
            ds_seconds += time.perf_counter() - start
            ds_cpu += time.process_time() - start_cpu
    seconds = time.perf_counter() - clock - ds_seconds
    cpu = time.process_time() - cpu - ds_cpu
    print(
        f"{folder}: {skills} SKILL.md, {files} files, {size / 1e6:.1f} MB scanned in "
        f"{seconds:.1f}s, {cpu:.1f}s CPU ({size / 1e6 / max(cpu, 1e-9):.0f} MB per CPU second): "
        f"{sum(kinds.values())} findings {dict(sorted(kinds.items()))}"
    )
    if detect_secrets:
        print(
            f"{folder}: detect-secrets {sum(ds_kinds.values())} findings in {ds_seconds:.1f}s, "
            f"{ds_cpu:.1f}s CPU "
            f"{dict(sorted(ds_kinds.items()))}"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--detect-secrets", action="store_true")
    parser.add_argument("--vectors", action="store_true", help="the vectors only, no corpora")
    args = parser.parse_args(argv)
    vectors_ours()
    if args.detect_secrets:
        vectors_detect_secrets()
    if args.vectors:
        return
    for folder in args.folders or [Path(p) for p in sorted(glob.glob("/work/corpora/*"))]:
        corpus(folder, args.detect_secrets)


if __name__ == "__main__":
    main(sys.argv[1:])
