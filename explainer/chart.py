"""Competing estimates drawn at build time as an inline SVG on a shared axis from zero, with a text alternative."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from markupsafe import Markup

from .escaping import escape_text
from .locale import number
from .model import Figure

WIDTH = 400
LEFT = 8
RIGHT = 24
ROW = 46
TOP = 8
AXIS = 34


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def figure_chart(figure: Figure, views, language: str) -> Markup | None:
    """An SVG comparing a figure's chartable estimates, or None when fewer than two can share an axis."""
    rows = sorted(((e, v) for e, v in zip(figure.estimates, views, strict=False) if v.chartable),
                  key=lambda row: (row[1].as_of.iso, row[1].number))
    if len(rows) < 2:
        return None
    top = max(max(x for x in (e.value, e.high, e.low) if x is not None) for e, _ in rows)
    scale_max = _nice_max(top)
    span = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(rows) + AXIS

    def x(value: float) -> int:
        return round(LEFT + span * value / scale_max)

    title_id, desc_id = f"chart-{figure.id}-title", f"chart-{figure.id}-desc"
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{title_id} {desc_id}" focusable="false">',
             f'<title id="{title_id}">{escape_text(figure.label)}: estimates compared</title>']
    for index, (estimate, view) in enumerate(rows):
        y = TOP + ROW * index
        who = _shorten(view.whose or view.status.label, 34)
        label = f"{who}, {_month(view.as_of.iso, language)}" + (" (headline)" if view.number == 1 else "")
        parts.append(f'<text x="{LEFT}" y="{y + 14}">{escape_text(label)}</text>')
        mark_y = y + 32
        status = view.status.key
        if estimate.low is not None and estimate.high is not None:
            parts.append(f'<rect class="{status}" x="{x(estimate.low)}" y="{mark_y - 5}" '
                         f'width="{max(2, x(estimate.high) - x(estimate.low))}" height="10" rx="3"/>')
        hollow = view.superseded or estimate.display is not None or estimate.qualifier is not None
        if estimate.value is not None:
            parts.append(f'<circle class="{status}{" hollow" if hollow else ""}" '
                         f'cx="{x(estimate.value)}" cy="{mark_y}" r="6"/>')
        end = estimate.high if estimate.high is not None else estimate.value
        shown = number(end if estimate.value is None else estimate.value, language)
        start = x(estimate.low if estimate.low is not None else estimate.value)
        anchor = "end" if x(end) > WIDTH * 0.7 else "start"
        text_x = start - 10 if anchor == "end" else x(end) + 10
        parts.append(f'<text class="v" x="{text_x}" y="{mark_y + 5}" text-anchor="{anchor}">'
                     f'{escape_text(shown)}</text>')
    axis_y = TOP + ROW * len(rows) + 6
    parts.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}"/>')
    for tick in (0, scale_max / 2, scale_max):
        anchor = "start" if tick == 0 else "end" if tick == scale_max else "middle"
        parts.append(f'<text class="t" x="{x(tick)}" y="{axis_y + 20}" text-anchor="{anchor}">'
                     f'{escape_text(number(int(tick) if float(tick).is_integer() else tick, language))}</text>')
    description = (f"The {len(rows)} estimates listed above, drawn on one scale from 0 to "
                   f"{number(int(scale_max), language)}: dots for single values, bars for ranges.")
    parts.insert(2, f'<desc id="{desc_id}">{escape_text(description)}</desc>')
    parts.append("</svg>")
    return Markup("".join(parts))


# where a qualifying clause starts: ", via lawmakers", ", president of Ukraine", "; probably an error",
# " (a conversion)"; a comma before a capital continues a list of names ("South Korean, Ukrainian and US officials")
_CLAUSE = re.compile(r", (?=[a-z])|; | \(")
# words a shortened label should not end on: "Counted by the ministry of…" reads worse than "Counted by the ministry…"
_DANGLING = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "the", "to", "via",
                       "with"})


def _shorten(text: str, limit: int) -> str:
    """A chart row's label: whose estimate it is, within `limit` characters. The longest name that stops before a
    qualifying clause is kept whole where one fits ("Seoul's spy agency (NIS)" of "Seoul's spy agency (NIS), via
    lawmakers"); otherwise whole words and an ellipsis. The list beside the chart gives the attribution in full."""
    if len(text) <= limit:
        return text
    heads = [text[:match.start()] for match in _CLAUSE.finditer(text)]
    whole = [head for head in heads if 0 < len(head) <= limit and head.count("(") == head.count(")")
             and head.count('"') % 2 == 0]
    if whole:
        return whole[-1]
    words = text[: limit - 1].split(" ")[:-1] or [text[: limit - 1]]
    while len(words) > 1 and (words[-1].lower() in _DANGLING or not words[-1].strip(",;:(")):
        words.pop()
    return " ".join(words).rstrip(",;:(") + "…"


def _month(iso: str, language: str) -> str:
    """'2025-09-02' -> 'Sep 2025': charts name the month, the list beside them gives the full date."""
    return _month_words(iso[:7], language)


@lru_cache(maxsize=4096)  # a story's charts name a few months many times
def _month_words(month_iso: str, language: str) -> str:
    from .dates import parse_edtf
    words = parse_edtf(month_iso).words(language)
    month, _, year = words.rpartition(" ")
    return f"{month[:3]} {year}" if month else year
