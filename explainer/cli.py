"""Command line: build, check, serve, new, verify, facts and docs; the only place that prints or exits."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .problems import BuildError, Problem

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build and preview the explainer site.")
    parser.add_argument("--root", type=Path, help="project folder (default: the folder of build.py)")
    parser.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
    sub = parser.add_subparsers(dest="command")

    build = sub.add_parser("build", help="build the site into public/ (the default command)")
    build.add_argument("--out", type=Path, help="output folder (default: public/)")
    build.add_argument("--drafts", action="store_true", help="include stories marked draft: true")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    build.add_argument("--no-cache", action="store_true", help="render every story again")
    build.add_argument("--no-search", action="store_true", help="skip the search index (Pagefind)")
    build.add_argument("--quiet", action="store_true", help="print problems only")

    check = sub.add_parser("check", help="run every stage except writing; report problems")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--drafts", action="store_true", help="check drafts too (they are checked by default)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    serve = sub.add_parser("serve", help="live-reload preview on http://127.0.0.1:8000")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--open", action="store_true", help="open the preview in a browser")

    new = sub.add_parser("new", help="create a new draft story folder")
    new.add_argument("slug", help="folder name: lowercase letters, digits and hyphens")

    sub.add_parser("verify", help="check quotations against their sources' archived texts")
    facts = sub.add_parser("facts", help="list each record with where it is used")
    facts.add_argument("--story", help="only this story")
    docs = sub.add_parser("docs", help="regenerate the field reference in docs/editing.md from schemas/")
    docs.add_argument("--check", action="store_true", help="fail if docs/editing.md is out of date")
    return parser


def main(argv: list[str], root: Path) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and USAGE_ERROR
    root = (args.root or root).resolve()
    command = args.command or "build"
    try:
        handler = {"build": _build, "check": _check, "serve": _serve, "new": _new, "verify": _verify,
                   "facts": _facts, "docs": _docs}[command]
        return handler(root, args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal fault must still read as one line, never a traceback
        if getattr(args, "debug", False):
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("  hint: run again with --debug and report the traceback", file=sys.stderr)
        return 1


def print_problems(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for problem in problems:
        print(problem.format(), file=stream)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=stream)


class _Progress:
    """A progress bar on a terminal, shown only once a build has run for about two seconds."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or time.monotonic() - self.started < 2 and not self.shown:
            return
        self.shown = True
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} stories")
        if done == total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()


def _build(root: Path, args) -> int:
    from .pipeline import build
    options = dict(drafts=getattr(args, "drafts", False), strict=getattr(args, "strict", False),
                   jobs=getattr(args, "jobs", None), use_cache=not getattr(args, "no_cache", False),
                   search=not getattr(args, "no_search", False))
    try:
        report = build(root, getattr(args, "out", None), progress=_Progress(), **options)
    except BuildError as exc:
        print_problems(exc.problems)
        print("Build failed: public/ was left as it was.", file=sys.stderr)
        return 1
    print_problems(report.problems)
    if not getattr(args, "quiet", False):
        reused = f" ({report.reused} unchanged)" if report.reused else ""
        search = f"; search index in {report.search_seconds:.1f} s" if report.search_seconds is not None else ""
        print(f"Built {report.stories} stor{'y' if report.stories == 1 else 'ies'}{reused}, "
              f"{report.files} files in {report.seconds - (report.search_seconds or 0):.1f} s{search}")
    return 0


def _check(root: Path, args) -> int:
    from .pipeline import build
    try:
        report = build(root, drafts=True, strict=args.strict, check_only=True)
        problems, ok = report.problems, True
    except BuildError as exc:
        problems, ok = exc.problems, False
    if args.format == "json":
        print(json.dumps({"ok": ok, "errors": sum(p.severity == "error" for p in problems),
                          "warnings": sum(p.severity == "warning" for p in problems),
                          "problems": [p.to_json() for p in problems]}, indent=1))
    else:
        print_problems(problems)
        if ok:
            print("No problems found." if not problems else "Check passed with warnings.")
    return 0 if ok else 1


def _serve(root: Path, args) -> int:
    from .serve import serve
    return serve(root, host=args.host, port=args.port, open_browser=args.open)


def _new(root: Path, args) -> int:
    from .scaffold import new_story
    try:
        folder = new_story(root, args.slug)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Created {folder.relative_to(root)}/ as a draft. Preview it with: python build.py serve")
    return 0


def _verify(root: Path, args) -> int:
    from .facts import verify_report
    lines, problems = verify_report(root)
    print("\n".join(lines))
    print_problems(problems)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _facts(root: Path, args) -> int:
    from .facts import facts_report
    lines, problems = facts_report(root, args.story)
    print("\n".join(lines))
    print_problems(problems)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _docs(root: Path, args) -> int:
    from .fielddocs import update_docs
    changed = update_docs(root, check=args.check)
    if args.check and changed:
        print("docs/editing.md is out of date: run python build.py docs", file=sys.stderr)
        return 1
    return 0
