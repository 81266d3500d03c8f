"""The preview's error display: an overlay listing each problem over the last good page, or an error page."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

from .problems import Loc, Problem

CSS = """
.explainer-overlay { position: fixed; inset: auto 0 0 0; max-height: 60vh; overflow: auto; z-index: 99;
  background: #fff8f7; color: #1a1c1e; border-top: 6px solid #ad1f1f; padding: 1rem 1.5rem;
  font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  box-shadow: 0 -4px 16px rgba(0,0,0,.25); }
.explainer-overlay h2 { margin: 0 0 .25rem; font-size: 1.2rem; color: #ad1f1f; }
.explainer-overlay ol { padding-left: 1.2rem; }
.explainer-overlay li { margin: .5rem 0; }
.explainer-overlay code, .explainer-overlay pre { font: 14px/1.4 ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.explainer-overlay pre { background: #fff; border: 1px solid #d3d7db; padding: .25rem .5rem; margin: .25rem 0; white-space: pre-wrap; }
.explainer-overlay .hint { color: #4f5963; }
.explainer-error-page { max-width: 60rem; margin: 2rem auto; }
.explainer-error-page .explainer-overlay { position: static; max-height: none; box-shadow: none; }
"""
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def internal_loc() -> Loc:
    return Loc("build.py")


def source_line(root: Path, loc: Loc) -> str | None:
    try:
        with open(root / loc.path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if number == loc.line:
                    return line.rstrip("\n")
    except OSError:
        return None
    return None


def panel(root: Path, problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    items = []
    for problem in errors:
        line = source_line(root, problem.loc)
        code = (f'<pre>{escape(str(problem.loc.line).rjust(4))} | {escape(line)}\n'
                f'{" " * 7}{" " * (problem.loc.col - 1)}^</pre>') if line is not None else ""
        hint = f'<br><span class="hint">hint: {escape(problem.hint)}</span>' if problem.hint else ""
        items.append(f"<li><code>{escape(str(problem.loc))}</code> {escape(problem.message)}{hint}{code}</li>")
    count = len(errors)
    return (f'<div class="explainer-overlay" role="alert" aria-labelledby="explainer-overlay-h">'
            f'<h2 id="explainer-overlay-h">Build failed: {count} problem{"s" * (count != 1)}</h2>'
            f"<p>You are seeing the last good version. Fix these and save: this panel goes away at the next good build.</p>"
            f'<ol>{"".join(items)}</ol></div>')


def _head_tags() -> str:
    return ('<link rel="stylesheet" href="/__explainer/overlay.css">'
            '<script src="/livereload.js" defer></script>')


def inject(html: str, root: Path, problems: list[Problem]) -> str:
    """Add the live-reload client (a same-origin file, so the page's CSP holds) and, after a failed build, the overlay."""
    html = html.replace("</head>", _head_tags() + "</head>", 1)
    if problems:
        match = _BODY.search(html)
        if match:
            html = html[: match.end()] + panel(root, problems) + html[match.end():]
    return html


def error_page(root: Path, problems: list[Problem]) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'; style-src \'self\'">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>Build failed</title>{_head_tags()}</head><body><main class="explainer-error-page">'
            f"{panel(root, problems)}</main></body></html>")
