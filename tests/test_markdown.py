"""Markdown: safe settings, the fact-link rule on tokens, table alignment, notes and heading ids."""

from helpers import markdown_it_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.factlinks import FactTarget
from explainer.markdown import MarkdownEnv, allowed_link, make_markdown, render
from explainer.problems import Loc, Problem


class Facts:
    def target(self, kind, record_id, estimate):
        if record_id == "missing":
            return Problem(Loc(""), f"link to unknown {kind} 'missing'")
        if kind == "figure":
            words = "about 12,000 troops" if estimate in (None, 1) else "11,000 troops"
            return FactTarget("#figure-" + record_id, words, ("nis",), differ=estimate is None)
        return FactTarget(f"#{kind}-{record_id}", "21 August 2025", ("kcna", "yonhap"))


def env(**kwargs) -> MarkdownEnv:
    cites = []

    def cite(sources, place):
        cites.append(place)
        return [(i + 1, s, f"cite-{len(cites)}-{i}") for i, s in enumerate(sources)]

    return MarkdownEnv("content/s/article.md", 10, facts=Facts(), cite=cite, **kwargs)


def test_settings_are_safe():
    md = make_markdown()
    assert md.options["html"] is False and md.options["maxNesting"] == 20 and md.options["linkify"] is False


def test_empty_figure_link_renders_the_value_with_a_marker_and_citation():
    html = render("Seoul put it at [](figure:troops).\n", env())
    assert '<a href="#figure-troops" class="fact fact--figure">about 12,000 troops</a>' in html
    assert '<a href="#figure-troops" class="differ">(estimates differ)</a>' in html
    assert '<a href="#source-nis" id="cite-1-0">[1]</a>' in html


def test_numbered_estimate_and_text_links():
    html = render("A [](figure:troops#2) and [the meeting](event:meet).\n", env())
    assert ">11,000 troops</a>" in html and "estimates differ" not in html
    assert '<a href="#event-meet" class="fact fact--event">the meeting</a>' in html
    assert html.count('id="cite-') == 3


def test_unknown_ids_are_located_at_line_and_column():
    e = env()
    render("Intro.\n\nSee [this](quote:missing) now.\n", e)
    assert [p.format() for p in e.problems] == ["content/s/article.md:12:12: error: link to unknown quote 'missing'"]


def test_malformed_fact_link():
    e = env()
    render("A [x](figure:) b.\n", e)
    assert e.problems[0].message == "malformed fact link 'figure:'"


def test_place_labels_count_paragraphs():
    places = []
    e = env()
    e.cite = lambda sources, place: places.append(place) or []
    render("One.\n\nTwo [x](event:a).\n\n## Head [y](event:b)\n", e)
    assert places == ["¶2", "heading"]


def test_link_allowlist():
    for url in ("https://x.org", "http://x", "mailto:a@b.c", "../other/", "#frag", "figure:x", "//cdn.example/x"):
        assert allowed_link(url), url
    for url in ("javascript:alert(1)", "JaVaScRiPt:x", "vbscript:x", "data:text/html,x", "ftp://x", "file:///etc"):
        assert not allowed_link(url), url
    html = render("[x](javascript:alert(1)) [y](data:text/html,z) <javascript:alert(1)>\n", env())
    assert "<a" not in html


def test_raw_html_is_text_and_templates_are_not_evaluated():
    html = render("<script>alert(1)</script> {{ 7*7 }} {% include 'x' %}\n", env())
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html


def test_table_alignment_becomes_classes():
    html = render("| a | b |\n|--:|:-:|\n| 1 | 2 |\n", env())
    assert 'class="align-right"' in html and 'class="align-center"' in html and "style=" not in html


def test_footnotes_use_letters_and_words():
    html = render("Text[^n].\n\n[^n]: A note.\n", env())
    assert "[a]" in html and "Back to note a" in html and "\u21a9" not in html


def test_heading_ids_are_prefixed_unique_and_listed():
    e = env()
    html = render("## Why now?\n\n## Why now?\n\n### Sub\n", e)
    assert 'id="sec-why-now"' in html and 'id="sec-why-now-1"' in html and 'id="sec-sub"' in html
    assert e.headings == [("sec-why-now", "Why now?"), ("sec-why-now-1", "Why now?")]


def test_typographic_quotes_in_prose_but_not_in_inserted_values():
    class Q(Facts):
        def target(self, kind, record_id, estimate):
            return FactTarget("#quote-q", '\u201cWe said "no" \u2026\u201d', ("s",))
    e = env()
    e.facts = Q()
    html = render('He said "yes". [](quote:q)\n', e)
    assert "\u201cyes\u201d" in html and 'We said &quot;no&quot;' in html


def _through_markdown_it(text: str) -> tuple[str, MarkdownEnv]:
    """The text rendered by markdown-it's own block and inline parsers, with no shortcut: the tests' oracle."""
    md = markdown_it_oracle()
    full_env = MarkdownEnv("x", 1)
    full_env.lines = text.split("\n")
    return md.renderer.render(md.parse(text, {"explainer": full_env}), md.options, {"explainer": full_env}), full_env


PLAIN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEF  ,.;:'\"()-+=%$#@?/—–…’“”0123456789"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PLAIN_CHARS, min_size=1, max_size=80))
def test_the_plain_paragraph_shortcut_renders_exactly_like_markdown_it(text):
    from explainer import markdown as m
    full, _ = _through_markdown_it(text)
    assert str(render(text, MarkdownEnv("x", 1))) == full
    if m._PLAIN.match(text):
        assert full.startswith("<p>")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=PLAIN_CHARS + "*\u2028\u00a0\u3000", min_size=1, max_size=10),
                          st.sampled_from(["*em*", " *a b* ", "*x*", " *y*.", "(*z*)", "**s**", "* ", "*1*", "a*b",
                                           "word", " ", ", ", "Ab. ", "(", "\u00a0"])),
                min_size=1, max_size=8))
def test_the_emphasis_shortcut_renders_exactly_like_markdown_it(pieces):
    from explainer import markdown as m
    text = "".join(pieces)
    full, _ = _through_markdown_it(text)
    assert str(render(text, MarkdownEnv("x", 1))) == full
    fast = m._emphasised_paragraph(text)
    assert fast is None or fast == full


def test_the_emphasis_shortcut_takes_simple_emphasis_only():
    from explainer import markdown as m
    assert m._emphasised_paragraph("It is *not* over, *2* of (*them*).") == \
        "<p>It is <em>not</em> over, <em>2</em> of (<em>them</em>).</p>\n"
    for text in ("a*b* c", "x *a*b*", "a **b**", "a *b *c*", "* a", "a *b* it's", "a *b* & c", "*a*\n*b*"):
        assert m._emphasised_paragraph(text) is None, text


INLINE_CHARS = PLAIN_CHARS + "*_[]()`<>&\\!~|^:#\n"
INLINE_PIECES = st.sampled_from(["[a](https://x.org/)", "[b](javascript:alert(1))", "*em*", "**strong**", "`code`",
                                 "<https://x.org/>", "&amp;", "&#x202E;", "![i](p.png)", "[^1]", "^[note]",
                                 "[r]: /u", "~~s~~", "\\*", "a | b", "[f](figure:x)", "figure:y"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=INLINE_CHARS, min_size=1, max_size=12), INLINE_PIECES), min_size=1, max_size=8))
def test_one_line_texts_render_exactly_like_markdown_it(pieces):
    text = "".join(pieces)
    full, full_env = _through_markdown_it(text)
    fast_env = MarkdownEnv("x", 1)
    assert str(render(text, fast_env)) == full
    assert [p.format() for p in fast_env.problems] == [p.format() for p in full_env.problems]


def test_a_render_over_its_time_budget_is_a_located_error(monkeypatch):
    from explainer import markdown as m
    monkeypatch.setenv(m.BUDGET_VARIABLE, "0.005")
    e = env()
    html = render("[" * 60000 + "x" + "](" * 20000, e)
    assert html == "" and e.problems[0].message == "rendering this Markdown took longer than 0.005 s"
    assert str(e.problems[0].loc) == "content/s/article.md:10:1"
    one_line = env()
    assert render("x" + "[" * 60000 + "x" + "](" * 20000, one_line) == ""
    assert one_line.problems[0].message == "rendering this Markdown took longer than 0.005 s"



def test_fact_link_markers_render_as_links_and_stay_out_of_the_contents_entry():
    class F(Facts):
        def target(self, kind, record_id, estimate):
            return FactTarget("#figure-x", "12,000 troops", ("s1",), differ=True)
    e = env()
    e.facts, e.cite = F(), lambda ids, place: [(1, 's"1', "cite-<1>")]
    html = render("## Why [](figure:x) now\n\nText [](figure:x).\n", e)
    markers = ' <a href="#figure-x" class="differ">(estimates differ)</a>' \
              '<a href="#source-s&quot;1" id="cite-&lt;1&gt;">[1]</a>'
    assert html.count(markers) == 2
    assert e.headings == [("sec-why-now", "Why 12,000 troops now")]
