"""Dates in words, in English, German and French: "about 23 October 2024", "etwa Herbst 2024", "8–18 octobre 2024"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .dates import _MONTHS_EN, EDTFDate


def words(d: EDTFDate, language: str) -> str:
    return _words(d, _language(language))


@dataclass(frozen=True, slots=True)
class _Lang:
    """How one language writes dates: month and season names, and the patterns around them."""

    months: tuple[str, ...]
    seasons: tuple[str, ...]
    day: Callable[[int], str]
    winter: Callable[[int], str]
    qualify: Callable[[EDTFDate, str], str]
    open_from: Callable[[EDTFDate, _Lang], str]
    open_until: Callable[[EDTFDate, _Lang], str]
    long_join: str = " – "
    range_note: Callable[[str, str], str] | None = None


def _prefixes(about: str, possibly: str) -> Callable[[EDTFDate, str], str]:
    table = {"": "", "~": f"{about} ", "?": f"{possibly} ", "%": f"{possibly} {about} "}
    return lambda d, bare: table[d.qualifier] + bare


def _short_winter(year: int, sep: str) -> str:
    end = f"{(year + 1) % 100:02d}" if (year + 1) // 100 == year // 100 else str(year + 1)
    return f"{year}{sep}{end}"


def _fr_np(d: EDTFDate, bare: str) -> str:
    if d.precision in ("day", "season"):
        return ("l’" if bare[0] in "aeéiouh" else "le ") + bare
    return bare


def _fr_contract(prep: str, np: str) -> str:
    if np.startswith("le "):
        return {"de": "du ", "à": "au "}[prep] + np[3:]
    if prep == "de" and np[0] in "aeéiouh":
        return "d’" + np
    return f"{prep} {np}"


_FR_NOTES = {
    "~": ("début approximatif", "fin approximative", "dates approximatives"),
    "?": ("début incertain", "fin incertaine", "dates incertaines"),
    "%": ("début approximatif et incertain", "fin approximative et incertaine",
          "dates approximatives et incertaines"),
}


def _fr_range_note(qa: str, qb: str) -> str:
    if qa == qb:
        notes = [_FR_NOTES[qa][2]] if qa else []
    else:
        notes = [_FR_NOTES[q][i] for i, q in ((0, qa), (1, qb)) if q]
    return f" ({', '.join(notes)})" if notes else ""


def _fr_qualify(d: EDTFDate, bare: str) -> str:
    words = "vers " + _fr_np(d, bare) if d.qualifier in ("~", "%") else bare
    return words + (" (date incertaine)" if d.qualifier in ("?", "%") else "")


def _fr_from(d: EDTFDate, lang: _Lang) -> str:
    return "à partir " + _fr_contract("de", _fr_np(d, _bare(d, lang))) + _fr_range_note(d.qualifier, "")


def _fr_until(d: EDTFDate, lang: _Lang) -> str:
    bare = _bare(d, lang)
    if d.precision in ("day", "season"):
        return "jusqu’" + _fr_contract("à", _fr_np(d, bare)) + _fr_range_note("", d.qualifier)
    return "jusqu’en " + bare + _fr_range_note("", d.qualifier)


_LANGS = {
    "en": _Lang(_MONTHS_EN, ("spring", "summer", "autumn", "winter"), str,
                lambda y: "winter " + _short_winter(y, "–"), _prefixes("about", "possibly"),
                lambda d, lang: "from " + _words(d, lang), lambda d, lang: "until " + _words(d, lang),
                long_join=" to "),
    "de": _Lang(("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember"), ("Frühling", "Sommer", "Herbst", "Winter"),
                lambda n: f"{n}.", lambda y: "Winter " + _short_winter(y, "/"),
                _prefixes("etwa", "möglicherweise"),
                lambda d, lang: "ab " + _words(d, lang), lambda d, lang: "bis " + _words(d, lang)),
    "fr": _Lang(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre"), ("printemps", "été", "automne", "hiver"),
                lambda n: "1er" if n == 1 else str(n), lambda y: f"hiver {y}–{y + 1}", _fr_qualify,
                _fr_from, _fr_until, range_note=_fr_range_note),
}


def _language(tag: str) -> _Lang:
    return _LANGS.get(str(tag).lower().replace("_", "-").split("-")[0], _LANGS["en"])


def _bare(d: EDTFDate, lang: _Lang) -> str:
    first = d.earliest
    if d.precision == "year":
        return str(first.year)
    if d.precision == "season":
        if first.month == 12:
            return lang.winter(first.year)
        return f"{lang.seasons[first.month // 3 - 1]} {first.year}"
    month = f"{lang.months[first.month - 1]} {first.year}"
    return month if d.precision == "month" else f"{lang.day(first.day)} {month}"


def _words(d: EDTFDate, lang: _Lang) -> str:
    if d.precision != "interval":
        return lang.qualify(d, _bare(d, lang))
    a, b = d.start, d.end
    if b is None:
        return lang.open_from(a, lang)
    if a is None:
        return lang.open_until(b, lang)
    if a == b:
        return _words(a, lang)
    if lang.range_note:
        span = _span(a, b, _bare(a, lang), _bare(b, lang), True, lang)
        return span + lang.range_note(a.qualifier, b.qualifier)
    if a.qualifier == b.qualifier:
        return lang.qualify(a, _span(a, b, _bare(a, lang), _bare(b, lang), True, lang))
    return _span(a, b, _words(a, lang), _words(b, lang), False, lang)


def _span(a: EDTFDate, b: EDTFDate, left: str, right: str, share_month: bool, lang: _Lang) -> str:
    """Join two ends' words with an en dash, saying a year (and month) that both end with once."""
    first, last = a.earliest, b.earliest
    shared = f" {first.year}"
    if (first.year != last.year or "year" in (a.precision, b.precision)
            or not (left.endswith(shared) and right.endswith(shared))):
        shared = ""
    elif share_month and a.precision == b.precision == "day" and first.month == last.month:
        shared = f" {lang.months[first.month - 1]} {first.year}"
    left, right = left.removesuffix(shared), right.removesuffix(shared)
    if "–" in left + right:
        dash = lang.long_join
    else:
        dash = " – " if " " in left + right else "–"
    return left + dash + right + shared
