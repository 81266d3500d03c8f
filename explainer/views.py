"""What templates see of a story: plain view records built by the resolve stage, ready to print."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from .model import Media, Source, Story


@dataclass(slots=True)
class Cite:
    """A citation marker: the source's number, its id and the marker's own anchor."""

    number: int
    source_id: str
    anchor: str


@dataclass(slots=True)
class Correction:
    """A correction or clarification marked on a record it affects."""

    label: str
    iso: str
    words: str


@dataclass(frozen=True, slots=True)
class DateView:
    """A date as shown: words, machine-readable datetimes, earliest day and timeline marker."""

    words: str
    datetimes: tuple[str, ...]
    iso: str
    marker: str  # "exact" | "approximate" | "span": how the timeline draws it


@dataclass(frozen=True, slots=True)
class Status:
    """A status as shown: its key, label and phrase with whose claim it is."""

    key: str
    label: str
    phrase: str  # "Claimed by KCNA"


@dataclass(slots=True)
class EstimateView:
    """An estimate as shown: its words, whose and when, status and citations."""

    number: int
    words: str
    derived: str | None
    whose: str
    as_of: DateView
    status: Status
    cites: tuple[Cite, ...]
    superseded: bool
    chartable: bool
    value: str | None = None  # the number, machine-readable, for <data value>


@dataclass(slots=True)
class FigureView:
    """A key figure as shown: its estimates, note, chart and corrections."""

    id: str
    label: str
    unit: str
    headline: EstimateView
    estimates: tuple[EstimateView, ...]
    note_html: Markup | None
    chart: Markup | None
    corrected: tuple[Correction, ...] = ()

    @property
    def differ(self) -> bool:
        return len(self.estimates) > 1

    @property
    def others(self) -> tuple[EstimateView, ...]:
        """Every estimate but the headline, oldest first."""
        return tuple(sorted(self.estimates[1:], key=lambda e: (e.as_of.iso, e.number)))


@dataclass(slots=True)
class EventView:
    """A timeline event as shown."""

    id: str
    date: DateView
    year: str
    title: str
    summary_html: Markup
    status: Status
    group: str | None
    cites: tuple[Cite, ...]
    media: Media | None
    media_url: str | None
    corrected: tuple[Correction, ...] = ()


@dataclass(slots=True)
class QuoteView:
    """A quotation as shown, with its source and whether an archive confirms it."""

    id: str
    text: str
    speaker: str
    role: str | None
    said: DateView
    via: str | None
    context: str | None
    translated: bool
    language: str | None
    source: Source
    cites: tuple[Cite, ...]
    verified: str | None = None
    corrected: tuple[Correction, ...] = ()


@dataclass(slots=True)
class SourceView:
    """A numbered source as shown, with back-links to every place that cites it."""

    number: int
    source: Source
    published: DateView
    kind_words: str
    note_html: Markup | None
    backlinks: tuple[tuple[str, str], ...]  # (place, anchor of the first citation there), one per place
    corrected: tuple[Correction, ...] = ()


@dataclass(slots=True)
class UpdateView:
    """An entry of the updates log as shown, with links to the records it affects."""

    kind: str
    kind_label: str
    date: DateView
    text: str
    affects: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class ClaimView:
    """One line of "What we know — and what is disputed"."""

    text: str
    href: str
    status: Status
    kind: str


@dataclass(slots=True)
class ClaimGroup:
    """The claims of one status: all of them are counted; `shown` are listed, the rest left to the cards."""

    key: str
    count: int
    shown: tuple[ClaimView, ...]


@dataclass(slots=True)
class DataFile:
    """A download offered beside the story: file name, label, format and size."""

    name: str
    label: str
    kind: str
    size: int


@dataclass(slots=True)
class YearGroup:
    """The timeline's events of one year."""

    year: str
    events: tuple[EventView, ...]


@dataclass(slots=True)
class StoryView:
    """Everything the story template shows."""

    story: Story
    slug: str
    url: str
    canonical: str
    title: str
    dek: str
    authors: tuple[str, ...]
    published: DateView
    updated: DateView | None
    article_html: Markup
    toc: tuple[tuple[str, str], ...]
    figures: tuple[FigureView, ...]
    years: tuple[YearGroup, ...]
    events: tuple[EventView, ...]
    quotes: tuple[QuoteView, ...]
    sources: tuple[SourceView, ...]
    source_mix: str
    updates: tuple[UpdateView, ...]
    notice: UpdateView | None
    known: tuple[ClaimView, ...]
    contested: tuple[ClaimView, ...]
    claim_groups: tuple[ClaimGroup, ...]
    groups: tuple[str, ...]
    statuses: tuple[Status, ...]
    image_url: str | None
    social_image: str
    data_files: list[DataFile] = field(default_factory=list)
    jsonld: dict = field(default_factory=dict)
