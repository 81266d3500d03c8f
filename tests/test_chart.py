"""The estimate chart's row labels: whose estimate it is, shortened to fit without losing the name."""

import html
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from explainer.chart import _shorten
from explainer.pipeline import build

LIMIT = 34
FIRST_STORY = Path(__file__).resolve().parent.parent


def test_a_label_that_fits_is_kept_as_it_is():
    assert _shorten("Seoul's spy agency (NIS)", LIMIT) == "Seoul's spy agency (NIS)"


def test_a_qualifying_clause_is_dropped_before_the_name_is_cut():
    assert _shorten("Seoul's spy agency (NIS), via lawmakers", LIMIT) == "Seoul's spy agency (NIS)"
    assert _shorten("Volodymyr Zelensky, president of Ukraine", LIMIT) == "Volodymyr Zelensky"
    assert _shorten("The Independent (video caption); probably an error", LIMIT) == "The Independent (video caption)"
    assert _shorten("US government (raised a week later)", LIMIT) == "US government"


def test_the_longest_name_that_fits_is_kept():
    assert _shorten("Western officials, via CNN (of 11,000 sent in 2024)", LIMIT) == "Western officials, via CNN"


def test_a_comma_in_a_list_of_names_is_not_a_clause():
    label = _shorten("South Korean, Ukrainian and US officials, via The New York Times", LIMIT)
    assert label == "South Korean, Ukrainian and US…"


def test_a_cut_inside_parentheses_or_quotes_is_not_taken_as_a_name():
    assert _shorten("Agency X (a, b, c, d, e, f, g, h, i, j, k)", LIMIT) == "Agency X"
    assert _shorten('The Sun ("believed, as reported by others")', LIMIT) == "The Sun"


def test_a_label_cut_between_words_does_not_end_on_a_small_word():
    assert _shorten("South Korea's Defense Intelligence Agency", LIMIT) == "South Korea's Defense…"
    assert _shorten("Counted by the ministry of the interior of the republic", LIMIT) == \
        "Counted by the ministry…"


@given(st.text(alphabet=st.sampled_from(list("ab ,;()\"AB")), max_size=80))
def test_a_label_never_exceeds_the_limit_and_starts_like_the_text(text):
    label = _shorten(text, LIMIT)
    assert len(label) <= LIMIT
    assert text.startswith(label.removesuffix("…"))


def test_no_chart_label_of_the_first_story_ends_on_a_dangling_word(tmp_path):
    build(FIRST_STORY, tmp_path / "public", jobs=1, use_cache=False, search=False)
    page = (tmp_path / "public" / "north-korea-kursk" / "index.html").read_text(encoding="utf-8")
    labels = [html.unescape(text) for text in re.findall(r'<text x="8" y="\d+">([^<]*)</text>', page)]
    assert labels
    for label in labels:
        who = re.sub(r", [A-Z][a-z]{2} \d{4}( \(headline\))?$", "", label)
        assert len(who) <= LIMIT, label
        assert not re.search(r"\b(via|as|of|in|an|by)…?$", who), label
