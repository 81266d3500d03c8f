"""Safe, line-aware YAML reading: files, their characters, the located document, front matter (parsing: yamlfast, yamllib)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .problems import Loc, Problem
from .yamlfast import parse_subset

MAX_FILE_BYTES = 1024 * 1024

# C0 controls other than tab/newline/CR, DEL, C1 controls, and bidirectional overrides/isolates
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Path_ = tuple


@dataclass(slots=True)
class YamlDoc:
    """Converted data plus the line and column of every value and mapping key."""

    path: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def loc(self, path: Path_ = (), *, key: bool = False) -> Loc:
        """Location of the value at `path` (or of its key); falls back to the nearest enclosing value."""
        path = tuple(path)
        if key and path in self.key_marks:
            return Loc(self.path, *self.key_marks[path])
        while path not in self.marks and path:
            path = path[:-1]
        line, col = self.marks.get(path, (1, 1))
        return Loc(self.path, line, col)


class YamlError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def decode(raw: bytes, path: str, line_offset: int = 0) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a UTF-8 BOM is dropped), with forbidden characters located."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(Loc(path), "file is UTF-16 encoded", "save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        bad = raw[exc.start : exc.start + 1].hex()
        return None, [Problem(Loc(path, line + line_offset, col), f"not valid UTF-8 (byte 0x{bad})",
                              "save the file as UTF-8")]
    return text, forbidden_characters(text, path, line_offset)


_ALLOWED_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def has_forbidden_character(text: str) -> bool:
    """Whether FORBIDDEN matches. In ASCII text (no C1 or bidi characters) only controls can: deleting every
    allowed byte leaves them, at a fraction of a regex's or str.isprintable's cost per character."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ALLOWED_ASCII))
    return FORBIDDEN.search(text) is not None


def forbidden_characters(text: str, path: str, line_offset: int = 0) -> list[Problem]:
    if not has_forbidden_character(text):
        return []
    problems = []
    for match in FORBIDDEN.finditer(text):
        char = match.group()
        name = unicodedata.name(char, "control character")
        line, col = _line_col(text, match.start())
        problems.append(Problem(Loc(path, line + line_offset, col),
                                f"character U+{ord(char):04X} ({name}) is not allowed",
                                "delete it; invisible control and text-direction characters can hide or reorder text"))
        if len(problems) >= 10:
            break
    return problems


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def parse_yaml(text: str, path: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document into a YamlDoc; raises YamlError (located) on any problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise YamlError(Problem(Loc(path), f"file is larger than {MAX_FILE_BYTES // 1024} KiB",
                                "split the story or shorten the file"))
    subset = parse_subset(text, line_offset)
    if subset is not None:
        return YamlDoc(path, *subset)
    from .yamllib import parse_with_libyaml  # PyYAML's import costs ~15 ms; sites in the subset never need it
    return parse_with_libyaml(text, path, line_offset)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split `---` front matter from a Markdown body: (yaml_text, body, body_first_line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise YamlError(Problem(Loc(path), "article must start with front matter between '---' lines",
                                "did you forget the '---' line above the title?"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), index + 2
    raise YamlError(Problem(Loc(path), "front matter is not closed",
                            "add a '---' line after the last front-matter field"))
