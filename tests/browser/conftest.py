"""Fixtures for the reader-facing browser suite: the built sites, one shared browser, pages loaded once.

Every test here runs against two builds: `example` (the small fixture site, stable) and `real` (the
project's own site.yaml + content/, the page we judge by eye). Browser and builds are session-wide;
read-only checks share one loaded page per site, tests that click get a fresh context.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.support import parse_html

ROOT = Path(__file__).resolve().parents[2]
SITE_NAMES = ("example", "real")
KB = 1024


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(120))  # a hung browser fails one test, not the run


@dataclass
class Site:
    """One built site and where it is served."""

    name: str
    folder: Path
    base_url: str
    stories: list[str]                      # slugs of story folders (they hold story.json)
    redirects: list[str]                    # alias folders whose index.html only redirects
    data: dict = field(default_factory=dict)  # slug -> parsed story.json
    public_url: str = ""                    # site.base_url, read from the home page's canonical link

    @property
    def story(self) -> str:
        return self.stories[0]

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path}"

    def story_url(self, fragment: str = "") -> str:
        return self.url(f"{self.story}/index.html") + (f"#{fragment}" if fragment else "")

    def missing_url(self) -> str:
        """A deep address that does not exist, on the public address (open it with open_page(..., site=site))."""
        return f"{self.public_url}no/such/story/here/"

    def story_data(self) -> dict:
        return self.data[self.story]

    def html_files(self) -> list[Path]:
        return sorted(self.folder.rglob("*.html"))


def _describe(name: str, folder: Path, base_url: str) -> Site:
    stories = sorted(p.parent.name for p in folder.glob("*/story.json"))
    redirects = sorted(p.parent.name for p in folder.glob("*/index.html")
                       if 'http-equiv="refresh"' in p.read_text(encoding="utf-8"))
    data = {slug: json.loads((folder / slug / "story.json").read_text(encoding="utf-8")) for slug in stories}
    assert stories, f"the {name} site has no story"
    home = parse_html(folder / "index.html")
    public_url = next(a["href"] for tag, a, _ in home.tags if tag == "link" and a.get("rel") == "canonical")
    return Site(name, folder, base_url, stories, redirects, data, public_url)


@pytest.fixture(scope="session")
def built_sites(request) -> dict[str, Site]:
    """Both sites, built and served once (their fixtures live in tests/conftest.py)."""
    return {
        "example": _describe("example", request.getfixturevalue("example_site"),
                             request.getfixturevalue("example_server")),
        "real": _describe("real", request.getfixturevalue("real_site"), request.getfixturevalue("site_server")),
    }


@pytest.fixture(scope="session", params=SITE_NAMES)
def site(request, built_sites) -> Site:
    return built_sites[request.param]


# --- browser pages ---

class PageLog:
    """Requests, failures and console errors seen by one page."""

    def __init__(self, page, base_url: str):
        self.requests, self.failed, self.errors, self.responses = [], [], [], []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: self.responses.append(r))
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.base_url = base_url

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base_url + "/", "data:"))]


def serve_public_url(context, site: Site) -> None:
    """Answer requests for the site's public address (https://…/) from the built folder, like its static host."""
    def fulfil(route):
        path = route.request.url[len(site.public_url):].split("?")[0].split("#")[0]
        target = site.folder / path
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.fulfill(path=str(target))
        else:   # as a static host does: its 404.html, whatever the depth
            route.fulfill(status=404, path=str(site.folder / "404.html"))
    context.route(f"{site.public_url}**", fulfil)


def open_page(browser, url: str, *, width: int = 1280, height: int = 900, site: Site | None = None,
              **context_args):
    """A fresh context and page, loaded; returns (page, log). Close with page.context.close().
    With `site`, requests to its public address are answered from the built folder (for 404.html)."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_args)
    if site is not None:
        serve_public_url(context, site)
    page = context.new_page()
    log = PageLog(page, url.split("/", 3)[0] + "//" + url.split("/", 3)[2])
    page.goto(url, wait_until="load")
    return page, log


@pytest.fixture(scope="session")
def story_page(browser, site):
    """The site's first story at 1280 px, JS on, light scheme: shared by read-only checks. Do not click."""
    page, log = open_page(browser, site.story_url())
    page.wait_for_function("document.querySelector('[data-filter-count]') === null || "
                           "document.querySelector('[data-filter-count]').textContent !== ''")
    yield page, log
    page.context.close()


@pytest.fixture(scope="session")
def dark_story_page(browser, site):
    """The first story at 375 px in dark mode: shared by the dark axe run, colour checks and screenshot."""
    page, log = open_page(browser, site.story_url(), width=375, color_scheme="dark")
    yield page, log
    page.context.close()


# --- Nu Html Checker: one JVM run over every built site ---

def find_vnu_jar() -> Path | None:
    candidates = [os.environ.get("VNU_JAR"), ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


CANARY = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
          '<body><p id="a">1</p><p id="a">2</p><img src="x.png"></body></html>')


@pytest.fixture(scope="session")
def vnu_messages(built_sites, tmp_path_factory) -> list[dict]:
    """Messages for every built page, plus a broken canary page (canary/bad.html) that proves the checker ran."""
    jar, java = find_vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        message = "vnu.jar or java missing: run `npm ci` and `apt-get install -y default-jre-headless`"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    canary = tmp_path_factory.mktemp("canary") / "bad.html"
    canary.write_text(CANARY, encoding="utf-8")
    folders = [str(s.folder) for s in built_sites.values()] + [str(canary)]
    proc = subprocess.run([java, "-Xss1m", "-jar", str(jar), "--format", "json", "--exit-zero-always",
                           "--skip-non-html", "--also-check-css", *folders],
                          capture_output=True, text=True, timeout=300)
    try:
        return json.loads(proc.stderr)["messages"]   # vnu writes its JSON report to stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {proc.returncode}): {proc.stderr[:2000]}")


