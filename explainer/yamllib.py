"""YAML outside the direct subset: libyaml's nodes checked and converted by our own code, with located errors."""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

from .problems import Loc, Problem
from .yamlfast import MAX_DEPTH, MAX_ITEMS, plain_scalar
from .yamlfile import FORBIDDEN, Path_, YamlDoc, YamlError, _line_col

_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
# libyaml's composer recurses in C; beyond ~20,000 levels it overflows the stack, so texts that
# could nest that deep are measured with the (iterative) event parser before composing.
_SAFE_NESTING_BOUND = 10_000


class _Loader(yaml.CSafeLoader):
    """libyaml's parser without PyYAML's implicit typing (which runs in Python per scalar): we type scalars ourselves."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")


def parse_with_libyaml(text: str, path: str, line_offset: int = 0) -> YamlDoc:
    try:
        if _nesting_bound(text) > _SAFE_NESTING_BOUND or "&" in text:
            _check_events(text, path, line_offset)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(exc, path, line_offset, text)) from None
    except yaml.YAMLError as exc:  # ReaderError: bad characters, located by position
        position = getattr(exc, "position", 0) or 0
        line, col = _line_col(text, position)
        raise YamlError(Problem(Loc(path, line + line_offset, col), f"YAML: {exc}")) from None
    doc = YamlDoc(path, None)
    if node is not None:
        doc.data = _Converter(doc, line_offset).convert(node, (), 0)
    return doc


def _nesting_bound(text: str) -> int:
    # every nesting level needs an opening bracket or a block indicator ('-', ':' or '?')
    return sum(text.count(c) for c in "[{-:?")


def _check_events(text: str, path: str, line_offset: int) -> None:
    """Depth and anchors, from libyaml's (iterative) event stream: nodes do not record anchors."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if getattr(event, "anchor", None) is not None:
            mark = event.start_mark
            raise YamlError(Problem(Loc(path, mark.line + 1 + line_offset, mark.column + 1),
                                    "anchors and aliases are not allowed", "write the value out in full"))
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlError(Problem(Loc(path, mark.line + 1 + line_offset, mark.column + 1),
                                        f"nesting deeper than {MAX_DEPTH} levels"))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


_UNCLOSED = {"while parsing a flow sequence": "this '[' list", "while parsing a flow mapping": "this '{' mapping",
             "while scanning a quoted scalar": "this quoted text"}


def _char_at(text: str, mark) -> str:
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, line_offset: int, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    context = exc.context or ""
    hints = []
    message = f"YAML syntax: {problem or context}"
    opened = next((words for start, words in _UNCLOSED.items() if context.startswith(start)), None)
    if opened and exc.context_mark is not None and exc.problem_mark is not None:
        # the fix belongs where the bracket or quote opens, not where libyaml gave up
        noticed = exc.problem_mark.line + 1 + line_offset
        mark = exc.context_mark
        message = f"YAML syntax: {opened} is not closed"
        hints.append(f"close it; the file stops making sense at line {noticed} ({problem})")
    elif context.startswith("while parsing a block") and exc.context_mark is not None:
        hints.append(f"check this line's indentation against line {exc.context_mark.line + 1 + line_offset}")
    elif context and exc.context_mark is not None and exc.context_mark is not mark:
        hints.append(f"{context} that starts at line {exc.context_mark.line + 1 + line_offset}")
    line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1, 1)
    if _char_at(text, exc.problem_mark) == "\t" or "'\\t'" in problem:
        hints.append("indent with spaces, not tabs")
    elif "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        hints.append("check this line's indentation, and put text that contains ': ' in quotes")
    elif "expected a single document" in context:
        hints.append("remove the '---' line: each file holds one document")
    return Problem(Loc(path, line, col), message, "; ".join(hints) or None)


class _Converter:
    """Node tree to Python values. Aliases cannot reach it: a text with '&' is first checked for anchors."""

    def __init__(self, doc: YamlDoc, line_offset: int):
        self.doc = doc
        self.offset = line_offset + 1
        self.marks = doc.marks
        self.key_marks = doc.key_marks

    def fail(self, node, message: str, hint: str | None = None):
        mark = node.start_mark
        raise YamlError(Problem(Loc(self.doc.path, mark.line + self.offset, mark.column + 1), message, hint))

    def convert(self, node, path: Path_, depth: int, _seen=None) -> Any:
        if node.tag not in _CORE_TAGS:
            self.fail(node, f"YAML tags are not allowed ('{node.tag.replace(_TAG, '!!')}')",
                      "remove the tag; the schema decides each field's type")
        mark = node.start_mark
        self.marks[path] = (mark.line + self.offset, mark.column + 1)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self.scalar(node, path)
        if depth >= MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
        if len(node.value) > MAX_ITEMS:
            self.fail(node, f"{'list' if kind is yaml.SequenceNode else 'mapping'} has more than {MAX_ITEMS} "
                            f"{'items' if kind is yaml.SequenceNode else 'keys'}")
        if kind is yaml.SequenceNode:
            return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _CORE_TAGS \
                    or key_node.style == '"' and FORBIDDEN.search(key_node.value):
                self.fail(key_node, "keys must be plain words")
            key = key_node.value
            key_path = path + (key,)
            if key in result:
                self.fail(key_node, f"duplicate key '{key}' (first at line {self.key_marks[key_path][0]})")
            key_mark = key_node.start_mark
            self.key_marks[key_path] = (key_mark.line + self.offset, key_mark.column + 1)
            result[key] = self.convert(value_node, key_path, depth + 1)
        return result

    def scalar(self, node, path: Path_) -> Any:
        text = node.value
        style = node.style
        if style:
            if style == '"' and FORBIDDEN.search(text):
                char = FORBIDDEN.search(text).group()
                self.fail(node, f"character U+{ord(char):04X} ({unicodedata.name(char, 'control character')}) "
                                "is not allowed", "remove the escape sequence; invisible control and text-direction "
                                                  "characters can hide or reorder text")
            return text
        value, typed = plain_scalar(text)
        if typed:
            self.doc.raw[path] = text
        return value
