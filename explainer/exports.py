"""Get the data: story.json, one CSV per kind and a TimelineJS file for each story; one README for the site."""

from __future__ import annotations

import json

from .dates import EDTFDate
from .model import SiteConfig, Story
from .views import DataFile, StoryView

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _date(value: EDTFDate, prefix: str) -> dict:
    start, end = value.iso_bounds()
    return {prefix: value.text, f"{prefix}_start": start, f"{prefix}_end": end}


def story_record(story: Story, config: SiteConfig) -> dict:
    """Every record of the story, with dates as EDTF plus their earliest and latest days."""
    article = story.article
    return {
        "slug": story.slug,
        "title": article.title,
        "dek": article.dek,
        "published": article.published,
        "authors": list(article.authors),
        "license": config.data_license,
        "updates": [{"date": u.date, "kind": u.kind, "text": u.text, "affects": list(u.affects)}
                    for u in article.updates],
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url, "locator": s.locator,
                     **_date(s.published, "published"), "accessed": s.accessed.isoformat() if s.accessed else None,
                     "kind": s.kind, "party": s.party, "author": list(s.author), "language": s.language,
                     "archive_url": s.archive_url, "note": s.note} for s in story.sources],
        "timeline": [{"id": e.id, **_date(e.date, "date"), "display_date": e.display_date, "title": e.title,
                      "summary": e.summary, "status": e.status, "attributed_to": e.attributed_to,
                      "group": e.group, "sources": list(e.sources)} for e in story.timeline],
        "figures": [{"id": f.id, "label": f.label, "unit": f.unit, "note": f.note,
                     "estimates": [{"value": x.value, "low": x.low, "high": x.high, "qualifier": x.qualifier,
                                    "unit": x.unit or f.unit, "display": x.display, **_date(x.as_of, "as_of"),
                                    "status": x.status, "attributed_to": x.attributed_to,
                                    "sources": list(x.sources)} for x in f.estimates]} for f in story.figures],
        "quotes": [{"id": q.id, "text": q.text, "speaker": q.speaker, "role": q.role, **_date(q.said, "said"),
                    "via": q.via, "source": q.source, "context": q.context, "translated": q.translated,
                    "language": q.language} for q in story.quotes],
    }


# A cell is quoted (its quotes doubled) when it holds a comma, a quote or a line break: the csv module's
# QUOTE_MINIMAL for these tables, which the tests use as the oracle. Its C writer cost 3 million instructions
# a story, more than writing the cells out here, because it looks at every character twice.
def _needs_quotes(text: str) -> bool:
    return "," in text or '"' in text or "\n" in text or "\r" in text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if _needs_quotes(text) else text


def _csv(header: list[str], rows: list[list]) -> bytes:
    lines = [",".join(header)]
    for row in rows:
        # most cells are text that needs nothing: they skip _cell (its tests written out, a call costs more)
        lines.append(",".join([v if type(v) is str and not v.startswith(_FORMULA_START) and "," not in v
                               and '"' not in v and "\n" not in v and "\r" not in v else _cell(v) for v in row]))
    lines.append("")
    return "\ufeff".encode() + "\r\n".join(lines).encode("utf-8")  # ASCII text encodes as a copy


def csv_files(record: dict, view: StoryView) -> dict[str, bytes]:
    events_words = {e.id: e.date.words for e in view.events}
    figures = []
    for f in record["figures"]:
        for number, x in enumerate(f["estimates"], start=1):
            figures.append([f["id"], f["label"], f["unit"], number, x["value"], x["low"], x["high"], x["qualifier"],
                            x["qualifier"] == "about", x["display"], x["as_of"], x["as_of_start"], x["as_of_end"],
                            x["status"], x["attributed_to"], " ".join(x["sources"]), number == 1])
    return {
        "figures.csv": _csv(["figure_id", "label", "unit", "estimate_no", "value", "low", "high", "qualifier",
                             "approximate", "display", "as_of_edtf", "as_of_start", "as_of_end", "status",
                             "attributed_to", "source_ids", "is_headline"], figures),
        "timeline.csv": _csv(["id", "date_edtf", "date_start", "date_end", "date_words", "title", "summary_text",
                              "status", "attributed_to", "group", "source_ids"],
                             [[e["id"], e["date"], e["date_start"], e["date_end"], events_words.get(e["id"]),
                               e["title"], e["summary"], e["status"], e["attributed_to"], e["group"],
                               " ".join(e["sources"])] for e in record["timeline"]]),
        "quotes.csv": _csv(["id", "text", "speaker", "role", "said_edtf", "said_start", "said_end", "via",
                            "context", "translated", "language", "source_id"],
                           [[q["id"], q["text"], q["speaker"], q["role"], q["said"], q["said_start"], q["said_end"],
                             q["via"], q["context"], q["translated"], q["language"], q["source"]]
                            for q in record["quotes"]]),
        "sources.csv": _csv(["id", "number", "title", "publisher", "url", "locator", "published_edtf",
                             "published_start", "published_end", "accessed", "kind", "party", "author",
                             "language", "archive_url"],
                            [[s.source.id, s.number, s.source.title, s.source.publisher, s.source.url,
                              s.source.locator, s.source.published.text, *s.source.published.iso_bounds(),
                              s.source.accessed.isoformat() if s.source.accessed else None, s.source.kind,
                              s.source.party, "; ".join(s.source.author), s.source.language, s.source.archive_url]
                             for s in view.sources]),
    }


def _tl_date(day: str | None, display: str | None = None) -> dict | None:
    if not day:
        return None
    year, month, date = day.split("-")
    result = {"year": int(year), "month": int(month), "day": int(date)}
    if display:
        result["display_date"] = display
    return result


def timelinejs(view: StoryView, media_base: str) -> dict:
    """The timeline in TimelineJS3's JSON format: earliest possible day, our wording, sources as credits."""
    numbers = {s.source.id: s for s in view.sources}
    records = {e.id: e for e in view.story.timeline}
    events = []
    for event in view.events:
        record = records[event.id]
        start, end = record.date.iso_bounds()
        credits = "; ".join(numbers[c.source_id].source.publisher for c in event.cites)
        slide = {
            "unique_id": event.id,
            "start_date": _tl_date(start or end),
            "display_date": event.date.words,
            "text": {"headline": event.title,
                     "text": f"{event.summary_html}<p>{event.status.phrase}. Sources: {_escape(credits)}.</p>"},
            "group": event.group or "",
        }
        if record.date.is_interval and start and end and end != start:
            slide["end_date"] = _tl_date(end)
        if event.media is not None:
            slide["media"] = {"url": media_base + event.media.src, "alt": event.media.alt,
                              "caption": event.media.caption or "", "credit": event.media.credit}
        events.append(slide)
    return {"title": {"text": {"headline": view.title, "text": view.dek}}, "events": events}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def readme(config: SiteConfig) -> str:
    """What every story's downloads hold, written once for the site (each file costs a story build time)."""
    licence = config.data_license or "the publisher's terms"
    return f"""# About the data

Every story on {config.title} ({config.base_url}) offers its records as downloads, beside the story page.
Licence: {licence}, with credit to {config.publisher_name}. Quotations remain their authors' words; they are
short extracts, copied exactly.

## Files, in each story's folder

- `story.json`: every record of the story (sources, timeline, figures with all estimates, quotes, updates).
- `figures.csv`: one row per estimate. The first estimate of a figure is its headline (`is_headline`).
- `timeline.csv`: one row per event, in the file's order.
- `quotes.csv`: one row per quotation.
- `sources.csv`: one row per source, numbered as on the page.
- `timeline.json`: the timeline in TimelineJS3's format.

## What you should know

- Estimates compete: they come from different bodies, dates and definitions. Do not add or average them.
- `status` says how well established a record is: confirmed, reported, claimed, disputed or denied;
  `attributed_to` says whose claim or estimate it is.
- Dates are EDTF (Library of Congress): `2024-10-~23` is about 23 October 2024, `2024-23` autumn 2024,
  `A/B` an interval, `A/..` open-ended. The `_start` and `_end` columns give the earliest and latest possible day.
- `display` holds a source's own wording; where it stands for a number, `value` holds our arithmetic.
- CSV files are UTF-8 with a byte-order mark. Text cells that would start with `=`, `+`, `-` or `@` are
  prefixed with `'` so spreadsheets do not run them as formulas; `story.json` keeps the exact text.
- State-media quotations are the outlets' own English translations where marked `translated`.

## How to cite

Name the publisher, the story's title and date, and its address, as each story's "Cite this page" shows.
"""


def data_files(view: StoryView, config: SiteConfig, media_base: str) -> tuple[dict[str, bytes], list[DataFile]]:
    record = story_record(view.story, config)
    files = {"story.json": (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()}
    files.update(csv_files(record, view))
    files["timeline.json"] = (json.dumps(timelinejs(view, media_base), ensure_ascii=False, separators=(",", ":"))
                              + "\n").encode()
    labels = [("figures.csv", "Key figures, one row per estimate", "CSV"),
              ("timeline.csv", "Timeline", "CSV"), ("quotes.csv", "Quotations", "CSV"),
              ("sources.csv", "Sources", "CSV"), ("story.json", "Everything", "JSON"),
              ("timeline.json", "Timeline for TimelineJS", "JSON")]
    return files, [DataFile(name, label, kind, len(files[name])) for name, label, kind in labels]
