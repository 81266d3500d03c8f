"""The TimelineJS export, loaded by TimelineJS itself (npm @knight-lab/timelinejs) in real Chromium."""

import json
import shutil

import pytest
from helpers import ROOT, serve_folder
from playwright.sync_api import Page, expect

DIST = ROOT / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
HARNESS = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="dist/css/timeline.css"></head>
<body><div id="timeline" style="width: 1000px; height: 640px"></div>
<script src="dist/js/timeline.js"></script>
<script>
fetch("timeline.json").then(r => r.json()).then(data => {
  window.timeline = new TL.Timeline("timeline", data, {script_path: location.origin + "/dist/js/"});
  window.timeline.on("loaded", () => { window.loaded = true; });
});
</script></body></html>"""


@pytest.fixture(scope="module")
def harness(real_site, tmp_path_factory):
    if not DIST.is_dir():
        pytest.fail("npm @knight-lab/timelinejs is missing: run npm ci")
    folder = tmp_path_factory.mktemp("timelinejs")
    shutil.copytree(DIST, folder / "dist")
    shutil.copy(real_site / "north-korea-kursk" / "timeline.json", folder / "timeline.json")
    (folder / "index.html").write_text(HARNESS, encoding="utf-8")
    server, thread = serve_folder(folder)
    yield f"http://127.0.0.1:{server.server_address[1]}", json.loads((folder / "timeline.json").read_text())
    server.shutdown()
    server.server_close()


def test_timelinejs_shows_one_slide_per_event_with_headline_and_date(page: Page, harness):
    url, data = harness
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "/index.html")
    page.wait_for_function("() => window.loaded === true", timeout=20_000)
    events = data["events"]
    slides = page.locator(".tl-slide:not(.tl-slide-titleslide)")
    expect(slides).to_have_count(len(events))
    headlines = [h.strip() for h in page.locator(".tl-slide:not(.tl-slide-titleslide) .tl-headline").all_text_contents()]
    assert sorted(headlines) == sorted(e["text"]["headline"] for e in events)
    dates = page.locator(".tl-slide:not(.tl-slide-titleslide) .tl-headline-date").all_text_contents()
    assert sorted(d.strip() for d in dates) == sorted(e["display_date"] for e in events)
    assert page.locator(".tl-slide-titleslide .tl-headline").text_content().strip() == data["title"]["text"]["headline"]
    assert errors == []


def test_export_uses_the_earliest_possible_day_and_our_wording(real_site):
    data = json.loads((real_site / "north-korea-kursk" / "timeline.json").read_text())
    story = json.loads((real_site / "north-korea-kursk" / "story.json").read_text())
    by_id = {e["id"]: e for e in story["timeline"]}
    for slide in data["events"]:
        event = by_id[slide["unique_id"]]
        start = event["date_start"] or event["date_end"]
        assert [slide["start_date"][k] for k in ("year", "month", "day")] == [int(x) for x in start.split("-")]
        assert slide["text"]["headline"] == event["title"]
        assert "Sources:" in slide["text"]["text"]
