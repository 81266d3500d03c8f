"""The story filters (time_tag, cite_links, status_tag): their markup, and that every value in it is escaped."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from explainer.escaping import escape_python
from explainer.render import _escape_piece, make_env
from explainer.views import Cite, DateView, Status

HOSTILE = '<img src=x onerror="alert(1)">&\'"'


def render(tmp_path: Path, source: str, **context) -> str:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates" / "t.html").write_text(source, encoding="utf-8")
    return make_env(tmp_path, "en").get_template("t.html").render(context)


def test_time_tag_gives_one_element_for_a_day_and_two_for_a_range(tmp_path):
    day = DateView("18 October 2024", ("2024-10-18",), "2024-10-18", "exact")
    span = DateView("21–25 October 2024", ("2024-10-21", "2024-10-25"), "2024-10-21", "span")
    words_only = DateView("autumn 2024", (), "2024-09-01", "approximate")
    html = render(tmp_path, "{{ a|time_tag }}|{{ b|time_tag }}|{{ c|time_tag }}", a=day, b=span, c=words_only)
    assert html == ('<time datetime="2024-10-18">18 October 2024</time>|'
                    '<time datetime="2024-10-21">21</time>–<time datetime="2024-10-25">25 October 2024</time>|'
                    'autumn 2024')


def test_a_range_written_with_to_stays_one_element(tmp_path):
    date = DateView("1 to 5 May 2025–ish", ("2025-05-01", "2025-05-05"), "2025-05-01", "span")
    assert render(tmp_path, "{{ d|time_tag }}", d=date) == '<time datetime="2025-05-01">1 to 5 May 2025–ish</time>'


def test_time_tag_escapes_words_and_attributes(tmp_path):
    date = DateView(HOSTILE + "–" + HOSTILE, (HOSTILE, HOSTILE), "", "span")
    html = render(tmp_path, "{{ d|time_tag }}", d=date)
    assert "<img" not in html and 'onerror="' not in html
    assert html.count("&lt;img") == 4 and "&#39;" in html and "&#34;" in html


def test_cite_links_number_and_anchor_each_citation(tmp_path):
    cites = (Cite(1, "kbs-2024", "cite-1"), Cite(12, "nyt", "cite-7"))
    html = render(tmp_path, "{{ c|cite_links }}/{{ c|cite_links(false) }}", c=cites)
    assert html == ('<a id="cite-1" href="#source-kbs-2024">[1]</a><a id="cite-7" href="#source-nyt">[12]</a>/'
                    '<a href="#source-kbs-2024">[1]</a><a href="#source-nyt">[12]</a>')


def test_cite_links_escape_ids(tmp_path):
    html = render(tmp_path, "{{ c|cite_links }}", c=(Cite(1, HOSTILE, HOSTILE),))
    assert "<img" not in html and html.count("&lt;img") == 2


def test_status_tag_shows_phrase_or_label_escaped(tmp_path):
    status = Status("claimed", "Claimed", "Claimed by " + HOSTILE)
    html = render(tmp_path, "{{ s|status_tag }}|{{ s|status_tag(false) }}", s=status)
    assert html.startswith('<span class="status claimed">Claimed by &lt;img')
    assert html.endswith('|<span class="status claimed">Claimed</span>')
    hostile_key = Status(HOSTILE, "x", "x")
    assert "<img" not in render(tmp_path, "{{ s|status_tag }}", s=hostile_key)


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(),
                 st.text().map(Markup)))
def test_output_escaping_gives_markupsafe_text(value):
    assert _escape_piece(value) == str(escape(value))


@given(st.text())
def test_pure_python_escaping_matches_markupsafe(text):
    assert escape_python(text) == str(escape(text))


def test_templates_escape_output_and_keep_markup_and_blocks(tmp_path):
    html = render(tmp_path, '{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{% set held %}{{ v }}{% endset %}'
                            '{{ v }}|{{ safe }}|{{ m(v) }}|{{ held }}|{{ n }}|{% filter upper %}{{ v }}{% endfilter %}',
                  v="<a href='x'>&\"", safe=Markup("<i>ok</i>"), n=3)
    quoted = "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"
    assert html == f"{quoted}|<i>ok</i>|<b>{quoted}</b>|{quoted}|3|{quoted.upper()}"
