"""The first story: builds with no problems, shows every record, sources every number and quotation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml
from helpers import ROOT

from explainer.locale import number
from explainer.pipeline import build

STORY = ROOT / "content" / "north-korea-kursk"
MAIN_REPORT = ROOT.parent / "shared" / "editorial" / "nysun-report.md"


def load(name: str):
    return yaml.safe_load((STORY / name).read_text(encoding="utf-8"))


class Elements(HTMLParser):
    """Collects, for every element with an id, the text inside it and the hrefs of links inside it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
            self.text.setdefault(attrs["id"], [])
            self.links.setdefault(attrs["id"], [])
        if tag not in ("br", "img", "meta", "link", "input", "hr", "use", "path"):
            self.stack.append((tag, attrs.get("id")))
        if tag == "a" and attrs.get("href"):
            for _, element_id in self.stack:
                if element_id:
                    self.links[element_id].append(attrs["href"])

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, element_id in self.stack:
            if element_id:
                self.text[element_id].append(data)

    def text_of(self, element_id: str) -> str:
        return re.sub(r"\s+", " ", "".join(self.text[element_id]))


@pytest.fixture(scope="module")
def page(real_site) -> Elements:
    parser = Elements()
    parser.feed((real_site / "north-korea-kursk" / "index.html").read_text(encoding="utf-8"))
    return parser


def test_real_site_builds_with_no_problems_and_no_warnings(tmp_path):
    report = build(ROOT, tmp_path / "public", strict=True, jobs=1, use_cache=False)
    assert report.problems == [] and report.stories >= 1


def test_every_event_is_shown_with_a_linked_source(page):
    sources = {s["id"] for s in load("sources.yaml")}
    for event in load("timeline.yaml"):
        element = f"event-{event['id']}"
        assert element in page.ids, element
        assert event["title"] in page.text_of(element)
        cited = {href.removeprefix("#source-") for href in page.links[element] if href.startswith("#source-")}
        assert cited and cited <= sources and cited == set(event["sources"]), element


def test_every_figure_estimate_is_shown_with_whose_and_a_linked_source(page):
    for figure in load("figures.yaml"):
        element = f"figure-{figure['id']}"
        assert element in page.ids, f"{element} is not on the page"
        text = page.text_of(element)
        cited = {href.removeprefix("#source-") for href in page.links[element] if href.startswith("#source-")}
        for estimate in figure["estimates"]:
            if "display" in estimate:
                assert estimate["display"] in text
            else:
                shown = number(estimate["value"] if "value" in estimate else estimate["low"])
                assert shown in text, (element, shown)
            if estimate.get("attributed_to"):
                assert estimate["attributed_to"] in text, (element, estimate["attributed_to"])
            assert set(estimate["sources"]) <= cited, element


def test_every_quotation_is_shown_verbatim_with_its_source(page):
    for quote in load("quotes.yaml"):
        element = f"quote-{quote['id']}"
        assert element in page.ids
        text = page.text_of(element)
        assert re.sub(r"\s+", " ", quote["text"]) in text, element
        assert quote["speaker"] in text
        assert f"#source-{quote['source']}" in page.links[element]


def test_every_citation_marker_leads_to_a_source_that_links_back(page, real_site):
    html = (real_site / "north-korea-kursk" / "index.html").read_text(encoding="utf-8")
    markers = dict(re.findall(r'<a [^>]*?id="(cite-\d+)"[^>]*?href="#source-([^"]+)"', html))
    markers.update({m: s for s, m in re.findall(r'<a [^>]*?href="#source-([^"]+)"[^>]*?id="(cite-\d+)"', html)})
    assert len(markers) > 100
    for source in load("sources.yaml"):
        element = f"source-{source['id']}"
        assert element in page.ids
        back = [href.removeprefix("#") for href in page.links[element] if href.startswith("#cite-")]
        assert back, f"{element} has no back-link"
        assert all(markers.get(anchor) == source["id"] for anchor in back), element
    assert set(markers.values()) <= {s["id"] for s in load("sources.yaml")}


def _prose_without_fact_links(text: str) -> str:
    body = text.split("\n---\n", 1)[1]
    return re.sub(r"\[[^\]]*\]\((?:figure|event|quote|source):[^)]*\)", " ", body)


def test_article_states_no_figure_by_hand():
    prose = _prose_without_fact_links((STORY / "article.md").read_text(encoding="utf-8"))
    values = set()
    for figure in load("figures.yaml"):
        for estimate in figure["estimates"]:
            for key in ("value", "low", "high"):
                if key in estimate and estimate[key] >= 10:
                    values.add(estimate[key])
    for value in values:
        for form in {str(value), f"{value:,}", number(value)}:
            assert not re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", prose), f"{form} typed by hand"
    for match in re.finditer(r"\d[\d,.]*", prose):
        token = match.group().rstrip(".,")
        if re.fullmatch(r"(19|20)\d\d", token) or (token.isdigit() and int(token) <= 31):
            continue
        raise AssertionError(f"number {token!r} typed in the article; use a figure link")


def test_article_length_is_within_the_brief():
    prose = (STORY / "article.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    words = len(re.findall(r"[\w’'-]+", re.sub(r"\]\([^)]*\)", "]", prose)))
    assert 800 <= words <= 1500, words


@pytest.mark.skipif(not MAIN_REPORT.exists(), reason="the main report's text is kept outside the repository")
def test_quotations_from_the_main_report_occur_in_it_verbatim():
    report = MAIN_REPORT.read_text(encoding="utf-8")
    from_report = [q for q in load("quotes.yaml") if q["source"].startswith("nysun")]
    assert from_report
    for quote in from_report:
        assert quote["text"] in report, quote["id"]
