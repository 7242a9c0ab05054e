"""The seed articles' illustrations, drawn here with Pillow (nothing copied from elsewhere).

    python -m portail.media.illustrations content/images

Flat drawings at 1600 × 900 in the site's colours, one per main analysis; written as PNG.
Run again after a change to draw them anew (the same code gives the same files).
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 1600, 900
NAVY, BLUE, SKY, PALE = (20, 43, 92), (38, 84, 166), (120, 160, 220), (226, 234, 246)
GOLD, RED, GREEN, WHITE, GREY = (242, 183, 5), (200, 60, 50), (46, 140, 90), (255, 255, 255), (150, 160, 175)

Drawing = Callable[[ImageDraw.ImageDraw], None]


def _padlock(d: ImageDraw.ImageDraw, x: int, y: int, size: int, colour=GOLD, open_=False) -> None:
    shackle = (x + size * 0.2, y - size * 0.55, x + size * 0.8, y + size * 0.25)
    if open_:
        shackle = (shackle[0] + size * 0.35, shackle[1] - size * 0.2, shackle[2] + size * 0.35, shackle[3] - size * 0.2)
    d.arc(shackle, 180, 360, fill=colour, width=max(4, size // 9))
    d.line(
        (shackle[2] - size * 0.05, (shackle[1] + shackle[3]) / 2, shackle[2] - size * 0.05, y + size * 0.1),
        fill=colour,
        width=max(4, size // 9),
    )
    if not open_:
        d.line(
            (shackle[0] + size * 0.05, (shackle[1] + shackle[3]) / 2, shackle[0] + size * 0.05, y + size * 0.1),
            fill=colour,
            width=max(4, size // 9),
        )
    d.rounded_rectangle((x, y, x + size, y + size * 0.8), size // 10, fill=colour)
    d.ellipse((x + size * 0.42, y + size * 0.25, x + size * 0.58, y + size * 0.41), fill=NAVY)


def _screen(d, box, bar=BLUE) -> None:
    x0, y0, x1, y1 = box
    d.rounded_rectangle(box, 18, fill=WHITE, outline=bar, width=6)
    d.rectangle((x0 + 3, y0 + 3, x1 - 3, y0 + 48), fill=bar)
    for i in range(3):
        d.ellipse((x0 + 20 + i * 30, y0 + 16, x0 + 38 + i * 30, y0 + 34), fill=PALE)


def _lines(d, x, y, width, count, gap=34, colour=PALE) -> None:
    for i in range(count):
        d.rounded_rectangle(
            (x, y + i * gap, x + width * (0.6 + 0.4 * ((i * 7) % 5) / 4), y + i * gap + 14), 7, fill=colour
        )


def transfers(d) -> None:
    """Two shores, Europe and America, crossed by arcs of data, a padlock above the ocean."""
    d.rectangle((0, 560, W, H), fill=BLUE)
    for i in range(6):
        d.arc((-200 + i * 40, 600 + i * 30, W + 200 - i * 40, 1400), 200, 340, fill=SKY, width=3)
    d.polygon([(0, 560), (120, 380), (300, 330), (420, 420), (460, 560)], fill=GREEN)
    d.polygon([(W, 560), (W - 160, 350), (W - 330, 300), (W - 470, 400), (W - 500, 560)], fill=GREEN)
    for i, height in enumerate((220, 300, 260, 340, 240)):
        d.arc((380, 560 - height, W - 380, 560 + height), 180, 360, fill=GOLD if i == 2 else SKY, width=6)
        for step in range(1, 8):
            angle = math.pi + step * math.pi / 8
            cx, cy = W / 2 + (W / 2 - 380) * math.cos(angle), 560 + height * math.sin(angle)
            d.rectangle((cx - 9, cy - 9, cx + 9, cy + 9), fill=WHITE)
    _padlock(d, W // 2 - 70, 110, 140)


def cart(d) -> None:
    """A shopping cart surrounded by advertising targets."""
    d.line((300, 260, 420, 260, 520, 620, 1100, 620), fill=NAVY, width=22, joint="curve")
    d.polygon([(440, 330), (1200, 330), (1120, 560), (500, 560)], fill=BLUE)
    for x in range(520, 1160, 110):
        d.line((x, 340, x - 20 if x > 800 else x + 10, 550), fill=SKY, width=6)
    for cx in (600, 1020):
        d.ellipse((cx - 50, 660, cx + 50, 760), fill=NAVY)
        d.ellipse((cx - 18, 692, cx + 18, 728), fill=PALE)
    for cx, cy, r in ((1330, 200, 110), (230, 620, 80), (1350, 650, 90), (800, 170, 70)):
        for k, colour in enumerate((RED, WHITE, RED, WHITE)):
            rr = r * (1 - k / 4)
            d.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=colour)


def coins(d) -> None:
    """Stacks of coins growing from left to right: a series of fines."""
    d.line((140, 780, W - 140, 780), fill=NAVY, width=8)
    for i, count in enumerate((3, 5, 8, 11, 15)):
        x = 220 + i * 260
        for k in range(count):
            y = 740 - k * 40
            d.ellipse((x, y, x + 180, y + 50), fill=GOLD, outline=(190, 140, 0), width=4)
        d.ellipse(
            (x, 740 - (count - 1) * 40, x + 180, 790 - (count - 1) * 40),
            fill=(250, 205, 60),
            outline=(190, 140, 0),
            width=4,
        )
    d.line((200, 640, 560, 520, 860, 470, 1120, 300, 1400, 130), fill=RED, width=10, joint="curve")
    d.polygon([(1400, 110), (1430, 170), (1360, 160)], fill=RED)


def minors(d) -> None:
    """A phone showing a child's silhouette, guarded by a shield."""
    d.rounded_rectangle((560, 80, 1040, 840), 60, fill=NAVY)
    d.rounded_rectangle((590, 150, 1010, 770), 20, fill=PALE)
    d.ellipse((760, 260, 840, 340), fill=BLUE)
    d.rounded_rectangle((730, 350, 870, 520), 50, fill=BLUE)
    for note in range(4):
        d.ellipse((640 + note * 90, 600, 700 + note * 90, 660), fill=SKY)
    shield = [(1280, 300), (1480, 350), (1460, 600), (1280, 740), (1100, 600), (1080, 350)]
    d.polygon(shield, fill=GREEN)
    d.line((1180, 520, 1260, 600, 1390, 440), fill=WHITE, width=26, joint="curve")


def bubbles(d) -> None:
    """Speech bubbles seen through a magnifying glass: what a messaging service says it does."""
    for x, y, colour in ((200, 160, GREEN), (520, 330, BLUE), (240, 520, GREEN), (600, 640, BLUE)):
        d.rounded_rectangle((x, y, x + 420, y + 150), 40, fill=colour)
        d.polygon([(x + 60, y + 150), (x + 40, y + 210), (x + 130, y + 150)], fill=colour)
        _lines(d, x + 40, y + 40, 320, 3, gap=30, colour=WHITE)
    d.ellipse((1000, 180, 1420, 600), outline=NAVY, width=40)
    d.ellipse((1040, 220, 1380, 560), fill=PALE)
    _lines(d, 1100, 300, 220, 6, gap=36, colour=SKY)
    d.line((1350, 540, 1520, 780), fill=NAVY, width=60)


def cookies(d) -> None:
    """A browser window with a consent banner and cookies around it."""
    _screen(d, (260, 120, 1340, 760))
    _lines(d, 320, 220, 900, 6, gap=46)
    d.rectangle((266, 540, 1334, 754), fill=NAVY)
    _lines(d, 320, 580, 520, 2, gap=40, colour=SKY)
    d.rounded_rectangle((920, 600, 1100, 680), 14, fill=GOLD)
    d.rounded_rectangle((1130, 600, 1300, 680), 14, outline=WHITE, width=5)
    for cx, cy, r in ((150, 300, 90), (1460, 240, 100), (1450, 700, 80), (170, 720, 70)):
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(196, 140, 80))
        for k in range(5):
            a = k * 1.3
            d.ellipse(
                (
                    cx + r * 0.5 * math.cos(a) - 10,
                    cy + r * 0.5 * math.sin(a) - 10,
                    cx + r * 0.5 * math.cos(a) + 10,
                    cy + r * 0.5 * math.sin(a) + 10,
                ),
                fill=(90, 50, 20),
            )


def consent(d) -> None:
    """A form whose boxes are ticked in advance."""
    _screen(d, (420, 90, 1180, 810), bar=NAVY)
    for i in range(5):
        y = 200 + i * 115
        d.rounded_rectangle((500, y, 560, y + 60), 8, outline=BLUE, width=6)
        d.line((510, y + 30, 528, y + 50, 552, y + 10), fill=GREEN, width=9)
        _lines(d, 600, y + 22, 480, 1)
    d.rounded_rectangle((1220, 330, 1440, 560), 30, fill=RED)
    d.line((1270, 380, 1390, 510), fill=WHITE, width=22)
    d.line((1390, 380, 1270, 510), fill=WHITE, width=22)


def targeting(d) -> None:
    """Browser windows under a crosshair: a profile followed from site to site."""
    for k, (x, y) in enumerate(((160, 140), (560, 320), (960, 140))):
        _screen(d, (x, y, x + 480, y + 340), bar=BLUE if k != 1 else NAVY)
        _lines(d, x + 40, y + 90, 380, 5, gap=40)
    cx, cy = 800, 520
    d.ellipse((cx - 170, cy - 170, cx + 170, cy + 170), outline=RED, width=14)
    d.ellipse((cx - 90, cy - 90, cx + 90, cy + 90), outline=RED, width=10)
    d.line((cx - 230, cy, cx + 230, cy), fill=RED, width=8)
    d.line((cx, cy - 230, cx, cy + 230), fill=RED, width=8)
    d.ellipse((cx - 40, cy - 60, cx + 40, cy + 20), fill=NAVY)
    d.pieslice((cx - 70, cy + 10, cx + 70, cy + 130), 180, 360, fill=NAVY)


def files_watched(d) -> None:
    """A clothes hanger, folders of notes on staff, and an eye watching."""
    d.arc((120, 150, 620, 450), 200, 340, fill=NAVY, width=16)
    d.line((370, 150, 370, 90), fill=NAVY, width=14)
    d.arc((340, 40, 400, 100), 180, 90, fill=NAVY, width=12)
    d.polygon([(120, 330), (620, 330), (600, 720), (140, 720)], fill=SKY)
    for k in range(4):
        x, y = 800 + k * 40, 200 + k * 110
        d.rectangle((x, y, x + 520, y + 300), fill=(255, 214, 120), outline=(190, 140, 0), width=4)
        d.rectangle((x, y - 30, x + 180, y), fill=(255, 214, 120), outline=(190, 140, 0), width=4)
    _lines(d, 960, 570, 380, 5, gap=40, colour=(190, 140, 0))
    d.ellipse((1150, 120, 1450, 280), fill=WHITE, outline=NAVY, width=10)
    d.ellipse((1250, 150, 1350, 250), fill=BLUE)
    d.ellipse((1283, 183, 1317, 217), fill=NAVY)


def warehouse(d) -> None:
    """Warehouse shelves of parcels, and a hand scanner counting the seconds."""
    for row in range(3):
        y = 180 + row * 220
        d.rectangle((100, y + 170, 1100, y + 190), fill=NAVY)
        for col in range(6):
            x = 130 + col * 160
            d.rectangle(
                (x, y + 40 + (col % 2) * 30, x + 130, y + 170), fill=(196, 150, 100), outline=(120, 80, 40), width=4
            )
            d.line((x + 65, y + 40 + (col % 2) * 30, x + 65, y + 170), fill=(230, 200, 150), width=8)
    for x in (100, 1080):
        d.rectangle((x, 150, x + 20, 860), fill=NAVY)
    d.rounded_rectangle((1220, 300, 1420, 560), 30, fill=BLUE)
    d.rectangle((1250, 330, 1390, 440), fill=PALE)
    d.rounded_rectangle((1280, 540, 1360, 800), 20, fill=NAVY)
    d.polygon([(1220, 360), (1060, 300), (1060, 460)], fill=(255, 80, 60))
    d.ellipse((1260, 120, 1400, 260), outline=GOLD, width=12)
    d.line((1330, 190, 1330, 140), fill=GOLD, width=10)
    d.line((1330, 190, 1370, 210), fill=GOLD, width=10)


def face_grid(d) -> None:
    """A face outlined by the points and lines of a recognition grid."""
    d.ellipse((560, 100, 1040, 760), outline=SKY, width=10)
    points = []
    for row in range(9):
        for col in range(7):
            x = 620 + col * 60 + (30 if row % 2 else 0)
            y = 160 + row * 70
            if ((x - 800) / 240) ** 2 + ((y - 430) / 330) ** 2 < 1:
                points.append((x, y))
    for a in points:
        for b in points:
            if a < b and math.dist(a, b) < 95:
                d.line((*a, *b), fill=BLUE, width=3)
    for x, y in points:
        d.ellipse((x - 9, y - 9, x + 9, y + 9), fill=GOLD)
    for k in range(6):
        d.rectangle((120 + k * 14, 120 + k * 110, 420, 200 + k * 110), outline=GREY, width=4)
        d.ellipse((140, 130 + k * 110, 200, 190 + k * 110), fill=SKY)
    d.line((430, 430, 540, 430), fill=GOLD, width=10)
    d.polygon([(540, 405), (580, 430), (540, 455)], fill=GOLD)


def breach(d) -> None:
    """A plane above a hotel, and a padlock broken open: records that leaked."""
    d.rectangle((900, 300, 1400, 860), fill=BLUE)
    for row in range(7):
        for col in range(5):
            d.rectangle(
                (940 + col * 90, 340 + row * 70, 990 + col * 90, 380 + row * 70), fill=PALE if (row + col) % 3 else GOLD
            )
    d.polygon([(150, 260), (700, 180), (760, 210), (700, 240), (150, 300)], fill=NAVY)
    d.polygon([(420, 215), (300, 60), (360, 60), (540, 205)], fill=NAVY)
    d.polygon([(430, 270), (320, 400), (380, 400), (540, 250)], fill=NAVY)
    d.polygon([(170, 270), (110, 180), (160, 180), (230, 265)], fill=NAVY)
    _padlock(d, 330, 560, 200, colour=RED, open_=True)
    for k in range(7):
        d.rectangle((620 + k * 40, 560 + (k % 3) * 60, 650 + k * 40, 590 + (k % 3) * 60), fill=GREY)


DRAWINGS: dict[str, Drawing] = {
    "transferts-donnees.png": transfers,
    "chariot-publicite.png": cart,
    "piles-amendes.png": coins,
    "telephone-mineurs.png": minors,
    "messagerie-transparence.png": bubbles,
    "bandeau-cookies.png": cookies,
    "cases-precochees.png": consent,
    "ciblage-publicitaire.png": targeting,
    "dossiers-salaries.png": files_watched,
    "entrepot-scanner.png": warehouse,
    "reconnaissance-faciale.png": face_grid,
    "fuite-avion-hotel.png": breach,
}


def draw(drawing: Drawing) -> bytes:
    image = Image.new("RGB", (W, H), PALE)
    drawing(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.quantize(64, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:] or ["content/images"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, drawing in DRAWINGS.items():
        (folder / name).write_bytes(draw(drawing))
        print(f"{folder / name} ({(folder / name).stat().st_size // 1024} Ko)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
