"""The benchmark corpus as a MkDocs site: one Markdown page per story and a home page listing them."""

from pathlib import Path

from peers.common import articles

CONFIG = """\
site_name: Benchmark Explained
site_url: https://bench.example.org/
docs_dir: docs
site_dir: site
markdown_extensions: [tables, footnotes, toc]
"""


def write_site(corpus: Path, site: Path) -> Path:
    docs = site / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (site / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    index = ["# Benchmark Explained", ""]
    for article in articles(corpus):
        page = f"# {article.meta['title']}\n\n*{article.meta['dek']}*\n\n{article.body}"
        (docs / f"{article.slug}.md").write_text(page, encoding="utf-8")
        index.append(f"- [{article.meta['title']}]({article.slug}.md)")
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return site
