"""Fast paths for markdown-it's parsers: paragraphs and headings, and inline text, plain-label links, word emphasis
and line breaks, token for token as markdown-it makes them; anything else is left to markdown-it."""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.block import block as markdown_it_blocks
from markdown_it.token import Token

# A line that can only start or continue a paragraph does not begin with any of these: headings, quotes, lists,
# rules, setext underlines, fences, indented code, tables, raw HTML, underscores, notes and numbered list items
_BLOCK_START = frozenset("#>-*+=|`~ \t<_0123456789[")
_HEADING = re.compile(r"(#{1,6})[ \t]+([^#\n]*)\Z")
_NUMBERED_ITEM = re.compile(r"[0-9]+[.)]")
_EMPHASIS_FIRST = re.compile(r"\*+[^*\s]")  # stars before a word start no list item and no rule
_LINK_FIRST = re.compile(r"\[[^\[\]^\n]*\]\(")  # a line starting with an inline link cannot be a reference


def parse_blocks(state: StateCore) -> None:
    """The core `block` rule: paragraphs and headings split here, the blocks between them by markdown-it.

    A blank line followed by a line that starts no other block ends every block but a fenced one, so a document
    without fences can be cut there; markdown-it parses each stretch of other blocks with the same `env`.
    """
    src = state.src
    if state.inlineMode or "```" in src or "~~~" in src:
        markdown_it_blocks(state)
        return
    lines = src.split("\n")
    count = len(lines)
    other = None  # where the stretch of blocks left to markdown-it begins
    start = 0
    while start < count:
        if not lines[start].strip(" \t"):
            start += 1
            continue
        end = start + 1
        while end < count and lines[end].strip(" \t"):
            end += 1
        tokens = simple_block(lines, start, end)
        if tokens is None:
            other = start if other is None else other
        else:
            if other is not None:
                _markdown_it_blocks(state, lines, other, start)
                other = None
            state.tokens.extend(tokens)
        start = end
    if other is not None:
        _markdown_it_blocks(state, lines, other, count)


def _markdown_it_blocks(state: StateCore, lines: list[str], start: int, end: int) -> None:
    tokens: list[Token] = []
    # a stretch followed by more blocks ends in a blank line, which markdown-it counts in a list's lines
    text = "\n".join(lines[start:end]) + ("\n" if end < len(lines) else "")
    state.md.block.parse(text, state.md, state.env, tokens)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + start, token.map[1] + start]
    state.tokens.extend(tokens)


def simple_block(lines: list[str], start: int, end: int) -> list[Token] | None:
    """The tokens markdown-it makes for the lines from `start` to a blank line at `end`, when they are headings and
    one paragraph; None for any other block."""
    tokens: list[Token] = []
    while start < end and lines[start][0] == "#":
        heading = _HEADING.match(lines[start])
        content = mdTrim(heading.group(2)) if heading and "|" not in lines[start] else ""
        if not content:
            return None  # an empty heading, one with a closing sequence or a '#' in its text, or a table
        _block(tokens, "heading", "h%d" % len(heading.group(1)), [start, start + 1], content, heading.group(1))
        start += 1
    if start == end:
        return tokens
    first = lines[start]
    if first[0] == "[" and not _LINK_FIRST.match(first):
        return None  # perhaps a reference or a note's definition
    for line in lines[start:end]:
        if not _may_continue(line) or "|" in line:
            return None
    _block(tokens, "paragraph", "p", [start, end], mdTrim("\n".join(lines[start:end])), "")
    return tokens


def _may_continue(line: str) -> bool:
    first = line[0]
    if first == "[":
        return not line.startswith("[^")
    if first == "*":
        return _EMPHASIS_FIRST.match(line) is not None
    return first not in _BLOCK_START or first.isdigit() and not _NUMBERED_ITEM.match(line)


def one_paragraph(text: str) -> list[Token]:
    """The tokens markdown-it's block parser makes for one line of text that starts no other block."""
    tokens: list[Token] = []
    _block(tokens, "paragraph", "p", [0, 1], mdTrim(text), "")
    return tokens


def _block(tokens: list[Token], kind: str, tag: str, lines: list[int], content: str, markup: str) -> None:
    tokens.append(_token(kind + "_open", tag, 1, 0, "", markup, None, lines, None, True))
    tokens.append(_token("inline", "", 0, 1, content, "", None, list(lines), [], True))
    tokens.append(_token(kind + "_close", tag, -1, 0, "", markup, None, None, None, True))


# Each character that may start inline syntax; the tokenizer below decides what it starts. Text between them is
# plain. A regular expression of alternatives would try each at every character, so only this class is searched.
_SPECIAL = re.compile(r"[\[\]*\n`<\\_~^\r\x00&!]")

# A link whose label is plain text and whose destination has no space, bracket or control character: no title
_LINK = re.compile(r"\[([^\[\]*\n]*)\]\(([^()<\s\x00-\x1f\x7f]+)\)")
_LABEL_SYNTAX = re.compile(r"[`<\\_~^\r\x00]|&[#A-Za-z0-9]|!\[")

_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_ENTITY_START = _WORD | {"#"}  # '&' before these may start a character reference
_BEFORE_OPENER = frozenset(" \n(")
_PUNCTUATION = frozenset(".,;:!?)'\"")
_AFTER_CLOSER = _PUNCTUATION | {" ", "\n"}


def parse_inlines(state: StateCore) -> None:
    """The core `inline` rule: each inline token's children, by the fast path where it applies."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            children = simple_inline(token.content, md)
            if children is None:
                md.inline.parse(token.content, md, state.env, token.children)
            else:
                token.children.extend(children)


def simple_inline(text: str, md: MarkdownIt) -> list[Token] | None:
    """The tokens markdown-it's inline parser makes for `text`, or None when `text` uses anything else."""
    tokens: list[Token] = []
    level = start = 0  # start: where the text not yet in a token begins
    opener = None  # the star run of the emphasis that is open
    for special in _SPECIAL.finditer(text):
        at = special.start()
        if at < start:
            continue  # inside a link already taken
        char = text[at]
        if char == "*":
            end = at + 1
            while end < len(text) and text[end] == "*":
                end += 1
            stars = text[at:end]
            before = text[at - 1] if at else " "
            after = text[end] if end < len(text) else " "
            if len(stars) > 2:
                return None
            if opener is None and before in _BEFORE_OPENER and after in _WORD:
                opener = stars
                _text(tokens, text[start:at], level)
                tokens.append(_emphasis("_open", 1, stars, level))
                level += 1
            elif opener == stars and after in _AFTER_CLOSER and (
                    before in _WORD or (before in _PUNCTUATION and after in " \n")):
                opener = None
                _text(tokens, text[start:at], level)
                level -= 1
                tokens.append(_emphasis("_close", -1, stars, level))
            else:
                return None
            start = end
        elif char == "\n":
            if opener is not None:
                return None  # emphasis across lines: left to markdown-it
            plain = text[start:at]
            kept = plain.rstrip(" ")  # spaces before a line break are dropped; two or more make it a hard break
            _text(tokens, kept, level)
            tokens.append(_token("hardbreak" if len(plain) - len(kept) > 1 else "softbreak", "br", 0, level))
            start = at + 1
            while start < len(text) and text[start] in " \t":
                start += 1
        elif char == "[":
            link = _LINK.match(text, at)
            if link is None:
                return None  # a reference link, a nested label, a title or a destination in brackets
            label, href = link.groups()
            target = md.normalizeLink(href)
            if "\\" in href or "&" in href or _LABEL_SYNTAX.search(label) or not md.validateLink(target):
                return None
            _text(tokens, text[start:at], level)
            tokens.append(_token("link_open", "a", 1, level, "", "", {"href": target}))
            _text(tokens, label, level + 1)
            tokens.append(_token("link_close", "a", -1, level))
            start = link.end()
        elif char == "&":
            if text[at + 1:at + 2] in _ENTITY_START:
                return None
        elif char == "!":
            if text[at + 1:at + 2] == "[":
                return None
        else:
            return None  # code, an escape, an autolink, underscores, strikethrough, a note, a stray bracket
    if opener is not None:
        return None
    _text(tokens, text[start:], level)
    return tokens


def _emphasis(suffix: str, nesting: int, stars: str, level: int) -> Token:
    tag = "em" if len(stars) == 1 else "strong"
    return _token(tag + suffix, tag, nesting, level, "", stars)


def _text(tokens: list[Token], content: str, level: int) -> None:
    if content:
        tokens.append(_token("text", "", 0, level, content))


# Tokens are made by setting their fields: the dataclass constructor costs three times as much, and a story makes a
# few hundred. Should markdown-it's Token have other fields, its constructor is used instead.
_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info", "meta", "block",
           "hidden")
_BY_FIELDS = tuple(field.name for field in dataclasses.fields(Token)) == _FIELDS


def _token(kind: str, tag: str, nesting: int, level: int = 0, content: str = "", markup: str = "",
           attrs: dict | None = None, lines: list[int] | None = None, children: list | None = None,
           block: bool = False) -> Token:
    if not _BY_FIELDS:
        return Token(kind, tag, nesting, attrs=attrs or {}, map=lines, level=level, children=children,
                     content=content, markup=markup, block=block)
    token = Token.__new__(Token)
    token.type, token.tag, token.nesting, token.attrs, token.map = kind, tag, nesting, attrs or {}, lines
    token.level, token.children, token.content, token.markup, token.info = level, children, content, markup, ""
    token.meta, token.block, token.hidden = {}, block, False
    return token
