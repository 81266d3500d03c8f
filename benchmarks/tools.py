"""What each benchmarked tool runs, in which folder, and what is reset before every run."""

import itertools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import peersenv
from corpus import PROJECT, cached_corpus, sync_templates
from peers import common
from peers import hugo as hugo_site
from peers import mkdocs as mkdocs_site
from peers import pelican as pelican_site

HERE = Path(__file__).resolve().parent

MKDOCS_MAX_N = 1000
EDITED_STORY = "content/{slug}/article.md"
EDIT_MARK = re.compile(rb"\nAn added sentence, edit number \d+\.\n$")


def nothing() -> None:
    pass


@dataclass
class Scenario:
    label: str
    tool: str
    kind: str
    command: list[str]
    cwd: Path
    before: Callable[[], None] = nothing
    after: Callable[[], None] = nothing
    skip: str | None = None


@dataclass
class Context:
    work: Path
    python: str
    seed: int = 0
    install: bool = True
    peers_ready: str | None = "not checked"


# Outputs are moved here between runs and deleted when the benchmark ends. On ext4 without a journal (this
# machine kind's disks) the kernel skips inodes freed in the last minute or more when it allocates new ones,
# so deleting 8,000 files just before a run made that run's file creation several seconds slower, by an amount
# that depended on how many files the previous run wrote, not on the tool measured.
TRASH: Path | None = None
_moved = itertools.count()


def remove(*paths: Path) -> Callable[[], None]:
    def clean() -> None:
        for path in paths:
            if TRASH is not None and path.exists() and not path.is_symlink():
                TRASH.mkdir(parents=True, exist_ok=True)
                path.rename(TRASH / f"{next(_moved)}-{path.name}")
            elif path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    return clean


def empty_trash() -> None:
    if TRASH is not None and TRASH.exists():
        shutil.rmtree(TRASH)


def remove_public(root: Path, cache: bool = False) -> Callable[[], None]:
    def clean() -> None:
        leftovers = list(root.glob(".public.staging-*")) + list(root.glob(".public.old-*"))
        remove(root / "public", *leftovers, *([root / ".explainer-cache"] if cache else []))()
    return clean


def story_editor(root: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    first = sorted(p.name for p in (root / "content").iterdir() if p.is_dir())[0]
    path = root / EDITED_STORY.format(slug=first)
    original = EDIT_MARK.sub(b"", path.read_bytes())
    runs = [0]

    def edit() -> None:
        runs[0] += 1
        path.write_bytes(original + f"\nAn added sentence, edit number {runs[0]}.\n".encode())

    def restore() -> None:
        path.write_bytes(original)
    return edit, restore


def explainer(ctx: Context, n: int) -> list[Scenario]:
    build_py = PROJECT / "build.py"
    root = cached_corpus(ctx.work, n, ctx.seed)
    # the search index is timed on its own (the pagefind row), as the targets ask
    command = [ctx.python, str(build_py), "--root", str(root), "build", "--quiet", "--no-search"]
    skip = None if build_py.exists() else "not available (no build.py)"
    if not skip:
        sync_templates(root)
    edit, restore = story_editor(root)
    return [
        Scenario("explainer", "explainer", "clean", command, root, remove_public(root), skip=skip),
        Scenario("explainer, cold image cache", "explainer", "cold", command, root,
                 remove_public(root, cache=True), skip=skip),
        Scenario("explainer, no-change rebuild", "explainer", "rebuild", command, root, skip=skip),
        Scenario("explainer, one story edited", "explainer", "edit", command, root, edit, restore, skip=skip),
    ]


def floor(ctx: Context, n: int, jobs: int) -> list[Scenario]:
    root = cached_corpus(ctx.work, n, ctx.seed)
    out = ctx.work / "out" / f"floor{jobs}-n{n}"
    command = [ctx.python, str(HERE / "floor.py"), "--root", str(root), "--out", str(out), "--jobs", str(jobs)]
    label = f"floor{jobs} (bare script, {jobs} process{'es' if jobs > 1 else ''})"
    return [Scenario(label, f"floor{jobs}", "clean", command, root, remove(out))]


def pagefind(ctx: Context, n: int) -> list[Scenario]:
    root = cached_corpus(ctx.work, n, ctx.seed)
    python = peersenv.command(ctx.work, "pagefind")
    skip = None if python and peersenv.has_pagefind(ctx.work) else f"not installed ({ctx.peers_ready or 'no pagefind'})"
    site, source = root / "public", "explainer"
    if not (site / "index.html").exists():
        site, source = ctx.work / "out" / f"floor1-n{n}", "floor1"
    if not skip and not (site / "index.html").exists():
        skip = "not available (no built site to index)"
    command = [str(python), "-m", "pagefind", "--site", str(site)]
    return [Scenario(f"pagefind index (of {source} output)", "pagefind", "index", command, site,
                     remove(site / "pagefind"), skip=skip)]


def hugo(ctx: Context, n: int) -> list[Scenario]:
    binary = shutil.which("hugo")
    if not binary:
        return [Scenario("hugo", "hugo", "clean", [], ctx.work, skip="not installed")]
    site = common.cached_site(ctx.work, cached_corpus(ctx.work, n, ctx.seed), "hugo", hugo_site.write_site)
    command = [binary, "--quiet", "--source", str(site), "--destination", str(site / "public")]
    return [
        Scenario("hugo", "hugo", "clean", command, site, remove(site / "public", site / "resources")),
        Scenario("hugo, no-change rebuild", "hugo", "rebuild", command, site),
    ]


def pelican(ctx: Context, n: int) -> list[Scenario]:
    binary = peersenv.command(ctx.work, "pelican")
    if not binary:
        return [Scenario("pelican", "pelican", "clean", [], ctx.work, skip=f"not installed ({ctx.peers_ready})")]
    site = common.cached_site(ctx.work, cached_corpus(ctx.work, n, ctx.seed), "pelican", pelican_site.write_site)
    command = [str(binary), "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    return [
        Scenario("pelican", "pelican", "clean", command, site, remove(site / "output", site / "cache")),
        Scenario("pelican, no-change rebuild", "pelican", "rebuild", command, site),
    ]


def mkdocs(ctx: Context, n: int) -> list[Scenario]:
    binary = peersenv.command(ctx.work, "mkdocs")
    if not binary:
        return [Scenario("mkdocs", "mkdocs", "clean", [], ctx.work, skip=f"not installed ({ctx.peers_ready})")]
    if n > MKDOCS_MAX_N:
        return [Scenario("mkdocs", "mkdocs", "clean", [], ctx.work,
                         skip=f"skipped (N > {MKDOCS_MAX_N}: its navigation makes builds quadratic)")]
    site = common.cached_site(ctx.work, cached_corpus(ctx.work, n, ctx.seed), "mkdocs", mkdocs_site.write_site)
    command = [str(binary), "build", "--quiet", "--site-dir", str(site / "site")]
    return [Scenario("mkdocs", "mkdocs", "clean", command, site, remove(site / "site"))]


ORDER = ["explainer", "floor1", "floor2", "pagefind", "hugo", "pelican", "mkdocs"]


def scenarios(ctx: Context, tools: list[str], n: int) -> Iterator[Scenario]:
    """Scenarios in a fixed order, made only when reached: Pagefind indexes whatever was built before it."""
    makers = {
        "explainer": lambda: explainer(ctx, n),
        "floor1": lambda: floor(ctx, n, 1),
        "floor2": lambda: floor(ctx, n, 2),
        "pagefind": lambda: pagefind(ctx, n),
        "hugo": lambda: hugo(ctx, n),
        "pelican": lambda: pelican(ctx, n),
        "mkdocs": lambda: mkdocs(ctx, n),
    }
    for name in ORDER:
        if name in tools:
            yield from makers[name]()


def versions(ctx: Context, tools: list[str]) -> dict[str, str]:
    found = {"python": sys.version.split()[0]}
    if "hugo" in tools and shutil.which("hugo"):
        found["hugo"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    for tool in ("pelican", "mkdocs", "pagefind"):
        if tool in tools and peersenv.command(ctx.work, tool):
            found[tool] = peersenv.version(ctx.work, tool)
    return found
