"""Social cards: a 1200×630 SVG per story rendered to PNG, cached by content hash across builds."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from markupsafe import escape

WIDTH, HEIGHT = 1200, 630
FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
CARD_VERSION = "1"


@lru_cache(maxsize=8)
def _font(size: int):
    try:
        from PIL import ImageFont
        return ImageFont.truetype(FONT_FILE, size)
    except (ImportError, OSError):
        return None


def _width(text: str, size: int) -> float:
    font = _font(size)
    return font.getlength(text) if font is not None else len(text) * size * 0.6


def wrap(text: str, size: int, max_width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if _width(candidate, size) <= max_width or not current:
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


def card_svg(site_title: str, title: str, dek: str, publisher: str) -> str:
    title_size = 64 if len(title) < 70 else 54
    title_lines = wrap(title, title_size, WIDTH - 160, 4)
    dek_lines = wrap(dek, 30, WIDTH - 160, 3)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#15181b"/>',
             f'<rect x="0" y="0" width="16" height="{HEIGHT}" fill="#8fc2ff"/>',
             f'<text x="80" y="100" font-family="DejaVu Sans" font-size="30" fill="#a9b3bc">{escape(site_title)}</text>']
    y = 190
    for line in title_lines:
        parts.append(f'<text x="80" y="{y}" font-family="DejaVu Sans" font-weight="bold" font-size="{title_size}" '
                     f'fill="#e9ecef">{escape(line)}</text>')
        y += int(title_size * 1.2)
    y += 20
    for line in dek_lines:
        parts.append(f'<text x="80" y="{y}" font-family="DejaVu Sans" font-size="30" fill="#cfd6dc">{escape(line)}</text>')
        y += 42
    parts.append(f'<text x="80" y="{HEIGHT - 60}" font-family="DejaVu Sans" font-size="26" fill="#8fc2ff">'
                 f'{escape(publisher)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def social_png(cache_dir: Path, site_title: str, title: str, dek: str, publisher: str) -> Path:
    """The card's PNG in the cache, rendered only when no card with the same content exists."""
    key = hashlib.blake2b("\0".join((CARD_VERSION, site_title, title, dek, publisher)).encode(), digest_size=16)
    path = cache_dir / "social" / f"{key.hexdigest()}.png"
    if path.is_file():
        return path
    import cairosvg  # only when a card must be drawn: its import is slow
    path.parent.mkdir(parents=True, exist_ok=True)
    png = cairosvg.svg2png(bytestring=card_svg(site_title, title, dek, publisher).encode(),
                           output_width=WIDTH, output_height=HEIGHT)
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_bytes(png)
    os.replace(temp, path)
    return path
