"""Social cards: a 1200×630 card per story, laid out once, drawn to PNG and cached by content hash.

The card is defined as an SVG; `card_png` draws the same layout with Pillow, because rendering
the SVG with cairosvg takes ~200 ms a card where Pillow takes ~10 ms. Tests keep cairosvg as the
oracle: both renderings of a layout must agree.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import escape

WIDTH, HEIGHT = 1200, 630
FONTS = {"regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}
BACKGROUND = (0x15, 0x18, 0x1B)
INK = (0xE9, 0xEC, 0xEF)
CARD_VERSION = "2"
MARGIN = 80


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a social card: where it starts and its font size."""

    text: str
    x: int
    baseline: int
    size: int
    weight: str
    ink: int  # 0..255: how far from the background towards the ink colour


def colour(ink: int) -> str:
    """The one colour a grey level stands for: the card has a single ink, blended over the background."""
    mix = [round(b + (i - b) * ink / 255) for b, i in zip(BACKGROUND, INK, strict=False)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@lru_cache(maxsize=8)
def _font(weight: str, size: int):
    from PIL import ImageFont
    try:
        return ImageFont.truetype(FONTS[weight], size)
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size)


def wrap(text: str, weight: str, size: int, max_width: float, max_lines: int) -> list[str]:
    font = _font(weight, size)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(",.;:") + "…"
    return lines


def layout(site_title: str, title: str, dek: str, publisher: str) -> list[Line]:
    width = WIDTH - 2 * MARGIN
    size = 64 if len(title) < 70 else 54
    lines = [Line(site_title, MARGIN, 100, 30, "regular", 170)]
    y = 190
    for text in wrap(title, "bold", size, width, 4):
        lines.append(Line(text, MARGIN, y, size, "bold", 255))
        y += round(size * 1.2)
    y += 20
    for text in wrap(dek, "regular", 30, width, 3):
        lines.append(Line(text, MARGIN, y, 30, "regular", 215))
        y += 42
    lines.append(Line(publisher, MARGIN, HEIGHT - 60, 26, "regular", 200))
    return lines


def card_svg(lines: list[Line]) -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{colour(0)}"/>',
             f'<rect width="16" height="{HEIGHT}" fill="{colour(200)}"/>']
    for line in lines:
        weight = ' font-weight="bold"' if line.weight == "bold" else ""
        parts.append(f'<text x="{line.x}" y="{line.baseline}" font-family="DejaVu Sans"{weight} '
                     f'font-size="{line.size}" fill="{colour(line.ink)}">{escape(line.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def card_png(lines: list[Line]) -> bytes:
    """The layout drawn in grey levels, stored as a palette image whose palette blends background to ink."""
    from PIL import Image, ImageDraw
    grey = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(grey)
    draw.rectangle((0, 0, 15, HEIGHT - 1), fill=200)
    for line in lines:
        draw.text((line.x, line.baseline), line.text, font=_font(line.weight, line.size), fill=line.ink, anchor="ls")
    card = Image.frombytes("P", grey.size, grey.tobytes())
    card.putpalette([c for level in range(256) for c in bytes.fromhex(colour(level)[1:])])
    buffer = io.BytesIO()
    card.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def social_png(cache_dir: Path, site_title: str, title: str, dek: str, publisher: str) -> Path:
    """The card's PNG in the cache, drawn only when no card with the same content exists."""
    key = hashlib.blake2b("\0".join((CARD_VERSION, site_title, title, dek, publisher)).encode(), digest_size=16)
    path = cache_dir / "social" / f"{key.hexdigest()}.png"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_bytes(card_png(layout(site_title, title, dek, publisher)))
    os.replace(temp, path)
    return path
