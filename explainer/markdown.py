"""Markdown: markdown-it-py set up safely, plus the fact-link rule that resolves `kind:ID` links on tokens."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .factlinks import FACT_LINK, SCHEME, Facts, fact_links
from .mdfast import one_paragraph, parse_blocks, parse_inlines
from .problems import Loc, Problem

ALLOWED_SCHEMES = {"http", "https", "mailto", "source", "event", "quote", "figure"}
_ALIGN = re.compile(r"text-align:(left|right|center)")


@dataclass(slots=True)
class MarkdownEnv:
    """Per-render context passed to the rules: where the text is, how to resolve and cite facts."""

    path: str
    first_line: int
    facts: Facts | None = None
    cite: Callable[[tuple[str, ...], str], list[tuple[int, str, str]]] | None = None
    image: Callable[[str, Loc], str | None] | None = None
    problems: list[Problem] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)
    uses: list[tuple[str, str, Loc]] | None = None  # where each fact link is, when a report asks for it
    lines: list[str] = field(default_factory=list)


def allowed_link(url: str) -> bool:
    """Link allowlist: http, https, mailto, fact links, relative paths and fragments."""
    if not (url.isascii() and url.isprintable()):  # printable ASCII has no control, format or odd space characters
        url = "".join(ch for ch in url if unicodedata.category(ch) not in ("Cc", "Cf", "Zs") or ch == " ")
    url = url.strip()
    match = SCHEME.match(url)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _normalize_link(url: str) -> str:
    """A fact link is already normal (its characters need no encoding); other links as markdown-it normalises them."""
    return url if FACT_LINK.match(url) else normalizeLink(url)


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return "sec-" + (re.sub(r"[\s_-]+", "-", slug).strip("-") or "section")


@lru_cache(maxsize=1)
def make_markdown() -> MarkdownIt:
    md = MarkdownIt("js-default", {"maxNesting": 20, "html": False, "linkify": False, "typographer": True})
    md.validateLink = allowed_link
    md.normalizeLink = _normalize_link
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_slug)
    md.core.ruler.at("block", parse_blocks)
    md.core.ruler.at("inline", parse_inlines)
    md.core.ruler.push("fact_links", fact_links)
    md.core.ruler.push("table_align", _table_align)
    md.add_render_rule("footnote_caption", _footnote_caption)
    md.add_render_rule("footnote_anchor", _footnote_anchor)
    md.add_render_rule("footnote_block_open", _footnote_block_open)
    return md


def render(text: str, env: MarkdownEnv) -> Markup:
    """Render Markdown to HTML: the one place where content becomes trusted markup (raw HTML is off,
    links pass the allowlist); problems and headings are collected on `env`."""
    md = make_markdown()
    env.lines = text.split("\n")
    if _PLAIN.match(text):
        if _TYPOGRAPHY.search(text):
            html = md.renderer.render(_plain_paragraph(md, text, env), md.options, {"explainer": env})
        else:  # no rule would change the text: the paragraph is the escaped text
            html = f"<p>{escapeHtml(text.strip())}</p>\n"
    elif (html := _emphasised_paragraph(text)) is not None:
        pass
    else:
        html = _render_within_budget(md, text, env)
    return Markup(html)


def _render_within_budget(md: MarkdownIt, text: str, env: MarkdownEnv) -> str:
    budget = float(os.environ.get(BUDGET_VARIABLE, DEFAULT_BUDGET))
    started = time.perf_counter()
    try:
        with _time_limit(budget):
            tokens = md.parse(text, {"explainer": env})
            html = md.renderer.render(tokens, md.options, {"explainer": env})
    except _OverBudget:
        html = None
    if html is None or time.perf_counter() - started > budget:
        env.problems.append(Problem(Loc(env.path, env.first_line, 1), f"rendering this Markdown took longer than "
                                    f"{budget:g} s", "simplify it: long runs of unclosed brackets or emphasis are slow"))
        return ""
    return html


DEFAULT_BUDGET = 10.0
BUDGET_VARIABLE = "EXPLAINER_MARKDOWN_BUDGET"


class _OverBudget(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Interrupt a render that runs past its budget (in the main thread; elsewhere it is checked afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(signum, frame):
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# One line of text with no character that starts Markdown syntax: its tokens are a single paragraph, so the
# block and inline parsers can be skipped (most timeline summaries and notes). Tests compare the two paths.
_PLAIN = re.compile(r"[^#>\-*+=|`~0-9\s\[\]<!&\\_][^\n*_\[\]`<>!&\\~|]*\Z")


# The same, with single-star emphasis around words ("It is *not* over"): the stars must all pair up as below.
_PLAIN_STARRED = re.compile(r"(?:[^#>\-*+=|`~0-9\s\[\]<!&\\_]|\*(?=[A-Za-z0-9]))[^\n_\[\]`<>!&\\~|]*\Z")
# a star after a space or bracket (or at the start) and before a letter or digit can only open an emphasis, and one
# after a letter or digit can close it: with no other star in the text, each such pair is one <em>
_EMPHASIS = re.compile(r"(?<![^ (])\*([A-Za-z0-9](?:[^*\n]*[A-Za-z0-9])?)\*(?=[ .,;:!?)]|\Z)")


def _emphasised_paragraph(text: str) -> str | None:
    """A one-line text whose only Markdown is simple emphasis, as its paragraph; None for any other text."""
    if "*" not in text or not _PLAIN_STARRED.match(text) or _TYPOGRAPHY.search(text):
        return None
    inner = _EMPHASIS.sub(r"<em>\1</em>", text.strip())
    return None if "*" in inner else f"<p>{inner}</p>\n"  # no &, <, > or quotes: nothing to escape


# what the typographer rules (replacements, smart quotes) act on
_TYPOGRAPHY = re.compile(r"\+-|\.\.|\?\?\?\?|!!!!|,,|--|\((?:c|tm|r)\)|['\"]", re.IGNORECASE)


def _plain_paragraph(md: MarkdownIt, text: str, env: MarkdownEnv) -> list[Token]:
    state = StateCore(text, md, {"explainer": env})
    state.tokens = one_paragraph(text)
    body = Token("text", "", 0)
    body.content = state.tokens[1].content
    state.tokens[1].children = [body]
    for rule in ("replacements", "smartquotes", "text_join"):
        md.core.ruler.__rules__[md.core.ruler.__find__(rule)].fn(state)
    return state.tokens


def _table_align(state: StateCore) -> None:
    for token in state.tokens:
        style = token.attrGet("style") if token.attrs else None
        if style:
            match = _ALIGN.search(str(style))
            token.attrs.pop("style", None)
            if match:
                token.attrSet("class", f"align-{match.group(1)}")


def _footnote_letter(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _footnote_caption(self, tokens, idx, options, env) -> str:
    return f"[{_footnote_letter(tokens[idx].meta['id'])}]"


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    suffix = f":{meta['subId']}" if meta.get("subId", 0) > 0 else ""
    label = f"Back to note {_footnote_letter(meta['id'])}" + (f" ({meta['subId'] + 1})" if suffix else "")
    return f' <a href="#fnref{ident}{suffix}" class="footnote-backref">{label}</a>'


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    return '<section class="footnotes" aria-label="Notes">\n<ol class="footnotes-list" type="a">\n'
