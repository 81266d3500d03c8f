"""One story through the pipeline: load, validate, resolve, render and write; run serially or in a worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import cache, checks, exports, social
from .advice import advise
from .load import load_story
from .model import SiteConfig
from .problems import Loc, Problem, Problems
from .render import PageInfo, TemplateProblem, render_template
from .resolve import resolve_story
from .validate import validate_story
from .write import OutputCollision, Writer


@dataclass(slots=True)
class StoryResult:
    """What the orchestrator needs back from a story: its summary for site pages, problems and files."""

    slug: str
    digest: str = ""
    signature: str = ""
    summary: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    reused: bool = False


@dataclass(slots=True)
class JobContext:
    """What every story's job shares: the project, its config and templates, the writer and the caches."""

    root: Path
    config: SiteConfig
    env: jinja2.Environment | None
    drafts: bool
    writer: Writer | None
    cache_dir: Path
    reuse: dict = field(default_factory=dict)
    previous: Path | None = None
    signatures: dict = field(default_factory=dict)
    sign_in_job: bool = False  # take each story's signature in its job rather than from `signatures`


def summary_of(view, story) -> dict:
    article = story.article
    return {
        "slug": story.slug, "title": article.title, "dek": article.dek, "published": article.published,
        "published_day": article.published_day.isoformat(), "published_words": view.published.words,
        "updated_day": article.last_update.isoformat(),
        "updated_words": view.updated.words if view.updated else view.published.words,
        "authors": list(article.authors), "draft": article.draft, "aliases": list(article.aliases),
        "alias_locs": [[loc.path, loc.line, loc.col] for loc in article.alias_locs],
        "updates": [{"date": u.date, "day": u.day.isoformat(), "kind": u.kind, "text": u.text}
                    for u in article.updates],
        "loc": [article.loc.path, article.loc.line, article.loc.col],
    }


def process_story(ctx: JobContext, folder: Path) -> StoryResult:
    """Everything for one story; never raises for bad content, only returns problems."""
    signature = cache.folder_signature(folder) if ctx.sign_in_job else ctx.signatures.get(folder.name, "")
    cached = ctx.reuse.get(folder.name)
    if cached and cached.get("signature") == signature and _reuse(ctx, cached):
        return _reused(folder.name, cached, signature)
    raw, problems = load_story(ctx.root, folder)
    result = StoryResult(folder.name, problems=problems, signature=signature)
    if raw is None:
        return result
    result.digest = raw.digest
    if cached and cached["digest"] == raw.digest and _reuse(ctx, cached):
        return _reused(folder.name, cached, signature)
    story, found = validate_story(raw, ctx.root)
    problems.extend(found)
    if story is None:
        return result
    if story.article.draft and not ctx.drafts:
        result.summary = {"slug": story.slug, "draft": True, "aliases": []}
        return result
    assets: set[str] = set(story.assets)
    collector = Problems()

    def body_image(src: str, loc: Loc) -> str | None:
        rel = checks.story_file(src, ctx.root / story.folder, ctx.root, loc, collector, "image", checks.IMAGE_TYPES)
        if rel:
            assets.add(rel)
        return rel

    verified, found = {}, []
    if any(source.archive for source in story.sources):
        from .verify import verify_story  # only stories with archived sources need it
        verification = verify_story(story, ctx.root)
        verified, found = verification.verified, verification.problems
    problems.extend(found)
    view, found, shown = resolve_story(story, ctx.config, verified=verified, image_url=body_image)
    problems.extend(found)
    problems.extend(collector.items)
    problems.extend(advise(story, ctx.config, shown))
    result.summary = summary_of(view, story)
    if any(p.severity == "error" for p in problems) or ctx.env is None:
        return result
    files, view.data_files = exports.data_files(view, ctx.config, "")
    view.jsonld = jsonld(view, ctx.config)
    page = PageInfo(f"{story.slug}/index.html", view.title, view.dek, view.canonical, "story")
    try:
        html = render_template(ctx.env, "story.html", {"site": ctx.config, "story": view, "page": page,
                                                      "stories": ()})
    except TemplateProblem as exc:
        problems.append(exc.problem)
        return result
    if ctx.writer is None:
        return result
    out = {f"{story.slug}/index.html": html}
    out.update({f"{story.slug}/{name}": data for name, data in files.items()})
    try:
        for rel, data in out.items():
            ctx.writer.write(rel, data)
        for asset in sorted(assets):
            ctx.writer.copy(f"{story.slug}/{asset}", ctx.root / story.folder / asset)
        card = social.social_png(ctx.cache_dir, ctx.config.title, view.title, view.dek, ctx.config.publisher_name)
        ctx.writer.copy(f"{story.slug}/social.png", card)
    except OutputCollision as exc:
        problems.append(Problem(Loc(story.folder), f"two files would be written to '{exc.rel}'",
                                "rename the asset so it does not clash with a generated file"))
    result.files = sorted([*out, *(f"{story.slug}/{a}" for a in assets), f"{story.slug}/social.png"])
    return result


def _reused(slug: str, cached: dict, signature: str) -> StoryResult:
    return StoryResult(slug, cached["digest"], signature, cached["summary"],
                       [Problem.from_json(p) for p in cached["problems"]], cached["files"], True)


def _reuse(ctx: JobContext, cached: dict) -> bool:
    """Link a story's files from the last build into this one; False when that is not possible."""
    if ctx.writer is None or ctx.previous is None:
        return False
    try:
        for rel in cached["files"]:
            ctx.writer.copy(rel, ctx.previous / rel)
        return True
    except (OSError, OutputCollision):
        return False


def jsonld(view, config: SiteConfig) -> dict:
    """schema.org NewsArticle with its citations, quotations, events and corrections."""
    article = view.story.article
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": view.title,
        "description": view.dek,
        "url": view.canonical,
        "mainEntityOfPage": view.canonical,
        "datePublished": article.published,
        "dateModified": (article.updates[-1].date if article.updates else article.published),
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "publisher": {"@type": "Organization", "name": config.publisher_name, "url": config.publisher_url},
        "image": [view.canonical + "social.png"],
        "citation": [s.source.url or f"{s.source.publisher}: {s.source.title}" for s in view.sources],
        "hasPart": [{"@type": "Quotation", "text": q.text, "creator": {"@type": "Person", "name": q.speaker}}
                    for q in view.quotes],
        "about": [{"@type": "Event", "name": e.title, "startDate": e.date.datetimes[0]}
                  for e in view.events if e.date.datetimes],
    }
    if config.content_license:
        data["license"] = config.content_license
    corrections = [u for u in article.updates if u.kind in ("correction", "clarification")]
    if corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": u.text, "datePublished": u.date}
                              for u in corrections]
    return data
