"""The floor: a bare jinja2 + markdown-it-py + libyaml script, with no checks, over the benchmark corpus."""

import argparse
import sys
from multiprocessing import Pool
from pathlib import Path

import yaml
from jinja2 import DictLoader, Environment
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

STORY = """<!doctype html>
<html lang="{{ site.language }}"><head><meta charset="utf-8">
<title>{{ meta.title }} · {{ site.title }}</title>
<meta name="description" content="{{ meta.dek }}"></head>
<body><main>
<h1>{{ meta.title }}</h1><p class="dek">{{ meta.dek }}</p>
<p>{{ meta.authors | join(", ") }} · {{ meta.published }}</p>
<article>{{ body | safe }}</article>
<section id="figures"><h2>Key figures</h2>
{% for f in figures %}<div id="figure-{{ f.id }}"><h3>{{ f.label }}</h3><table>
{% for e in f.estimates %}<tr><td>{{ e.qualifier }} {{ e.display or e.value or "" }}
{% if e.low is defined %}{{ e.low }}–{{ e.high }}{% endif %} {{ e.unit or f.unit }}</td>
<td>{{ e.status }} {{ e.attributed_to }}</td><td>{{ e.as_of }}</td>
<td>{% for s in e.sources %}<a href="#source-{{ s }}">{{ s }}</a> {% endfor %}</td></tr>
{% endfor %}</table></div>
{% endfor %}</section>
<section id="timeline"><h2>Timeline</h2><ol>
{% for e in events %}<li id="event-{{ e.id }}"><time>{{ e.display_date or e.date }}</time>
<strong>{{ e.title }}</strong> <span>{{ e.status }}{% if e.attributed_to %}: {{ e.attributed_to }}{% endif %}</span>
<p>{{ e.summary }}</p>{% for s in e.sources %}<a href="#source-{{ s }}">{{ s }}</a> {% endfor %}</li>
{% endfor %}</ol></section>
<section id="quotes"><h2>Quotes</h2>
{% for q in quotes %}<blockquote id="quote-{{ q.id }}"><p>“{{ q.text }}”</p>
<footer>{{ q.speaker }}{% if q.role %}, {{ q.role }}{% endif %}, {{ q.said }}
<a href="#source-{{ q.source }}">{{ q.source }}</a></footer></blockquote>
{% endfor %}</section>
<section id="sources"><h2>Sources</h2><ol>
{% for s in sources %}<li id="source-{{ s.id }}"><a href="{{ s.url or '' }}">{{ s.title }}</a>,
{{ s.publisher }}, {{ s.published }} ({{ s.kind }}{% if s.party %}, {{ s.party }}{% endif %})</li>
{% endfor %}</ol></section>
</main></body></html>
"""

INDEX = """<!doctype html>
<html lang="{{ site.language }}"><head><meta charset="utf-8"><title>{{ site.title }}</title></head>
<body><main><h1>{{ site.title }}</h1><p>{{ site.description }}</p><ul>
{% for s in stories %}<li><a href="{{ s.slug }}/">{{ s.title }}</a> <p>{{ s.dek }}</p></li>
{% endfor %}</ul></main></body></html>
"""

ENV = Environment(loader=DictLoader({"story.html": STORY, "index.html": INDEX}), autoescape=True)
MD = (MarkdownIt("commonmark", {"typographer": True})
      .enable(["table", "replacements", "smartquotes"])
      .use(footnote_plugin)
      .use(anchors_plugin, max_level=3))


def load_yaml(path: Path):
    with open(path, "rb") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def fact_text(kind: str, record: dict) -> str:
    if kind == "figure":
        est = record["estimates"][0]
        if "display" in est:
            return est["display"]
        number = est.get("value", est.get("low"))
        return f"{est.get('qualifier', '')} {number:,} {est.get('unit', record['unit'])}".strip()
    if kind == "event":
        return str(record["date"])
    if kind == "quote":
        return f"“{record['text']}”"
    return record["title"]


def link_facts(state) -> None:
    facts = state.env["facts"]
    for block in state.tokens:
        children = block.children or []
        for i, token in enumerate(children):
            if token.type != "link_open":
                continue
            kind, _, ident = token.attrGet("href").partition(":")
            if kind in facts and ident in facts[kind]:
                token.attrSet("href", f"#{kind}-{ident}")
                if children[i + 1].type == "link_close":
                    text = Token("text", "", 0)
                    text.content = fact_text(kind, facts[kind][ident])
                    children.insert(i + 1, text)


MD.core.ruler.push("fact_links", link_facts)


def render_story(job: tuple) -> dict:
    site, folder, out = job
    front, body = (folder / "article.md").read_text(encoding="utf-8")[4:].split("\n---\n", 1)
    meta = yaml.load(front, Loader=yaml.CSafeLoader)
    data = {name: load_yaml(folder / f"{name}.yaml") for name in ("sources", "timeline", "figures", "quotes")}
    facts = {"source": data["sources"], "event": data["timeline"], "figure": data["figures"], "quote": data["quotes"]}
    facts = {kind: {r["id"]: r for r in records} for kind, records in facts.items()}
    events = sorted(data["timeline"], key=lambda e: str(e["date"]))
    html = ENV.get_template("story.html").render(
        site=site, meta=meta, body=MD.render(body, {"facts": facts}), figures=data["figures"],
        events=events, quotes=data["quotes"], sources=data["sources"])
    target = out / folder.name
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html").write_text(html, encoding="utf-8")
    return {"slug": folder.name, "title": meta["title"], "dek": meta["dek"], "published": str(meta["published"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    site = load_yaml(args.root / "site.yaml")
    folders = sorted(p for p in (args.root / "content").iterdir() if p.is_dir() and p.name[0] not in "._")
    jobs = [(site, folder, args.out) for folder in folders]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            stories = pool.map(render_story, jobs, chunksize=max(1, len(jobs) // (args.jobs * 8)))
    else:
        stories = [render_story(job) for job in jobs]
    stories.sort(key=lambda s: s["published"], reverse=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "index.html").write_text(ENV.get_template("index.html").render(site=site, stories=stories),
                                         encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
