"""Provenance: quotation checks against archives, claim status, warnings an editor can act on, corrections."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from helpers import make_project
from hypothesis import given
from hypothesis import strategies as st

from explainer import verify
from explainer.pipeline import build
from explainer.problems import BuildError
from explainer.verify import closest_passage, normalise

ARCHIVE = ("Riverworks Ltd statement, 10 March 2026.\n\nThe repairs are sound but they are not quick. We expect "
           "work on piers 3 and 4 to continue into the autumn, and we will publish a schedule — in full — next week.")


def quote_site(tmp_path, text: str):
    quotes = (f"- id: builder-timeline\n  text: {json.dumps(text, ensure_ascii=False)}\n  speaker: Riverworks Ltd\n"
              "  said: 2026-03-~10\n  source: builder-2026-03-10\n")
    return make_project(tmp_path, {"content/bridge/quotes.yaml": quotes,
                                   "content/bridge/archive/riverworks-statement.txt": ARCHIVE,
                                   "content/bridge/article.md": _article_without_quote_links(tmp_path)})


def _article_without_quote_links(tmp_path) -> str:
    base = make_project(tmp_path / "base")
    text = (base / "content/bridge/article.md").read_text()
    return text.replace("[](quote:engineer-cracks)", "").replace("[its statement](quote:builder-timeline)", "its statement")


@pytest.mark.parametrize("text", [
    "The repairs are sound but they are not quick.",                        # exact
    "The repairs are sound but they are not quick.",                        # already curly-free
    "we will publish a schedule – in full – next week",                     # en dashes for em dashes
    "we will publish a schedule - in full - next week",                     # hyphens
    "The repairs are sound  but they\nare not quick.",                      # white space
    "We expect work on piers 3 and 4 to continue into the autumn",          # a passage inside a sentence
])
def test_quotations_that_match_their_archive_are_verified(tmp_path, text):
    root = quote_site(tmp_path, text)
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    assert "Checked against the archived text of Riverworks Ltd, retrieved 11 March 2026" in page


HTML_ARCHIVE = ("<!doctype html><html><head><title>Statement</title><style>p { color: red }</style>"
                "<script>var line = 'we will rebuild the bridge in a week';</script></head><body><article>"
                "<h1>Riverworks Ltd statement</h1><p>The repairs are <b>sound</b> but they are not&nbsp;quick.</p>"
                "<p>We expect work on piers 3 and 4 to continue into the autumn.</p></article></body></html>")


def html_quote_site(tmp_path, text: str):
    root = quote_site(tmp_path, text)
    sources = root / "content/bridge/sources.yaml"
    sources.write_text(sources.read_text().replace("riverworks-statement.txt", "riverworks-statement.html"))
    (root / "content/bridge/archive/riverworks-statement.txt").rename(root / "content/bridge/archive/riverworks-statement.html")
    (root / "content/bridge/archive/riverworks-statement.html").write_text(HTML_ARCHIVE)
    return root


@pytest.mark.parametrize("text", ["The repairs are sound but they are not quick.",
                                  "quick. We expect work on piers 3 and 4"])
def test_quotations_are_checked_against_the_visible_text_of_a_web_page_archive(tmp_path, text):
    root = html_quote_site(tmp_path, text)
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    assert "Checked against the archived text of Riverworks Ltd, retrieved 11 March 2026" in page


@pytest.mark.parametrize("text", ["we will rebuild the bridge in a week", "p { color: red }", "are soundbut"])
def test_a_web_page_archives_scripts_styles_and_markup_are_not_its_text(tmp_path, text):
    root = html_quote_site(tmp_path, text)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, search=False)
    assert any("does not occur in the archive" in p.message and p.loc.path.endswith("quotes.yaml")
               for p in caught.value.problems)


def test_typographic_variants_normalise_alike():
    assert normalise("“It’s — done…”") == normalise('"It\'s - done..."') == '"It\'s - done…"'
    assert normalise("a \t\n b") == "a b"


@pytest.mark.parametrize("text, message", [
    ("The repairs are sound but they are not fast.", "“fast.” in the quotation, “quick.” in the archive"),
    ("The repairs are sound but not quick.", "“they are” is missing from the quotation"),
    ("The repairs are sound … quick.", "an ellipsis hides words"),
    ("The repairs are very sound but they are not quick.", "“very” is not in the archive"),
])
def test_near_misses_fail_at_the_quote_with_the_closest_passage(tmp_path, text, message):
    root = quote_site(tmp_path, text)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, search=False)
    problems = [p for p in caught.value.problems if "does not occur in the archive" in p.message]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.loc.path == "content/bridge/quotes.yaml" and problem.loc.line == 1
    assert message in problem.message, problem.message
    assert problem.hint.startswith("closest passage in archive/riverworks-statement.txt: “The repairs are sound")


def test_closest_passage_finds_the_right_sentence():
    passage, differences = closest_passage("We expect work on piers 5 and 6", normalise(ARCHIVE))
    assert passage == "We expect work on piers 3 and 4"
    assert differences == "“5” in the quotation, “3” in the archive; “6” in the quotation, “4” in the archive"


def test_unverified_quotations_are_marked_as_such_on_the_page(tmp_path):
    root = make_project(tmp_path)
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    assert page.count("Checked against the archived text") == 1
    assert "Not checked against an archived copy" in page or "Not yet checked" in page


def test_claim_status_splits_what_is_known_from_what_is_disputed(tmp_path):
    root = make_project(tmp_path)
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    section = re.search(r'<section[^>]*id="known".*?</section>', page, re.S).group(0)
    groups = {re.search(r'status (\w+)', part).group(1): part for part in re.split(r"<h3[^>]*>", section)[1:]}
    assert list(groups) == ["confirmed", "reported", "claimed", "disputed"]
    assert 'href="#event-closure"' in groups["confirmed"] and 'href="#event-detour"' in groups["reported"]
    assert 'href="#event-repairs-under-way"' in groups["claimed"] and "claimed by Riverworks Ltd" in groups["claimed"]
    assert 'href="#figure-closure-days"' in groups["claimed"] and "150–200 days (Riverworks Ltd" in groups["claimed"]
    assert 'href="#event-repair-window"' in groups["disputed"] and "disputed by Riverworks Ltd" in groups["disputed"]


WARNINGS = {
    "uncited-source": ({"content/bridge/sources.yaml": "APPEND:- id: spare\n  title: t\n  publisher: p\n"
                        "  url: https://example.org/\n  published: 2026\n  kind: news\n"},
                       "source 'spare' is not cited by any record or the article"),
    "figure-never-shown": ({"content/bridge/article.md": ("figures: [closure-days, repair-cost, traffic]",
                                                          "figures: [closure-days, repair-cost]")},
                           "figure 'traffic' is never shown or linked"),
    "stale-estimate": ({"site.yaml": "REPLACE:stale_after_days: 30\n"},
                       "figure 'traffic', estimate 1: as of 2025, more than 30 days before the story's last update "
                       "(2026-03-15)"),
}


def _apply(root, changes):
    for rel, change in changes.items():
        path = root / rel
        if isinstance(change, tuple):
            path.write_text(path.read_text().replace(*change))
        elif change.startswith("APPEND:"):
            path.write_text(path.read_text() + change.removeprefix("APPEND:"))
        elif change.startswith("REPLACE:"):
            path.write_text(re.sub(r"stale_after_days: \d+\n", change.removeprefix("REPLACE:"), path.read_text()))


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_each_warning_is_reported_and_promoted_by_strict(tmp_path, name):
    changes, message = WARNINGS[name]
    root = make_project(tmp_path)
    _apply(root, changes)
    report = build(root, jobs=1, search=False)
    assert message in [p.message for p in report.warnings], [p.message for p in report.warnings]
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, search=False, strict=True, use_cache=False)
    assert any(p.message == message and p.severity == "error" for p in caught.value.problems)


def test_single_source_and_one_party_state_media_warnings(tmp_path):
    root = make_project(tmp_path)
    story = root / "content/bridge"
    for name in ("timeline.yaml", "figures.yaml", "quotes.yaml", "article.md"):
        text = (story / name).read_text()
        for other in ("builder-2026-03-10", "radio-interview"):
            text = text.replace(other, "city-2026-03-04")
        (story / name).write_text(text)
    sources = (story / "sources.yaml").read_text().split("- id: builder-2026-03-10")[0]
    (story / "sources.yaml").write_text(sources)
    (story / "quotes.yaml").write_text((story / "quotes.yaml").read_text())
    report = build(root, jobs=1, search=False)
    assert "story 'bridge' rests on a single source ('city-2026-03-04')" in [p.message for p in report.warnings]
    (story / "sources.yaml").write_text(sources.replace("kind: government", "kind: state-media\n  party: Eastbank")
                                        + "- id: second\n  title: t\n  publisher: p\n  url: https://example.org/2\n"
                                          "  published: 2026-03-04\n  kind: state-media\n  party: Eastbank\n")
    timeline = (story / "timeline.yaml").read_text().replace("sources: [city-2026-03-04]\n  group: city",
                                                              "sources: [second]\n  group: city", 1)
    (story / "timeline.yaml").write_text(timeline)
    report = build(root, jobs=1, search=False, use_cache=False)
    assert "story 'bridge' rests only on Eastbank state media" in [p.message for p in report.warnings]


def test_corrections_link_records_mark_them_and_drive_json_ld_and_the_feed(tmp_path):
    root = make_project(tmp_path)
    build(root, jobs=1, search=False)
    page = (root / "public/bridge/index.html").read_text()
    notice = re.search(r'<section class="notice.*?</section>', page, re.S).group(0)
    assert "Corrects the date of the first inspection" in notice and 'href="#event-first-inspection"' in notice
    event = re.search(r'<li[^>]*id="event-first-inspection".*?</li>', page, re.S).group(0)
    assert "Correction" in event and "15 March 2026" in event
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["dateModified"] == "2026-03-15" and data["correction"][0]["@type"] == "CorrectionComment"
    feed = ElementTree.parse(root / "public/feed.xml").getroot()
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Correction: Why the Eastbank bridge closed" in titles and "Why the Eastbank bridge closed" in titles


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200bab.“’"
                                        + "".join(map(chr, verify._TRANSLATE)) + "'\"-"),
               max_size=30))
def test_normalise_collapses_white_space_as_the_regex_does(text):
    expected = re.sub(r"\s+", " ", text.translate(verify._TRANSLATE).replace("...", "\u2026")).strip()
    assert normalise(text) == expected
