"""XSS: the corpus in tests/fixtures/xss/ built into full pages with the real templates, then every page scanned.

Checklist items M2, M3, M5, T1, T4, T5, H1, H2 of ../shared/reference/security.md §7. Content is untrusted:
whatever an editor writes into Markdown, plain-text fields or URL fields, no script from content may reach a
page, no event handler or inline style may appear, and every URL attribute stays in the scheme allowlist.

The scanner (`scan_html`) is used by the other security modules too.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from helpers import FIXTURES, ROOT, make_project, tree_hash

from explainer.markdown import MarkdownEnv, allowed_link, render
from explainer.pipeline import build
from explainer.problems import BuildError

CORPUS = json.loads((FIXTURES / "xss" / "vectors.json").read_text(encoding="utf-8"))
MARKDOWN = CORPUS["markdown"]
PLAIN = CORPUS["plain"]
BAD_URLS = CORPUS["url"]
HOSTILE_VALID_URLS = CORPUS["url_valid"]

SAFE_SCHEMES = {"http", "https", "mailto", ""}
URL_ATTRS = {"href", "src", "action", "formaction", "cite", "xlink:href", "poster", "data", "background",
             "ping", "longdesc", "manifest", "codebase", "lowsrc", "dynsrc", "icon"}
NEVER_ANYWHERE = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style"}
NEVER_IN_MAIN = NEVER_ANYWHERE | {"form", "meta", "link", "script"}
TEMPLATE_SCRIPT = re.compile(r"^(?:\.\./)*static/explainer\.js(?:\?v=[0-9a-f]+)?$")
SEARCH_SCRIPT = re.compile(r"^(?:\.\./)*(?:pagefind/[\w.-]+\.js|static/[\w.-]+\.js)(?:\?v=[0-9a-f]+)?$")
FAVICON = "data:image/svg+xml,"  # the template's own favicon in <head> (CSP img-src allows data:)
SLUG = "hostile"
ALIAS = "hostile-old"
REDIRECT_PAGES = {f"{ALIAS}/index.html", "bridge-closure/index.html"}


# --- the scanner ---------------------------------------------------------------------------------------------

@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_main: bool
    in_head: bool
    text: str = ""  # for <script>: its raw content

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass
class Page:
    path: str
    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def text(self) -> str:
        """All text and attribute values, unescaped, separated by NULs (for 'nothing lost' checks)."""
        values = [v for e in self.elements for _, v in e.attrs if v]
        return "\0".join(self.texts + values)


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.main = 0
        self.head = 0
        self.script: Element | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.main += 1
        elif tag == "head":
            self.head += 1
        element = Element(tag, attrs, self.main > 0 and tag != "main", self.head > 0 and tag != "head")
        self.page.elements.append(element)
        if tag == "script":
            self.script = element

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.script = None

    def handle_endtag(self, tag):
        if tag == "main":
            self.main -= 1
        elif tag == "head":
            self.head -= 1
        elif tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script.text += data
        else:
            self.page.texts.append(data)


def parse_page(html: str, path: str = "") -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(html)
    parser.close()
    return page


def _csp_directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            result.setdefault(words[0].lower(), words[1:])
    return result


def bad_scheme(url: str) -> bool:
    return urlsplit(url).scheme.lower() not in SAFE_SCHEMES


def scan_html(html: str, path: str = "fragment", *, full_page: bool = False) -> list[str]:
    """Every security finding in one HTML document (or fragment); [] when clean."""
    page = parse_page(html, path)
    findings: list[str] = []
    search_page = path.startswith("search/")
    for index, el in enumerate(page.elements):
        where = f"{path}: <{el.tag}> #{index}"
        for name, value in el.attrs:
            if name.startswith("on"):
                findings.append(f"{where}: event-handler attribute {name}={value!r}")
            if name == "style":
                findings.append(f"{where}: style attribute {value!r}")
            if name in URL_ATTRS and value is not None and bad_scheme(value):
                favicon = el.tag == "link" and el.in_head and (el.get("rel") or "") == "icon" \
                    and value.startswith(FAVICON)
                if not favicon:
                    findings.append(f"{where}: {name} with scheme {urlsplit(value).scheme!r}: {value!r}")
            if name == "srcset" and value:
                for candidate in value.split(","):
                    if candidate.strip() and bad_scheme(candidate.strip().split()[0]):
                        findings.append(f"{where}: srcset candidate {candidate!r}")
            if name == "target" and (value or "").lower() == "_blank":
                rel = (el.get("rel") or "").lower().split()
                if "noopener" not in rel:
                    findings.append(f"{where}: target=_blank without rel=noopener")
        if el.tag == "script":
            src = el.get("src")
            kind = (el.get("type") or "").lower()
            if src is not None:
                if not (TEMPLATE_SCRIPT.match(src) or (search_page and SEARCH_SCRIPT.match(src))):
                    findings.append(f"{where}: script with src {src!r} is not a template-owned script")
                elif el.text.strip():
                    findings.append(f"{where}: template script carries inline code")
            elif kind == "application/ld+json":
                if re.search(r"</script|<!--", el.text, re.I):
                    findings.append(f"{where}: JSON-LD contains raw </script or <!--")
                try:
                    json.loads(el.text)
                except ValueError as exc:
                    findings.append(f"{where}: JSON-LD is not valid JSON ({exc})")
            else:
                findings.append(f"{where}: inline script {el.text[:60]!r}")
        if el.tag in NEVER_ANYWHERE:
            findings.append(f"{where}: <{el.tag}> element")
        if el.in_main and el.tag in NEVER_IN_MAIN and not _template_form(el):
            findings.append(f"{where}: <{el.tag}> inside <main>")
        if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            if path not in REDIRECT_PAGES:
                findings.append(f"{where}: meta refresh outside an alias redirect page")
            content = el.get("content") or ""
            target = re.sub(r"^\s*\d+\s*;?\s*(url\s*=\s*)?", "", content, flags=re.I).strip("'\" ")
            if bad_scheme(target):
                findings.append(f"{where}: meta refresh to {target!r}")
    if full_page:
        findings += _csp_findings(page)
    return findings


def _template_form(el: Element) -> bool:
    """Template-owned forms: the timeline filter (submits nowhere) and the search form (to its own page)."""
    if el.tag != "form":
        return False
    attrs = dict(el.attrs)
    if "filter" in (el.get("class") or "").split():
        return not any(name in ("action", "method", "target") for name in attrs)
    return (attrs.get("role") == "search" and "data-search" in attrs and attrs.get("action") == "index.html"
            and "method" not in attrs and "target" not in attrs)


def _csp_findings(page: Page) -> list[str]:
    findings = []
    csp = [i for i, e in enumerate(page.elements)
           if e.tag == "meta" and (e.get("http-equiv") or "").lower() == "content-security-policy"]
    charset = [i for i, e in enumerate(page.elements) if e.tag == "meta" and e.get("charset") is not None]
    if len(csp) != 1:
        return [f"{page.path}: {len(csp)} CSP <meta> elements (want exactly 1)"]
    element = page.elements[csp[0]]
    if not element.in_head:
        findings.append(f"{page.path}: CSP <meta> is not in <head>")
    if len(charset) != 1 or csp[0] != charset[0] + 1:
        findings.append(f"{page.path}: CSP <meta> is not the element right after <meta charset>")
    policy = _csp_directives(element.get("content") or "")
    script_src = policy.get("script-src", policy.get("default-src"))
    if script_src is None:
        findings.append(f"{page.path}: CSP has neither script-src nor default-src")
    elif "'unsafe-inline'" in script_src or "*" in script_src:
        findings.append(f"{page.path}: CSP script-src allows inline or any script: {script_src}")
    for banned in ("frame-ancestors", "report-uri", "sandbox"):
        if banned in policy:
            findings.append(f"{page.path}: CSP <meta> carries {banned}, which browsers ignore there")
    return findings


GOOD_PAGE = ("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
             "content=\"default-src 'self'; script-src 'self'\"><title>x</title>"
             "<script defer src=\"../static/explainer.js?v=ab12\"></script>"
             "<script type=\"application/ld+json\">{\"a\": \"\\u003c/script\"}</script></head>"
             "<body><main>@@BODY@@</main></body></html>")


@pytest.mark.parametrize("html, finding", [
    ("<script>alert(1)</script>", "inline script"),
    ("<script src=\"https://evil.example/x.js\"></script>", "not a template-owned script"),
    ("<a href=\"javascript:alert(1)\">x</a>", "scheme 'javascript'"),
    ("<a href=\"java&#9;script:alert(1)\">x</a>", "scheme 'javascript'"),
    ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "scheme 'javascript'"),
    ("<img src=\"data:image/svg+xml,x\">", "scheme 'data'"),
    ("<form action=\"vbscript:x\"></form>", "scheme 'vbscript'"),
    ("<blockquote cite=\"file:///etc/passwd\"></blockquote>", "scheme 'file'"),
    ("<p onclick=\"x\">x</p>", "event-handler"),
    ("<svg><a xlink:href=\"javascript:x\">x</a></svg>", "scheme 'javascript'"),
    ("<p style=\"color:red\">x</p>", "style attribute"),
    ("<iframe src=\"https://example.org/\"></iframe>", "<iframe> element"),
    ("<form class=\"filter\" action=\"https://evil.example/\"></form>", "<form> inside <main>"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", "meta refresh"),
    ("<a href=\"https://example.org/\" target=\"_blank\">x</a>", "noopener"),
    ("<base href=\"https://evil.example/\">", "<base> element"),
])
def test_scanner_finds_what_it_should(html, finding):
    findings = scan_html(GOOD_PAGE.replace("@@BODY@@", html), "page.html", full_page=True)
    assert any(finding in f for f in findings), findings


def test_scanner_passes_a_clean_page_and_checks_the_csp():
    body = ("<a href=\"https://example.org/\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>"
            "<a href=\"#x\">y</a><a href=\"mailto:a@example.org\">z</a><a href=\"../b/\">w</a>"
            "<form class=\"filter\" data-filter hidden></form>")
    clean = GOOD_PAGE.replace("@@BODY@@", body)
    assert scan_html(clean, "page.html", full_page=True) == []
    assert any("CSP" in f for f in scan_html(clean.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
                                               "page.html", full_page=True))
    moved = clean.replace("<meta charset=\"utf-8\">", "").replace("<title>x</title>",
                                                                  "<title>x</title><meta charset=\"utf-8\">")
    assert any("right after <meta charset>" in f for f in scan_html(moved, "page.html", full_page=True))
    twice = clean.replace("<title>", "<meta http-equiv=\"content-security-policy\" content=\"default-src *\"><title>")
    assert any("2 CSP" in f for f in scan_html(twice, "page.html", full_page=True))
    broken = clean.replace("{\"a\": \"\\u003c/script\"}", "{\"a\": 1,}")
    assert any("not valid JSON" in f for f in scan_html(broken, "page.html", full_page=True))


# --- the hostile site --------------------------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def plain(i: int) -> str:
    return PLAIN[i % len(PLAIN)]["text"]


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def hostile_files() -> dict[str, str | bytes]:
    """A second story carrying every vector in every kind of field, and hostile site-wide settings."""
    sources, events, figures, quotes = [], [], [], []
    for i, vector in enumerate(MARKDOWN):
        url = HOSTILE_VALID_URLS[i % len(HOSTILE_VALID_URLS)]["text"]
        sources.append(
            f"- id: s{i}\n  title: {q(plain(i))}\n  publisher: {q(plain(i + 1))}\n  url: {q(url)}\n"
            f"  archive_url: {q(url)}\n  published: 2026-01-01\n  kind: news\n  note: {q(vector['text'])}\n"
            f"  author: [{q(plain(i + 2))}]\n  locator: {q(plain(i + 3))}\n  party: {q(plain(i + 4))}\n")
        media = (f"  media: {{src: pic.png, alt: {q(plain(i + 7))}, credit: {q(plain(i + 8))}, "
                 f"caption: {q(plain(i + 9))}}}\n") if i < len(PLAIN) else ""
        events.append(
            f"- id: e{i}\n  date: 2026-01-{i % 28 + 1:02d}\n  title: {q(plain(i))}\n  summary: {q(vector['text'])}\n"
            f"  status: claimed\n  attributed_to: {q(plain(i + 5))}\n  sources: [s{i}]\n"
            f"  display_date: {q(plain(i + 6))}\n{media}")
        figures.append(
            f"- id: f{i}\n  label: {q(plain(i))}\n  unit: {q(plain(i + 1))}\n  note: {q(vector['text'])}\n"
            f"  estimates:\n"
            f"    - value: {i + 1}\n      as_of: 2026-01-01\n      status: claimed\n"
            f"      attributed_to: {q(plain(i + 2))}\n      sources: [s{i}]\n"
            f"    - low: {i + 1}\n      high: {i + 5}\n      unit: {q(plain(i + 4))}\n      as_of: 2026-01-03\n"
            f"      status: disputed\n      attributed_to: {q(plain(i + 5))}\n      sources: [s{i}]\n"
            f"    - display: {q(plain(i + 3))}\n      as_of: 2026-01-02\n      status: confirmed\n"
            f"      sources: [s{i}]\n")
    for i, vector in enumerate(PLAIN):
        quotes.append(
            f"- id: q{i}\n  text: {q(vector['text'])}\n  speaker: {q(plain(i + 1))}\n  role: {q(plain(i + 2))}\n"
            f"  said: 2026-01-01\n  via: {q(plain(i + 3))}\n  context: {q(plain(i + 4))}\n  source: s{i}\n")
    fact_links = " ".join(f"[](quote:q{i}) [](figure:f{i}) [](event:e{i}) [](source:s{i}) "
                          f"[{plain(i).replace('[', '').replace(']', '')}](event:e{i})" for i in range(len(PLAIN)))
    body = "\n\n".join(v["text"] for v in MARKDOWN) + "\n\n" + fact_links + "\n"
    front = (f"---\ntitle: {q(plain(0))}\ndek: {q(plain(1))}\npublished: 2026-02-01\n"
             f"authors: [{', '.join(q(v['text']) for v in PLAIN)}]\n"
             f"image: {{src: pic.png, alt: {q(plain(2))}, credit: {q(plain(3))}}}\n"
             f"aliases: [{ALIAS}]\nupdates:\n"
             f"  - date: 2026-02-02\n    kind: correction\n    text: {q(plain(4))}\n    affects: [e0, q0, f0, s0]\n"
             f"  - date: 2026-02-03\n    kind: update\n    text: {q(plain(5))}\n---\n")
    site = (f"title: {q(plain(0))}\ndescription: {q(plain(1))}\nbase_url: https://explained.example.org/\n"
            f"language: en\npublisher: {{name: {q(plain(2))}, url: {q(HOSTILE_VALID_URLS[0]['text'])}}}\n"
            f"data_license: {q(plain(3))}\ncontent_license: {q(plain(4))}\n"
            f"extra:\n  contact: {q(plain(5))}\n")
    folder = f"content/{SLUG}"
    return {"site.yaml": site, f"{folder}/article.md": front + body, f"{folder}/sources.yaml": "".join(sources),
            f"{folder}/timeline.yaml": "".join(events), f"{folder}/figures.yaml": "".join(figures),
            f"{folder}/quotes.yaml": "".join(quotes), f"{folder}/pic.png": PNG}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("xss"), hostile_files())
    report = build(root, jobs=1, use_cache=False)
    return root / "public", report


@pytest.fixture(scope="module")
def pages(hostile_site) -> dict[str, str]:
    public, _ = hostile_site
    return {p.relative_to(public).as_posix(): p.read_text(encoding="utf-8") for p in sorted(public.rglob("*.html"))}


@pytest.fixture(scope="module")
def parsed(pages) -> dict[str, Page]:
    return {path: parse_page(html, path) for path, html in pages.items()}


# --- the corpus itself ---------------------------------------------------------------------------------------

def test_corpus_has_at_least_40_vectors_of_every_required_kind():
    assert len(MARKDOWN) + len(PLAIN) >= 40
    assert len({v["id"] for v in MARKDOWN + PLAIN + BAD_URLS + HOSTILE_VALID_URLS}) == \
        len(MARKDOWN) + len(PLAIN) + len(BAD_URLS) + len(HOSTILE_VALID_URLS), "vector ids must be unique"
    texts = "\n".join(v["text"] for v in MARKDOWN)
    for needle in ("<script>", "<iframe", "<svg onload", "onerror=", "<style>", "<base ", "<form ",
                   "<meta http-equiv", "<object ", "<embed ", "](javascript:", "](vbscript:", "](data:",
                   "]: javascript:", "<javascript:", "![x](javascript:", "&#106;avascript:", "&#x6A;avascript:",
                   "&colon;", "JaVaScRiPt:", "java\tscript:", "java&#09;script:", "(   javascript:",
                   "{{ 7*7 }}", "{% include 'x' %}", "onmouseover"):
        assert needle in texts, f"corpus lacks a {needle!r} vector"
    urls = [v["text"] for v in BAD_URLS]
    for needle in ("javascript:alert(1)", "JaVaScRiPt:", "java\tscript:", " javascript:", "data:text/html",
                   "vbscript:", "https:evil.example", "//evil.example/x"):
        assert any(needle in u for u in urls), f"URL corpus lacks {needle!r}"


# --- each Markdown vector on its own, through the real renderer ----------------------------------------------

@pytest.mark.parametrize("vector", MARKDOWN, ids=[v["id"] for v in MARKDOWN])
def test_markdown_vector_renders_inert(vector):
    html = render(vector["text"], MarkdownEnv("content/x/article.md", 1))
    assert scan_html(html) == [], html
    assert "<script" not in html.lower()


def test_content_is_never_a_template():
    html = render("{{ 7*7 }}\n\n{% include 'x' %}\n\n{{ config.items() }}", MarkdownEnv("content/x/article.md", 1))
    text = parse_page(html).text()
    assert "{{ 7*7 }}" in text and "49" not in text
    assert "{% include" in text and "{{ config.items() }}" in text


def test_link_allowlist():
    for url in ("https://example.org/", "http://example.org/", "mailto:desk@example.org", "#sec-x", "/a/b",
                "../x.html", "x.png", "source:city", "figure:x#2", "//example.org/x"):
        assert allowed_link(url), url
    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd",
                "ftp://example.org/", " javascript:alert(1)", "\u200bjavascript:alert(1)", "java\tscript:alert(1)",
                "\x01javascript:alert(1)", "javascript\n:alert(1)", "data:image/png;base64,AAAA"):
        assert not allowed_link(url), repr(url)


def test_fact_link_lookalike_fails_the_build_located(tmp_path):
    article = (FIXTURES / "sites" / "example" / "content" / "bridge" / "article.md").read_text(encoding="utf-8")
    article = article.rstrip("\n") + "\n\nSee [x](source:javascript:alert(1)).\n"
    line = article.count("\n")
    root = make_project(tmp_path, {"content/bridge/article.md": article})
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert [(p.loc.path, p.loc.line) for p in caught.value.problems] == [("content/bridge/article.md", line)]
    assert not (root / "public").exists()


# --- the full hostile site ---------------------------------------------------------------------------------

def test_hostile_site_builds(hostile_site, pages):
    public, report = hostile_site
    assert not [p for p in report.problems if p.severity == "error"]
    for page in ("index.html", "404.html", f"{SLUG}/index.html", f"{ALIAS}/index.html", "bridge/index.html"):
        assert page in pages, f"{page} not built"


def test_every_page_passes_the_scan(pages):
    findings = [f for path, html in pages.items() for f in scan_html(html, path, full_page=True)]
    assert findings == []


def test_no_script_from_content(pages, parsed):
    for path, html in pages.items():
        for el in parsed[path].elements:
            if el.tag == "script":
                assert el.get("src") is not None or el.get("type") == "application/ld+json", (path, el)
        assert "<script>alert" not in html.lower()


def test_json_ld_escapes_script_breakouts(parsed):
    page = parsed[f"{SLUG}/index.html"]
    blocks = [e for e in page.elements if e.tag == "script" and e.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    raw = blocks[0].text
    assert "\\u003c/script" in raw and "</script" not in raw.lower()
    data = json.loads(raw)
    assert data["headline"] == plain(0)  # escaped for the page, intact as data
    assert plain(0) == "</script><script>alert(1)</script>"


def test_every_plain_vector_arrives_as_text(parsed):
    """Nothing lost: each plain-text vector is on the story page exactly as written (as text, not markup)."""
    text = parsed[f"{SLUG}/index.html"].text()
    missing = [v["id"] for v in PLAIN if v["text"] not in text]
    assert missing == []
    home = parsed["index.html"].text()
    assert plain(0) in home and plain(1) in home


def test_template_syntax_in_content_stays_literal(parsed):
    text = parsed[f"{SLUG}/index.html"].text()
    assert text.count("{{ 7*7 }}") >= 4  # article, event summary, figure note, source note (+ plain fields)
    assert "{% include" in text


def test_hostile_but_valid_urls_stay_inside_quoted_attributes(parsed):
    page = parsed[f"{SLUG}/index.html"]
    hrefs = {el.get("href") for el in page.elements if el.tag == "a"}
    for vector in HOSTILE_VALID_URLS:
        assert vector["text"] in hrefs, f"{vector['id']} not emitted as one intact href"


def test_table_alignment_becomes_a_class(pages):
    html = pages[f"{SLUG}/index.html"]
    assert 'class="align-left"' in html and 'class="align-right"' in html
    assert "text-align" not in html


def test_feeds_and_data_files_stay_well_formed(hostile_site):
    """The hostile text also lands in the feed, sitemap and downloads: they must still parse, with no markup."""
    import csv
    import xml.etree.ElementTree as ElementTree
    public, _ = hostile_site
    for name in ("feed.xml", "sitemap.xml"):
        tree = ElementTree.parse(public / name)
        tags = {element.tag.rsplit("}", 1)[-1].lower() for element in tree.iter()}
        assert not tags & {"script", "iframe", "svg", "img", "style"}, (name, tags)
    feed = (public / "feed.xml").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in feed
    story = public / SLUG
    for path in story.glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in story.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows and len({len(row) for row in rows}) == 1, path
    data = json.loads((story / "story.json").read_text(encoding="utf-8"))
    assert {q["text"] for q in data["quotes"]} == {v["text"] for v in PLAIN}


# --- URL fields in YAML: every bad form fails the build, located, and is never emitted --------------------

def _sources_with_urls(field_name: str) -> tuple[str, dict[str, int]]:
    """sources.yaml for the bridge story with one extra source per bad URL; returns text and id -> line."""
    base = (FIXTURES / "sites" / "example" / "content" / "bridge" / "sources.yaml").read_text(encoding="utf-8")
    lines = base.rstrip("\n").split("\n")
    where = {}
    for i, vector in enumerate(BAD_URLS):
        record = [f"- id: bad-{i}", "  title: Bad", "  publisher: Somebody", "  published: 2026-01-01",
                  "  kind: news"]
        if field_name == "url":
            record.append(f"  url: {q(vector['text'])}")
        else:
            record += ["  url: https://example.org/ok", f"  archive_url: {q(vector['text'])}"]
        where[vector["id"]] = len(lines) + len(record)
        lines += record
    return "\n".join(lines) + "\n", where


@pytest.mark.parametrize("field_name", ["url", "archive_url"])
def test_bad_source_urls_fail_the_build_located(tmp_path, field_name):
    text, where = _sources_with_urls(field_name)
    root = make_project(tmp_path, {"content/bridge/sources.yaml": text})
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    located = {(p.loc.path, p.loc.line, p.loc.col) for p in caught.value.problems if p.severity == "error"}
    col = len(f"  {field_name}: ") + 1
    missing = [vid for vid, line in where.items() if ("content/bridge/sources.yaml", line, col) not in located]
    assert missing == [], [p.format() for p in caught.value.problems]
    assert not (root / "public").exists()


@pytest.mark.parametrize("vector", BAD_URLS, ids=[v["id"] for v in BAD_URLS])
def test_bad_publisher_url_fails_the_build_located(tmp_path, vector):
    site = (FIXTURES / "sites" / "example" / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("publisher: {name: Eastbank Examiner, url: https://example.org}",
                        f"publisher:\n  name: Eastbank Examiner\n  url: {q(vector['text'])}")
    line = site.split("\n").index(f"  url: {q(vector['text'])}") + 1
    root = make_project(tmp_path, {"site.yaml": site})
    (root / "public").mkdir()
    (root / "public" / "keep.txt").write_text("old")
    before = tree_hash(root / "public")
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert any(p.loc.path == "site.yaml" and p.loc.line == line and p.loc.col == 8
               for p in caught.value.problems), [p.format() for p in caught.value.problems]
    assert tree_hash(root / "public") == before


HOSTILE_BASE_URL = "https://explained.example.org/a\"onmouseover=\"alert(1)\"'<blink>&amp;/"


def test_hostile_base_url_is_refused_where_it_is_written(tmp_path):
    """Quotes and angle brackets never reach an attribute: a base_url carrying them fails at its line."""
    site = (FIXTURES / "sites" / "example" / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("base_url: https://explained.example.org/", f"base_url: {q(HOSTILE_BASE_URL)}")
    line = site.split("\n").index(f"base_url: {q(HOSTILE_BASE_URL)}") + 1
    root = make_project(tmp_path, {"site.yaml": site})
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert [p.format() for p in caught.value.problems][0].startswith(f"site.yaml:{line}:11: error: 'base_url': URL contains")
    assert not (root / "public").exists()


def test_the_feed_escapes_attribute_values():
    import xml.etree.ElementTree as ElementTree

    from explainer import site_pages
    from explainer.model import SiteConfig
    config = SiteConfig("T & <T>", "D \"quoted\"", "https://example.org/a&b'c/", "en", "P", "https://example.org/")
    story = {"slug": "s", "title": "A \"title\" <b>", "dek": "d", "updated_day": "2026-01-02",
             "published_day": "2026-01-01", "updates": [{"day": "2026-01-02", "kind": "correction", "text": "x"}]}
    tree = ElementTree.fromstring(site_pages.feed(config, [story]))
    links = [el.get("href") for el in tree.iter() if el.tag.endswith("}link")]
    assert "https://example.org/a&b'c/feed.xml" in links and "https://example.org/a&b'c/s/#updates" in links


# --- templates: autoescape everywhere, undefined is an error, JSON only through the filter -----------------

def test_autoescape_does_not_depend_on_the_file_extension(tmp_path):
    from explainer.render import make_env, render_template
    root = tmp_path / "project"
    shutil.copytree(ROOT / "templates", root / "templates")
    for name in ("x.html.j2", "x.jinja", "x.txt"):
        (root / "templates" / name).write_text("<p>{{ value }}</p>")
    env = make_env(root, "en")
    for name in ("x.html.j2", "x.jinja", "x.txt"):
        out = render_template(env, name, {"value": "<img src=x onerror=alert(1)>"})
        assert out == "<p>&lt;img src=x onerror=alert(1)&gt;</p>", name


@pytest.mark.parametrize("template", ["story.html", "_sources.html", "index.html"])
def test_missing_template_variable_fails_naming_template_and_line(tmp_path, template):
    root = make_project(tmp_path)
    path = root / "templates" / template
    lines = path.read_text(encoding="utf-8").split("\n")
    at = 3 if template == "_sources.html" else len(lines) - 2
    lines.insert(at - 1, "{{ no_such_variable_xyz }}")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    found = [p for p in caught.value.problems if p.loc.path == f"templates/{template}"]
    assert found and found[0].loc.line == at, [p.format() for p in caught.value.problems]
    assert "no_such_variable_xyz" in found[0].message
    assert not (root / "public").exists()


def test_json_ld_breakout_in_the_example_story(tmp_path):
    article = (FIXTURES / "sites" / "example" / "content" / "bridge" / "article.md").read_text(encoding="utf-8")
    article = article.replace("title: Why the Eastbank bridge closed",
                              "title: \"</script><script>alert(1)</script>\"")
    root = make_project(tmp_path, {"content/bridge/article.md": article})
    build(root, jobs=1, use_cache=False)
    html = (root / "public" / "bridge" / "index.html").read_text(encoding="utf-8")
    page = parse_page(html, "bridge/index.html")
    block = next(e for e in page.elements if e.tag == "script" and e.get("type") == "application/ld+json")
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in block.text
    assert json.loads(block.text)["headline"] == "</script><script>alert(1)</script>"
    assert scan_html(html, "bridge/index.html", full_page=True) == []
