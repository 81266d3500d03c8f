"""Social cards: the Pillow drawing agrees with cairosvg's rendering of the same SVG layout."""

import io

import cairosvg
from PIL import Image, ImageStat

from explainer import social

LONG = ("Why North Korea now celebrates a war it kept secret, and what the numbers say about the soldiers "
        "who did not come home from Kursk")


def _grey(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("L")


def _profiles(image: Image.Image) -> tuple[list[float], list[int]]:
    """Ink per row (8-pixel bands), and where the ink ends in each band: robust to kerning, not to layout."""
    rows, ends = [], []
    for top in range(0, image.height, 8):
        band = image.crop((16, top, image.width, top + 8))
        rows.append(ImageStat.Stat(band).mean[0])
        box = band.point(lambda v: 255 if v > 80 else 0).getbbox()
        ends.append(box[2] if box else 0)
    return rows, ends


def _distance(png: bytes, svg: str) -> tuple[float, int]:
    """Largest difference in ink per row band, and in where each band's text ends (pixels)."""
    ours = _grey(png)
    oracle = _grey(cairosvg.svg2png(bytestring=svg.encode(), output_width=1200, output_height=630))
    assert ours.size == oracle.size == (1200, 630)
    (rows_a, ends_a), (rows_b, ends_b) = _profiles(ours), _profiles(oracle)
    return (max(abs(a - b) for a, b in zip(rows_a, rows_b, strict=False)), max(abs(a - b) for a, b in zip(ends_a, ends_b, strict=False)))


def test_card_matches_the_svg_rendered_by_cairosvg():
    lines = social.layout("The Explainer Desk", LONG, "For months Pyongyang would not admit it.", "Explainer Desk")
    ink, edge = _distance(social.card_png(lines), social.card_svg(lines))
    assert ink < 40 and edge < 120, (ink, edge)


def test_the_comparison_catches_a_misplaced_or_missing_line():
    lines = social.layout("The Explainer Desk", LONG, "For months Pyongyang would not admit it.", "Explainer Desk")
    moved = [lines[0], social.Line(lines[1].text, lines[1].x, lines[1].baseline + 40, lines[1].size,
                                   lines[1].weight, lines[1].ink), *lines[2:]]
    for changed in (moved, lines[:-1]):
        ink, edge = _distance(social.card_png(changed), social.card_svg(lines))
        assert ink >= 40 or edge >= 120, (ink, edge)


def test_long_titles_wrap_and_are_cut_with_an_ellipsis():
    lines = social.layout("Site", LONG * 3, "Dek " * 100, "Pub")
    titles = [line for line in lines if line.weight == "bold"]
    assert len(titles) == 4 and titles[-1].text.endswith("…")
    font = social._font("bold", titles[0].size)
    assert all(font.getlength(line.text) <= social.WIDTH - 2 * social.MARGIN for line in titles)


def test_cards_are_cached_by_content(tmp_path):
    first = social.social_png(tmp_path, "Site", "Title", "Dek", "Pub")
    stamp = first.stat().st_mtime_ns
    assert social.social_png(tmp_path, "Site", "Title", "Dek", "Pub") == first
    assert first.stat().st_mtime_ns == stamp
    assert social.social_png(tmp_path, "Site", "Other", "Dek", "Pub") != first
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
