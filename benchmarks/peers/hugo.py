"""The benchmark corpus as a Hugo site: page bundles whose YAML data files the layout renders."""

import shutil
from pathlib import Path

from yamltext import Raw, mapping

from peers.common import articles

DATA_FILES = ["sources.yaml", "timeline.yaml", "figures.yaml", "quotes.yaml"]

CONFIG = """\
baseURL: https://bench.example.org/
languageCode: en
title: Benchmark Explained
disableKinds: [taxonomy, term]
markup:
  goldmark:
    extensions: {typographer: true, table: true, footnote: true}
    parser: {autoHeadingID: true}
"""

BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""

SINGLE = """{{ define "main" }}
{{- $figures := (.Resources.GetMatch "figures.yaml") | transform.Unmarshal -}}
{{- $events := (.Resources.GetMatch "timeline.yaml") | transform.Unmarshal -}}
{{- $quotes := (.Resources.GetMatch "quotes.yaml") | transform.Unmarshal -}}
{{- $sources := (.Resources.GetMatch "sources.yaml") | transform.Unmarshal -}}
<h1>{{ .Title }}</h1><p class="dek">{{ .Description }}</p>
<p>{{ delimit .Params.authors ", " }} · {{ .Date.Format "2 January 2006" }}</p>
<article>{{ .Content }}</article>
<section id="figures"><h2>Key figures</h2>
{{ range $figures }}{{ $unit := .unit }}<div id="figure-{{ .id }}"><h3>{{ .label }}</h3><table>
{{ range .estimates }}<tr><td>{{ .qualifier }} {{ with .display }}{{ . }}{{ else }}{{ with .value }}{{ lang.FormatNumber 0 . }}{{ end }}{{ end }}
{{ with .low }}{{ lang.FormatNumber 0 . }}–{{ end }}{{ with .high }}{{ lang.FormatNumber 0 . }}{{ end }} {{ .unit | default $unit }}</td>
<td>{{ .status }} {{ .attributed_to }}</td><td>{{ .as_of }}</td>
<td>{{ range .sources }}<a href="#source-{{ . }}">{{ . }}</a> {{ end }}</td></tr>
{{ end }}</table></div>
{{ end }}</section>
<section id="timeline"><h2>Timeline</h2><ol>
{{ range sort $events "id" }}<li id="event-{{ .id }}"><time>{{ .display_date | default .date }}</time>
<strong>{{ .title }}</strong> <span>{{ .status }}{{ with .attributed_to }}: {{ . }}{{ end }}</span>
<p>{{ .summary }}</p>{{ range .sources }}<a href="#source-{{ . }}">{{ . }}</a> {{ end }}</li>
{{ end }}</ol></section>
<section id="quotes"><h2>Quotes</h2>
{{ range $quotes }}<blockquote id="quote-{{ .id }}"><p>“{{ .text }}”</p>
<footer>{{ .speaker }}{{ with .role }}, {{ . }}{{ end }}, {{ .said }}
<a href="#source-{{ .source }}">{{ .source }}</a></footer></blockquote>
{{ end }}</section>
<section id="sources"><h2>Sources</h2><ol>
{{ range $sources }}<li id="source-{{ .id }}"><a href="{{ .url }}">{{ .title }}</a>,
{{ .publisher }}, {{ .published }} ({{ .kind }}{{ with .party }}, {{ . }}{{ end }})</li>
{{ end }}</ol></section>
{{ end }}
"""

INDEX = """{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <p>{{ .Description }}</p></li>
{{ end }}</ul>{{ end }}
"""

RENDER_LINK = """{{- $kind := index (split .Destination ":") 0 -}}
{{- $file := index (dict "figure" "figures.yaml" "event" "timeline.yaml" "quote" "quotes.yaml" "source" "sources.yaml") $kind -}}
{{- if $file -}}
{{- $id := index (split .Destination ":") 1 -}}
<a href="#{{ $kind }}-{{ $id }}">{{ with .Text }}{{ . | safeHTML }}{{ else }}{{ partial "fact.html" (dict "page" $.Page "file" $file "kind" $kind "id" $id) }}{{ end }}</a>
{{- else -}}
<a href="{{ .Destination | safeURL }}">{{ .Text | safeHTML }}</a>
{{- end -}}
"""

FACT = """{{- $rec := index (where ((.page.Resources.GetMatch .file) | transform.Unmarshal) "id" .id) 0 -}}
{{- if eq .kind "figure" -}}
{{- $e := index $rec.estimates 0 -}}
{{- with $e.display }}{{ . }}{{ else }}{{ with $e.qualifier }}{{ . }} {{ end }}
{{- with $e.value }}{{ lang.FormatNumber 0 . }}{{ else }}{{ lang.FormatNumber 0 $e.low }}{{ end }} {{ $e.unit | default $rec.unit }}{{ end -}}
{{- else if eq .kind "event" }}{{ $rec.date }}
{{- else if eq .kind "quote" }}“{{ $rec.text }}”
{{- else }}{{ $rec.title }}{{ end -}}
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "index.html": INDEX,
    "_default/_markup/render-link.html": RENDER_LINK,
    "partials/fact.html": FACT,
}


def front_matter(meta: dict) -> str:
    fields = {
        "title": meta["title"],
        "description": meta["dek"],
        "date": Raw(str(meta["published"]).replace(" ", "T")),
        "authors": meta["authors"],
    }
    if "aliases" in meta:
        fields["aliases"] = [f"/{alias}/" for alias in meta["aliases"]]
    return "---\n" + "\n".join(mapping(fields)) + "\n---\n"


def write_site(corpus: Path, site: Path) -> Path:
    (site / "content").mkdir(parents=True, exist_ok=True)
    (site / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for article in articles(corpus):
        bundle = site / "content" / article.slug
        bundle.mkdir()
        (bundle / "index.md").write_text(front_matter(article.meta) + "\n" + article.body, encoding="utf-8")
        for name in DATA_FILES:
            shutil.copyfile(article.folder / name, bundle / name)
    return site
