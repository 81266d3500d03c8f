"""`new`: a story folder with every file, commented, that builds as a draft."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from .load import SLUG

ARTICLE = """---
# Front matter: the fields between the two '---' lines. Reference: docs/editing.md
title: Working headline for {slug}
dek: One or two sentences that say what the reader will learn.
published: {today}            # ISO date, or date-time with offset: {today}T09:00:00+00:00
authors: [Your Name]
draft: true                   # remove this line (or set false) to publish
figures: [example-figure]     # ids of figures in the key-figures band, in order (default: all)
# updates:                    # append-only; each: date, kind (update|correction|clarification), text, affects
#   - date: {today}
#     kind: correction
#     text: Corrects the date of the first meeting.
#     affects: [first-event]
# image: {{src: photo.jpg, alt: What the photo shows, credit: Photographer / Agency}}
# aliases: [old-slug]         # former slugs; each redirects here
---

Write the explainer in your own words. Cite facts with links to their records:
[the first event](event:first-event) links text to an event, and an empty link shows
the record's value: the estimate is [](figure:example-figure), the event happened on
[](event:first-event), and the spokesperson said [](quote:example-quote).

## A question a reader would ask

Numbers come from figures.yaml through links, never typed by hand, so an edit to the YAML
changes the prose. Say whose estimate it is in the sentence: "the ministry put it at
[](figure:example-figure)".
"""

SOURCES = """# yaml-language-server: $schema=../../schemas/sources.schema.json
# Every source a record cites. Fields: docs/editing.md#sourcesyaml
- id: example-source
  title: Headline as published
  publisher: Example News
  url: https://example.org/news/story
  published: {today}           # EDTF; may be approximate: 2026-03-~10
  kind: news                   # news, wire, state-media, government, think-tank, ngo, academic, primary-document
  # party: ROK                 # whose voice it carries, for source-mix checks
  # accessed: {today}          # when you last read the URL; leave out rather than guess
- id: second-source
  title: Statement on the matter
  publisher: Example Ministry
  url: https://example.org/ministry/statement
  published: {today}
  kind: government
"""

TIMELINE = """# yaml-language-server: $schema=../../schemas/timeline.schema.json
# Dated events, shown in date order. Fields: docs/editing.md#timelineyaml
- id: first-event
  date: {today}                # EDTF: 2025-08, 2024-10-~23, 2024-23 (autumn), 2024-10-08/2024-10-18, 2025-04/..
  title: What happened, in a few words
  summary: One to three sentences in your own words. *Markdown* is allowed here.
  status: reported             # confirmed, reported, claimed, disputed, denied
  # attributed_to: Who says so   # required for claimed, disputed and denied
  group: example               # a theme used to filter the timeline
  sources: [example-source]
"""

FIGURES = """# yaml-language-server: $schema=../../schemas/figures.schema.json
# Key figures: one measure each, with every competing estimate (the first is the headline).
- id: example-figure
  label: What is counted
  unit: people
  estimates:
    - value: 1200              # a number; or low + high for a range; or display text
      qualifier: about         # about, more-than, at-least, up-to, fewer-than
      as_of: {today}
      status: reported
      attributed_to: Example Ministry
      sources: [second-source]
    - low: 1000
      high: 1500
      as_of: {today}
      status: claimed
      attributed_to: Example News
      sources: [example-source]
"""

QUOTES = """# yaml-language-server: $schema=../../schemas/quotes.schema.json
# Quotations copied exactly from their source: curly quotes, apostrophes and ellipses as printed.
- id: example-quote
  text: We will publish the full figures next week.
  speaker: A. Spokesperson
  role: Spokesperson, Example Ministry
  said: {today}
  via: press briefing
  source: second-source
  # translated: true           # when the text is a translation
"""


def new_story(root: Path, slug: str, today: datetime.date | None = None) -> Path:
    """Create content/<slug>/; refuses bad slugs and existing folders."""
    if not SLUG.match(slug):
        raise ValueError(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens (at most 80)")
    folder = root / "content" / slug
    if folder.exists():
        raise ValueError(f"content/{slug} already exists")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = today or (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date() if epoch
                    else datetime.date.today())
    folder.mkdir(parents=True)
    for name, text in (("article.md", ARTICLE), ("sources.yaml", SOURCES), ("timeline.yaml", TIMELINE),
                       ("figures.yaml", FIGURES), ("quotes.yaml", QUOTES)):
        (folder / name).write_text(text.format(slug=slug, today=day.isoformat()), encoding="utf-8")
    return folder
