"""The orchestrator end to end: outputs, drafts, aliases, stale files, strictness, cache and parallel builds."""

import json
import shutil

import pytest
from helpers import make_project, tree_hash, write_files
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.pipeline import build
from explainer.problems import BuildError

DRAFT = """---
title: A draft
dek: Not ready.
published: 2026-01-01
authors: [Desk]
draft: true
---
Draft text.
"""


def test_build_writes_every_output(project):
    report = build(project, jobs=1)
    out = project / "public"
    for rel in ("index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "static/style.css",
                "bridge/index.html", "bridge/story.json", "bridge/figures.csv", "bridge/timeline.csv",
                "bridge/quotes.csv", "bridge/sources.csv", "bridge/timeline.json", "data-readme.md",
                "bridge/social.png", "bridge-closure/index.html"):
        assert (out / rel).is_file(), rel
    assert report.stories == 1 and report.problems == []
    assert "../bridge/index.html" in (out / "bridge-closure/index.html").read_text()
    assert (out / "bridge/social.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_drafts_are_left_out_unless_asked(project):
    write_files(project, {"content/later/article.md": DRAFT})
    build(project, jobs=1)
    assert not (project / "public/later").exists()
    assert "A draft" not in (project / "public/index.html").read_text()
    build(project, jobs=1, drafts=True)
    assert (project / "public/later/index.html").is_file()


def test_deleted_story_files_do_not_linger(project):
    shutil.copytree(project / "content/bridge", project / "content/bridge-two")
    (project / "content/bridge-two/article.md").write_text(
        (project / "content/bridge/article.md").read_text().replace("aliases: [bridge-closure]", "aliases: []"))
    build(project, jobs=1)
    assert (project / "public/bridge-two/index.html").exists()
    shutil.rmtree(project / "content/bridge-two")
    build(project, jobs=1)
    assert not (project / "public/bridge-two").exists()


def test_problems_from_every_file_are_reported_together_and_public_is_untouched(project):
    build(project, jobs=1)
    before = tree_hash(project / "public")
    timeline = (project / "content/bridge/timeline.yaml").read_text()
    write_files(project, {
        "content/bridge/timeline.yaml": timeline.replace("date: 2026-03-02", "date: 2026-02-30"),
        "content/bridge/quotes.yaml": (project / "content/bridge/quotes.yaml").read_text().replace(
            "source: radio-interview", "source: radio"),
        "site.yaml": (project / "site.yaml").read_text() + "titel: x\n",
    })
    with pytest.raises(BuildError) as caught:
        build(project, jobs=1)
    lines = [p.format() for p in caught.value.problems]
    assert lines == [
        "content/bridge/quotes.yaml:21:11: error: quote 'engineer-radio' cites unknown source 'radio'\n"
        "  hint: known sources: builder-2026-03-10, city-2026-03-04, radio-interview",
        "content/bridge/timeline.yaml:3:9: error: 'date': no such day: 30 February 2026",
        "site.yaml:13:1: error: unknown field 'titel' in site.yaml\n  hint: did you mean 'title'?",
    ], lines
    assert tree_hash(project / "public") == before
    assert not list(project.glob(".public.*"))


def test_warnings_pass_unless_strict(project):
    sources = (project / "content/bridge/sources.yaml").read_text()
    write_files(project, {"content/bridge/sources.yaml": sources + """- id: unused
  title: Never cited
  publisher: Nobody
  url: https://example.org/unused
  published: 2026-03-01
  kind: news
"""})
    report = build(project, jobs=1)
    assert [p.message for p in report.warnings] == ["source 'unused' is not cited by any record or the article"]
    with pytest.raises(BuildError) as caught:
        build(project, jobs=1, strict=True)
    assert caught.value.problems[0].severity == "error"


def test_cached_rebuild_equals_a_fresh_build(project, tmp_path):
    first = build(project, jobs=1)
    again = build(project, jobs=1)
    assert again.reused == 1 and first.reused == 0
    fresh = tmp_path / "fresh"
    build(project, fresh, jobs=1, use_cache=False)
    assert tree_hash(project / "public") == tree_hash(fresh)


def test_cache_notices_an_edit(project):
    build(project, jobs=1)
    article = project / "content/bridge/article.md"
    article.write_text(article.read_text().replace("Why the Eastbank bridge closed", "Why the bridge shut"))
    report = build(project, jobs=1)
    assert report.reused == 0
    assert "Why the bridge shut" in (project / "public/bridge/index.html").read_text()


def test_parallel_build_is_byte_identical_to_serial(tmp_path):
    root = make_project(tmp_path)
    for n in range(30):
        shutil.copytree(root / "content/bridge", root / f"content/story-{n:02d}")
        article = root / f"content/story-{n:02d}/article.md"
        article.write_text(article.read_text().replace("aliases: [bridge-closure]", f"aliases: [old-{n:02d}]")
                           .replace("Why the Eastbank bridge closed", f"Story {n}"))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    serial_report = build(root, serial, jobs=1, use_cache=False)
    seen = []
    parallel_report = build(root, parallel, jobs=2, use_cache=False, progress=lambda done, total: seen.append((done, total)))
    assert tree_hash(serial) == tree_hash(parallel)
    assert seen[-1] == (31, 31) and [done for done, _ in seen] == sorted({done for done, _ in seen})
    files = sum(1 for path in serial.rglob("*") if path.is_file() and "pagefind" not in path.parts)
    assert serial_report.files == parallel_report.files == files
    assert (serial / "page/2/index.html").is_file()
    again = build(root, parallel, jobs=2)  # the workers' signatures of the clean build let it reuse every story
    assert again.reused == 31 and tree_hash(parallel) == tree_hash(serial)


def test_workers_take_every_story_once_in_order_in_shrinking_batches():
    from explainer.pipeline import MAX_BATCH, _batches
    for total in (1, 24, 31, 1000, 5003):
        batches = _batches(list(range(total)), 2)
        assert [story for batch in batches for story in batch] == list(range(total))
        sizes = [len(batch) for batch in batches]
        assert sizes == sorted(sizes, reverse=True) and sizes[0] <= MAX_BATCH and sizes[-1] == 1


def test_story_json_holds_every_record(project):
    build(project, jobs=1)
    data = json.loads((project / "public/bridge/story.json").read_text())
    assert [len(data[k]) for k in ("sources", "timeline", "figures", "quotes")] == [3, 5, 3, 3]
    assert data["timeline"][4]["date_start"] == "2026-04-01" and data["timeline"][4]["date_end"] is None


def test_csv_has_bom_and_defuses_formulas(project):
    quotes = (project / "content/bridge/quotes.yaml").read_text()
    write_files(project, {"content/bridge/quotes.yaml": quotes.replace(
        "text: Safety comes before convenience.", "text: \"=HYPERLINK(1)\"")})
    build(project, jobs=1)
    raw = (project / "public/bridge/quotes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"'=HYPERLINK(1)" in raw


def test_no_change_rebuild_writes_nothing_and_repeats_the_warnings(project):
    sources = (project / "content/bridge/sources.yaml").read_text()
    write_files(project, {"content/bridge/sources.yaml": sources + "- id: spare\n  title: t\n  publisher: p\n"
                          "  url: https://example.org/\n  published: 2026\n  kind: news\n"})
    first = build(project, jobs=1)
    inode = (project / "public").stat().st_ino
    again = build(project, jobs=1)
    assert (project / "public").stat().st_ino == inode and again.reused == 1
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems] != []
    with pytest.raises(BuildError):
        build(project, jobs=1, strict=True)


def test_an_edit_made_during_a_build_is_seen_by_the_next(project, monkeypatch):
    from explainer import story_job
    article = project / "content/bridge/article.md"
    original = story_job.load_story

    def edit_while_reading(root, folder):
        result = original(root, folder)
        article.write_text(article.read_text().replace("Why the Eastbank bridge closed", "Edited mid-build"))
        return result

    monkeypatch.setattr(story_job, "load_story", edit_while_reading)
    build(project, jobs=1)
    monkeypatch.setattr(story_job, "load_story", original)
    build(project, jobs=1)
    assert "Edited mid-build" in (project / "public/bridge/index.html").read_text()


def _two_stories(tmp_path):
    root = make_project(tmp_path)
    shutil.copytree(root / "content/bridge", root / "content/second")
    article = root / "content/second/article.md"
    article.write_text(article.read_text().replace("aliases: [bridge-closure]", "aliases: []")
                       .replace("Why the Eastbank bridge closed", "A second story"))
    return root


def test_in_place_update_equals_a_full_build(tmp_path):
    root = _two_stories(tmp_path)
    out = tmp_path / "preview"
    build(root, out, jobs=1, search=False, in_place=True)
    inode = out.stat().st_ino
    figures = root / "content/second/figures.yaml"
    figures.write_text(figures.read_text().replace("value: 90\n", "value: 95\n"))
    report = build(root, out, jobs=1, search=False, in_place=True)
    assert report.reused == 1 and out.stat().st_ino == inode  # updated where it is, not republished
    article = root / "content/bridge/article.md"
    article.write_text(article.read_text().replace("Why the Eastbank bridge closed", "Retitled"))
    build(root, out, jobs=1, search=False, in_place=True)  # a title change re-renders the home page too
    fresh = tmp_path / "fresh"
    build(root, fresh, jobs=1, search=False, use_cache=False)
    assert tree_hash(out) == tree_hash(fresh)


def test_in_place_update_removes_deleted_stories_and_keeps_pages_on_failure(tmp_path):
    root = _two_stories(tmp_path)
    out = tmp_path / "preview"
    build(root, out, jobs=1, search=False, in_place=True)
    (root / "content/second/timeline.yaml").write_text("- id: [broken\n")
    before = tree_hash(out)
    with pytest.raises(BuildError):
        build(root, out, jobs=1, search=False, in_place=True)
    assert tree_hash(out) == before
    shutil.rmtree(root / "content/second")
    build(root, out, jobs=1, search=False, in_place=True)
    assert not (out / "second").exists()
    fresh = tmp_path / "fresh"
    build(root, fresh, jobs=1, search=False, use_cache=False)
    assert tree_hash(out) == tree_hash(fresh)


def _csv_module_oracle(header, rows) -> bytes:
    """The tables as the csv module writes them (QUOTE_MINIMAL, CRLF), formulas defused as documented."""
    import csv
    import io

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return "'" + value if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")) else value
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell(v) for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


CSV_TEXT = st.text(alphabet=st.sampled_from(list("ab ,\"'\r\n\t=+-@;0é\u2028")), max_size=12)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.one_of(CSV_TEXT, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False)),
                         min_size=3, max_size=3), max_size=5))
def test_csv_tables_are_written_as_the_csv_module_writes_them(rows):
    from explainer.exports import _csv
    assert _csv(["a", "b", "c"], rows) == _csv_module_oracle(["a", "b", "c"], rows)


def _minify_css_oracle(text: str) -> str:
    """The stylesheet minifier as first written, with regular expressions throughout."""
    import re
    parts = re.split(r"(\"[^\"]*\"|'[^']*')", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
    for index in range(0, len(parts), 2):
        parts[index] = re.sub(r"\s*([{};,>])\s*", r"\1", re.sub(r"\s+", " ", parts[index]))
    return "".join(parts).replace(";}", "}").strip() + "\n"


CSS_TEXT = st.text(alphabet=st.sampled_from(list("a- \t\n\u00a0\u2028{};,>:\"'/*()")), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(CSS_TEXT)
def test_stylesheets_are_minified_as_the_regular_expressions_did(text):
    from explainer.site_pages import minify_css
    assert minify_css(text) == _minify_css_oracle(text)


def test_the_shipped_stylesheet_is_minified_as_the_regular_expressions_did():
    from helpers import ROOT

    from explainer.site_pages import minify_css
    text = (ROOT / "templates/static/style.css").read_text(encoding="utf-8")
    assert minify_css(text) == _minify_css_oracle(text)
    assert len(minify_css(text)) < len(text)
