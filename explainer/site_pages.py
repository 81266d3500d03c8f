"""Site-wide pages: paginated home, 404, alias redirects, Atom feed, sitemap, robots.txt and static files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2

from .load import MAX_ASSET_BYTES, inside, is_ignored
from .model import SiteConfig
from .problems import Loc, Problem
from .render import PageInfo, render_template
from .write import Writer

PER_PAGE = 20


def xml_escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))
RESERVED = {"static", "page", "search", "pagefind", "404.html", "feed.xml", "sitemap.xml", "robots.txt"}


def home_pages(env: jinja2.Environment, config: SiteConfig, stories: list[dict]) -> dict[str, str]:
    pages = max(1, -(-len(stories) // PER_PAGE))
    result = {}
    for number in range(1, pages + 1):
        path = "index.html" if number == 1 else f"page/{number}/index.html"
        chunk = stories[(number - 1) * PER_PAGE : number * PER_PAGE]
        canonical = config.base_url if number == 1 else f"{config.base_url}page/{number}/"
        info = PageInfo(path, config.title, config.description, canonical, "home")
        pager = {"number": number, "pages": pages,
                 "prev": None if number == 1 else ("index.html" if number == 2 else f"page/{number - 1}/index.html"),
                 "next": None if number == pages else f"page/{number + 1}/index.html"}
        result[path] = render_template(env, "index.html", {"site": config, "stories": chunk, "page": info,
                                                           "pager": pager})
    return result


def not_found(env: jinja2.Environment, config: SiteConfig) -> str:
    info = PageInfo("404.html", "Page not found", config.description, config.base_url + "404.html", "404")
    return render_template(env, "404.html", {"site": config, "page": info, "stories": ()})


def search_page(env: jinja2.Environment, config: SiteConfig) -> str:
    info = PageInfo("search/index.html", "Search", config.description, config.base_url + "search/", "search")
    return render_template(env, "search.html", {"site": config, "page": info, "stories": ()})


def redirect(env: jinja2.Environment, config: SiteConfig, alias: str, story: dict) -> str:
    info = PageInfo(f"{alias}/index.html", story["title"], story["dek"], f"{config.base_url}{story['slug']}/", "redirect")
    return render_template(env, "redirect.html", {"site": config, "page": info, "story": story, "stories": ()})


def feed(config: SiteConfig, stories: list[dict]) -> str:
    """Atom: one entry per story and one per update or correction, newest first."""
    entries = []
    for story in stories:
        url = f"{config.base_url}{story['slug']}/"
        entries.append((story["updated_day"], url, story["title"], story["dek"], story["published_day"], url))
        for index, update in enumerate(story["updates"], start=1):
            label = update["kind"].capitalize()
            entries.append((update["day"], f"{url}#update-{index}", f"{label}: {story['title']}", update["text"],
                            update["day"], f"{url}#updates"))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    newest = entries[0][0] if entries else "1970-01-01"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{xml_escape(config.title)}</title>", f"<subtitle>{xml_escape(config.description)}</subtitle>",
             f'<link rel="self" href="{xml_escape(config.base_url)}feed.xml"/>',
             f'<link href="{xml_escape(config.base_url)}"/>', f"<id>{xml_escape(config.base_url)}</id>",
             f"<updated>{newest}T00:00:00Z</updated>",
             f"<author><name>{xml_escape(config.publisher_name)}</name></author>"]
    for updated, entry_id, title, summary, published, link in entries:
        lines += ["<entry>", f"<id>{xml_escape(entry_id)}</id>", f"<title>{xml_escape(title)}</title>",
                  f'<link href="{xml_escape(link)}"/>', f"<published>{published}T00:00:00Z</published>",
                  f"<updated>{updated}T00:00:00Z</updated>", f"<summary>{xml_escape(summary)}</summary>", "</entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(config: SiteConfig, stories: list[dict], home_paths: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in home_paths:
        url = config.base_url + path.removesuffix("index.html")
        lines.append(f"<url><loc>{xml_escape(url)}</loc></url>")
    for story in stories:
        lines.append(f"<url><loc>{xml_escape(config.base_url + story['slug'])}/</loc>"
                     f"<lastmod>{story['updated_day']}</lastmod></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"


def static_files(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """templates/static/ files to copy as they are; symlinks leading outside the project are refused."""
    static = root / "templates" / "static"
    files: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for base, dirs, names in os.walk(static):
        for name in sorted([*dirs, *names]):
            path = Path(base) / name
            rel = path.relative_to(root).as_posix()
            if is_ignored(name):
                continue
            if path.is_symlink() and not inside(path, root):
                problems.append(Problem(Loc(rel), "symlink leads outside the project", "copy the file into templates/static/"))
            elif name in names and path.is_file():
                if path.stat().st_size > MAX_ASSET_BYTES:
                    problems.append(Problem(Loc(rel), f"static file is larger than {MAX_ASSET_BYTES // 2**20} MiB"))
                else:
                    files.append((f"static/{path.relative_to(static).as_posix()}", path))
        dirs[:] = sorted(d for d in dirs if not is_ignored(d) and not (Path(base) / d).is_symlink())
    return sorted(files), problems


def copy_static(files: list[tuple[str, Path]], writer: Writer) -> None:
    """Static files as they are; stylesheets without comments and spare white space (readers pay per byte)."""
    for rel, path in files:
        if rel.endswith(".css"):
            writer.write(rel, minify_css(path.read_text(encoding="utf-8")))
        else:
            writer.copy(rel, path)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_STRING = re.compile(r"(\"[^\"]*\"|'[^']*')")
_CSS_PUNCTUATION = "{};,>"


def minify_css(text: str) -> str:
    """Comments and white space out; never touches the inside of strings or selectors' meaning."""
    parts = _CSS_STRING.split(_CSS_COMMENT.sub("", text))
    for index in range(0, len(parts), 2):
        parts[index] = _tighten(parts[index])
    return "".join(parts).replace(";}", "}").strip() + "\n"


def _tighten(css: str) -> str:
    """Each run of white space to one space, then none beside punctuation. String methods, not re.sub:
    a regular expression with a group in its replacement calls back into Python for each of the thousands of
    matches in a stylesheet (4 ms a build where this takes 1)."""
    words = " ".join(css.split())
    if words and css[0].isspace():
        words = " " + words
    if css and css[-1].isspace() and words != " ":
        words += " "
    for mark in _CSS_PUNCTUATION:
        words = words.replace(" " + mark, mark).replace(mark + " ", mark)
    return words
