"""Typed records of a site: frozen dataclasses, each carrying where it came from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .dates import EDTFDate
from .problems import Loc

STATUSES = ("confirmed", "reported", "claimed", "disputed", "denied")
KNOWN_STATUSES = ("confirmed", "reported")
FACT_KINDS = ("source", "event", "quote", "figure")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """site.yaml, checked."""

    title: str
    description: str
    base_url: str
    language: str
    publisher_name: str
    publisher_url: str
    data_license: str | None = None
    content_license: str | None = None
    stale_after_days: int = 365
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Media:
    """An image with its alternative text, credit and optional caption."""

    src: str
    alt: str
    credit: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of sources.yaml."""

    id: str
    title: str
    publisher: str
    published: EDTFDate
    kind: str
    loc: Loc
    url: str | None = None
    locator: str | None = None
    accessed: datetime.date | None = None
    party: str | None = None
    author: tuple[str, ...] = ()
    language: str | None = None
    archive_url: str | None = None
    archive: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of timeline.yaml."""

    id: str
    date: EDTFDate
    title: str
    summary: str
    status: str
    sources: tuple[str, ...]
    loc: Loc
    display_date: str | None = None
    attributed_to: str | None = None
    group: str | None = None
    media: Media | None = None


@dataclass(frozen=True, slots=True)
class Estimate:
    """One estimate of a figure: a value, a range or a source's own wording, with whose it is and when."""

    as_of: EDTFDate
    status: str
    sources: tuple[str, ...]
    loc: Loc
    value: int | float | None = None
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str | None = None
    unit: str | None = None
    attributed_to: str | None = None
    display: str | None = None

    @property
    def number(self) -> int | float | None:
        """The number a chart or CSV uses: the value, else the low end of the range."""
        return self.value if self.value is not None else self.low


@dataclass(frozen=True, slots=True)
class Figure:
    """One entry of figures.yaml: a measure and its competing estimates, the first being the headline."""

    id: str
    label: str
    unit: str
    estimates: tuple[Estimate, ...]
    loc: Loc
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One entry of quotes.yaml."""

    id: str
    text: str
    speaker: str
    said: EDTFDate
    source: str
    loc: Loc
    role: str | None = None
    via: str | None = None
    context: str | None = None
    translated: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """One entry of the front matter's updates log."""

    date: str
    day: datetime.date
    kind: str
    text: str
    loc: Loc
    affects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """article.md: its front matter, checked, and its Markdown body."""

    title: str
    dek: str
    published: str
    published_day: datetime.date
    authors: tuple[str, ...]
    body: str
    body_line: int
    loc: Loc
    draft: bool = False
    figures: tuple[str, ...] | None = None
    updates: tuple[Update, ...] = ()
    image: Media | None = None
    aliases: tuple[str, ...] = ()
    alias_locs: tuple[Loc, ...] = ()

    @property
    def last_update(self) -> datetime.date:
        """Latest of `published` and the updates' dates."""
        return max([self.published_day, *(u.day for u in self.updates)])


@dataclass(frozen=True, slots=True)
class Story:
    """A whole story, checked: the article and its records."""

    slug: str
    folder: str
    article: Article
    sources: tuple[Source, ...]
    timeline: tuple[Event, ...]
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    assets: tuple[str, ...] = ()

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
