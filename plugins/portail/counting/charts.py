"""Static SVG charts for the statistics page: deterministic, text kept as text, no JavaScript.

Hand-written rather than a charting library, after trying the two candidates:
- pygal gives each chart a random id (output not byte-stable), loads its tooltip script from an
  outside address unless told not to, and writes fixed colours with no dark variant;
- Vega-Lite through vl-convert-python measures text for real, but brings a whole JavaScript
  engine (tens of megabytes) for five small charts, and fixed colours too.
Here each chart carries a <style> with the theme's palette and its ``prefers-color-scheme:
dark`` variant (an SVG in an <img> follows the reader's colour scheme, as the page does), a
transparent background, and two layouts: WIDE (labels left of the bars) and NARROW (labels
above the bars), which the page picks with <picture> so that text stays about 14 px on a phone.
Text widths are estimated from the font size and each character's class (no font file is
read: the reader's system font draws the text), with margins wide enough for DejaVu Sans, the
widest usual sans-serif; long labels wrap instead of being cut.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from portail.plumbing.xml_text import xml_text

WIDE = 720
NARROW = 360
FONT = 14
SMALL = 12
TITLE = 16
LINE = 1.25  # line height, in font sizes
BAR_HEIGHT = 18
GAP = 10
PAD = 4
BOLD = 1.1  # bold text is about a tenth wider

# The theme's palette (themes/portail/static/css/portail.css, :root and its dark variant):
# an SVG in an <img> cannot read the page's custom properties, so it carries its own.
LIGHT = {
    "bg": "#ffffff",
    "text": "#1b1b1f",
    "muted": "#4a4a55",
    "border": "#c9ccd6",
    "accent": "#1f4fa3",
    "surface": "#f3f4f7",
}
DARK = {
    "bg": "#15161a",
    "text": "#ececf1",
    "muted": "#b9bcc8",
    "border": "#4a4d58",
    "accent": "#8fb4ff",
    "surface": "#22242b",
}

STYLE_RULES = (
    "text{fill:var(--text);font-family:system-ui,sans-serif}"
    ".muted{fill:var(--muted)}.title{font-weight:700}"
    ".bar{fill:var(--accent)}.grid{stroke:var(--border);stroke-width:1}"
    ".axis{stroke:var(--muted);stroke-width:1}"
)


def style(extra: str = "") -> str:
    """The <style> element: the palette as custom properties, light then dark."""

    def variables(palette: dict[str, str]) -> str:
        return ";".join(f"--{name}:{value}" for name, value in palette.items())

    return (
        f"<style>svg{{{variables(LIGHT)}}}"
        f"@media (prefers-color-scheme: dark){{svg{{{variables(DARK)}}}}}"
        f"{STYLE_RULES}{extra}</style>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str  # the value as a reader reads it: « 800 000 € », « 12 décisions »


@dataclass(frozen=True)
class Year:
    year: int
    count: int
    total: int  # euros


# Text measurement


_NARROW_CHARS = set("il.,:;!|'’`()[]{}/\\ItfjrI-«»\u00a0\u202f ")
_WIDE_CHARS = set("mwMW@%…—")


def advance(character: str) -> float:
    """Width of one character in font sizes, rounded up for the widest usual sans-serif."""
    if character in _NARROW_CHARS:
        return 0.36
    if character in _WIDE_CHARS:
        return 0.95
    if character.isupper() or character.isdigit() or character in "€£$¤":
        return 0.72
    return 0.62


def text_width(text: str, size: float) -> float:
    """Never less than 0.6 of the size per character: a text of many narrow letters in a
    wide font still fits."""
    return max(sum(advance(c) for c in text), 0.6 * len(text)) * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width``, broken between words; a word longer than a line stays whole
    on its own line (the layout gives every label room for its longest word)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def longest_word(texts: list[str], size: float) -> float:
    return max((text_width(word, size) for text in texts for word in text.split()), default=0)


# Numbers


def short_amount(euros: int) -> str:
    """« 1,2 Md€ », « 746 M€ », « 150 k€ », « 900 € »: for ticks, where space is short."""
    for unit, name in ((10**9, "Md€"), (10**6, "M€"), (10**3, "k€")):
        if euros >= unit:
            value = euros / unit
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{round(value)}"
            return text.replace(".", ",") + "\u00a0" + name
    return f"{euros}\u00a0€"


def nice_ticks(largest: int, count: int = 4) -> list[int]:
    """0 and round steps (1, 2 or 5 × 10^k) up to at least ``largest``."""
    if largest <= 0:
        return [0, 1]
    raw = largest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = math.ceil(largest / step) * step
    return list(range(0, top + 1, step))


# SVG pieces


def svg_text(x: float, y: float, content: str, size: int = FONT, anchor: str = "start", cls: str = "") -> str:
    attributes = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}"'
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if cls:
        attributes += f' class="{cls}"'
    return f"<text {attributes}>{escape(content)}</text>"


def document(title: str, width: int, height: float, body: list[str], extra_style: str = "") -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {math.ceil(height)}" width="100%" '
        f'role="img" aria-label={quoteattr(title)}>'
    )
    parts = [head, f"<title>{escape(title)}</title>", style(extra_style), *body, "</svg>"]
    # Labels come from editors' data: escaped above, and no character XML forbids.
    return xml_text("\n".join(parts) + "\n")


def heading(title: str, width: int) -> tuple[list[str], float]:
    """The title as lines of text, and the y where the chart below it starts."""
    lines = wrap(title, TITLE * BOLD, width - 2 * PAD)
    parts = [svg_text(PAD, TITLE * (1 + i * LINE), line, TITLE, cls="title") for i, line in enumerate(lines)]
    return parts, TITLE * (1 + (len(lines) - 1) * LINE) + GAP + 4


# Horizontal bars


def bar_chart(title: str, bars: list[Bar], width: int = WIDE, log: bool = False) -> str:
    """One labelled bar per item. Linear: longest bar = largest value. ``log``: amounts in euros
    on a logarithmic scale with a labelled tick per power of ten, so that a fine of a few
    thousand euros stays visible beside one of a billion."""
    parts, y = heading(title, width)
    value_width = max((text_width(bar.shown, FONT) for bar in bars), default=0) + 2 * PAD
    narrow = width < 600
    if narrow:
        label_width = width - 2 * PAD
    else:
        wanted = max((text_width(bar.label, FONT) for bar in bars), default=0)
        label_width = min(wanted, max(0.45 * width, longest_word([b.label for b in bars], FONT)))
    bar_x = PAD if narrow else PAD + label_width + 2 * PAD
    span = width - bar_x - value_width - PAD
    scale = _log_scale(bars, span) if log else _linear_scale(bars, span)
    top, rows = y, []
    for bar in bars:
        lines = wrap(bar.label, FONT, label_width)
        line_height = FONT * LINE
        if narrow:
            rows += [svg_text(PAD, y + FONT + i * line_height, line) for i, line in enumerate(lines)]
            y += len(lines) * line_height + 2
            bar_y = y
            y += BAR_HEIGHT + GAP
        else:
            row = max(BAR_HEIGHT, len(lines) * line_height)
            first = y + (row - len(lines) * line_height) / 2 + FONT * 0.95
            rows += [
                svg_text(PAD + label_width, first + i * line_height, line, anchor="end") for i, line in enumerate(lines)
            ]
            bar_y = y + (row - BAR_HEIGHT) / 2
            y += row + GAP
        length = scale(bar.value)
        if length:
            rows.append(
                f'<rect class="bar" x="{bar_x:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}"/>'
            )
        rows.append(svg_text(bar_x + length + PAD, bar_y + BAR_HEIGHT / 2 + FONT * 0.35, bar.shown))
    if not log:
        return document(title, width, y, parts + rows)
    grid, ticks = _log_axis(bars, bar_x, span, top, y, width)
    # Grid lines under the bars, tick labels below them.
    return document(title, width, y + SMALL * LINE + PAD, parts + grid + rows + ticks)


def _linear_scale(bars: list[Bar], span: float):
    largest = max((bar.value for bar in bars), default=0) or 1
    return lambda value: max(1.0, span * value / largest) if value > 0 else 0.0


def _decades(bars: list[Bar]) -> tuple[int, int]:
    values = [bar.value for bar in bars if bar.value > 0] or [1]
    low = math.floor(math.log10(min(values)))
    high = max(low + 1, math.ceil(math.log10(max(values))))
    return low, high


def _log_scale(bars: list[Bar], span: float):
    low, high = _decades(bars)
    # A value on the lowest tick still gets a visible bar: the scale starts a little below it.
    start = low - 0.25
    return lambda value: span * (math.log10(value) - start) / (high - start) if value > 0 else 0.0


def _log_axis(bars, bar_x, span, top, bottom, width) -> tuple[list[str], list[str]]:
    low, high = _decades(bars)
    scale = _log_scale(bars, span)
    ticks = [(bar_x + scale(10**power), short_amount(10**power)) for power in range(low, high + 1)]
    widest = max(text_width(label, SMALL) for _x, label in ticks)
    spacing = ticks[1][0] - ticks[0][0] if len(ticks) > 1 else span
    every = 1 if spacing >= widest + 6 else math.ceil((widest + 6) / spacing)
    grid = [f'<line class="axis" x1="{bar_x:.1f}" y1="{top - 4:.1f}" x2="{bar_x:.1f}" y2="{bottom - GAP / 2:.1f}"/>']
    labels = []
    for index, (x, label) in enumerate(ticks):
        grid.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{bottom - GAP / 2:.1f}"/>')
        if index % every == 0:
            half = text_width(label, SMALL) / 2
            centre = min(max(x, PAD + half), width - PAD - half)  # the end ticks stay inside
            labels.append(svg_text(centre, bottom + SMALL * 0.6, label, SMALL, anchor="middle", cls="muted"))
    return grid, labels


# Years: a time series


def year_chart(title: str, years: list[Year], width: int = WIDE) -> str:
    """Two column panels on one axis of years, every year from the first to the last (a year
    without decisions shows as an empty column): decisions, then the total in euros."""
    parts, y = heading(title, width)
    first, last = (years[0].year, years[-1].year) if years else (0, 0)
    by_year = {point.year: point for point in years}
    series = [by_year.get(year, Year(year, 0, 0)) for year in range(first, last + 1)]
    panel = 130 if width >= 600 else 110
    for caption, values, shown in (
        ("Nombre de décisions", [p.count for p in series], str),
        ("Montant total des amendes en euros", [p.total for p in series], short_amount),
    ):
        panel_parts, y = _column_panel(caption, [p.year for p in series], values, shown, width, y, panel)
        parts += panel_parts
    return document(title, width, y, parts)


def _column_panel(caption, years, values, shown, width, y, height):
    parts = [svg_text(PAD, y + FONT, caption, FONT, cls="title")]
    y += FONT * LINE + SMALL * 1.5  # room for the value above the tallest column
    ticks = nice_ticks(max(values, default=0))
    tick_width = max(text_width(shown(t), SMALL) for t in ticks)
    left = PAD + tick_width + 2 * PAD
    plot = width - left - PAD
    bottom = y + height
    for tick in ticks:
        ty = bottom - height * tick / ticks[-1]
        parts.append(f'<line class="grid" x1="{left:.1f}" y1="{ty:.1f}" x2="{width - PAD:.1f}" y2="{ty:.1f}"/>')
        parts.append(svg_text(left - PAD, ty + SMALL * 0.35, shown(tick), SMALL, anchor="end", cls="muted"))
    slot = plot / max(1, len(years))
    column = min(48.0, slot * 0.7)
    year_width = text_width("0000", SMALL)
    every = 1 if slot >= year_width + 4 else math.ceil((year_width + 4) / slot)
    # Each column's value above it, when every value fits its column's slot.
    labelled = all(text_width(shown(value), SMALL) + 4 <= slot for value in values)
    for index, (year, value) in enumerate(zip(years, values)):
        centre = left + slot * (index + 0.5)
        tall = height * value / ticks[-1]
        if value:
            parts.append(
                f'<rect class="bar" x="{centre - column / 2:.1f}" y="{bottom - tall:.1f}" '
                f'width="{column:.1f}" height="{tall:.1f}"/>'
            )
            if labelled:
                parts.append(svg_text(centre, bottom - tall - 4, shown(value), SMALL, anchor="middle", cls="value"))
        if (len(years) - 1 - index) % every == 0:  # the latest year always labelled
            parts.append(svg_text(centre, bottom + SMALL * 1.2, str(year), SMALL, anchor="middle"))
    parts.append(f'<line class="axis" x1="{left:.1f}" y1="{bottom:.1f}" x2="{width - PAD:.1f}" y2="{bottom:.1f}"/>')
    return parts, bottom + SMALL * 1.2 + GAP * 2


def view_box(svg: str) -> tuple[int, int]:
    """Width and height of a chart's viewBox: the page gives them to its <img> (no layout shift)."""
    _x, _y, width, height = re.search(r'viewBox="([^"]+)"', svg).group(1).split()
    return int(width), int(height)
