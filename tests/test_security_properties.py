"""Property tests (security.md §7 M8, P1, P2): for any input the loader returns data or raises our located
YamlError; Markdown never raises, is deterministic and never emits script; the whole build either
succeeds or raises BuildError, leaves public/ alone when it fails, and the CLI never prints a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import pytest
from helpers import FIXTURES, make_project, run_cli, tree_hash
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_security_xss import scan_html

from explainer import cli
from explainer.markdown import MarkdownEnv, render
from explainer.pipeline import build
from explainer.problems import BuildError
from explainer.yamlfile import YamlError, decode, parse_yaml

FAST = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
SITES = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])

# --- P1: the loader ----------------------------------------------------------------------------------------

YAML_TOKENS = ["- ", ": ", "\n", "  ", "    ", "\t", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "!!str ",
               "!!int ", "!!python/object/apply:os.system ", "!x ", "? ", "|", "|-", ">", "'", '"', "# c", "---",
               "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "NO", "on", "017", "1:30", "2024-02-30", "1e3", "1_000",
               ".inf", "~", "null", "true", "\\", "\\u202e", "\\x00", "@", "`", "<<: ", "id", "title", "x", "é",
               "\u202e", "\ufeff", "\x00", "\x1b", "\r", "\u2028", "%", "0x1F", "-1", "+.5", "9" * 30]

yamlish = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)), max_size=40).map("".join)

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                    st.sampled_from(["NO", "017", "1:30", "2024-02-30", "1e3", "~", "&x", "*x", "!!python/name:os"]))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                         max_leaves=20)


def check_loaded(doc) -> None:
    """Whatever comes back is plain data: mappings with text keys, lists, and scalars."""
    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert value is None or isinstance(value, (str, int, float, bool)), type(value)
    walk(doc.data)


def check_error(exc: YamlError, path: str) -> None:
    problem = exc.problem
    assert problem.loc.path == path and problem.loc.line >= 1 and problem.loc.col >= 1
    assert problem.message


@FAST
@given(st.text())
def test_loader_on_any_text_returns_or_raises_yamlerror(text):
    try:
        check_loaded(parse_yaml(text, "x.yaml"))
    except YamlError as exc:
        check_error(exc, "x.yaml")


@FAST
@given(yamlish)
def test_loader_on_yamlish_text_returns_or_raises_yamlerror(text):
    try:
        check_loaded(parse_yaml(text, "content/s/timeline.yaml", line_offset=1))
    except YamlError as exc:
        check_error(exc, "content/s/timeline.yaml")
        assert exc.problem.loc.line >= 2


@FAST
@given(documents, st.sampled_from(["plain", "flow", "canonical"]))
def test_loader_on_generated_documents_returns_or_raises_yamlerror(data, style):
    import yaml
    options = {"plain": {}, "flow": {"default_flow_style": True}, "canonical": {"canonical": True}}[style]
    text = yaml.safe_dump(data, allow_unicode=True, **options)
    try:
        check_loaded(parse_yaml(text, "x.yaml"))
    except YamlError as exc:
        check_error(exc, "x.yaml")


@FAST
@given(st.binary(max_size=200))
def test_decode_then_load_on_any_bytes(raw):
    text, problems = decode(raw, "x.yaml")
    if text is None or problems:
        assert problems and all(p.loc.path == "x.yaml" for p in problems)
        return
    try:
        check_loaded(parse_yaml(text, "x.yaml"))
    except YamlError as exc:
        check_error(exc, "x.yaml")


# --- M8: Markdown --------------------------------------------------------------------------------------------

MD_TOKENS = ["[", "]", "(", ")", "<", ">", "!", "*", "_", "`", "```", "#", "## ", "|", "|:-|", "-", ":", "\n", "\n\n",
             " ", "\t", "    ", "javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "data:image/png;base64,",
             "java\tscript:", "&#106;", "&#x3A;", "&colon;", "&#09;", "&Tab;", "&#0;", "&amp;", "alert(1)",
             "<script>", "</script>", "<img src=x onerror=alert(1)>", "onerror=", "onclick=", "style=", '"', "'",
             "[^1]", "[^1]: ", "~~", "\\", "http://x.org/", "//evil.example", "mailto:", "figure:x", "source:a",
             "event:", "{{ 7*7 }}", "{% include 'x' %}", "x", "\u200b", "\u00a0", "[r]: ", "<svg onload=alert(1)>",
             "<iframe>", "<a href=", "\r\n", "> ", "1. ", "* "]
markdownish = st.lists(st.one_of(st.sampled_from(MD_TOKENS), st.text(max_size=3)), max_size=60).map("".join)


def check_markdown(text: str) -> None:
    first = render(text, MarkdownEnv("content/s/article.md", 7))
    second = render(text, MarkdownEnv("content/s/article.md", 7))
    assert first == second
    assert "<script" not in first.lower()
    assert scan_html(first) == [], first


@settings(deadline=None, max_examples=300)
@given(st.text())
def test_markdown_on_any_text_is_safe_and_deterministic(text):
    check_markdown(text)


@settings(deadline=None, max_examples=300)
@given(markdownish)
def test_markdown_on_hostile_markdownish_text_is_safe_and_deterministic(text):
    check_markdown(text)


# --- P2: the whole build --------------------------------------------------------------------------------------

words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)
ids = st.sampled_from(["a", "b", "c", "city-2026-03-04", "closure", "closure-days", "Bad Id", "", "../x", "a" * 90])
dates = st.sampled_from(["2026-03-04", "2026-03", "2026", "2026-03-~04", "2026-23", "2026-03-04/2026-03-09",
                         "2026-04/..", "2024-02-30", "1:30", "NO", "017", "", "2026-13-01", "tomorrow", "2026-03-04?"])
statuses = st.sampled_from(["confirmed", "reported", "claimed", "disputed", "denied", "rumoured", ""])
urls = st.sampled_from(["https://example.org/a", "http://example.org/", "javascript:alert(1)", "java\tscript:x",
                        "data:text/html,x", "https:evil", "//evil.example/", "ftp://x.org/", "", "https://exa mple/"])
fact_links = st.builds(lambda kind, i, text: f"[{text}]({kind}:{i})",
                       st.sampled_from(["figure", "event", "quote", "source", "nothing"]), ids,
                       st.sampled_from(["", "x", "<b>"]))
bodies = st.lists(st.one_of(markdownish, fact_links), max_size=6).map("\n\n".join)
values = st.one_of(words, st.integers(-5, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.none(),
                   st.booleans(), st.lists(words, max_size=2))


events = st.fixed_dictionaries({"id": ids, "date": dates, "title": values, "summary": st.one_of(bodies, values),
                                "status": statuses, "sources": st.lists(ids, max_size=2)},
                               optional={"attributed_to": words, "group": ids, "display_date": words,
                                         "colour": words})
sources = st.fixed_dictionaries({"id": ids, "title": values, "publisher": words, "published": dates,
                                 "kind": st.sampled_from(["news", "wire", "blog"])},
                                optional={"url": urls, "archive_url": urls, "note": bodies, "locator": words})
estimates = st.fixed_dictionaries({"as_of": dates, "status": statuses, "sources": st.lists(ids, max_size=2)},
                                  optional={"value": values, "low": values, "high": values, "display": words,
                                            "attributed_to": words, "qualifier": st.sampled_from(["about", "nearly"])})
figures = st.fixed_dictionaries({"id": ids, "label": words, "unit": words, "estimates": st.lists(estimates,
                                                                                                 max_size=3)},
                                optional={"note": bodies})
quotes = st.fixed_dictionaries({"id": ids, "text": values, "speaker": words, "said": dates, "source": ids})
fronts = st.fixed_dictionaries({"title": values, "dek": words, "published": dates,
                                "authors": st.lists(words, max_size=2)},
                               optional={"aliases": st.lists(ids, max_size=2), "figures": st.lists(ids, max_size=2),
                                         "draft": st.booleans()})


def dump(data) -> str:
    return "\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in data.items()) if isinstance(data, dict) else \
        "".join("- " + json.dumps(item) + "\n" for item in data)


EXAMPLE = FIXTURES / "sites" / "example" / "content" / "bridge"
clean_words = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u202a\u202b\u202c"
                                    "\u202d\u202e\u2066\u2067\u2068\u2069"), min_size=1, max_size=40)
MUTATIONS = [  # (file, text in the example, what replaces it)
    ("article.md", "title: Why the Eastbank bridge closed", "title: {}", clean_words),
    ("article.md", "dek: Inspectors found cracks in two piers; the city and the builder disagree on how long repairs "
                   "will take.", "dek: {}", clean_words),
    ("article.md", "authors: [Example Desk]", "authors: [{}]", clean_words),
    ("article.md", "expects longer.", "expects longer.\n\n{!s}", markdownish),
    ("timeline.yaml", "summary: Inspectors report hairline cracks in piers 3 and 4.", "summary: {}", markdownish),
    ("timeline.yaml", "title: City closes the bridge", "title: {}", clean_words),
    ("timeline.yaml", "attributed_to: Riverworks Ltd", "attributed_to: {}", clean_words),
    ("figures.yaml", "note: Neither estimate includes the cost of the closure to businesses.", "note: {}",
     markdownish),
    ("figures.yaml", "label: Cost of repairs", "label: {}", clean_words),
    ("figures.yaml", "display: tens of thousands", "display: {}", clean_words),
    ("quotes.yaml", "text: Safety comes before convenience.", "text: {}", clean_words),
    ("quotes.yaml", "speaker: Riverworks Ltd", "speaker: {}", clean_words),
    ("sources.yaml", "note: The builder is a party to the dispute over repair costs.", "note: {}", markdownish),
    ("sources.yaml", "title: Eastbank bridge closed for safety checks", "title: {}", clean_words),
    ("sources.yaml", "url: https://example.org/news/bridge-closed", "url: {}", urls),
]
# the example fixture may be edited by others: use only the mutations whose text is still there
MUTATIONS = [m for m in MUTATIONS if m[1] in (EXAMPLE / m[0]).read_text(encoding="utf-8")]


@st.composite
def mutated(draw):
    """The example story with a few fields replaced by generated text: mostly valid sites."""
    texts = {}
    for index in sorted(draw(st.sets(st.integers(0, len(MUTATIONS) - 1), min_size=1, max_size=6))):
        name, old, new, strategy = MUTATIONS[index]
        text = texts.get(name) or (EXAMPLE / name).read_text(encoding="utf-8")
        value = draw(strategy)
        replacement = new.format(value) if "{!s}" in new else new.format(json.dumps(value, ensure_ascii=False))
        texts[name] = text.replace(old, replacement, 1)
    return {f"content/bridge/{name}": text for name, text in texts.items()}


@st.composite
def generated(draw):
    """Files of one story: every file generated, or kept from the example, or replaced by noise."""
    files = {}
    files["content/bridge/article.md"] = "---\n" + dump(draw(fronts)) + "\n---\n" + draw(bodies) + "\n"
    for name, records in (("timeline", events), ("sources", sources), ("figures", figures), ("quotes", quotes)):
        choice = draw(st.sampled_from(["keep", "generated", "generated", "noise"]))
        if choice == "generated":
            files[f"content/bridge/{name}.yaml"] = dump(draw(st.lists(records, max_size=3)))
        elif choice == "noise":
            files[f"content/bridge/{name}.yaml"] = draw(yamlish)
    if draw(st.booleans()):
        files["content/second/article.md"] = draw(st.one_of(yamlish, markdownish, st.just("---\ntitle: x\n---\n")))
    return files


sites = st.one_of(mutated(), mutated(), generated())


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One example project, rewritten for each generated site; its pristine files are restored first."""
    root = make_project(tmp_path_factory.mktemp("prop"))
    pristine = tmp_path_factory.mktemp("pristine") / "content"
    shutil.copytree(root / "content", pristine)
    out = root.parent / "out"
    build(root, out, jobs=1, use_cache=False)
    return root, pristine, out


def apply(root, pristine, files) -> None:
    shutil.rmtree(root / "content")
    shutil.copytree(pristine, root / "content")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@SITES
@given(sites)
def test_whole_build_succeeds_or_raises_builderror_only(workspace, files):
    root, pristine, out = workspace
    apply(root, pristine, files)
    before = tree_hash(out)
    try:
        report = build(root, out, jobs=1, use_cache=False)
    except BuildError as exc:
        event("build failed")
        event(re.sub(r"'[^']*'|\d+", "_", exc.problems[0].message)[:50])
        assert exc.problems and all(p.loc.path and p.loc.line >= 1 for p in exc.problems)
        assert tree_hash(out) == before, "a failed build changed the output"
    else:
        event("build succeeded")
        assert not [p for p in report.problems if p.severity == "error"]
        for page in out.rglob("*.html"):
            assert scan_html(page.read_text(encoding="utf-8"), page.relative_to(out).as_posix(),
                             full_page=True) == []
    assert not list(out.parent.glob(".out.staging-*")) and not list(out.parent.glob(".out.old-*"))


@settings(deadline=None, max_examples=12, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(sites)
def test_cli_never_prints_a_traceback(workspace, files):
    root, pristine, out = workspace
    apply(root, pristine, files)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["--root", str(root), "build", "--out", str(out), "--jobs", "1", "--no-cache"], root)
    printed = stdout.getvalue() + stderr.getvalue()
    assert code in (0, 1), printed
    assert "Traceback" not in printed and "internal error" not in printed, printed


NOISE_SITE = {
    "site.yaml": "title: [\n",
    "content/bridge/article.md": "---\ntitle: &a x\ndek: *a\n---\n[x](javascript:alert(1)) <script>\n",
    "content/bridge/timeline.yaml": "- id: a\n  date: 2024-02-30\n  title: !!python/name:os.system\n",
    "content/bridge/sources.yaml": "[" * 5000 + "]" * 5000,
    "content/bridge/figures.yaml": "- {id: x, label: y, unit: z, estimates: [{value: .nan, as_of: NO}]}\n",
    "content/bridge/quotes.yaml": "\ufeff- id: q\n  id: q\n",
    "content/second/article.md": "no front matter at all\n",
    "content/third/article.md": "---\n---\n",
}


def test_cli_on_a_site_of_noise_reports_located_errors_without_a_traceback(tmp_path):
    root = make_project(tmp_path, NOISE_SITE)
    done = run_cli(root, "build")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr and "internal error" not in done.stderr
    problems = [line for line in done.stderr.splitlines() if not line.startswith("  ")][:-2]
    assert problems and all(re.match(r"^[\w./-]+:\d+:\d+: (error|warning): ", line) for line in problems), \
        done.stderr
    assert not (root / "public").exists()


def test_workspace_builds_the_example_and_rejects_broken_yaml(workspace):
    """The fixture the generated sites start from is sound: the example builds, a broken file fails."""
    root, pristine, out = workspace
    apply(root, pristine, {})
    build(root, out, jobs=1, use_cache=False)
    apply(root, pristine, {"content/bridge/timeline.yaml": "- [\n"})
    with pytest.raises(BuildError):
        build(root, out, jobs=1, use_cache=False)


URL_TEXT = st.text(alphabet="hptsfHPT:/.-[]@?#%&'\" <>\\`~!$()*+,;=_0123456789aAzZ\t\u00e9", max_size=40)


@settings(max_examples=600, deadline=None)
@given(st.one_of(URL_TEXT, st.builds(lambda s, h, rest: f"{s}://{h}{rest}",
                                     st.sampled_from(["http", "https", "HTTP", "ftp"]),
                                     st.text(alphabet="ab.-:09", max_size=12), URL_TEXT)))
def test_a_url_the_shortcut_passes_is_one_web_url_accepts(url):
    from explainer.checks import plain_web_url, web_url
    from explainer.problems import Loc, Problems
    problems = Problems()
    accepted = web_url(url, Loc("x"), problems, "url")
    if plain_web_url(url):
        event("shortcut")
        assert accepted and not problems.items


def test_a_url_with_a_broken_ipv6_host_is_reported_not_raised():
    from explainer.checks import web_url
    from explainer.problems import Loc, Problems
    problems = Problems()
    assert not web_url("http://[x/", Loc("content/s/sources.yaml", 5, 8), problems, "url")
    assert [p.format() for p in problems.items] == [
        "content/s/sources.yaml:5:8: error: 'url': 'http://[x/' is not a valid URL\n"
        "  hint: write it like https://example.org/page"]
