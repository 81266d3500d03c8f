"""Quotation verification: each quote must occur in its source's local archive after normalising typography."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .load import read_file
from .model import Quote, Story
from .problems import Problem
from .yamlfile import decode

_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                            "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                            "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2012": "-",
                            "\u2010": "-", "\u2011": "-", "\u2212": "-"})


_MARKS = tuple((chr(code), mark) for code, mark in _TRANSLATE.items())


def normalise(text: str) -> str:
    """White space to one space; quote marks, apostrophes and dashes to one form each; '...' to '…'."""
    if not text.isascii():  # as text.translate(_TRANSLATE), which looks up every character of the text in a dict
        for char, mark in _MARKS:
            text = text.replace(char, mark)
    text = text.replace("...", "\u2026")
    return " ".join(text.split())  # str.split() splits on exactly the characters \s matches


def archive_text(path: Path) -> str:
    text, _ = decode(read_file(path), str(path))
    text = text or ""
    if path.suffix.lower() in (".html", ".htm"):
        from .archive_html import visible_text  # html.parser, for the archives that are web pages
        text = visible_text(text)
    return normalise(text)


@dataclass(slots=True)
class Verification:
    """Which quotations their archives confirm, which have no archive, and the problems found."""

    verified: dict[str, str] = field(default_factory=dict)
    unverified: list[Quote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def verify_story(story: Story, root: Path) -> Verification:
    result = Verification()
    texts: dict[str, str] = {}
    for quote in story.quotes:
        source = story.source(quote.source)
        if not source.archive:
            result.unverified.append(quote)
            continue
        if source.archive not in texts:
            texts[source.archive] = archive_text(root / story.folder / source.archive)
        archive = texts[source.archive]
        wanted = normalise(quote.text)
        if wanted in archive:
            day = source.accessed
            when = f", retrieved {day.day} {day:%B %Y}" if day else ""
            result.verified[quote.id] = f"Checked against the archived text of {source.publisher}{when}"
            continue
        passage, differences = closest_passage(wanted, archive)
        result.problems.append(Problem(
            quote.loc, f"quote '{quote.id}' does not occur in the archive of source '{source.id}': {differences}",
            f"closest passage in {source.archive}: “{passage}”"))
    return result


def closest_passage(quote: str, archive: str) -> tuple[str, str]:
    """The archive passage most like the quote, and its differing words in plain language."""
    import difflib  # only for a quotation that its archive does not hold

    wanted = quote.split(" ")
    words = archive.split(" ")
    size = len(wanted)
    elided = "\u2026" in quote  # an ellipsis may stand for many words: let the passage grow to find them
    widths = range(max(1, size - 2), size + (40 if elided else 3))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best_key, best = None, (0, size)
    for start in _likely_starts(wanted, words, widths[-1]):
        for width in widths:
            window = words[start : start + width]
            matcher.set_seq1(window)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            ends = (window[:1] == wanted[:1]) + (window[-1:] == wanted[-1:])
            key = (matched, ends, 0 if elided else -abs(width - size), matcher.ratio())
            if best_key is None or key > best_key:
                best_key, best = key, (start, width)
    passage = words[best[0] : best[0] + best[1]]
    return " ".join(passage), _differences(wanted, passage)


def _likely_starts(wanted: list[str], words: list[str], span: int, keep: int = 12) -> list[int]:
    """Start positions whose next `span` words share the most words with the quote (prefix sums)."""
    wanted_set = set(wanted)
    prefix = [0]
    for word in words:
        prefix.append(prefix[-1] + (word in wanted_set))
    scores = sorted(((prefix[min(len(words), start + span)] - prefix[start], -start) for start in range(len(words))),
                    reverse=True)[:keep]
    return sorted({start + d for _, negative in scores for start in [-negative] for d in range(-3, 4)
                   if 0 <= start + d < len(words)})


def _differences(quote: list[str], passage: list[str]) -> str:
    import difflib

    changes = []
    matcher = difflib.SequenceMatcher(None, passage, quote, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        archived, quoted = " ".join(passage[a1:a2]), " ".join(quote[b1:b2])
        if op == "replace":
            if "\u2026" in quoted:
                changes.append(f"the quotation has “{quoted}” where the archive has “{archived}” (an ellipsis hides words)")
            else:
                changes.append(f"“{quoted}” in the quotation, “{archived}” in the archive")
        elif op == "delete":
            changes.append(f"“{archived}” is missing from the quotation")
        elif op == "insert":
            changes.append(f"“{quoted}” is not in the archive")
    return "; ".join(changes) or "the words match but not in one passage"
