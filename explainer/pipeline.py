"""The one orchestrator: config, stories (in parallel when many), site pages, then publish or report."""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import cache, exports, site_pages
from .config import load_config
from .load import discover_stories
from .model import SiteConfig
from .problems import BuildError, Loc, Problem, sorted_problems
from .render import TemplateProblem, check_templates, make_env
from .search import index as search_index
from .story_job import JobContext, StoryResult, process_story
from .write import MAIN_PID, MemoryWriter, OutputCollision, Staging, Writer, recover

PARALLEL_FROM = 24  # below this many stories, forking workers costs more than it saves
MAX_BATCH = 32  # stories a worker takes at a time, at most: the progress bar moves at least this often
IN_PLACE_UP_TO = 20  # the preview updates this many changed stories in place; more, and it rebuilds
_FALLBACK = SiteConfig("Site", "", "https://example.org/", "en", "Publisher", "https://example.org/")


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, time, problems and where the site went."""

    stories: int = 0
    files: int = 0
    reused: int = 0
    seconds: float = 0.0
    search_seconds: float | None = None
    problems: list[Problem] = field(default_factory=list)
    out: Path | None = None
    results: list[StoryResult] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


_WORKER: JobContext | None = None


def _work(batch: list[Path]) -> list[StoryResult]:
    return [process_story(_WORKER, folder) for folder in batch]


def _batches(folders: list[Path], jobs: int) -> list[list[Path]]:
    """Guided scheduling: batches shrink to single stories as the stories run out, so the workers finish about a
    story apart, while the parent wakes once a batch rather than once a story."""
    batches, start = [], 0
    while start < len(folders):
        size = max(1, min(MAX_BATCH, (len(folders) - start) // (jobs * 4)))
        batches.append(folders[start:start + size])
        start += size
    return batches


def _map(ctx: JobContext, folders: list[Path], jobs: int, progress: Callable[[int, int], None] | None) -> list[StoryResult]:
    """Process stories in order; forked workers share the context and write into the same target."""
    global _WORKER
    _WORKER = ctx
    total = len(folders)
    if jobs <= 1 or total < PARALLEL_FROM:
        results = []
        for index, folder in enumerate(folders, start=1):
            results.append(process_story(ctx, folder))
            if progress:
                progress(index, total)
        return results
    import multiprocessing
    gc.freeze()  # what the parent holds stays out of the workers' collections, so its pages stay shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = []
            for batch in pool.imap(_work, _batches(folders, jobs)):
                results.extend(batch)
                if progress:
                    progress(len(results), total)
    finally:
        gc.unfreeze()
    return results


def build(root: Path, out: Path | None = None, *, drafts: bool = False, strict: bool = False,
          jobs: int | None = None, check_only: bool = False, use_cache: bool = True, search: bool = True,
          in_place: bool = False, only: set[str] | None = None,
          progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build the site at `root` into `out` (default root/public); raises BuildError with every problem.

    `in_place` (the preview's rebuilds) updates the files of a few changed stories where they are,
    once the whole rebuild has succeeded, instead of publishing a new copy of the site. `only` names the
    story folders a watcher saw change: the others are taken to be as the last build left them."""
    started = time.perf_counter()
    root = root.resolve()
    out = (out or root / "public").resolve()
    os.environ[MAIN_PID] = str(os.getpid())
    if not check_only:
        recover(out)
    config, problems = load_config(root)
    env = make_env(root, (config or _FALLBACK).language)
    template_problems = check_templates(env)
    problems += template_problems
    folders, found = discover_stories(root)
    problems += found
    statics, found = site_pages.static_files(root)
    problems += found
    key = cache.site_key(root, drafts)
    reuse = cache.load_manifest(root, out, key) if use_cache and not check_only else {}
    # taken before a story's files are read, so an edit made during the build is seen by the next one; with
    # nothing to reuse the parent needs none of them, and each story's job takes its own, in parallel
    sign_in_jobs = not reuse and not check_only
    signatures = {} if check_only or sign_in_jobs else {
        folder.name: reuse[folder.name]["signature"] if only is not None and folder.name not in only
        and folder.name in reuse else cache.folder_signature(folder) for folder in folders}
    if reuse and _nothing_changed(reuse, signatures) and config is not None and not template_problems:
        return _unchanged_report(reuse, problems, strict, out, started)
    changed = [f for f in folders if reuse.get(f.name, {}).get("signature") != signatures.get(f.name)]
    if in_place and reuse and config is not None and not template_problems and \
            len(changed) + len(set(reuse) - set(signatures)) <= IN_PLACE_UP_TO:
        ctx = JobContext(root, config, env, drafts, MemoryWriter(out), root / cache.CACHE_DIR, {}, None, signatures)
        return _update_in_place(ctx, out, key, folders, changed, reuse, problems, strict, started)
    staging = None if check_only else Staging(out)
    writer = staging.writer() if staging else None
    ctx = JobContext(root, config or _FALLBACK, env if config and not template_problems else None, drafts,
                     writer, root / cache.CACHE_DIR, reuse, out if reuse else None, signatures, sign_in_jobs)
    report = BuildReport(out=out)
    try:
        results = _map(ctx, folders, jobs if jobs is not None else (os.cpu_count() or 1), progress)
        report.results = results
        for result in results:
            problems += result.problems
        published = [r.summary for r in results if r.summary and (drafts or not r.summary.get("draft"))]
        problems += _site_checks(results)
        if config is not None and ctx.env is not None and writer is not None and not _failed(problems, strict):
            has_search_page = (root / "templates" / "search.html").is_file()
            search = search and has_search_page
            _write_site(env, config, published, statics, writer, problems, has_search_page)
            if search and not _failed(problems, strict):
                report.search_seconds, found = search_index(staging.path)
                problems += found
        report.problems = sorted_problems(problems)
        report.stories = len(published)
        report.reused = sum(r.reused for r in results)
        if _failed(report.problems, strict):
            raise BuildError(report.problems if not strict else [p.as_error() for p in report.problems])
        if staging is not None:
            # workers write with their own copies of the writer, so their files are counted from the results
            report.files = len(writer.written.union(*(r.files for r in results)))
            staging.publish()
            staging = None
            cache.save_manifest(root, out, key, {r.slug: _manifest_entry(r) for r in results if r.summary})
    finally:
        if staging is not None:
            staging.discard()
    report.seconds = time.perf_counter() - started
    return report


def _manifest_entry(result: StoryResult) -> dict:
    return {"digest": result.digest, "signature": result.signature, "summary": result.summary,
            "files": result.files, "problems": [p.to_json() for p in result.problems]}


def _update_in_place(ctx: JobContext, out: Path, key: str, folders: list[Path], changed: list[Path], reuse: dict,
                     problems: list[Problem], strict: bool, started: float) -> BuildReport:
    """Render only the changed stories (and the site pages, if what they list changed), then put the files in place."""
    fresh = {r.slug: r for r in (process_story(ctx, folder) for folder in changed)}
    results = [fresh.get(f.name) or StoryResult(f.name, reuse[f.name]["digest"], reuse[f.name]["signature"],
                                                reuse[f.name]["summary"],
                                                [Problem.from_json(p) for p in reuse[f.name]["problems"]],
                                                reuse[f.name]["files"], True) for f in folders]
    for result in results:
        problems += result.problems
    problems += _site_checks(results)
    listed = [r.summary for r in results if r.summary and (ctx.drafts or not r.summary.get("draft"))]
    listing_changed = set(reuse) != {r.slug for r in results} or any(
        r.summary != reuse.get(r.slug, {}).get("summary") for r in results)
    if not _failed(problems, strict) and listing_changed:
        _write_site(ctx.env, ctx.config, listed, [], ctx.writer, problems, (ctx.root / "templates/search.html").is_file())
    report = BuildReport(out=out, problems=sorted_problems(problems), results=results, stories=len(listed),
                         reused=len(results) - len(fresh), files=len(ctx.writer.pending))
    if _failed(report.problems, strict):
        raise BuildError(report.problems if not strict else [p.as_error() for p in report.problems])
    stale = {rel for slug in {*fresh, *(set(reuse) - {f.name for f in folders})} for rel in reuse.get(slug, {}).get("files", [])}
    ctx.writer.flush(stale - {rel for r in fresh.values() for rel in r.files})
    cache.save_manifest(ctx.root, out, key, {r.slug: _manifest_entry(r) for r in results if r.summary})
    report.seconds = time.perf_counter() - started
    return report


def _nothing_changed(reuse: dict, signatures: dict) -> bool:
    return set(reuse) == set(signatures) and all(reuse[s].get("signature") == signatures[s] for s in signatures)


def _unchanged_report(reuse: dict, problems: list[Problem], strict: bool, out: Path, started: float) -> BuildReport:
    """Nothing changed since the last build into `out`: report its problems again, write nothing."""
    for entry in reuse.values():
        problems += [Problem.from_json(p) for p in entry["problems"]]
    report = BuildReport(out=out, problems=sorted_problems(problems), reused=len(reuse))
    if _failed(report.problems, strict):
        raise BuildError([p.as_error() for p in report.problems] if strict else report.problems)
    report.stories = sum(1 for e in reuse.values() if e["files"])
    report.files = sum(len(e["files"]) for e in reuse.values())
    report.seconds = time.perf_counter() - started
    return report


def _failed(problems: Iterable[Problem], strict: bool) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def _site_checks(results: list[StoryResult]) -> list[Problem]:
    """Across stories: aliases and slugs must not collide with each other or with site pages."""
    problems = []
    owners: dict[str, str] = {}
    for result in results:
        if result.summary is None:
            continue
        slug = result.summary["slug"]
        if slug in site_pages.RESERVED:
            problems.append(Problem(Loc(f"content/{slug}"), f"slug '{slug}' is reserved for the site's own pages",
                                    "rename the folder"))
        owners.setdefault(slug, slug)
    for result in results:
        summary = result.summary
        if summary is None or "loc" not in summary:
            continue
        for alias, where in zip(summary.get("aliases", ()), summary.get("alias_locs", ()), strict=False):
            loc = Loc(*where)
            if alias in site_pages.RESERVED:
                problems.append(Problem(loc, f"alias '{alias}' is reserved for the site's own pages"))
            elif alias in owners:
                other = owners[alias]
                problems.append(Problem(loc, f"output collision: alias '{alias}' of story '{summary['slug']}' "
                                             f"clashes with {'story' if other == alias else 'an alias of story'} '{other}'"))
            else:
                owners[alias] = summary["slug"]
    return problems


def _write_site(env, config: SiteConfig, stories: list[dict], statics: list, writer: Writer,
                problems: list[Problem], search: bool) -> None:
    ordered = sorted(stories, key=lambda s: (s["published"], s["slug"]), reverse=True)
    try:
        pages = site_pages.home_pages(env, config, ordered)
        pages["404.html"] = site_pages.not_found(env, config)
        if search:
            pages["search/index.html"] = site_pages.search_page(env, config)
        for story in ordered:
            for alias in story["aliases"]:
                pages[f"{alias}/index.html"] = site_pages.redirect(env, config, alias, story)
    except TemplateProblem as exc:
        problems.append(exc.problem)
        return
    pages["feed.xml"] = site_pages.feed(config, ordered)
    pages["sitemap.xml"] = site_pages.sitemap(config, ordered, [p for p in pages if p.endswith("index.html")
                                                                and (p == "index.html" or p.startswith("page/"))])
    pages["robots.txt"] = site_pages.robots(config)
    pages["data-readme.md"] = exports.readme(config)
    try:
        for rel, text in pages.items():
            writer.write(rel, text)
        site_pages.copy_static(statics, writer)
    except OutputCollision as exc:
        problems.append(Problem(Loc("content"), f"output collision: '{exc.rel}' would be written twice"))
