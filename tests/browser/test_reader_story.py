"""The story page in a real browser: what a reader gets with JS on and off, on a phone, in dark mode and
on paper; the timeline filter and deep links; attribution and citations; budgets; screenshots."""

from __future__ import annotations

import gzip

import pytest

from tests.browser.conftest import KB, open_page

BUDGET = 80 * KB  # story page HTML + CSS + JS, uncompressed (issue 4, §9)

CONTRAST = """([fg, bg]) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => { const [r, g, b] = rgb(c).map(lin); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

COLOURS = """() => {
  const css = (sel, prop) => { const el = document.querySelector(sel); return el ? getComputedStyle(el)[prop] : null; };
  return { bg: css('body', 'backgroundColor'), text: css('body', 'color'), link: css('.toc a', 'color'),
           muted: css('.meta', 'color'), card: css('.card', 'backgroundColor'), status: css('.event .status', 'color'),
           statusBg: css('.event .status', 'backgroundColor') };
}"""


def shot(page, artifacts, site, name: str, *, full_page: bool = True) -> None:
    """Viewport shots as PNG; whole pages (50,000 px tall for the real story) as JPEG, twice as fast to encode."""
    if full_page:
        page.screenshot(path=str(artifacts / f"reader-{site.name}-{name}.jpg"), full_page=True, type="jpeg", quality=75)
    else:
        page.screenshot(path=str(artifacts / f"reader-{site.name}-{name}.png"))


def visible_ids(page, selector: str) -> set[str]:
    return set(page.eval_on_selector_all(
        selector, "els => els.filter(e => e.checkVisibility({visibilityProperty: true})).map(e => e.id)"))


# --- loading: nothing external, nothing broken, within budget ---

def test_story_makes_no_external_request_and_logs_no_error(site, story_page):
    page, log = story_page
    page.wait_for_load_state("networkidle")
    assert log.external() == [] and log.failed == [], (log.external(), log.failed)
    assert log.errors == [], log.errors


def test_home_makes_no_external_request_and_logs_no_error(browser, site, artifacts):
    page, log = open_page(browser, site.url("index.html"))
    try:
        page.wait_for_load_state("networkidle")
        shot(page, artifacts, site, "home-1280", full_page=False)
        assert log.external() == [] and log.failed == [], (log.external(), log.failed)
        assert log.errors == [], log.errors
    finally:
        page.context.close()


def test_external_hosts_are_unreachable_in_this_browser(page):
    """Canary for the two tests above: the resolver rule makes any outside request fail, so none can hide."""
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.failure))
    page.set_content('<img src="https://example.com/x.png" alt="x">')
    page.wait_for_timeout(300)
    assert failed == ["net::ERR_NAME_NOT_RESOLVED"]


def test_story_page_weight_within_budget(site, story_page, request):
    if site.name == "real":
        # The first story carries every estimate the brief lists (52), 44 sources, 23 events and 14
        # quotations: its visible text alone is ~47 KB, so the page cannot meet the 80 KB budget without
        # dropping required content. Kept visible as a known failure; see the issue note.
        request.applymarker(pytest.mark.xfail(strict=True, reason="first story's required content exceeds 80 KB"))
    page, log = story_page
    bodies = {r.url: r.body() for r in log.responses
              if r.request.resource_type in ("document", "stylesheet", "script") and r.ok}
    total = sum(len(body) for body in bodies.values())
    packed = sum(len(gzip.compress(body, 9)) for body in bodies.values())
    report = ", ".join(f"{url.rsplit('/', 1)[-1] or url}: {len(body) / KB:.1f} KB" for url, body in bodies.items())
    assert len(bodies) <= 3, f"more than 3 requests for HTML, CSS and JS: {report}"
    assert total <= BUDGET, (f"story page is {total / KB:.1f} KB uncompressed, {packed / KB:.1f} KB gzipped "
                             f"(budget {BUDGET / KB:.0f} KB uncompressed): {report}")


def test_csp_blocks_an_inline_script(browser, site):
    page, log = open_page(browser, site.url("index.html"))
    try:
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
                      " document.body.append(s); }")
        assert page.evaluate("window.__ran") is None
        assert any("Content Security Policy" in e for e in log.errors), log.errors
    finally:
        page.context.close()


# --- attribution and citations ---

def test_every_estimate_shows_whose_and_as_of(site, story_page):
    page, _ = story_page
    figures = {f["id"]: f for f in site.story_data()["figures"]}
    cards = page.eval_on_selector_all(".card", """cards => cards.map(c => ({
        id: c.id, who: c.querySelector('.card__who').innerText,
        hidden: [c, c.querySelector('.card__who'), ...c.querySelectorAll('.estimates > li')]
                  .filter(e => !e.checkVisibility()).length,
        items: [...c.querySelectorAll('.estimates > li')].map(li => ({text: li.innerText}))}))""")
    assert cards, "no key-figure cards"
    problems = []
    for card in cards:
        estimates = figures[card["id"].removeprefix("figure-")]["estimates"]
        if card["hidden"]:
            problems.append(f"{card['id']}: {card['hidden']} parts of the card are not visible")
        rows = [card["who"]] + [item["text"] for item in card["items"]]
        if len(rows) != len(estimates):
            problems.append(f"{card['id']}: {len(rows)} of {len(estimates)} estimates shown")
        # the headline on the card's own line; every other estimate in the list, oldest first
        for index, estimate in enumerate(estimates):
            whose = estimate.get("attributed_to") or ""
            year = (estimate.get("as_of_start") or estimate.get("as_of_end") or "")[:4]
            candidates = [card["who"]] if index == 0 else rows[1:]
            if not any(whose in text and year and year in text for text in candidates):
                problems.append(f"{card['id']}: estimate {index + 1} is shown without whose it is ({whose!r}) "
                                f"or its as-of year ({year})")
    assert not problems, "\n".join(problems)


def test_every_citation_marker_resolves_and_is_linked_back(site, story_page):
    page, _ = story_page
    result = page.evaluate("""() => {
      const problems = [];
      const markers = [...document.querySelectorAll('a[id^="cite-"][href^="#source-"]')];
      for (const a of markers) {
        const href = a.getAttribute('href');
        const entry = href && href.startsWith('#source-') && document.getElementById(href.slice(1));
        const where = a.id || a.closest('[id]').id;
        if (!entry || !entry.closest('ol.sources')) {
          problems.push(`${where}: ${href} is not a source entry`);
          continue;
        }
        const number = entry.getAttribute('value');
        if (a.textContent !== `[${number}]`) problems.push(`${where}: says ${a.textContent}, source is [${number}]`);
        // one back-link per place that cites the source, pointing at the first marker in that place
        if (!entry.querySelector('.backlinks a')) problems.push(`${href} has no back-links`);
      }
      const backlinks = [...document.querySelectorAll('ol.sources .backlinks a')];
      for (const b of backlinks) {
        const target = document.getElementById(b.getAttribute('href').slice(1));
        const entry = b.closest('li[id^=source-]');
        if (!target || target.getAttribute('href') !== `#${entry.id}`) {
          problems.push(`back-link ${b.getAttribute('href')} in ${entry.id} does not point at a marker for it`);
        }
      }
      return {problems, markers: markers.length, backlinks: backlinks.length};
    }""")
    assert result["markers"] > 0 and result["backlinks"] > 0, result
    assert not result["problems"], "\n".join(result["problems"])


# --- timeline filter and deep links (JavaScript on) ---

def test_timeline_filter_hides_counts_and_deep_link_unfilters(browser, site):
    events = site.story_data()["timeline"]
    page, log = open_page(browser, site.story_url())
    try:
        form = page.locator("[data-filter]")
        count = page.locator("[data-filter-count]")
        assert form.is_visible()
        assert count.inner_text() == f"Showing all {len(events)} events"
        assert page.get_attribute("[data-filter-count]", "role") == "status"

        statuses = page.eval_on_selector_all("input[name=status]", "els => els.map(e => e.value)")
        assert statuses, "no status filter"
        status = max(statuses, key=lambda s: sum(e["status"] == s for e in events))
        page.uncheck(f"input[name=status][value={status}]")
        hidden = {f"event-{e['id']}" for e in events if e["status"] == status}
        shown = {f"event-{e['id']}" for e in events} - hidden
        assert visible_ids(page, ".event") == shown
        assert count.inner_text() == f"Showing {len(shown)} of {len(events)} events"

        groups = page.eval_on_selector_all("input[name=group]", "els => els.map(e => e.value)")
        if groups:
            group = groups[0]
            page.uncheck(f"input[name=group][value={group}]")
            hidden |= {f"event-{e['id']}" for e in events if e.get("group") == group}
            shown = {f"event-{e['id']}" for e in events} - hidden
            assert visible_ids(page, ".event") == shown
            assert count.inner_text() == f"Showing {len(shown)} of {len(events)} events"

        # a deep link to a filtered event shows it (and scrolls to it)
        target = sorted(hidden)[0]
        page.evaluate("id => { location.hash = id; }", target)
        page.wait_for_function("id => document.getElementById(id).checkVisibility()", arg=target)
        assert page.locator(f"#{target}").is_visible()
        assert count.inner_text() == f"Showing {len(shown) + 1} of {len(events)} events"
        assert page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                             " return r.top >= 0 && r.top < innerHeight; }", target)

        # "Show all" resets
        page.click("[data-filter] button[type=reset]")
        page.wait_for_function(
            "n => document.querySelector('[data-filter-count]').textContent === `Showing all ${n} events`",
            arg=len(events))
        assert len(visible_ids(page, ".event")) == len(events)
        assert log.errors == [], log.errors
    finally:
        page.context.close()


def test_opening_a_deep_link_to_an_event_lands_on_it(browser, site):
    event = site.story_data()["timeline"][-1]
    page, _ = open_page(browser, site.story_url(f"event-{event['id']}"), height=700)
    try:
        target = page.locator(f"#event-{event['id']}")
        assert target.is_visible()
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", f"event-{event['id']}")
        assert 0 <= top < 120, top
        highlight = page.evaluate("id => getComputedStyle(document.getElementById(id)).backgroundColor",
                                  f"event-{event['id']}")
        assert highlight != page.evaluate("getComputedStyle(document.body).backgroundColor")   # :target highlight
    finally:
        page.context.close()


# --- JavaScript off: everything readable, no filter UI ---

def test_without_javascript_everything_is_there_and_no_filter_ui(browser, site, artifacts):
    data = site.story_data()
    page, _ = open_page(browser, site.story_url(), java_script_enabled=False)
    try:
        assert page.locator("[data-filter]").is_hidden()
        assert page.locator("button").count() == 0 or not any(
            b.is_visible() for b in page.locator("button").all()), "a button shown without JavaScript"
        assert visible_ids(page, ".event") == {f"event-{e['id']}" for e in data["timeline"]}
        assert visible_ids(page, "figure.quote") == {f"quote-{q['id']}" for q in data["quotes"]}
        assert visible_ids(page, "ol.sources > li") == {f"source-{s['id']}" for s in data["sources"]}
        quotes = page.eval_on_selector_all("figure.quote blockquote", "els => els.map(e => e.innerText)")
        for q in data["quotes"]:
            assert any(q["text"] in text for text in quotes), f"quote {q['id']} not shown verbatim"
        figures = {f["id"]: f for f in data["figures"]}
        for card in page.locator(".card").all():
            assert card.is_visible()
            figure = figures[card.get_attribute("id").removeprefix("figure-")]
            if len(figure["estimates"]) > 1:
                assert card.locator(".estimates > li").count() == len(figure["estimates"]) - 1  # headline on the card
                assert all(li.is_visible() for li in card.locator(".estimates > li").all())
        assert page.locator("ol.timeline time[datetime]").count() >= len(data["timeline"])
        shot(page, artifacts, site, "story-nojs-1280", full_page=False)
    finally:
        page.context.close()



@pytest.mark.parametrize("kind", ["story", "home", "404"])
def test_no_horizontal_scroll_at_375_and_320(browser, site, artifacts, kind):
    url = {"story": site.story_url(), "home": site.url("index.html"), "404": site.missing_url()}[kind]
    page, log = open_page(browser, url, width=375, height=800, site=site)
    try:
        # 404.html is served at any depth and links its CSS on the public address: it must load, styled
        assert log.errors == [] or kind == "404" and all("404" in e for e in log.errors), log.errors
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
        for width in (375, 320):
            page.set_viewport_size({"width": width, "height": 800})
            wide = page.evaluate("""() => { const w = document.documentElement.clientWidth;
                return [document.scrollingElement.scrollWidth,
                        [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1)
                          .slice(0, 5).map(e => e.tagName + '.' + e.className)]; }""")
            assert wide[0] <= width, f"{kind} at {width} px scrolls sideways ({wide[0]} px): {wide[1]}"
            if kind == "story" and width == 375:
                shot(page, artifacts, site, "story-375", full_page=True)
                shot(page, artifacts, site, "story-375-top", full_page=False)
            if kind != "story" and width == 375:
                shot(page, artifacts, site, f"{kind}-375", full_page=True)
    finally:
        page.context.close()


def test_dark_mode_changes_colours_and_stays_readable(site, story_page, dark_story_page, artifacts):
    light = story_page[0].evaluate(COLOURS)
    page, _ = dark_story_page
    dark = page.evaluate(COLOURS)
    for key in ("bg", "text", "link", "card"):
        assert dark[key] != light[key], f"{key} is {dark[key]} in both schemes"
    ratio = lambda fg, bg: page.evaluate(CONTRAST, [fg, bg])  # noqa: E731
    assert ratio(dark["text"], dark["bg"]) >= 7, dark
    assert ratio(dark["muted"], dark["bg"]) >= 4.5, dark
    assert ratio(dark["link"], dark["bg"]) >= 4.5, dark
    assert ratio(dark["text"], dark["card"]) >= 7, dark
    if dark["status"]:
        assert ratio(dark["status"], dark["statusBg"]) >= 4.5, dark
    assert ratio(light["text"], light["bg"]) >= 7, light
    shot(page, artifacts, site, "story-375-dark-top", full_page=False)


def test_print_shows_everything_with_urls_and_no_navigation(browser, site, artifacts):
    data = site.story_data()
    page, _ = open_page(browser, site.story_url())
    try:
        statuses = page.eval_on_selector_all("input[name=status]", "els => els.map(e => e.value)")
        for status in statuses[:2]:   # filter some events away on screen first
            page.uncheck(f"input[name=status][value={status}]")
        page.emulate_media(media="print")
        assert visible_ids(page, ".event") == {f"event-{e['id']}" for e in data["timeline"]}, \
            "filtered events must still print"
        assert visible_ids(page, "figure.quote") == {f"quote-{q['id']}" for q in data["quotes"]}
        assert visible_ids(page, "ol.sources > li") == {f"source-{s['id']}" for s in data["sources"]}
        for selector in (".site-header nav", ".toc", "[data-filter]", ".skip-link", ".permalink"):
            assert all(not el.is_visible() or el.bounding_box()["x"] < -100 for el in page.locator(selector).all()), \
                f"{selector} prints"
        assert page.locator(".print-only").first.is_visible()
        printed = page.eval_on_selector_all(
            "ol.sources a.source__title",
            "els => els.map(e => [e.getAttribute('href'), getComputedStyle(e, '::after').content])")
        with_url = [s for s in data["sources"] if s.get("url")]
        assert len(printed) == len(with_url)
        for href, after in printed:
            assert href in after.replace("\\", ""), (href, after)
        # print is black on white whatever the screen scheme
        colours = page.evaluate(COLOURS)
        assert colours["text"] == "rgb(0, 0, 0)" and colours["bg"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
        page.set_viewport_size({"width": 794, "height": 1123})   # A4 at 96 dpi, so the shot looks like paper
        shot(page, artifacts, site, "story-print-top", full_page=False)
        pdf = page.pdf(format="A4")   # the whole printed story, as paper gets it
        assert pdf[:5] == b"%PDF-"
        (artifacts / f"reader-{site.name}-story.pdf").write_bytes(pdf)
    finally:
        page.context.close()


def test_screenshots_at_1280(site, story_page, artifacts):
    page, _ = story_page
    shot(page, artifacts, site, "story-1280", full_page=True)
    shot(page, artifacts, site, "story-1280-top", full_page=False)
    assert (artifacts / f"reader-{site.name}-story-1280-top.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (artifacts / f"reader-{site.name}-story-1280.jpg").stat().st_size > 10_000
