"""Social cards: the picture a social network shows when an article without an image is shared.

1200 × 630 PNG, the size Open Graph and X's summary_large_image expect. Deterministic: the same
facts and font give the same bytes (no time or software chunk is written, and nothing random is
drawn), so a rebuild rewrites nothing and the card can be cached by its facts.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
_MARGIN = 72
_INK = (255, 255, 255)
_SOFT = (200, 214, 238)
_GROUND = (20, 43, 92)
_ACCENT = (242, 183, 5)
# Shipped with the package (OFL, see fonts/OFL.txt): the same card on every machine.
FONT = Path(__file__).parent / "fonts" / "Inter-Bold-latin.ttf"


@dataclass(frozen=True)
class DecisionFacts:
    """What the card of a decision says, already formatted in French."""

    site: str
    authority: str  # « CNIL — Commission nationale de l'informatique et des libertés »
    organisation: str
    amount: str  # « 800 000 € » or « montant non communiqué »
    date: str  # « 12 décembre 2024 »


def decision_card(facts: DecisionFacts, font: Path | None = FONT) -> bytes:
    image, draw = _ground()
    y = _MARGIN
    y = _line(draw, facts.site.upper(), font, 30, _SOFT, y) + 26
    y = _line(draw, facts.authority, font, 38, _SOFT, y) + 18
    for text in _wrapped(draw, facts.organisation, font, 64, 2):
        y = _line(draw, text, font, 64, _INK, y) + 8
    draw.rectangle((_MARGIN, HEIGHT - 250, _MARGIN + 120, HEIGHT - 242), fill=_ACCENT)
    _line(draw, facts.amount, font, 96, _ACCENT, HEIGHT - 220, fit=True)
    _line(draw, f"Décision du {facts.date}", font, 34, _SOFT, HEIGHT - _MARGIN - 34)
    return _png(image)


def site_card(site: str, tagline: str, font: Path | None = FONT) -> bytes:
    image, draw = _ground()
    draw.rectangle((_MARGIN, 230, _MARGIN + 120, 238), fill=_ACCENT)
    _line(draw, site, font, 104, _INK, 260, fit=True)
    for index, text in enumerate(_wrapped(draw, tagline, font, 40, 2)):
        _line(draw, text, font, 40, _SOFT, 400 + index * 52)
    return _png(image)


def _ground() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = _padlock().copy()
    return image, ImageDraw.Draw(image)


@functools.cache
def _padlock() -> Image.Image:
    """The ground of every card, drawn once per process."""
    image = Image.new("RGB", (WIDTH, HEIGHT), _GROUND)
    draw = ImageDraw.Draw(image)
    # A padlock's shackle drawn in the corner: the site's sign, not a copied logo.
    draw.arc((WIDTH - 250, 60, WIDTH - 110, 200), 180, 360, fill=_ACCENT, width=16)
    draw.rounded_rectangle((WIDTH - 280, 130, WIDTH - 80, 290), 18, fill=_ACCENT)
    draw.ellipse((WIDTH - 194, 188, WIDTH - 166, 216), fill=_GROUND)
    return image


@functools.cache  # a face per size, loaded once per process: thousands of cards use a few
def _font(font: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if font is not None:
        return ImageFont.truetype(str(font), size)
    return ImageFont.load_default(size=size)


def _line(draw, text: str, font: Path | None, size: int, colour, y: int, fit: bool = False) -> int:
    """Draw one line at ``y``; with ``fit``, smaller until it fits the width. Returns its bottom."""
    room = WIDTH - 2 * _MARGIN - (260 if y < 300 else 0)
    face = _font(font, size)
    while fit and size > 20 and draw.textlength(text, font=face) > room:
        size -= 4
        face = _font(font, size)
    if not fit:
        text = _ellipsis(draw, text, face, room)
    draw.text((_MARGIN, y), text, font=face, fill=colour)
    return y + size


def _wrapped(draw, text: str, font: Path | None, size: int, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines, the last one cut with an ellipsis if needed."""
    face, room = _font(font, size), WIDTH - 2 * _MARGIN - 260
    result: list[str] = []
    words = text.split()
    while words and len(result) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=face) <= room:
            line = f"{line} {words.pop(0)}"
        result.append(line)
    if words:
        result[-1] = _ellipsis(draw, f"{result[-1]} {' '.join(words)}", face, room)
    elif len(result) > 1 and len(result[-1]) <= 6 and " " in result[-2]:
        # No word left alone on the last line (« S.à / r.l. »): take the one before along.
        before, moved = result[-2].rsplit(" ", 1)
        result[-2:] = [before, f"{moved} {result[-1]}"]
    return result


def _ellipsis(draw, text: str, face, room: int) -> str:
    if draw.textlength(text, font=face) <= room:
        return text
    while text and draw.textlength(text + "…", font=face) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _png(image: Image.Image) -> bytes:
    # Four colours and their anti-aliased edges: a 64-colour palette, undithered, looks the same,
    # is 2.4 times smaller and 2.6 times faster to make than full-colour PNG with optimize (a
    # thousand decisions make a thousand cards). Deterministic; no pnginfo: no tIME, no text chunk.
    out = io.BytesIO()
    palette = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, "PNG", compress_level=6)
    return out.getvalue()
