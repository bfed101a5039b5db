"""Survey of the troubleshooting shapes real skills write, read from the parsed Markdown.

    python -m benchmarks.troubleshooting_shapes /work/corpora/anthropics+skills \
        /work/corpora/K-Dense-AI+claude-scientific-skills [--examples 3]

Every `*.md` of every skill folder (a folder with a SKILL.md) is parsed once
(`site_gen.markdown.parse_document`); each troubleshooting-style section (its heading matches
`site_gen.parse_trouble_shapes.CONTAINER`) and its subsections are sorted into shapes.
Prints a count per shape with a few `file:line` examples.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from site_gen.markdown import Document, Section, parse_document, plain
from site_gen.parse_trouble_shapes import CONTAINER, bold_lead, error_label, is_quoted_error
from site_gen.parse_troubleshooting import ERROR_COLUMN, FIX_COLUMN


def shapes(doc: Document, section: Section) -> list[tuple[str, int, str]]:
    """(shape, line, text) of every troubleshooting item in `section` (not its children)."""
    found: list[tuple[str, int, str]] = []
    for table in doc.tables_in(section):
        headers = " ".join(plain(h) for h in table.header)
        if ERROR_COLUMN.search(headers) and FIX_COLUMN.search(headers):
            found += [
                ("table row | Error | ... | Fix |", n, " | ".join(r))
                for r, n in zip(table.rows, table.row_lines, strict=True)
            ]
    for item in doc.list_items_in(section):
        lead = bold_lead(item.lead)
        if lead is None:
            continue
        title, _rest = lead
        if error_label(title):
            found.append(("**Problem:**/**Error:** label", item.line, title))
        elif is_quoted_error(title):
            found.append(('- **"<error>"**: fix bullet', item.line, title))
        else:
            found.append(("- **<symptom>**: fix bullet", item.line, title))
    for number, line in enumerate(section.lines, section.body_line):
        if number in doc.code_lines:
            continue
        lead = bold_lead(line)
        if lead and error_label(lead[0]) and not line.lstrip().startswith(("- ", "* ", "+ ")):
            found.append(("**Problem:**/**Error:** label", number, line.strip()))
    return found


def survey(roots: list[str]) -> tuple[Counter[str], dict[str, list[str]], int]:
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    containers = 0
    for root in roots:
        for skill_md in sorted(Path(root).rglob("SKILL.md")):
            for path in sorted(skill_md.parent.rglob("*.md")):
                doc = parse_document(path.read_text(encoding="utf-8", errors="replace"))
                rel = path.relative_to(root)
                for parent in doc.sections:
                    if not parent.level or not CONTAINER.search(plain(parent.title)):
                        continue
                    containers += 1
                    found = shapes(doc, parent)
                    for child in doc.children(parent):
                        title = plain(child.title)
                        kind = (
                            "### `<error>` heading"
                            if is_quoted_error(child.title)
                            else "### <symptom> heading"
                        )
                        found.append((kind, child.line, title))
                        found += shapes(doc, child)
                    for kind, line, text in found:
                        counts[kind] += 1
                        examples[kind].append(f"{rel}:{line}: {text[:90]}")
    return counts, examples, containers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roots", nargs="+")
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    counts, examples, containers = survey(args.roots)
    print(f"troubleshooting-style sections: {containers}\n")
    print("| shape | count | examples |\n|---|---|---|")
    for kind, count in counts.most_common():
        shown = "<br>".join(examples[kind][: args.examples])
        print(f"| {kind} | {count} | {shown} |")


if __name__ == "__main__":
    main()
