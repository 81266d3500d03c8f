"""Facts in words: estimate values, dates, statuses and source kinds, for the site's language."""

from __future__ import annotations

import functools

from .dates import EDTFDate
from .locale import locale, number
from .model import Estimate, Figure
from .views import DateView, Status

KIND_WORDS = {"news": "News", "wire": "Wire service", "state-media": "State media", "government": "Government",
              "think-tank": "Think tank", "ngo": "NGO", "academic": "Academic", "primary-document": "Primary document"}
KIND_PLURALS = {"news": "news", "wire": "wire", "state-media": "state media", "government": "government",
                "think-tank": "think tanks", "ngo": "NGOs", "academic": "academic", "primary-document": "primary documents"}
UPDATE_LABELS = {"update": "Update", "correction": "Correction", "clarification": "Clarification"}


@functools.lru_cache(maxsize=8192)  # a story repeats its dates; 5000 stories' worth of views stay small
def date_view(date: EDTFDate, language: str, display: str | None = None) -> DateView:
    if date.is_interval:
        marker = "span"
    elif date.precision == "day" and not date.is_approximate and not date.is_uncertain:
        marker = "exact"
    else:
        marker = "approximate"
    earliest = date.iso_bounds()[0] or date.iso_bounds()[1] or ""
    return DateView(display or date.words(language), date.datetime_attrs(), earliest, marker)


def day_view(day, language: str) -> DateView:
    from .dates import parse_edtf
    return date_view(parse_edtf(day.isoformat()), language)


@functools.lru_cache(maxsize=1024)
def status(key: str, attributed_to: str | None, language: str) -> Status:
    loc = locale(language)
    label = loc.statuses[key]
    if key in ("claimed", "disputed", "denied") and attributed_to:
        return Status(key, label, f"{label} {loc.by} {attributed_to}")
    return Status(key, label, label)


def value_words(estimate: Estimate, figure: Figure, language: str) -> str:
    """'about 12,000 troops', '25,000–30,000 troops', or the estimate's display text as written."""
    if estimate.display:
        return estimate.display
    unit = estimate.unit or figure.unit
    parts = []
    if estimate.qualifier:
        parts.append(locale(language).qualifiers[estimate.qualifier])
    if estimate.value is not None:
        parts.append(number(estimate.value, language))
        if estimate.low is not None and estimate.high is not None:
            parts.append(f"({number(estimate.low, language)}–{number(estimate.high, language)})")
    elif estimate.low is not None and estimate.high is not None:
        parts.append(f"{number(estimate.low, language)}–{number(estimate.high, language)}")
    parts.append(unit)
    return " ".join(parts)


def derived_words(estimate: Estimate, language: str) -> str | None:
    """For display text that stands for a number: '≈ 4,000, our arithmetic'."""
    if estimate.display and estimate.number is not None:
        return f"≈ {number(estimate.number, language)}, our arithmetic"
    return None


def source_mix(kinds: list[str]) -> str:
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    parts = [f"{n} {KIND_PLURALS[k]}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    total = len(kinds)
    return f"{total} source{'s' if total != 1 else ''}" + (": " + ", ".join(parts) if parts else "")
