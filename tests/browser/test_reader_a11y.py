"""axe-core (WCAG 2.1 A and AA rules) on every page type, in light and dark, with and without JavaScript."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import open_page

AXE = Axe()  # axe-core bundled in the wheel: works offline
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_no_violations(page, what: str, *, skip_rules: tuple[str, ...] = ()) -> None:
    options = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in skip_rules}} if skip_rules else AXE_OPTIONS
    results = AXE.run(page, options=options)
    assert results.violations_count == 0, f"{what}:\n{results.generate_report()}"


def page_types(site) -> dict[str, str]:
    """Every kind of page the site has: home, story, 404, alias redirect, search (when built)."""
    types = {"home": site.url("index.html"), "story": site.story_url(), "404": site.missing_url()}
    if site.redirects:
        types["redirect"] = site.url(f"{site.redirects[0]}/index.html")
    if (site.folder / "search" / "index.html").is_file():
        types["search"] = site.url("search/index.html")
    if (site.folder / "page" / "2" / "index.html").is_file():
        types["home page 2"] = site.url("page/2/index.html")
    return types


def test_story_page_has_no_axe_violations(site, story_page):
    page, _ = story_page
    assert_no_violations(page, f"{site.name} story")


def test_other_page_types_have_no_axe_violations(browser, site):
    types = page_types(site)
    types.pop("story")
    if site.name == "example":
        assert "redirect" in types, "the example site declares an alias, so it must have a redirect page"
    reports = []
    for kind, url in types.items():
        if kind == "redirect":
            # its meta refresh would navigate away mid-audit: serve the same bytes with the refresh disarmed
            body = (site.folder / site.redirects[0] / "index.html").read_text(encoding="utf-8") \
                .replace('http-equiv="refresh"', 'name="refresh-disarmed"')
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body))  # noqa: B023 (used at once)
            page.goto(url)
        else:
            page, _ = open_page(browser, url, site=site)   # 404 is opened deep on the public address
        try:
            results = AXE.run(page, options=AXE_OPTIONS)
            if results.violations_count:
                reports.append(f"{kind} ({url}):\n{results.generate_report()}")
        finally:
            page.context.close()
    assert not reports, "\n\n".join(reports)


def test_story_without_javascript_has_no_axe_violations(browser, site):
    """The page as a reader without JavaScript gets it. axe itself needs JS, so instead of disabling JS
    the page's only script is refused (test_reader_story checks the same DOM with JS really off)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/static/explainer.js*", lambda route: route.abort())
    page = context.new_page()
    page.goto(site.story_url())
    try:
        assert page.locator("[data-filter]").is_hidden()
        # colours do not depend on JavaScript and are audited in light and dark above: skip the slowest rule
        assert_no_violations(page, f"{site.name} story, JavaScript off", skip_rules=("color-contrast",))
    finally:
        context.close()


def test_dark_mode_story_has_no_axe_violations(site, dark_story_page):
    page, _ = dark_story_page
    assert_no_violations(page, f"{site.name} story, dark, 375 px")


def test_axe_catches_a_real_violation(page):
    """Canary: the rule set above is live (an image without alt text, a low-contrast paragraph)."""
    page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>x</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p class="c">faint</p>'
                     '</main></body></html>')
    page.add_style_tag(content=".c { color: #ccc; background: #fff; }")
    ids = {v["id"] for v in AXE.run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"image-alt", "color-contrast"} <= ids, ids
