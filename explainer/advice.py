"""Warnings an editor can act on: uncited sources, unseen records, stale estimates, a thin source mix."""

from __future__ import annotations

from .model import SiteConfig, Story
from .problems import Loc, Problem


def advise(story: Story, config: SiteConfig, shown_or_linked: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    cited = {source_id for event in story.timeline for source_id in event.sources}
    cited |= {source_id for figure in story.figures for e in figure.estimates for source_id in e.sources}
    cited |= {quote.source for quote in story.quotes}
    for source in story.sources:
        if source.id not in cited and source.id not in shown_or_linked:
            problems.append(Problem(source.loc, f"source '{source.id}' is not cited by any record or the article",
                                    "cite it, or remove it from sources.yaml", "warning"))
    for figure in story.figures:
        if figure.id not in shown_or_linked:
            problems.append(Problem(figure.loc, f"figure '{figure.id}' is never shown or linked",
                                    "add it to 'figures' in the front matter, or link it from the article",
                                    "warning"))
    last_update = story.article.last_update
    for figure in story.figures:
        for index, estimate in enumerate(figure.estimates):
            latest = estimate.as_of.latest or estimate.as_of.earliest
            if latest is not None and (last_update - latest).days > config.stale_after_days:
                problems.append(Problem(
                    estimate.loc,
                    f"figure '{figure.id}', estimate {index + 1}: as of {estimate.as_of.text}, more than "
                    f"{config.stale_after_days} days before the story's last update ({last_update.isoformat()})",
                    "check for a newer estimate, or raise stale_after_days in site.yaml", "warning"))
    problems.extend(_source_mix(story, cited))
    return problems


def _source_mix(story: Story, cited: set[str]) -> list[Problem]:
    loc = Loc(f"{story.folder}/sources.yaml")
    used = [s for s in story.sources if s.id in cited]
    if not used:
        return []
    if len(used) == 1:
        return [Problem(loc, f"story '{story.slug}' rests on a single source ('{used[0].id}')",
                        "add independent sources for its facts", "warning")]
    parties = {s.party for s in used}
    if all(s.kind == "state-media" for s in used) and len(parties) == 1:
        party = next(iter(parties)) or "one party"
        return [Problem(loc, f"story '{story.slug}' rests only on {party} state media",
                        "add independent sources", "warning")]
    return []
