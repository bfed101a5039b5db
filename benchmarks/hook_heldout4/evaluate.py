"""Held-out set v4 of the failure hook (`collect.py`): its injection figures, or `--check`.

    .venv/bin/python -m benchmarks.hook_heldout4.evaluate --reg1k /work/regs/reg1k [--list]
    .venv/bin/python -m benchmarks.hook_heldout4.evaluate --check [--reg1k /work/regs/reg1k]

The figures (evaluate once, by the lead: see README.md) are v3's (`hook_heldout3.evaluate`
on this folder): per set the cases, injected, right skill among the injected, right first,
wrong only, entries per injection; per shape for the covered sets; uncovered and noise on
each of the three registries, where every injection is wrong.

`--check` never calls the gate. It checks that the case files are well formed, that each
covered case names an item its registry really indexes (skill, url, entry) whose quoted
error is the case's `quoted`, that the run really printed the raised message, and that no
uncovered or noise case holds an error any of the three registries quotes (every line of
every quote, digits masked: `hook_heldout2.sources.quoted_in`). The real skills are checked
against the snapshot `collect.py` took of the imported registry (`real_registry.yaml`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import generate_registry
from benchmarks.hook_heldout2 import sources
from benchmarks.hook_heldout2.variation import mask
from benchmarks.hook_heldout4.noise import COMMANDS
from benchmarks.hook_heldout4.shapes import CLAUDE_ERROR_CHARS, SHAPES
from benchmarks.hook_heldout4.uncovered import SCRIPTS
from benchmarks.lookup_dev import dev_registry
from site_gen.model import Registry

HERE = Path(__file__).resolve().parent
COVERED = ("dev", "real", "reg1k")
SIZES = {"covered_dev.yaml": 35, "covered_real.yaml": 15, "covered_reg1k.yaml": 35}
SIZES |= {"uncovered.yaml": 50, "noise.yaml": 130}
FIELDS = ("id", "skill", "url", "entry", "acceptable", "quoted", "raised", "shape", "command")
_EXIT = re.compile(r"^Exit code [1-9]\d*\n")  # a silent failure (pkill, wget -q) is one line
_DRAWING = re.compile(r"[\u2500-\u257f]")  # rich's boxes
_MODULE = re.compile(r"^(?:[A-Za-z_]\w*\.)+(?=[A-Z]\w*:)")  # rich prints the class alone
_COMMANDS = dict(COMMANDS)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colours (v5's Python 3.13 tracebacks)


def _load(name: str, folder: Path = HERE) -> Any:
    """A file of `folder` (this one unless another set's), parsed by libyaml when there
    (the pure-Python parser takes seconds on these outputs)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((folder / name).read_text("utf-8"), Loader=loader)


@cache
def _cached(name: str, folder: Path) -> Any:
    return _load(name, folder)


def cases(name: str, folder: Path = HERE) -> list[dict[str, Any]]:
    return [dict(case) for case in _cached(name, folder)]


def printed(text: str) -> str:
    """`text` as one line of words: JSON escapes read, box drawing gone, spaces collapsed (a
    message wrapped by rich or quoted in a JSON log line reads as the program printed it);
    colour codes gone."""
    text = _ANSI.sub("", text).replace('\\"', '"').replace("\\n", "\n").replace("\\'", "'")
    return " ".join(_DRAWING.sub(" ", text).split())


def _items(registry: Registry) -> set[tuple[str, str, str]]:
    """(skill, url, entry) of every indexed item (Failed Attempts rows share one url)."""
    return {(d.skill, d.url, d.entry) for p in registry for d in sources.docs_for(p)}


def check_covered(
    items: list[dict[str, Any]],
    indexed: set[tuple[str, str, str]],
    quoted: set[tuple[str, str]],
    shapes: tuple[str, ...] = SHAPES,
) -> list[str]:
    """`quoted`: (skill, message) of every error the registry quotes; `shapes`: the set's."""
    problems = []
    for case in items:
        name = case.get("id", "?")
        missing = [field for field in FIELDS if not case.get(field)]
        if missing:
            problems.append(f"{name}: no {', '.join(missing)}")
            continue
        if (case["skill"], case["url"], case["entry"]) not in indexed:
            problems.append(f"{name}: {case['skill']} indexes no entry {case['entry']!r} there")
        if (case["skill"], case["quoted"]) not in quoted:
            problems.append(f"{name}: {case['skill']} quotes no {case['quoted'][:60]!r}")
        if case["skill"] not in case["acceptable"] or case["shape"] not in shapes:
            problems.append(f"{name}: skill not acceptable or unknown shape {case['shape']}")
        shown = "".join(printed(case["error"]).split())  # rich breaks lines inside words
        raised = "".join(printed(case["raised"]).split())
        if raised not in shown and _MODULE.sub("", raised) not in shown:
            problems.append(f"{name}: the output does not hold the raised message")
    return problems


def check_clean(items: list[dict[str, Any]], every: list[str], label: str) -> list[str]:
    """`sources.quoted_in` for every case, each quote masked once."""
    quotes = [(quote, mask(quote).lower()) for quote in every if len(mask(quote)) >= 16]
    problems = []
    for case in items:
        haystack = mask(case["error"]).lower()
        found = [quote for quote, key in quotes if key in haystack]
        if found:
            problems.append(f"{label} {case['id']}: holds the quoted {found[0][:60]!r}")
    return problems


def check_files(
    folder: Path = HERE,
    sizes: Mapping[str, int] = SIZES,
    commands: Mapping[str, str] = _COMMANDS,
    scripts: Mapping[str, str] = SCRIPTS,
    shapes: tuple[str, ...] = SHAPES,
    longest: int = CLAUDE_ERROR_CHARS,
) -> list[str]:
    """What holds without any registry: fields, exit codes, sizes, ids, scripts (of this
    set unless another set's `folder` and its `sizes`, `commands`, `scripts`, `shapes`;
    `longest`: the longest `error` the set's cut hands, v6's being longer)."""
    problems = []
    for name, least in sizes.items():
        items = cases(name, folder)
        ids = Counter(case.get("id") for case in items)
        problems += [f"{name}: id {i} twice" for i, n in ids.items() if n > 1]
        if len(items) < least:
            problems.append(f"{name}: {len(items)} cases, fewer than {least}")
        for case in items:
            error = case.get("error", "")
            if not _EXIT.match(error) or len(error) > longest:
                problems.append(f"{name} {case.get('id')}: not `Exit code N` + output as handed")
            if not str(case.get("command", "")).strip():
                problems.append(f"{name} {case.get('id')}: no command")
    for case in cases("noise.yaml", folder):
        if commands.get(case["id"]) != case["command"]:
            problems.append(f"noise {case['id']}: not noise.py's command")
    for case in cases("uncovered.yaml", folder):
        if scripts.get(case["id"]) != case["script"]:
            problems.append(f"uncovered {case['id']}: not uncovered.py's script")
    used = {case["shape"] for key in COVERED for case in cases(f"covered_{key}.yaml", folder)}
    problems += [f"shape {shape} unused" for shape in shapes if shape not in used]
    return problems


def _quoted_pairs(registry: Registry) -> set[tuple[str, str]]:
    return {(q.skill, q.message) for q in sources.quoted_errors(registry)}


def real_snapshot(folder: Path = HERE) -> dict[str, Any]:
    data: dict[str, Any] = _cached("real_registry.yaml", folder)
    return data


def quoted_lines(registries: list[Registry], folder: Path = HERE) -> list[str]:
    """Every line the registries and the real snapshot quote (what no noise may hold)."""
    real = real_snapshot(folder)
    found = {q for registry in registries for q in sources.all_quotes(registry)}
    return sorted(found | set(real["quotes"]) | {q["message"] for q in real["quoted"]})


def check(dev: Registry, reg1k: Registry, every: list[str]) -> list[str]:
    """Every problem of the case files (empty when the set is sound). `reg1k` may hold only
    the covered cases' plugins when `every` has all of its quoted lines."""
    real = real_snapshot()
    real_items = {(d["skill"], d["url"], d["entry"]) for d in real["docs"]}
    real_quoted = {(q["skill"], q["message"]) for q in real["quoted"]}
    problems = check_files()
    problems += check_covered(cases("covered_dev.yaml"), _items(dev), _quoted_pairs(dev))
    problems += check_covered(cases("covered_real.yaml"), real_items, real_quoted)
    problems += check_covered(cases("covered_reg1k.yaml"), _items(reg1k), _quoted_pairs(reg1k))
    for name in ("uncovered.yaml", "noise.yaml"):
        problems += check_clean(cases(name), every, name.split(".")[0])
    return problems


def check_cases(
    folder: Path, dev: Registry, reg1k: Registry, every: list[str], shapes: tuple[str, ...]
) -> list[str]:
    """A later set's (v5, v6) covered cases against the three registries, its uncovered
    and noise cases against `every` quoted line."""
    real = real_snapshot(folder)
    real_items = {(d["skill"], d["url"], d["entry"]) for d in real["docs"]}
    real_quoted = {(q["skill"], q["message"]) for q in real["quoted"]}
    problems = []
    for name, items, quoted in (
        ("dev", _items(dev), _quoted_pairs(dev)),
        ("real", real_items, real_quoted),
        ("reg1k", _items(reg1k), _quoted_pairs(reg1k)),
    ):
        problems += check_covered(cases(f"covered_{name}.yaml", folder), items, quoted, shapes)
    for name in ("uncovered.yaml", "noise.yaml"):
        problems += check_clean(cases(name, folder), every, name.split(".")[0])
    return problems


Check = Callable[[Registry, Registry, list[str]], list[str]]


def main(
    description: str = __doc__.split("\n\n")[0],
    folder: Path = HERE,
    check_set: Check = check,
    sizes: Mapping[str, int] = SIZES,
) -> None:
    """The command line of v4's `evaluate.py`, and of a later set's (v5) with its `folder`,
    its `check_set` and its case files' `sizes`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--reg1k", type=Path)
    parser.add_argument("--list", action="store_true", help="print every miss")
    parser.add_argument("--check", action="store_true", help="check the case files, no gate")
    parser.add_argument(
        "--folder", type=Path, default=folder, help="another set of the same files (v3)"
    )
    args = parser.parse_args()
    if not args.check:  # imported here: `--check` never loads the gate
        from benchmarks.hook_heldout2.evaluate import figures
        from benchmarks.hook_heldout3.evaluate import evaluate

        print("\n".join(figures(partial(evaluate, folder=args.folder), args.reg1k, args.list)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        reg1k = args.reg1k
        if reg1k is None:
            reg1k = Path(tmp) / "reg1k"
            generate_registry(reg1k, 1000, 0)
        dev, big = dev_registry(), sources.load(reg1k)
        problems = check_set(dev, big, quoted_lines([dev, big], folder))
        if sources.all_quotes(big) != _load("reg1k_quotes.yaml", folder):
            problems.append("reg1k_quotes.yaml: reg1k quotes other lines now: collect again")
    counts = {name: len(cases(name, folder)) for name in sizes}
    print(json.dumps(counts, sort_keys=True))
    print("\n".join(problems) or "ok: the case files are sound")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
