"""Horizontal bar charts as static SVG: deterministic, light, text kept as text, no JavaScript.

A hand-written chart beats a plotting library here: three bar charts do not justify a
40 MB dependency and a second of import time per build, and the output must be byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from portail.plumbing.xml_text import xml_text

WIDTH = 720
LABEL_WIDTH = 260
VALUE_WIDTH = 150
BAR_HEIGHT = 22
GAP = 8
TOP = 36


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str  # the value as a reader reads it: « 800 000 € », « 12 décisions »


def bar_chart(title: str, bars: list[Bar]) -> str:
    """An SVG document: one labelled bar per item, longest bar = largest value."""
    largest = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(title)} '
        'font-family="system-ui, sans-serif" font-size="14">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="0" y="20" font-size="16" font-weight="bold" fill="#1b1b1f">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = max(1, round(span * bar.value / largest)) if bar.value else 0
        middle = y + BAR_HEIGHT / 2 + 5
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:g}" text-anchor="end" fill="#1b1b1f">{escape(_short(bar.label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="#1f4fa3"/>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle:g}" fill="#1b1b1f">{escape(bar.shown)}</text>',
        ]
    parts.append("</svg>")
    # Labels come from editors' data: escaped above, and no character XML forbids.
    return xml_text("\n".join(parts) + "\n")


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
