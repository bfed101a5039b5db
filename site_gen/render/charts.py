"""Horizontal bar charts as inline SVG, drawn at build time.

Why by hand: a bar chart is rectangles and text; pygal and matplotlib bring their own
fixed colours and fonts (unreadable on Material's dark scheme) and pygal links a script
from a CDN. Here text is `currentColor` and bars use Material's CSS variables (classes in
`overrides/assets/stylesheets/registry.css`), so the charts follow the light and dark
schemes, work offline and need no script. Every bar is a link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

ROW = 26
"""Height of one bar's row, in SVG units."""
LABEL_WIDTH = 260
BAR_WIDTH = 340
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60
LABEL_CHARS = 34
"""Longer labels keep their end (`…exceptions._ArrayMemoryError`): it names the error."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str
    """Where the bar leads (a URL relative to the page, already URL-encoded)."""
    tip: str = ""
    """Hover text; defaults to `label: value`."""


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> str:
    """An accessible `<figure>` holding the chart: one line of HTML per element, no blank
    line (Python-Markdown keeps a raw HTML block only while it has no blank line)."""
    top = max((b.value for b in bars), default=0) or 1
    height = ROW * len(bars) + 8
    out = [
        f'<figure class="stats-chart" id="{_attr(chart_id)}">',
        f"<figcaption>{_text(title)}</figcaption>",
        f'<svg role="img" aria-labelledby="{_attr(chart_id)}-title" viewBox="0 0 {WIDTH} '
        f'{height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="13" fill="currentColor">',
        f'<title id="{_attr(chart_id)}-title">{_text(title)}</title>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        width = round(BAR_WIDTH * bar.value / top, 1) if bar.value else 0
        tip = bar.tip or f"{bar.label}: {bar.value}"
        out += [
            f'<a href="{_attr(bar.href)}" class="stats-bar">',
            f"<title>{_text(tip)}</title>",
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">'
            f"{_text(_short(bar.label))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(width, 2)}" height="{ROW - 6}">'
            "</rect>",
            f'<text x="{LABEL_WIDTH + max(width, 2) + 6}" y="{y + 17}">{bar.value}</text>',
            "</a>",
        ]
    out += ["</svg>", "</figure>"]
    return "\n".join(out)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else "…" + label[-(LABEL_CHARS - 1) :]


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
