"""Full-text search with Pagefind, served over HTTP from the built site, in real Chromium."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


def test_search_finds_the_story(page: Page, site_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_server + "/search/index.html")
    expect(page.locator("[data-search-nojs]")).to_be_hidden()
    page.get_by_label("Words to find").fill("Kursk commanders")
    page.get_by_role("button", name="Search").click()
    result = page.locator("[data-search-results] li a").first
    expect(result).to_contain_text("North Korea", timeout=10_000)
    expect(page.locator("[data-search-status]")).to_contain_text("found")
    assert page.locator("[data-search-results] mark").count() > 0
    result.click()
    expect(page).to_have_url(site_server + "/north-korea-kursk/index.html")
    assert errors == []


def test_search_from_a_link_and_no_match(page: Page, site_server):
    page.goto(site_server + "/search/index.html?q=zzqxjv")
    expect(page.locator("[data-search-status]")).to_have_text("No stories found.", timeout=10_000)
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0


def test_search_page_without_javascript_points_to_the_story_list(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "/search/index.html")
    expect(page.locator("[data-search-nojs]")).to_be_visible()
    expect(page.locator("form[data-search]")).to_be_hidden()
    context.close()


def test_only_the_search_page_allows_webassembly(real_site):
    search = (real_site / "search/index.html").read_text(encoding="utf-8")
    story = (real_site / "north-korea-kursk/index.html").read_text(encoding="utf-8")
    assert "'wasm-unsafe-eval'" in search and "'wasm-unsafe-eval'" not in story
    assert "'unsafe-inline'" not in search


def test_typing_searches_without_submitting_and_keeps_the_query_in_the_address(page: Page, site_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_server + "/search/index.html")
    box = page.get_by_label("Words to find")
    box.press_sequentially("zzqx")
    expect(page.locator("[data-search-status]")).to_have_text("No stories found.", timeout=10_000)
    box.fill("")
    box.press_sequentially("Kursk")
    expect(page.locator("[data-search-results] li a").first).to_contain_text("North Korea", timeout=10_000)
    expect(page.locator("[data-search-status]")).to_contain_text("found")
    assert page.url.endswith("?q=Kursk")
    box.fill("")
    expect(page.locator("[data-search-results] li")).to_have_count(0)
    assert "?" not in page.url
    assert errors == []
