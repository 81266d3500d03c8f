"""Field-level checks shared by the validators: dates, ISO days, URLs, files inside a story folder."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .dates import DateError, EDTFDate, parse_edtf
from .load import inside
from .problems import Loc, Problems

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
ARCHIVE_TYPES = (".txt", ".md", ".html", ".htm")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`]")


def edtf(value, loc: Loc, problems: Problems, field: str) -> EDTFDate | None:
    try:
        return parse_edtf(value)
    except DateError as exc:
        problems.error(loc, f"'{field}': {exc.message}", exc.hint)
        return None


def iso_day(value, loc: Loc, problems: Problems, field: str, *, allow_time: bool = False) -> datetime.date | None:
    """An ISO date, or (when allowed) a date-time with a UTC offset; returns its calendar day."""
    text = str(value)
    try:
        if allow_time and "T" in text:
            moment = datetime.datetime.fromisoformat(text)
            if moment.tzinfo is None:
                problems.error(loc, f"'{field}': date-time '{text}' has no UTC offset",
                               f"add one, e.g. {text}+00:00")
                return None
            return moment.date()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        example = "2026-03-14 or 2026-03-14T09:00:00+00:00" if allow_time else "2026-03-14"
        problems.error(loc, f"'{field}': '{text}' is not a valid ISO date", f"write it like {example}")
        return None


_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%/?#-]*)?\Z")


def plain_web_url(value: str) -> bool:
    """An http(s) URL with a host made of letters, digits, dots and hyphens and no character web_url refuses;
    web_url accepts every such URL, so callers can skip it (and finding its location) for them."""
    return _PLAIN_WEB_URL.match(value) is not None


def web_url(value: str, loc: Loc, problems: Problems, field: str, *, schemes=("http", "https")) -> bool:
    """An absolute URL with an allowed scheme and a host; no spaces or control characters."""
    if _SPACE_OR_CONTROL.search(value):
        problems.error(loc, f"'{field}': URL contains spaces, quotes, angle brackets or control characters",
                       "remove them, or percent-encode them (a space is %20)")
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed or misplaced [ ] around an IPv6 host
        problems.error(loc, f"'{field}': '{value}' is not a valid URL", "write it like https://example.org/page")
        return False
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        shown = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        problems.error(loc, f"'{field}': URL has {shown}; only {' and '.join(schemes)} are allowed",
                       "write the full address, e.g. https://example.org/page")
        return False
    if scheme in ("http", "https") and not parts.hostname:
        problems.error(loc, f"'{field}': URL '{value}' has no host", "write it like https://example.org/page")
        return False
    return True


def _contained(path: Path, folder: Path, root: Path) -> bool:
    """`path` (lexically under `root`) stays inside `folder` and `root` with symlinks followed.

    Resolving costs an lstat per component of the absolute path; only a symlink at or below `root` can
    lead out, so those few components are looked at first and the full check runs only if one is a link."""
    current = str(root)
    for part in path.relative_to(root).parts:
        current = os.path.join(current, part)
        if os.path.islink(current):
            return inside(path, folder) and inside(path, root)
    return True


def story_file(value: str, folder: Path, root: Path, loc: Loc, problems: Problems, field: str,
               types: tuple[str, ...]) -> str | None:
    """A file named relative to the story folder, which exists and stays inside it."""
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or "\\" in value or ":" in value:
        problems.error(loc, f"'{field}': '{value}' must be a path inside the story folder",
                       "write the file name relative to the story folder, e.g. images/photo.jpg")
        return None
    if pure.suffix.lower() not in types:
        problems.error(loc, f"'{field}': '{value}' is not one of the allowed file types ({', '.join(types)})")
        return None
    path = folder / pure
    if not path.is_file():
        problems.error(loc, f"'{field}': file '{value}' not found in the story folder")
        return None
    if not _contained(path, folder, root):
        problems.error(loc, f"'{field}': '{value}' leads outside the story folder (symlink)",
                       "copy the file into the story folder")
        return None
    return pure.as_posix()
