"""The common subset of block YAML read directly, line by line; anything outside it is left to libyaml.

Story files are mostly block mappings and sequences of one-line scalars. Reading those without libyaml's
Python-level node objects costs about a quarter as much. The subset is deliberately narrow: a text with
any construct not listed below returns None and goes through libyaml, which also reports every error.
Tests compare the two on generated and mutated documents.

In the subset: block mappings whose keys are plain words; block sequences (`- `), including a mapping
started on the dash line and a sequence at its parent key's indentation; one-line plain scalars;
one-line quoted scalars (escapes only for quotes, backslashes and slashes); one-line flow sequences of plain words and flow mappings of plain words to plain values; comments and blank lines.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_NUMBER_START = frozenset("+-.0123456789")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS = _NULLS | set(_BOOLS)
_LONGEST_INT = 4000  # Python refuses to convert more than 4300 digits

# characters libyaml treats specially or rejects anywhere in a text: tabs, CR, other line breaks, BOM,
# and anything outside the printable set; bidirectional controls too, which the full path refuses in double quotes
_OUTSIDE_CLASS = ("[^\n\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                  "\U00010000-\U0010ffff]")
_MARKERS = ("---", "...", "%")
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]{0,1023}):(?: +|\Z)")  # libyaml: a key of at most 1024 characters
# first characters a plain scalar may not start with (YAML indicators), or that this subset leaves to libyaml
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_TEXT_START = _NOT_PLAIN_START | _NUMBER_START  # what a value needs inline() for: anything but plain text
_QUOTE_OR_ESCAPE = re.compile(r'["\\]')
_FLOW_ITEM_BAD = frozenset("#'\"{}[]:&*!|>%@`?")
_FLOW_VALUE_BAD = _FLOW_ITEM_BAD - {":"}  # a mapping's value may hold a colon not followed by a space (URLs)
MAX_DEPTH = 64  # nesting and size limits, shared with the full path, which reports texts that pass them
MAX_ITEMS = 10_000


class _Outside(Exception):
    """The text uses something outside the subset."""


def plain_scalar(text: str) -> tuple[Any, bool]:
    """YAML 1.1 core typing of a plain scalar as the schemas need it: (value, whether it was typed)."""
    if text in _NULLS:
        return None, True
    if text in _BOOLS:
        return _BOOLS[text], True
    if not text or text[0] not in _NUMBER_START:
        return text, False
    if _INT.match(text):
        if len(text) > _LONGEST_INT:
            return text, False  # no count has that many digits: the schema reports a text where a number belongs
        return int(text), True
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        number = float(text)
        return (int(number) if number.is_integer() and abs(number) < 2**53 else number), True
    return text, False


@functools.cache
def outside_pattern() -> re.Pattern:
    return re.compile(_OUTSIDE_CLASS)  # ~10 ms to compile (the ranges reach U+10FFFF): only when a text needs it


_INSIDE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def inside_character_set(text: str) -> bool:
    """No character outside the set; ASCII text is checked by deleting the bytes the set lets through."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _INSIDE_ASCII)
    return outside_pattern().search(text) is None


def parse_subset(text: str, line_offset: int = 0):
    """(data, marks, key_marks, raw) for a text in the subset, else None. Lines and columns are 1-based."""
    if not inside_character_set(text):
        return None
    try:
        return _Reader(text, line_offset).document()
    except _Outside:
        return None


class _Reader:
    def __init__(self, text: str, line_offset: int):
        if text.startswith(_MARKERS) or any(f"\n{marker}" in text for marker in _MARKERS):
            raise _Outside  # document markers and directives
        self.offset = line_offset + 1
        # [line index, column where the content starts, content] for every line that holds something,
        # then a sentinel whose column is below any indentation, so every block ends there
        self.lines: list[list] = []
        for index, line in enumerate(text.split("\n")):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                self.lines.append([index, len(line) - len(content), content.rstrip(" ")])
        self.lines.append([-1, -1, "\0"])
        self.pos = 0
        self.marks: dict[tuple, tuple[int, int]] = {}
        self.key_marks: dict[tuple, tuple[int, int]] = {}
        self.raw: dict[tuple, str] = {}

    def document(self):
        data = None
        if len(self.lines) > 1:
            data = self.node(self.lines[0][1], (), 0)
            if self.pos != len(self.lines) - 1:
                raise _Outside
        return data, self.marks, self.key_marks, self.raw

    def node(self, indent: int, path: tuple, depth: int) -> Any:
        """A block node whose first line is the current one, at `indent`."""
        if depth >= MAX_DEPTH:
            raise _Outside
        content = self.lines[self.pos][2]
        if _is_dash(content):
            return self.sequence(indent, path, depth)
        if _KEY.match(content):
            return self.mapping(indent, path, depth)
        raise _Outside

    def sequence(self, indent: int, path: tuple, depth: int) -> list:
        lines = self.lines
        self.marks[path] = (lines[self.pos][0] + self.offset, indent + 1)
        items: list = []
        while True:
            line = lines[self.pos]
            index, column, content = line
            if column != indent or not _is_dash(content):
                break
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "#":
                raise _Outside  # the item's value on the lines below: rare, left to libyaml
            start = column + len(content) - len(rest)
            item_path = path + (len(items),)
            if _KEY.match(rest) or _is_dash(rest):
                line[1], line[2] = start, rest  # the item's block starts on the dash line
                items.append(self.node(start, item_path, depth + 1))
            else:
                items.append(self.inline(rest, index, start, item_path))
                self.pos += 1
                if lines[self.pos][1] > indent:
                    raise _Outside  # a continuation line, or an error: either way libyaml's to read
            if len(items) > MAX_ITEMS:
                raise _Outside
        return items

    def mapping(self, indent: int, path: tuple, depth: int) -> dict:
        lines, marks, key_marks, offset, key_match = self.lines, self.marks, self.key_marks, self.offset, _KEY.match
        pos = self.pos
        marks[path] = (lines[pos][0] + offset, indent + 1)
        result: dict[str, Any] = {}
        while True:
            index, column, content = lines[pos]
            if column != indent:
                break
            match = key_match(content)
            if match is None:
                raise _Outside
            key = match.group(1)
            if key in result or len(result) >= MAX_ITEMS:
                raise _Outside  # duplicates and limits are reported by the full path
            key_path = path + (key,)
            key_marks[key_path] = (index + offset, column + 1)
            end = match.end()
            rest = content[end:]
            pos += 1
            if rest and rest[0] != "#":
                if rest[0] not in _NOT_TEXT_START and " #" not in rest and ": " not in rest \
                        and rest[-1] != ":" and rest not in _WORDS:
                    marks[key_path] = (index + offset, column + end + 1)  # plain text, as inline() reads it
                    result[key] = rest
                else:
                    result[key] = self.inline(rest, index, column + end, key_path)
                if lines[pos][1] > indent:
                    raise _Outside  # a continuation line, or an error: either way libyaml's to read
                continue
            below = lines[pos]
            if not (below[1] > indent or below[1] == indent and _is_dash(below[2])):
                raise _Outside  # an empty value (null): left to libyaml
            self.pos = pos
            result[key] = self.node(below[1], key_path, depth + 1)
            pos = self.pos
        self.pos = pos
        return result

    def inline(self, rest: str, index: int, column: int, path: tuple) -> Any:
        """A value that starts at `column` of line `index` and ends on it."""
        self.marks[path] = (index + self.offset, column + 1)
        first = rest[0]
        if first in _NOT_PLAIN_START:
            if first == '"':
                return _double_quoted(rest)
            if first == "'":
                return _single_quoted(rest)
            if first == "[":
                return self.flow_sequence(rest, index, column, path)
            if first == "{":
                return self.flow_mapping(rest, index, column, path)
            raise _Outside
        if " #" in rest:
            rest = rest[:rest.index(" #")].rstrip(" ")
        if ": " in rest or rest[-1] == ":":
            raise _Outside
        if first in _NUMBER_START or rest in _WORDS:
            value, typed = plain_scalar(rest)
            if typed:
                self.raw[path] = rest
            return value
        return rest

    def flow_sequence(self, rest: str, index: int, column: int, path: tuple) -> list:
        items = []
        for offset, item in _flow_words(rest, "]"):
            if item[0] in _NOT_PLAIN_START or not _FLOW_ITEM_BAD.isdisjoint(item):
                raise _Outside
            items.append(self.flow_scalar(item, index, column + offset, path + (len(items),)))
        if len(items) > MAX_ITEMS:
            raise _Outside
        return items

    def flow_mapping(self, rest: str, index: int, column: int, path: tuple) -> dict:
        """A one-line flow mapping of plain words to plain values: {name: Desk, url: https://example.org/}."""
        result: dict[str, Any] = {}
        for offset, item in _flow_words(rest, "}"):
            match = _KEY.match(item)
            if match is None or match.end() == len(item):
                raise _Outside
            key, value = match.group(1), item[match.end():]
            if key in result or value[0] in _NOT_PLAIN_START or ": " in value or value.endswith(":") \
                    or not _FLOW_VALUE_BAD.isdisjoint(value):
                raise _Outside
            key_path = path + (key,)
            self.key_marks[key_path] = (index + self.offset, column + offset + 1)
            result[key] = self.flow_scalar(value, index, column + offset + match.end(), key_path)
        if len(result) > MAX_ITEMS:
            raise _Outside
        return result

    def flow_scalar(self, text: str, index: int, column: int, path: tuple) -> Any:
        self.marks[path] = (index + self.offset, column + 1)
        value, typed = plain_scalar(text)
        if typed:
            self.raw[path] = text
        return value


def _double_quoted(rest: str) -> str:
    r"""A one-line double-quoted scalar whose only escapes are \" \\ and \/."""
    pieces = []
    start = 1
    while True:
        match = _QUOTE_OR_ESCAPE.search(rest, start)
        if match is None:
            raise _Outside
        end = match.start()
        pieces.append(rest[start:end])
        if match.group() == '"':
            break
        escaped = rest[end + 1:end + 2]
        if escaped not in ('"', "\\", "/"):
            raise _Outside
        pieces.append(escaped)
        start = end + 2
    if not _ends_value(rest, end + 1):
        raise _Outside
    return "".join(pieces)


def _is_dash(content: str) -> bool:
    """A block sequence entry: '-' alone or followed by a space."""
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def _flow_words(rest: str, closing: str) -> list[tuple[int, str]]:
    """The comma-separated pieces of a one-line flow collection, each with its offset in `rest`."""
    end = rest.find(closing)
    if end < 0 or not _ends_value(rest, end + 1):
        raise _Outside
    inner = rest[1:end]
    if not inner.strip(" "):
        return []
    pieces, offset = [], 1
    for part in inner.split(","):
        item = part.strip(" ")
        if not item:
            raise _Outside
        pieces.append((offset + part.index(item), item))
        offset += len(part) + 1
    return pieces


def _single_quoted(rest: str) -> str:
    end = 1
    while True:
        end = rest.find("'", end)
        if end < 0:
            raise _Outside
        if not rest.startswith("''", end):
            break
        end += 2
    if not _ends_value(rest, end + 1):
        raise _Outside
    return rest[1:end].replace("''", "'")


def _ends_value(rest: str, end: int) -> bool:
    """After a closing quote or bracket: nothing, or a comment set off by a space."""
    tail = rest[end:]
    return not tail or tail[0] == " " and tail.lstrip(" ")[:1] in ("", "#")
