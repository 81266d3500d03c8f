"""Helpers for the browser suite (no fixtures): a stdlib HTML parser and the offline link checker."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# --- stdlib link checker (shared/reference/browser.md §6) ---

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
              "use": "href"}


class ParsedPage(HTMLParser):
    """Links, ids and the tags a page's policy cares about."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.tags = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a, self.getpos()[0]))
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        url = a.get(LINK_ATTRS.get(tag, ""))
        if url:
            self.links.append((url, self.getpos()[0]))
        if tag in ("img", "source") and a.get("srcset"):
            self.links += [(c.split()[0], self.getpos()[0]) for c in a["srcset"].split(",") if c.strip()]

    handle_startendtag = handle_starttag


def parse_html(path: Path, cache: dict | None = None) -> ParsedPage:
    if cache is not None and path in cache:
        return cache[path]
    parsed = ParsedPage()
    parsed.feed(path.read_text(encoding="utf-8", errors="replace"))
    if cache is not None:
        cache[path] = parsed
    return parsed


def check_links(root: Path, base_url: str | None = None) -> list[str]:
    """Every internal link and #fragment in every page resolves; absolute links on base_url count as internal."""
    root = root.resolve()
    cache, problems = {}, []
    for page in sorted(root.rglob("*.html")):
        for url, line in parse_html(page, cache).links:
            if base_url and url.startswith(base_url):
                url = "/" + url[len(base_url):]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if parts.path.startswith("/"):
                target = root / unquote(parts.path).lstrip("/")
            else:
                target = page.parent / unquote(parts.path) if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(root)}:{line}: {url}"
            if not target.resolve().is_relative_to(root):
                problems.append(f"{where} -> points outside the site")
            elif not target.is_file():
                problems.append(f"{where} -> missing {target.relative_to(root)}")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parse_html(target, cache).ids:
                    problems.append(f"{where} -> no id {parts.fragment!r} in {target.relative_to(root)}")
    return problems
