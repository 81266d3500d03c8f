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
from typing import Callable, Protocol

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .problems import Loc, Problem

FACT_LINK = re.compile(r"^(source|event|quote|figure):([a-z0-9][a-z0-9-]*)(?:#([0-9]+))?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
ALLOWED_SCHEMES = {"http", "https", "mailto", "source", "event", "quote", "figure"}
_ALIGN = re.compile(r"text-align:(left|right|center)")
# what entity references could smuggle in: C0/C1 controls, bidirectional overrides and isolates
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class FactTarget:
    """What a fact link points at: its anchor, the value words for empty links, and its sources."""

    href: str
    words: str
    sources: tuple[str, ...]
    differ: bool = False


class Facts(Protocol):
    def target(self, kind: str, record_id: str, estimate: int | None) -> FactTarget | Problem: ...


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
    uses: list[tuple[str, str, Loc]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def allowed_link(url: str) -> bool:
    """Link allowlist: http, https, mailto, fact links, relative paths and fragments."""
    url = "".join(ch for ch in url if unicodedata.category(ch) not in ("Cc", "Cf", "Zs") or ch == " ").strip()
    match = _SCHEME.match(url)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return "sec-" + (re.sub(r"[\s_-]+", "-", slug).strip("-") or "section")


@lru_cache(maxsize=1)
def make_markdown() -> MarkdownIt:
    md = MarkdownIt("js-default", {"maxNesting": 20, "html": False, "linkify": False, "typographer": True})
    md.validateLink = allowed_link
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=_slug)
    md.core.ruler.push("fact_links", _fact_links)
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
        html = md.renderer.render(_plain_paragraph(md, text, env), md.options, {"explainer": env})
    else:
        html = _render_within_budget(md, text, env)
    return Markup(html)


def _render_within_budget(md: MarkdownIt, text: str, env: MarkdownEnv) -> str:
    budget = float(os.environ.get(BUDGET_VARIABLE, DEFAULT_BUDGET))
    started = time.perf_counter()
    try:
        with _time_limit(budget):
            html = md.renderer.render(md.parse(text, {"explainer": env}), md.options, {"explainer": env})
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


def _plain_paragraph(md: MarkdownIt, text: str, env: MarkdownEnv) -> list[Token]:
    state = StateCore(text, md, {"explainer": env})
    inline = Token("inline", "", 0)
    inline.content, inline.map, inline.block = text.strip(), [0, 1], True
    body = Token("text", "", 0)
    body.content = inline.content
    inline.children = [body]
    opening, closing = Token("paragraph_open", "p", 1), Token("paragraph_close", "p", -1)
    opening.map, opening.block, closing.block = [0, 1], True, True
    state.tokens = [opening, inline, closing]
    for rule in ("replacements", "smartquotes", "text_join"):
        md.core.ruler.__rules__[md.core.ruler.__find__(rule)].fn(state)
    return state.tokens


def _where(env: MarkdownEnv, token: Token | None, needle: str) -> Loc:
    start, end = (token.map if token is not None and token.map else (0, len(env.lines)))
    for index in range(start, min(end, len(env.lines))):
        col = env.lines[index].find(needle)
        if col >= 0:
            return Loc(env.path, env.first_line + index, col + 1)
    return Loc(env.path, env.first_line + start, 1)


def _fact_links(state: StateCore) -> None:
    env: MarkdownEnv | None = state.env.get("explainer")
    if env is None:
        return
    paragraph = 0
    place = "¶0"
    for index, block in enumerate(state.tokens):
        if block.type == "paragraph_open":
            paragraph += 1
            place = f"¶{paragraph}"
        elif block.type == "heading_open":
            place = "heading"
        elif block.type == "table_open":
            place = "table"
        if block.type != "inline" or not block.children:
            continue
        block.children = _rewrite_inline(block.children, block, env, place)
        heading = state.tokens[index - 1]
        if heading.type == "heading_open" and heading.tag == "h2":
            text = "".join(t.content for t in block.children if t.type in ("text", "code_inline"))
            env.headings.append((str(heading.attrGet("id") or ""), text))


def _rewrite_inline(children: list[Token], block: Token, env: MarkdownEnv, place: str) -> list[Token]:
    result: list[Token] = []
    index = 0
    while index < len(children):
        token = children[index]
        hidden = _HIDDEN.search(token.content or "") or _HIDDEN.search(" ".join(str(v) for v in (token.attrs or {}).values()))
        if hidden:
            char = hidden.group()
            env.problems.append(Problem(_where(env, block, "&#"), f"character U+{ord(char):04X} is not allowed",
                                        "remove the character reference; it hides or reorders text"))
            token.content = _HIDDEN.sub("", token.content or "")
        if token.type == "image" and env.image is not None:
            src = token.attrGet("src") or ""
            new_src = env.image(src, _where(env, block, src))
            token.attrSet("src", new_src or "")
        if token.type != "link_open":
            result.append(token)
            index += 1
            continue
        match = FACT_LINK.match(token.attrGet("href") or "")
        if not match:
            href = token.attrGet("href") or ""
            if _SCHEME.match(href) and _SCHEME.match(href).group(1).lower() in ("source", "event", "quote", "figure"):
                env.problems.append(Problem(_where(env, block, href), f"malformed fact link '{href}'",
                                            "write [text](figure:ID), or figure:ID#2 for the second estimate"))
            result.append(token)
            index += 1
            continue
        kind, record_id, number = match.group(1), match.group(2), match.group(3)
        close = _matching_close(children, index)
        inner = children[index + 1 : close]
        target = env.facts.target(kind, record_id, int(number) if number else None) if env.facts else None
        if isinstance(target, Problem) or target is None:
            loc = _where(env, block, match.group(0))
            message = target.message if isinstance(target, Problem) else f"unknown {kind} '{record_id}'"
            env.problems.append(Problem(loc, message, target.hint if isinstance(target, Problem) else None))
            result.extend(inner)
            index = close + 1
            continue
        env.uses.append((kind, record_id, _where(env, block, match.group(0))))
        token.attrSet("href", target.href)
        token.attrSet("class", f"fact fact--{kind}")
        if not inner:
            text = Token("text", "", 0)
            text.content = target.words
            inner = [text]
        result.extend([token, *inner, children[close]])
        if target.differ and (not children[index + 1 : close]):
            result.extend(_differ_marker(target.href))
        if env.cite is not None:
            result.extend(_cite_markers(env.cite(target.sources, place)))
        index = close + 1
    return result


def _matching_close(children: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(children)):
        if children[index].type == "link_open":
            depth += 1
        elif children[index].type == "link_close":
            depth -= 1
            if depth == 0:
                return index
    return len(children) - 1


def _link(href: str, text: str, **attrs: str) -> list[Token]:
    open_ = Token("link_open", "a", 1)
    open_.attrSet("href", href)
    for key, value in attrs.items():
        open_.attrSet(key.replace("_", "-"), value)
    body = Token("text", "", 0)
    body.content = text
    return [open_, body, Token("link_close", "a", -1)]


def _differ_marker(href: str) -> list[Token]:
    space = Token("text", "", 0)
    space.content = " "
    return [space, *_link(href, "(estimates differ)", **{"class": "differ"})]


def _cite_markers(cites: list[tuple[int, str, str]]) -> list[Token]:
    tokens: list[Token] = []
    for number, source_id, anchor in cites:
        tokens.extend(_link(f"#source-{source_id}", f"[{number}]", id=anchor))
    return tokens


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
