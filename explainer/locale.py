"""Words and number formats for the site's language: numbers, qualifiers, quotation marks, labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Locale:
    """A language's words and marks: numbers, quotation marks, qualifiers and statuses."""

    code: str
    group: str
    decimal: str
    million: tuple[str, str]
    quotes: tuple[str, str]
    qualifiers: dict[str, str]
    statuses: dict[str, str]
    by: str


_EN_STATUS = {"confirmed": "Confirmed", "reported": "Reported", "claimed": "Claimed",
              "disputed": "Disputed", "denied": "Denied"}

LOCALES = {
    "en": Locale("en", ",", ".", ("million", "million"), ("\u201c", "\u201d"),
                 {"about": "about", "more-than": "more than", "at-least": "at least",
                  "up-to": "up to", "fewer-than": "fewer than"}, _EN_STATUS, "by"),
    "de": Locale("de", ".", ",", ("Million", "Millionen"), ("\u201e", "\u201c"),
                 {"about": "etwa", "more-than": "mehr als", "at-least": "mindestens",
                  "up-to": "bis zu", "fewer-than": "weniger als"},
                 {"confirmed": "Bestätigt", "reported": "Berichtet", "claimed": "Behauptet",
                  "disputed": "Umstritten", "denied": "Dementiert"}, "von"),
    "fr": Locale("fr", "\u202f", ",", ("million", "millions"), ("\u00ab\u202f", "\u202f\u00bb"),
                 {"about": "environ", "more-than": "plus de", "at-least": "au moins",
                  "up-to": "jusqu\u2019à", "fewer-than": "moins de"},
                 {"confirmed": "Confirmé", "reported": "Rapporté", "claimed": "Revendiqué",
                  "disputed": "Contesté", "denied": "Démenti"}, "par"),
}


def base(language: str) -> str:
    return language.split("-")[0].lower()


def supported(language: str) -> bool:
    return base(language) in LOCALES


@functools.lru_cache(maxsize=64)  # asked for every number and date on a page
def locale(language: str) -> Locale:
    return LOCALES.get(base(language), LOCALES["en"])


def number(value: int | float, language: str = "en") -> str:
    """12000 -> '12,000'; 1200000 -> '1.2 million'; 0.5 -> '0.5' (separators by language)."""
    loc = locale(language)
    if abs(value) >= 1_000_000 and value % 10_000 == 0:
        millions = value / 1_000_000
        text = f"{millions:.2f}".rstrip("0").rstrip(".").replace(".", loc.decimal)
        word = loc.million[0] if millions == 1 else loc.million[1]
        return f"{text}\u00a0{word}" if loc.code == "fr" else f"{text} {word}"
    if isinstance(value, float) and not value.is_integer():
        whole, _, frac = f"{value:.6f}".rstrip("0").partition(".")
        return _group(int(whole), loc) + loc.decimal + frac
    return _group(int(value), loc)


def _group(value: int, loc: Locale) -> str:
    text = f"{abs(value):,}".replace(",", loc.group)
    if loc.code == "de" and abs(value) < 10_000:
        text = str(abs(value))  # German style leaves four-digit numbers unseparated
    return ("-" if value < 0 else "") + text


def quoted(text: str, language: str = "en") -> str:
    opening, closing = locale(language).quotes
    return f"{opening}{text}{closing}"
