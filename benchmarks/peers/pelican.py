"""The benchmark corpus as a Pelican site: Markdown articles with metadata; the data is not rendered."""

from pathlib import Path

from peers.common import articles

CONFIG = """\
AUTHOR = "Benchmark Desk"
SITENAME = "Benchmark Explained"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def metadata(article) -> str:
    published = str(article.meta["published"])[:16]
    return "\n".join([
        f"Title: {article.meta['title']}",
        f"Date: {published}",
        f"Authors: {', '.join(article.meta['authors'])}",
        f"Summary: {article.meta['dek']}",
        f"Slug: {article.slug}",
    ]) + "\n\n"


def write_site(corpus: Path, site: Path) -> Path:
    (site / "content").mkdir(parents=True, exist_ok=True)
    (site / "pelicanconf.py").write_text(CONFIG, encoding="utf-8")
    for article in articles(corpus):
        (site / "content" / f"{article.slug}.md").write_text(metadata(article) + article.body, encoding="utf-8")
    return site
