"""Stage 3: cross-reference a story's facts and article; number citations in page order; build its view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import markdown, words
from .chart import figure_chart
from .factlinks import FactTarget
from .locale import quoted
from .markdown import MarkdownEnv
from .model import KNOWN_STATUSES, STATUSES, Estimate, Figure, SiteConfig, Story
from .problems import Loc, Problem, did_you_mean, known
from .views import (
    Cite,
    ClaimGroup,
    ClaimView,
    Correction,
    EstimateView,
    EventView,
    FigureView,
    QuoteView,
    SourceView,
    StoryView,
    UpdateView,
    YearGroup,
)


class CitationBook:
    """Numbers sources by first citation in page order and remembers every place that cites each."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.backlinks: dict[str, dict[str, str]] = {}  # source id -> {place: anchor of its first citation there}
        self.count = 0

    def cite(self, source_ids, label: str) -> tuple[Cite, ...]:
        cites = []
        for source_id in dict.fromkeys(source_ids):
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            self.count += 1
            anchor = f"cite-{self.count}"
            self.backlinks.setdefault(source_id, {}).setdefault(label, anchor)  # one back-link per place that cites it
            cites.append(Cite(number, source_id, anchor))
        return tuple(cites)

    def markdown_cite(self, source_ids, label: str) -> list[tuple[int, str, str]]:
        return [(c.number, c.source_id, c.anchor) for c in self.cite(source_ids, label)]


@dataclass(slots=True)
class FactIndex:
    """Resolves fact links against one story, remembering which records the article links."""

    story: Story
    language: str
    linked: set[str] = field(default_factory=set)

    def target(self, kind: str, record_id: str, estimate: int | None) -> FactTarget | Problem:
        records = {"source": self.story.sources, "event": self.story.timeline,
                   "quote": self.story.quotes, "figure": self.story.figures}[kind]
        record = next((r for r in records if r.id == record_id), None)
        if record is None:
            ids = [r.id for r in records]
            return Problem(Loc(""), f"link to unknown {kind} '{record_id}'",
                           did_you_mean(record_id, ids) or known(f"{kind} ids", ids))
        self.linked.add(record_id)
        href = f"#{kind}-{record_id}"
        if kind == "source":
            return FactTarget(href, record.publisher, (record.id,))
        if kind == "event":
            return FactTarget(href, record.display_date or record.date.words(self.language), record.sources)
        if kind == "quote":
            return FactTarget(href, quoted(record.text, self.language), (record.source,))
        if estimate is not None and not 1 <= estimate <= len(record.estimates):
            return Problem(Loc(""), f"figure '{record_id}' has no estimate {estimate}",
                           f"it has {len(record.estimates)}")
        chosen = record.estimates[(estimate or 1) - 1]
        return FactTarget(href, words.value_words(chosen, record, self.language), chosen.sources,
                          differ=estimate is None and len(record.estimates) > 1)


def resolve_story(story: Story, config: SiteConfig, *, verified: dict[str, str] | None = None,
                  image_url: Callable[[str, Loc], str | None] | None = None) -> tuple[StoryView, list[Problem], set[str]]:
    """Build the story's view; returns it, the problems found, and the ids the article links."""
    lang = config.language
    book = CitationBook()
    updates = tuple(_update_view(u, story, lang) for u in reversed(story.article.updates))
    corrected = _corrections(story, updates)
    band_ids = story.article.figures if story.article.figures is not None else tuple(f.id for f in story.figures)
    figures_by_id = {f.id: f for f in story.figures}
    problems: list[Problem] = []
    band = [_figure_view(figures_by_id[i], book, lang, corrected, problems) for i in band_ids]

    facts = FactIndex(story, lang)
    env = MarkdownEnv(f"{story.folder}/article.md", story.article.body_line, facts=facts, cite=book.markdown_cite,
                      image=image_url)
    article_html = markdown.render(story.article.body, env)
    problems.extend(env.problems)
    extra = [_figure_view(f, book, lang, corrected, problems) for f in story.figures
             if f.id not in band_ids and f.id in facts.linked]

    events = [_event_view(e, book, lang, corrected, problems)
              for e in sorted(story.timeline, key=lambda e: e.date.sort_key())]
    quotes = [_quote_view(q, story, book, lang, corrected, verified or {})
              for q in sorted(story.quotes, key=lambda q: q.said.sort_key())]
    sources = _source_views(story, book, lang, corrected, problems)
    notice = next((u for u in updates if u.kind in ("correction", "clarification")), None)
    years = _years(events)
    known_claims, contested = _claims(band + extra, events)
    updated = words.day_view(story.article.last_update, lang) if story.article.updates else None
    view = StoryView(
        story=story, slug=story.slug, url=f"{story.slug}/", canonical=f"{config.base_url}{story.slug}/",
        title=story.article.title, dek=story.article.dek, authors=story.article.authors,
        published=words.day_view(story.article.published_day, lang), updated=updated,
        article_html=article_html, toc=tuple(env.headings), figures=tuple(band + extra),
        years=years, events=tuple(events), quotes=tuple(quotes), sources=tuple(sources),
        source_mix=words.source_mix([s.source.kind for s in sources]), updates=updates, notice=notice,
        known=known_claims, contested=contested, claim_groups=_claim_groups(known_claims + contested),
        groups=tuple(sorted({e.group for e in story.timeline if e.group})),
        statuses=tuple(words.status(s, None, lang) for s in STATUSES
                       if any(e.status == s for e in story.timeline)),
        image_url=story.article.image.src if story.article.image else None,
        social_image="social.png")
    return view, problems, facts.linked | set(band_ids)


def _corrections(story: Story, updates: tuple[UpdateView, ...]) -> dict[str, tuple[Correction, ...]]:
    """Record id -> the corrections and clarifications that affect it, labelled as the updates log has them."""
    result: dict[str, tuple[Correction, ...]] = {}
    for update in story.article.updates:
        if update.kind in ("correction", "clarification"):
            day = update.day.isoformat()
            logged = next((u for u in updates if u.date.iso == day), None)
            mark = Correction(logged.kind_label, day, logged.date.words) if logged else Correction("Corrected", day, day)
            for record_id in update.affects:
                result[record_id] = result.get(record_id, ()) + (mark,)
    return result


def _estimate_view(index: int, estimate: Estimate, figure: Figure, all_estimates, book: CitationBook,
                   lang: str) -> EstimateView:
    later_same = any(other.attributed_to == estimate.attributed_to and other is not estimate
                     and other.as_of.sort_key() > estimate.as_of.sort_key() for other in all_estimates)
    unit = estimate.unit or figure.unit
    return EstimateView(
        number=index + 1, words=words.value_words(estimate, figure, lang), derived=words.derived_words(estimate, lang),
        whose=estimate.attributed_to or "", as_of=words.date_view(estimate.as_of, lang),
        status=words.status(estimate.status, estimate.attributed_to, lang),
        cites=book.cite(estimate.sources, f"Figure: {figure.label}"), superseded=later_same,
        chartable=estimate.number is not None and unit == figure.unit,
        value=None if estimate.number is None else str(estimate.number))


def _figure_view(figure: Figure, book: CitationBook, lang: str, corrected, problems: list[Problem]) -> FigureView:
    estimates = tuple(_estimate_view(i, e, figure, figure.estimates, book, lang) for i, e in enumerate(figure.estimates))
    note = _inline_markdown(figure.note, figure.loc, problems) if figure.note else None
    return FigureView(figure.id, figure.label, figure.unit, estimates[0], estimates, note,
                      figure_chart(figure, estimates, lang), corrected.get(figure.id, ()))


def _inline_markdown(text: str, loc: Loc, problems: list[Problem]):
    env = MarkdownEnv(loc.path, loc.line)
    html = markdown.render(text, env)
    problems.extend(env.problems)
    return html


def _event_view(event, book, lang, corrected, problems) -> EventView:
    date = words.date_view(event.date, lang, event.display_date)
    summary = _inline_markdown(event.summary, event.loc, problems)
    year = str(event.date.earliest.year) if event.date.earliest else str(event.date.latest.year)
    return EventView(event.id, date, year, event.title, summary,
                     words.status(event.status, event.attributed_to, lang), event.group,
                     book.cite(event.sources, f"Timeline: {date.words}"), event.media,
                     event.media.src if event.media else None, corrected.get(event.id, ()))


def _quote_view(quote, story, book, lang, corrected, verified) -> QuoteView:
    said = words.date_view(quote.said, lang)
    return QuoteView(quote.id, quote.text, quote.speaker, quote.role, said, quote.via, quote.context,
                     quote.translated, quote.language, story.source(quote.source),
                     book.cite((quote.source,), f"Quote: {quote.speaker}, {said.words}"),
                     verified.get(quote.id), corrected.get(quote.id, ()))


def _source_views(story: Story, book: CitationBook, lang: str, corrected, problems) -> list[SourceView]:
    for source in story.sources:
        book.numbers.setdefault(source.id, len(book.numbers) + 1)
    ordered = sorted(story.sources, key=lambda s: book.numbers[s.id])
    views = []
    for source in ordered:
        note = _inline_markdown(source.note, source.loc, problems) if source.note else None
        views.append(SourceView(book.numbers[source.id], source, words.date_view(source.published, lang),
                                words.KIND_WORDS[source.kind] + (f", {source.party}" if source.party else ""),
                                note, tuple(book.backlinks.get(source.id, {}).items()), corrected.get(source.id, ())))
    return views


def _update_view(update, story: Story, lang: str) -> UpdateView:
    targets = []
    kinds = [("event", story.timeline), ("figure", story.figures), ("quote", story.quotes), ("source", story.sources)]
    for record_id in update.affects:
        for kind, records in kinds:
            record = next((r for r in records if r.id == record_id), None)
            if record is not None:
                name = getattr(record, "title", None) or getattr(record, "label", None) or getattr(record, "speaker", "")
                targets.append((f"#{kind}-{record_id}", f"{kind.capitalize()}: {name}"))
                break
    return UpdateView(update.kind, words.UPDATE_LABELS[update.kind], words.day_view(update.day, lang),
                      update.text, tuple(targets))


def _years(events: list[EventView]) -> tuple[YearGroup, ...]:
    groups: dict[str, list[EventView]] = {}
    for event in events:
        groups.setdefault(event.year, []).append(event)
    return tuple(YearGroup(year, tuple(items)) for year, items in groups.items())


def _claims(figures: list[FigureView], events: list[EventView]):
    """Split shown facts into established (confirmed, reported) and contested (claimed, disputed, denied)."""
    known_claims, contested = [], []
    for event in events:
        claim = ClaimView(f"{event.date.words}: {event.title}", f"#event-{event.id}", event.status, "event")
        (known_claims if event.status.key in KNOWN_STATUSES else contested).append(claim)
    for figure in figures:
        for estimate in figure.estimates:
            text = f"{figure.label}: {estimate.words}" + (f" ({estimate.whose}, {estimate.as_of.words})"
                                                         if estimate.whose else f" ({estimate.as_of.words})")
            claim = ClaimView(text, f"#figure-{figure.id}", estimate.status, "figure")
            (known_claims if estimate.status.key in KNOWN_STATUSES else contested).append(claim)
    return tuple(known_claims), tuple(contested)


def _claim_groups(claims: tuple[ClaimView, ...]) -> tuple[ClaimGroup, ...]:
    """By status, strongest first: contested claims listed in full, established ones only for events."""
    groups = []
    for key in STATUSES:
        items = [c for c in claims if c.status.key == key]
        if items:
            shown = items if key not in KNOWN_STATUSES else [c for c in items if c.kind == "event"]
            groups.append(ClaimGroup(key, len(items), tuple(shown)))
    return tuple(groups)
