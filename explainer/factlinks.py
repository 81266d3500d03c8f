"""The fact-link rule: `[text](kind:ID)` links resolved on markdown-it tokens, with values and citation markers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .problems import Loc, Problem
from .yamlfile import FORBIDDEN, has_forbidden_character

if TYPE_CHECKING:
    from .markdown import MarkdownEnv

FACT_LINK = re.compile(r"^(source|event|quote|figure):([a-z0-9][a-z0-9-]*)(?:#([0-9]+))?$")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_REWRITTEN = frozenset({"link_open", "image"})  # the only tokens the rule changes, unless hidden characters are suspected


@dataclass(frozen=True, slots=True)
class FactTarget:
    """What a fact link points at: its anchor, the value words for empty links, and its sources."""

    href: str
    words: str
    sources: tuple[str, ...]
    differ: bool = False


class Facts(Protocol):
    def target(self, kind: str, record_id: str, estimate: int | None) -> FactTarget | Problem: ...


def _where(env: MarkdownEnv, token: Token | None, needle: str) -> Loc:
    start, end = (token.map if token is not None and token.map else (0, len(env.lines)))
    for index in range(start, min(end, len(env.lines))):
        col = env.lines[index].find(needle)
        if col >= 0:
            return Loc(env.path, env.first_line + index, col + 1)
    return Loc(env.path, env.first_line + start, 1)


def fact_links(state: StateCore) -> None:
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
    # hidden characters get into tokens from the source text or from character references, never otherwise
    suspect = "&" in block.content or has_forbidden_character(block.content)
    if not suspect and not any(token.type in _REWRITTEN for token in children):
        return children  # plain text and emphasis: nothing to check or resolve
    result: list[Token] = []
    index, count = 0, len(children)
    while index < count:
        token = children[index]
        if suspect:
            hidden = (FORBIDDEN.search(token.content or "")
                      or FORBIDDEN.search(" ".join(str(v) for v in (token.attrs or {}).values())))
            if hidden:
                char = hidden.group()
                env.problems.append(Problem(_where(env, block, "&#"), f"character U+{ord(char):04X} is not allowed",
                                            "remove the character reference; it hides or reorders text"))
                token.content = FORBIDDEN.sub("", token.content or "")
        if token.type != "link_open":
            if token.type == "image" and env.image is not None:
                src = token.attrGet("src") or ""
                new_src = env.image(src, _where(env, block, src))
                token.attrSet("src", new_src or "")
            result.append(token)
            index += 1
            continue
        match = FACT_LINK.match(token.attrGet("href") or "")
        if not match:
            href = token.attrGet("href") or ""
            scheme = SCHEME.match(href)
            if scheme and scheme.group(1).lower() in ("source", "event", "quote", "figure"):
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
        if env.uses is not None:
            env.uses.append((kind, record_id, _where(env, block, match.group(0))))
        token.attrSet("href", target.href)
        token.attrSet("class", f"fact fact--{kind}")
        markers = _differ_marker(target.href) if target.differ and not inner else ""
        if not inner:
            text = Token("text", "", 0)
            text.content = target.words
            inner = [text]
        result.extend([token, *inner, children[close]])
        if env.cite is not None:
            markers += _cite_markers(env.cite(target.sources, place))
        if markers:  # our own markup around escaped ids: one token instead of three per link
            marker = Token("html_inline", "", 0)
            marker.content = markers
            result.append(marker)
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


def _differ_marker(href: str) -> str:
    return f' <a href="{escapeHtml(href)}" class="differ">(estimates differ)</a>'


def _cite_markers(cites: list[tuple[int, str, str]]) -> str:
    return "".join(f'<a href="#source-{escapeHtml(source_id)}" id="{escapeHtml(anchor)}">[{int(number)}]</a>'
                   for number, source_id, anchor in cites)
