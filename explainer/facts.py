"""`facts` and `verify` reports: where each record is used, what cites each source, which quotes are checked."""

from __future__ import annotations

from pathlib import Path

from .config import load_config
from .load import discover_stories, load_story
from .pipeline import _FALLBACK
from .problems import Loc, Problem, sorted_problems
from .resolve import FactIndex, resolve_story
from .validate import validate_story
from .verify import verify_story


def _stories(root: Path, only: str | None):
    """Validated stories (drafts included), with every problem met on the way."""
    config, problems = load_config(root)
    folders, found = discover_stories(root)
    problems += found
    stories = []
    for folder in folders:
        if only and folder.name != only:
            continue
        raw, found = load_story(root, folder)
        problems += found
        if raw is None:
            continue
        story, found = validate_story(raw, root)
        problems += found
        if story is not None:
            stories.append(story)
    if only and not any(s.slug == only for s in stories) and not problems:
        problems.append(Problem(Loc(f"content/{only}"), f"no story '{only}'"))
    return config or _FALLBACK, stories, problems


def facts_report(root: Path, only: str | None = None) -> tuple[list[str], list[Problem]]:
    config, stories, problems = _stories(root, only)
    lines: list[str] = []
    for story in stories:
        view, found, _ = resolve_story(story, config, image_url=lambda src, loc: src)
        problems += [p for p in found if p.severity == "error"]
        uses: dict[str, list[str]] = {}
        for _kind, record_id, loc in _article_uses(story, config):
            uses.setdefault(record_id, []).append(f"article.md:{loc.line}")
        band = {f.id for f in view.figures}
        lines.append(f"{story.folder}")
        for figure in story.figures:
            where = "key figures" if figure.id in band else "not shown"
            lines.append(_line("figure", figure.id, figure.label, where, uses.get(figure.id)))
        for event in sorted(story.timeline, key=lambda e: e.date.sort_key()):
            lines.append(_line("event", event.id, event.title, "timeline", uses.get(event.id)))
        for quote in story.quotes:
            lines.append(_line("quote", quote.id, quote.speaker, "quotes", uses.get(quote.id)))
        for source in story.sources:
            citers = [f"event {e.id}" for e in story.timeline if source.id in e.sources]
            citers += [f"figure {f.id} (estimate {n})" for f in story.figures
                       for n, e in enumerate(f.estimates, 1) if source.id in e.sources]
            citers += [f"quote {q.id}" for q in story.quotes if q.source == source.id]
            lines.append(_line("source", source.id, source.publisher, "sources", uses.get(source.id)))
            lines.append(f"      cited by: {', '.join(citers) if citers else 'nothing'}")
    return lines, sorted_problems(problems)


def _article_uses(story, config):
    from .markdown import MarkdownEnv, render
    env = MarkdownEnv(f"{story.folder}/article.md", story.article.body_line,
                      facts=FactIndex(story, config.language), image=lambda src, loc: src, uses=[])
    render(story.article.body, env)
    return env.uses


def _line(kind: str, record_id: str, name: str, section: str, uses: list[str] | None) -> str:
    used = ", ".join(uses) if uses else "not linked from the article"
    return f"  {kind:<6} {record_id:<28} {name[:40]:<40}  {section}; {used}"


def verify_report(root: Path) -> tuple[list[str], list[Problem]]:
    _, stories, problems = _stories(root, None)
    lines = []
    for story in stories:
        result = verify_story(story, root)
        problems += result.problems
        failed = {p.message.split("'")[1] for p in result.problems}
        lines.append(f"{story.folder}: {len(result.verified)} verified, {len(failed)} not matching, "
                     f"{len(result.unverified)} unverified (no archive)")
        for quote_id, mark in result.verified.items():
            lines.append(f"  verified    {quote_id}: {mark}")
        for quote in result.unverified:
            lines.append(f"  unverified  {quote.id}: source '{quote.source}' has no archive")
    return lines, sorted_problems(problems)
