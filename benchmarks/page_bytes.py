"""Where a built site's skill pages spend their bytes, by part of the page (KB a page, mean).

    .venv/bin/python -m benchmarks.page_bytes SITE [--pages 300]

Parts are cut at Material's landmarks, in page order: `<head>`, the header, the navigation
sidebar, the table of contents sidebar, the article, and what follows it (footer, config
JSON, scripts). Inside the article: code blocks (and how much of them is the code's own
text), tables, heading permalinks, the article's text and its newlines. A part's bytes
include its whitespace; `indentation` counts the runs of spaces after newlines outside the
article. Pages are read as written (`skills/*/index.html`, the first N in name order).
"""

from __future__ import annotations

import argparse
import html
import itertools
import re
from collections import Counter
from pathlib import Path

LANDMARKS = (
    ("head", "<!doctype"),
    ("body start, header", "</head>"),
    ("navigation sidebar", '<div class="md-sidebar md-sidebar--primary"'),
    ("table of contents sidebar", '<div class="md-sidebar md-sidebar--secondary"'),
    ("article", "<article"),
    ("after the article", "</article>"),
)
_CODE = re.compile(r'<div class="highlight">.*?</pre></div>', re.S)
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>¶</a>')
_SPAN = re.compile(r'<span(?: class="[^"]*")?>|</span>')
_TAG = re.compile(r"<[^>]+>")


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _text(markup: str) -> int:
    return _size(html.unescape(_TAG.sub("", markup)))


def page_parts(page: str) -> Counter[str]:
    """Bytes of each part of one page (see the module docstring)."""
    parts: Counter[str] = Counter()
    cuts = [(name, page.find(mark)) for name, mark in LANDMARKS]
    cuts = [(name, at) for name, at in cuts if at >= 0] + [("", len(page))]
    for (name, start), (_, end) in itertools.pairwise(cuts):
        parts[name] += _size(page[start:end])
    begin, end = page.find("<article"), page.find("</article>")
    article = page[begin:end] if 0 <= begin < end else ""
    chrome = page[:begin] + page[end:] if article else page
    codes = _CODE.findall(article)
    parts["  code blocks"] = sum(_size(c) for c in codes)
    parts["    their code text"] = sum(_text(c) for c in codes)
    parts["    their Pygments spans"] = sum(_size("".join(_SPAN.findall(c))) for c in codes)
    parts["  tables"] = sum(_size(t) for t in _TABLE.findall(article))
    parts["  heading permalinks"] = sum(_size(p) for p in _PERMALINK.findall(article))
    parts["  text of the article"] = _text(article)
    parts["  newlines in the article"] = article.count("\n")
    parts["indentation outside it"] = sum(len(m) - 1 for m in re.findall(r"\n[ \t]+", chrome))
    parts["whole page"] = _size(page)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    pages = sorted(args.site.glob("skills/*/index.html"))[: args.pages]
    if not pages:
        raise SystemExit(f"no skills/*/index.html under {args.site}")
    total: Counter[str] = Counter()
    for path in pages:
        total.update(page_parts(path.read_text("utf-8")))
    order = [name for name, _ in LANDMARKS] + [
        name for name in page_parts("") if name not in dict(LANDMARKS)
    ]
    print(f"{len(pages)} skill pages of {args.site}: KB a page (mean)")
    for name in order:
        print(f"  {name:<32} {total[name] / len(pages) / 1000:7.2f}")


if __name__ == "__main__":
    main()
