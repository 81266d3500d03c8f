"""Tests for explainer.dates: examples, errors, and property tests against the `edtf` package."""

import calendar
import datetime
import pickle
import random
import re

import edtf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explainer.dates import DateError, EDTFDate, parse_edtf

D = datetime.date
PROPERTY = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


# Parsing and bounds -------------------------------------------------------------------------

@pytest.mark.parametrize("text, precision, approximate, uncertain, earliest, latest", [
    ("2025-08-21", "day", False, False, D(2025, 8, 21), D(2025, 8, 21)),
    ("2025-08", "month", False, False, D(2025, 8, 1), D(2025, 8, 31)),
    ("2025", "year", False, False, D(2025, 1, 1), D(2025, 12, 31)),
    ("2024-10-~23", "day", True, False, D(2024, 10, 23), D(2024, 10, 23)),
    ("2024-10-?23", "day", False, True, D(2024, 10, 23), D(2024, 10, 23)),
    ("2024-10-%23", "day", True, True, D(2024, 10, 23), D(2024, 10, 23)),
    ("2024-10~", "month", True, False, D(2024, 10, 1), D(2024, 10, 31)),
    ("2024-02?", "month", False, True, D(2024, 2, 1), D(2024, 2, 29)),
    ("2025~", "year", True, False, D(2025, 1, 1), D(2025, 12, 31)),
    ("2025-08-21?", "day", False, True, D(2025, 8, 21), D(2025, 8, 21)),
    ("2025-08-21%", "day", True, True, D(2025, 8, 21), D(2025, 8, 21)),
    ("2024-21", "season", False, False, D(2024, 3, 1), D(2024, 5, 31)),
    ("2024-22", "season", False, False, D(2024, 6, 1), D(2024, 8, 31)),
    ("2024-23", "season", False, False, D(2024, 9, 1), D(2024, 11, 30)),
    ("2024-23~", "season", True, False, D(2024, 9, 1), D(2024, 11, 30)),
    ("2024-24", "season", False, False, D(2024, 12, 1), D(2025, 2, 28)),
    ("2023-24", "season", False, False, D(2023, 12, 1), D(2024, 2, 29)),
    ("1899-24", "season", False, False, D(1899, 12, 1), D(1900, 2, 28)),
    ("1999-24?", "season", False, True, D(1999, 12, 1), D(2000, 2, 29)),
    ("2024-02-29", "day", False, False, D(2024, 2, 29), D(2024, 2, 29)),
    ("0001", "year", False, False, D(1, 1, 1), D(1, 12, 31)),
    ("9999-12-31", "day", False, False, D(9999, 12, 31), D(9999, 12, 31)),
    ("2024-10-08/2024-10-18", "interval", False, False, D(2024, 10, 8), D(2024, 10, 18)),
    ("2024-10-~08/2024-10-18", "interval", True, False, D(2024, 10, 8), D(2024, 10, 18)),
    ("2024-10/2025?", "interval", False, True, D(2024, 10, 1), D(2025, 12, 31)),
    ("2024-24/2025-21", "interval", False, False, D(2024, 12, 1), D(2025, 5, 31)),
    ("2025-04/..", "interval", False, False, D(2025, 4, 1), None),
    ("../2025-04", "interval", False, False, None, D(2025, 4, 30)),
    ("../2025-04~", "interval", True, False, None, D(2025, 4, 30)),
    ("2024-10-08/2024-10-08", "interval", False, False, D(2024, 10, 8), D(2024, 10, 8)),
    ("2024-10/2024-10-01", "interval", False, False, D(2024, 10, 1), D(2024, 10, 1)),
])
def test_parse(text, precision, approximate, uncertain, earliest, latest):
    d = parse_edtf(text)
    assert (d.text, d.precision) == (text, precision)
    assert (d.is_approximate, d.is_uncertain) == (approximate, uncertain)
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.is_interval == (precision == "interval")
    assert str(d) == text


@pytest.mark.parametrize("text, bounds", [
    ("2024-10", ("2024-10-01", "2024-10-31")),
    ("2024-10~", ("2024-10-01", "2024-10-31")),
    ("2025-02", ("2025-02-01", "2025-02-28")),
    ("2024-24", ("2024-12-01", "2025-02-28")),
    ("0800-10-~05", ("0800-10-05", "0800-10-05")),
    ("2025-04/..", ("2025-04-01", None)),
    ("../2025", (None, "2025-12-31")),
])
def test_iso_bounds(text, bounds):
    assert parse_edtf(text).iso_bounds() == bounds


def test_yaml_values_are_normalised():
    assert parse_edtf(2025) == parse_edtf("2025")
    assert parse_edtf(2025).text == "2025"
    assert parse_edtf(D(2025, 8, 21)).text == "2025-08-21"
    for bad in (True, None, 2025.0, datetime.datetime(2025, 8, 21, 10, 0), ["2025"]):
        with pytest.raises(DateError):
            parse_edtf(bad)
    with pytest.raises(DateError, match="four digits"):
        parse_edtf(25)


def test_parsing_is_cached():
    assert parse_edtf("2024-10-23") is parse_edtf("2024-10-23")
    assert parse_edtf(2024) is parse_edtf("2024")


def test_dates_are_frozen_and_hashable():
    d = parse_edtf("2024-10-08/2024-10-18")
    with pytest.raises(AttributeError):
        d.text = "2025"
    assert len({d, parse_edtf("2024-10-08/2024-10-18"), parse_edtf("2024")}) == 2


# Sorting ---------------------------------------------------------------------------------------

def test_sort_keys():
    assert parse_edtf("2024-10~").sort_key() == (D(2024, 10, 1), D(2024, 10, 31))
    assert parse_edtf("../2024").sort_key() == (D.min, D(2024, 12, 31))
    assert parse_edtf("2024/..").sort_key() == (D(2024, 1, 1), D.max)
    texts = ["2024-10-23", "2024/..", "2024-10", "../2024-10-01", "2024-10-~23", "2024-23",
             "2024", "2024-10-01/2024-10-05", "2024-24", "2023-24"]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key())
    assert ordered == ["../2024-10-01", "2023-24", "2024", "2024/..", "2024-23", "2024-10-01/2024-10-05",
                       "2024-10", "2024-10-23", "2024-10-~23", "2024-24"]


# Words -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, en", [
    ("2024-10-23", "23 October 2024"),
    ("2024-10-01", "1 October 2024"),
    ("2024-10", "October 2024"),
    ("2024", "2024"),
    ("0800", "800"),
    ("2024-10-~23", "about 23 October 2024"),
    ("2024-10-23~", "about 23 October 2024"),
    ("2024-10~", "about October 2024"),
    ("2025~", "about 2025"),
    ("2025-08-21?", "possibly 21 August 2025"),
    ("2024-10-?23", "possibly 23 October 2024"),
    ("2025-08-21%", "possibly about 21 August 2025"),
    ("2024-10-%23", "possibly about 23 October 2024"),
    ("2024-23", "autumn 2024"),
    ("2024-21", "spring 2024"),
    ("2024-22", "summer 2024"),
    ("2024-24", "winter 2024–25"),
    ("1999-24", "winter 1999–2000"),
    ("2024-23~", "about autumn 2024"),
    ("2024-10-08/2024-10-18", "8–18 October 2024"),
    ("2024-10-28/2024-11-04", "28 October – 4 November 2024"),
    ("2024-12-30/2025-01-02", "30 December 2024 – 2 January 2025"),
    ("2024-10/2024-11", "October–November 2024"),
    ("2024-10/2024-11-04", "October – 4 November 2024"),
    ("2024/2025", "2024–2025"),
    ("2024/2024-10", "2024 – October 2024"),
    ("2024-10/2025-03", "October 2024 – March 2025"),
    ("2024-21/2024-23", "spring–autumn 2024"),
    ("2024-21/2024-24", "spring 2024 to winter 2024–25"),
    ("2023-24/2024-22", "winter 2023–24 to summer 2024"),
    ("2024-10/2024-23~", "October – about autumn 2024"),
    ("2024~/2024-10", "about 2024 – October 2024"),
    ("2024-10/2024~", "October 2024 – about 2024"),
    ("2024-10~/2024-24", "about October 2024 to winter 2024–25"),
    ("2024-24/2024-12-25", "winter 2024–25 to 25 December 2024"),
    ("2024-24/2025-21", "winter 2024–25 to spring 2025"),
    ("2024-10-~08/2024-10-~18", "about 8–18 October 2024"),
    ("2024-10-08~/2024-10-~18", "about 8–18 October 2024"),
    ("2024-10-?08/2024-10-?18", "possibly 8–18 October 2024"),
    ("2024~/2025~", "about 2024–2025"),
    ("2024-10-~08/2024-10-18", "about 8 October – 18 October 2024"),
    ("2024-10-08/2024-10-18?", "8 October – possibly 18 October 2024"),
    ("2024-10~/2025?", "about October 2024 – possibly 2025"),
    ("2025-04/..", "from April 2025"),
    ("../2025-04", "until April 2025"),
    ("2025-04~/..", "from about April 2025"),
    ("../2024-24", "until winter 2024–25"),
    ("2024-10-08/2024-10-08", "8 October 2024"),
    ("2024-10-~08/2024-10-~08", "about 8 October 2024"),
])
def test_words_english(text, en):
    d = parse_edtf(text)
    assert d.words() == en
    assert d.words("en") == en
    assert d.words("en-GB") == en


@pytest.mark.parametrize("text, de", [
    ("2024-10-23", "23. Oktober 2024"),
    ("2024-03", "März 2024"),
    ("2024-10-~23", "etwa 23. Oktober 2024"),
    ("2025-08-21?", "möglicherweise 21. August 2025"),
    ("2025-08-21%", "möglicherweise etwa 21. August 2025"),
    ("2024-23", "Herbst 2024"),
    ("2024-24", "Winter 2024/25"),
    ("2024-10-08/2024-10-18", "8.–18. Oktober 2024"),
    ("2024-10-28/2024-11-04", "28. Oktober – 4. November 2024"),
    ("2024-10/2024-11", "Oktober–November 2024"),
    ("2025-04/..", "ab April 2025"),
    ("../2025-04", "bis April 2025"),
    ("2025-04~/..", "ab etwa April 2025"),
])
def test_words_german(text, de):
    assert parse_edtf(text).words("de") == de
    assert parse_edtf(text).words("de-AT") == de


@pytest.mark.parametrize("text, fr", [
    ("2024-10-23", "23 octobre 2024"),
    ("2024-10-01", "1er octobre 2024"),
    ("2024-10", "octobre 2024"),
    ("2024-10-~23", "vers le 23 octobre 2024"),
    ("2024-10~", "vers octobre 2024"),
    ("2025~", "vers 2025"),
    ("2024-23~", "vers l’automne 2024"),
    ("2024-21~", "vers le printemps 2024"),
    ("2025-08-21?", "21 août 2025 (date incertaine)"),
    ("2025-08-21%", "vers le 21 août 2025 (date incertaine)"),
    ("2024-23", "automne 2024"),
    ("2024-24", "hiver 2024–2025"),
    ("2024-10-08/2024-10-18", "8–18 octobre 2024"),
    ("2024-10-01/2024-10-03", "1er–3 octobre 2024"),
    ("2024-10-28/2024-11-04", "28 octobre – 4 novembre 2024"),
    ("2024-10-~08/2024-10-18", "8–18 octobre 2024 (début approximatif)"),
    ("2024-10-~08/2024-10-~18", "8–18 octobre 2024 (dates approximatives)"),
    ("2024-10~/2025?", "octobre 2024 – 2025 (début approximatif, fin incertaine)"),
    ("2025-04/..", "à partir d’avril 2025"),
    ("2025-03/..", "à partir de mars 2025"),
    ("2024-10-08/..", "à partir du 8 octobre 2024"),
    ("2024-23/..", "à partir de l’automne 2024"),
    ("2024-21/..", "à partir du printemps 2024"),
    ("2025/..", "à partir de 2025"),
    ("2025-04~/..", "à partir d’avril 2025 (début approximatif)"),
    ("../2025-04", "jusqu’en avril 2025"),
    ("../2025", "jusqu’en 2025"),
    ("../2024-10-18", "jusqu’au 18 octobre 2024"),
    ("../2024-22", "jusqu’à l’été 2024"),
    ("../2024-21", "jusqu’au printemps 2024"),
])
def test_words_french(text, fr):
    assert parse_edtf(text).words("fr") == fr
    assert parse_edtf(text).words("fr_CA") == fr


@pytest.mark.parametrize("language", ["xx", "", "ko", "EN", "en-US", "zh-Hant-TW"])
def test_unknown_languages_fall_back_to_english(language):
    assert parse_edtf("2024-10-~23").words(language) == "about 23 October 2024"


# HTML datetime values ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, attrs", [
    ("2024-10-23", ("2024-10-23",)),
    ("2024-10-~23", ("2024-10",)),
    ("2024-10-?23", ("2024-10",)),
    ("2024-10-23%", ("2024-10",)),
    ("2024-10", ("2024-10",)),
    ("2024-10?", ("2024-10",)),
    ("2024-10~", ("2024",)),
    ("2024-10%", ("2024",)),
    ("2024-23", ("2024",)),
    ("2024-24", ("2024",)),
    ("2024", ("2024",)),
    ("2024~", ("2024",)),
    ("0800-10-05", ("0800-10-05",)),
    ("2024-10-08/2024-10-18", ("2024-10-08", "2024-10-18")),
    ("2024-10-~08/2025~", ("2024-10", "2025")),
    ("2025-04/..", ("2025-04",)),
    ("../2025-04-~03", ("2025-04",)),
])
def test_datetime_attrs(text, attrs):
    assert parse_edtf(text).datetime_attrs() == attrs


MONTHS_HINT = "months run 01-12; seasons are 21 spring, 22 summer, 23 autumn, 24 winter"


# Errors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message, hint", [
    ("2024-02-30", "no such day: 30 February 2024", None),
    ("2023-02-29", "no such day: 29 February 2023", "2023 is not a leap year"),
    ("2024-04-31", "no such day: 31 April 2024", None),
    ("2024-10-00", "no such day: 2024-10-00", "days run 01-31"),
    ("2024-13", "no such month: 13", MONTHS_HINT),
    ("2024-00-10", "no such month: 00", MONTHS_HINT),
    ("2024-25", "season 25 is not supported", "use 21 spring, 22 summer, 23 autumn or 24 winter"),
    ("2024-41", "season 41 is not supported", "use 21 spring, 22 summer, 23 autumn or 24 winter"),
    ("2024-23-01", "a season has no day: 2024-23-01", "write the season alone: 2024-23"),
    ("2024-10-23~~", "too many qualifiers: 2024-10-23~~", "use one: ~ about, ? uncertain, % both"),
    ("2024-10-~23?", "too many qualifiers: 2024-10-~23?", "use one: ~ about, ? uncertain, % both"),
    ("24-10-23", "years have four digits: 24-10-23", "e.g. 2024-10-23 (0001 to 9999)"),
    ("12024", "years have four digits: 12024", "e.g. 2024-10-23 (0001 to 9999)"),
    ("0000", "there is no year 0000", "years run from 0001 to 9999"),
    ("2024/10/23", "not an EDTF date: 2024/10/23", "use dashes: 2024-10-23"),
    ("2024.10.23", "not an EDTF date: 2024.10.23", "use dashes: 2024-10-23"),
    ("2024/10", "not an EDTF date: 2024/10", "use dashes: 2024-10"),
    ("23/10/2024", "not an EDTF date: 23/10/2024", "put the year first: YYYY-MM-DD, e.g. 2024-10-23"),
    ("2024-1-5", "not an EDTF date: 2024-1-5", "write 2024-01-05"),
    ("1:30", "times of day are not supported: 1:30", "write dates as EDTF, e.g. 2024-10-23"),
    ("2024-10-23T10:00", "times of day are not supported: 2024-10-23T10:00",
     "give the day alone: 2024-10-23"),
    ("2024-10-XX", "unspecified digits (X) are not supported: 2024-10-XX",
     "give the known part alone, e.g. 2024-10"),
    ("202X", "unspecified digits (X) are not supported: 202X", "write dates as EDTF, e.g. 2024-10-23"),
    ("", "the date is empty", "write dates as EDTF, e.g. 2024-10-23"),
    ("   ", "the date is empty", "write dates as EDTF, e.g. 2024-10-23"),
    ("23 October 2024", "not an EDTF date: 23 October 2024", "write dates as EDTF, e.g. 2024-10-23"),
    ("2024-10-23 ~", "misplaced qualifier: 2024-10-23 ~",
     "write 2024-10-~23 (that day) or 2024-10~ (that month), with no spaces"),
    ("~2024-10-23", "misplaced qualifier: ~2024-10-23",
     "write 2024-10-~23 (that day) or 2024-10~ (that month), with no spaces"),
    ("2024-~10-23", "misplaced qualifier: 2024-~10-23",
     "write 2024-10-~23 (that day) or 2024-10~ (that month), with no spaces"),
    ("~2025", "misplaced qualifier: ~2025", "write 2025~, with no spaces"),
    ("2025 ?", "misplaced qualifier: 2025 ?", "write 2025?, with no spaces"),
    ("2024-~10", "a qualifier on the month alone is not supported: 2024-~10",
     "write 2024-10~ (the whole month)"),
    (" 2024-10-23", "spaces are not allowed in a date: ' 2024-10-23'", "write 2024-10-23"),
    ("2024-10-08 / 2024-10-18", "spaces are not allowed in a date: '2024-10-08 / 2024-10-18'",
     "write 2024-10-08/2024-10-18"),
    ("2025/2024", "the interval ends before it starts: 2025 is after 2024",
     "write the earlier date first: 2024/2025"),
    ("2024-10-23/2024-10-~22", "the interval ends before it starts: 2024-10-23 is after 2024-10-~22",
     "write the earlier date first: 2024-10-~22/2024-10-23"),
    ("2024/", "the interval 2024/ has no end", "for an open end write 2024/.."),
    ("/2024", "the interval /2024 has no start", "for an open start write ../2024"),
    ("../..", "an interval needs at least one known end", "e.g. 2025-04/.."),
    ("2024/2025/2026", "not an EDTF date: 2024/2025/2026",
     "e.g. 2024-10-23, 2024-10~, 2024-23 or 2024-10-08/2024-10-18"),
    ("2024-10-08/2024-02-30", "no such day: 30 February 2024", None),
    ("9999-24", "winter 9999 ends after 9999", "years run from 0001 to 9999"),
])
def test_errors(text, message, hint):
    with pytest.raises(DateError) as caught:
        parse_edtf(text)
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert str(caught.value) == message


def test_date_error_is_a_value_error_and_pickles():
    error = DateError("no such day: 30 February 2024", "a hint")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.hint) == (error.message, error.hint)


@pytest.mark.parametrize("text", ["2024-02-30", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31",
                                  "2023-02-29", "1900-02-29", "2100-02-29", "2024-13-01", "2024-13",
                                  "2024-10-00", "2024-00", "2024-01-32"])
def test_impossible_dates(text):
    with pytest.raises(DateError):
        parse_edtf(text)


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "1600-02-29", "2024-12-31", "2023-02-28"])
def test_possible_edge_days(text):
    assert parse_edtf(text).earliest == D.fromisoformat(text)


# Where the `edtf` package is not a sound oracle, our rules are tested here --------------------------

def test_edtf_oracle_gaps_are_where_we_expect():
    """Pins edtf 5.0.2's known divergences; if one stops failing, widen the oracle below."""
    with pytest.raises(TypeError):
        edtf.struct_time_to_date(edtf.parse_edtf("2025-04/..").upper_strict())
    winter = edtf.parse_edtf("2024-24")
    assert edtf.struct_time_to_date(winter.upper_strict()) == D(2024, 12, 31)
    approx = edtf.parse_edtf("2024-10~")
    assert edtf.struct_time_to_date(approx.lower_fuzzy()) < D(2024, 10, 1)
    with pytest.raises(edtf.parser.edtf_exceptions.EDTFParseException):
        edtf.parse_edtf("2024-23~")


def test_our_rules_where_edtf_differs():
    assert parse_edtf("2024-24").latest == D(2025, 2, 28)
    assert parse_edtf("2024-10~").earliest == D(2024, 10, 1)
    assert parse_edtf("2025~").iso_bounds() == ("2025-01-01", "2025-12-31")
    assert parse_edtf("2025-04/..").iso_bounds() == ("2025-04-01", None)
    assert parse_edtf("2024-22%").iso_bounds() == ("2024-06-01", "2024-08-31")


# Property tests ------------------------------------------------------------------------------------

QUALIFIERS = st.sampled_from(["", "~", "?", "%"])


@st.composite
def single_dates(draw):
    """(text, earliest, latest, flags) for a valid single date; bounds computed independently."""
    year, q = draw(st.integers(1900, 2100)), draw(QUALIFIERS)
    kind = draw(st.sampled_from(["day", "month", "year", "season"]))
    if kind == "year":
        return f"{year}{q}", D(year, 1, 1), D(year, 12, 31), {"q": q}
    if kind == "season":
        season = draw(st.integers(21, 24))
        start = D(year, 3 * (season - 20), 1)
        end_year, end_month = (year + 1, 2) if season == 24 else (year, 3 * (season - 20) + 2)
        end = D(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        return f"{year}-{season}{q}", start, end, {"q": q, "season": season}
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    if kind == "month":
        return f"{year}-{month:02d}{q}", D(year, month, 1), D(year, month, last), {"q": q}
    day = draw(st.integers(1, last))
    on_day = bool(q) and draw(st.booleans())
    text = f"{year}-{month:02d}-{q}{day:02d}" if on_day else f"{year}-{month:02d}-{day:02d}{q}"
    return text, D(year, month, day), D(year, month, day), {"q": q, "on_day": on_day}


@st.composite
def any_dates(draw):
    """(text, earliest, latest, flags) for a single date, a closed interval or an open one."""
    shape = draw(st.sampled_from(["single", "closed", "open-end", "open-start"]))
    a = draw(single_dates())
    if shape == "single":
        return a
    if shape == "open-end":
        return f"{a[0]}/..", a[1], None, {"open": True, "parts": [a[3]]}
    if shape == "open-start":
        return f"../{a[0]}", None, a[2], {"open": True, "parts": [a[3]]}
    b = draw(single_dates())
    if a[1] > b[2]:
        a, b = b, a
    return f"{a[0]}/{b[0]}", a[1], b[2], {"parts": [a[3], b[3]]}


def edtf_is_sound_for(flags: dict) -> bool:
    """edtf 5.0.2 raises on open intervals and on a qualified season alone, takes winter as December
    only, and cannot parse an interval mixing a qualifier on the day with one after the other end."""
    if flags.get("open"):
        return False
    parts = flags.get("parts", [flags])
    if any(p.get("season") == 24 for p in parts):
        return False
    if "parts" not in flags:
        return not (flags.get("season") and flags["q"])
    on_day = [p.get("on_day", False) for p in parts]
    trailing = [bool(p["q"]) and not p.get("on_day", False) for p in parts]
    return not ((on_day[0] and trailing[1]) or (on_day[1] and trailing[0]))


@PROPERTY
@given(any_dates())
def test_generated_dates_parse_with_strict_bounds(case):
    text, earliest, latest, _ = case
    d = parse_edtf(text)
    assert (d.text, d.earliest, d.latest) == (text, earliest, latest)
    assert d.sort_key() == (earliest or D.min, latest or D.max)


@PROPERTY
@given(any_dates())
def test_strict_bounds_agree_with_edtf(case):
    text, _, _, flags = case
    assume(edtf_is_sound_for(flags))
    oracle = edtf.parse_edtf(text)
    d = parse_edtf(text)
    assert d.earliest == edtf.struct_time_to_date(oracle.lower_strict())
    assert d.latest == edtf.struct_time_to_date(oracle.upper_strict())


@PROPERTY
@given(st.text())
def test_any_text_parses_or_raises_date_error(text):
    try:
        d = parse_edtf(text)
    except DateError as error:
        assert error.message
        assert error.hint is None or error.hint
    else:
        assert isinstance(d, EDTFDate)


@PROPERTY
@given(st.text(alphabet="0123456789-/~?%.X ", max_size=24))
def test_date_like_text_parses_or_raises_date_error(text):
    try:
        parse_edtf(text)
    except DateError:
        pass


@PROPERTY
@given(st.lists(any_dates(), min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_sorting_a_shuffled_list(cases, rnd: random.Random):
    rnd.shuffle(cases)
    ours = sorted(cases, key=lambda case: parse_edtf(case[0]).sort_key())
    reference = sorted((earliest or D.min, latest or D.max) for _, earliest, latest, _ in cases)
    assert [(earliest or D.min, latest or D.max) for _, earliest, latest, _ in ours] == reference


@PROPERTY
@given(any_dates(), st.sampled_from(["en", "en-GB", "de", "fr", "xx"]))
def test_words_never_fail(case, language):
    d = parse_edtf(case[0])
    words = d.words(language)
    assert words and "None" not in words and "  " not in words and words == words.strip()
    assert not re.search(r"(about|possibly|etwa|möglicherweise|vers|partir|jusqu’)( –|$)", words)
    for part in [p for p in (d.start, d.end) if p] if d.is_interval else [d]:
        assert str(part.earliest.year) in words


HTML_VALUE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def named_period(value: str) -> tuple[D, D]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return D(*parts), D(*parts)
    if len(parts) == 2:
        return D(parts[0], parts[1], 1), D(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return D(parts[0], 1, 1), D(parts[0], 12, 31)


@PROPERTY
@given(any_dates())
def test_datetime_attrs_are_valid_and_true(case):
    text, _, _, flags = case
    d = parse_edtf(text)
    attrs = d.datetime_attrs()
    parts = [p for p in (d.start, d.end) if p] if d.is_interval else [d]
    assert len(attrs) == len(parts) == (2 if d.is_interval and not flags.get("open") else 1)
    for value, part in zip(attrs, parts, strict=False):
        assert HTML_VALUE.fullmatch(value)
        first, last = named_period(value)
        winter = part.precision == "season" and part.earliest.month == 12
        assert first <= part.earliest and (winter or part.latest <= last)
