"""Stage 1: find story folders and read their files into YAML documents, without interpreting them."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Loc, Problem, did_you_mean
from .yamlfile import YamlDoc, YamlError, decode, parse_yaml, split_front_matter

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
FACT_FILES = ("sources", "timeline", "figures", "quotes")
_TEXT_FILES = frozenset({"article.md", *(f"{kind}.yaml" for kind in FACT_FILES)})
MAX_MARKDOWN_BYTES = 256 * 1024
MAX_ASSET_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_STORY = 1000


def read_file(path: str | Path) -> bytes:
    """A file's bytes in four system calls (open, stat, read, close); open() and read() make eight."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) > size:  # it grew since the stat (or reports no size): read on to the end
            chunks = [data]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(fd)


def is_ignored(name: str) -> bool:
    """Hidden files, editor temp and backup files."""
    return (name.startswith((".", "_", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))
            or name == "4913" or name.endswith("#"))


@dataclass(slots=True)
class RawStory:
    """A story folder as read: its front matter, body and fact files as YAML documents, and its other files."""

    slug: str
    folder: str
    digest: str
    front: YamlDoc | None = None
    body: str = ""
    body_line: int = 1
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)


def relpath(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def inside(path: Path, root: Path) -> bool:
    """True when `path`, with every symlink followed, stays inside `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def discover_stories(root: Path) -> tuple[list[Path], list[Problem]]:
    """Story folders under content/, sorted; hidden and `_` folders skipped, bad names reported."""
    content = root / "content"
    problems: list[Problem] = []
    if not content.is_dir():
        return [], [Problem(Loc("content"), "no content/ folder", "create content/<slug>/article.md, or run: python build.py new <slug>")]
    folders = []
    for entry in sorted(os.scandir(content), key=lambda e: e.name):
        if entry.name.startswith((".", "_")):
            continue
        path = Path(entry.path)
        rel = f"content/{entry.name}"
        if entry.is_symlink() and not inside(path, root):
            problems.append(Problem(Loc(rel), "symlink leads outside the project", "copy the files into the project instead"))
        elif not entry.is_dir():
            if not is_ignored(entry.name) and not entry.name.upper().startswith(("README", "LICENSE", "COPYING")):
                problems.append(Problem(Loc(rel), "stray file in content/ is ignored: each story is a folder",
                                        "move it into content/<slug>/", "warning"))
        elif not SLUG.match(entry.name):
            suggestion = re.sub(r"[^a-z0-9]+", "-", entry.name.lower()).strip("-")[:80] or "story"
            problems.append(Problem(Loc(rel), f"folder name '{entry.name}' is not a valid slug",
                                    f"use lowercase letters, digits and hyphens (at most 80), e.g. '{suggestion}'"))
        else:
            folders.append(path)
    return folders, problems


def load_story(root: Path, folder: Path) -> tuple[RawStory | None, list[Problem]]:
    """Read one story folder: front matter, body, fact files, and the names of its other files."""
    rel = relpath(folder, root)
    problems: list[Problem] = []
    texts: dict[str, bytes] = {}
    files: dict[str, int] = {}
    unreadable: set[str] = set()
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    if len(entries) > MAX_FILES_PER_STORY:
        return None, [Problem(Loc(rel), f"more than {MAX_FILES_PER_STORY} files in the story folder")]
    for entry in entries:
        name = entry.name
        if is_ignored(name):
            continue
        if entry.is_symlink() and not inside(Path(entry.path), root):
            problems.append(Problem(Loc(f"{rel}/{name}"), "symlink leads outside the project",
                                    "copy the file into the story folder instead"))
            unreadable.add(name)
            continue
        if name in _TEXT_FILES:
            try:
                texts[name] = read_file(entry.path)
            except OSError as exc:  # a folder with a fact file's name, or no permission to read it
                problems.append(Problem(Loc(f"{rel}/{name}"), f"cannot read '{name}': {exc.strerror or exc}",
                                        f"'{name}' must be a readable file"))
                unreadable.add(name)
        elif name.endswith((".yaml", ".yml")):
            files[name] = entry.stat().st_size
            problems.append(Problem(Loc(f"{rel}/{name}"), f"unknown file '{name}' is ignored",
                                    did_you_mean(name, [f"{k}.yaml" for k in FACT_FILES]), "warning"))
        elif entry.is_dir():
            for sub in _walk(Path(entry.path), root, rel, problems):
                files[sub[0]] = sub[1]
        else:
            files[name] = entry.stat().st_size
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name] + b"\0")
    for name in sorted(files):
        digest.update(f"{name}\0{files[name]}\0".encode())
    story = RawStory(folder.name, rel, digest.hexdigest(), files=files,
                     unreadable={n.removesuffix(".yaml") for n in unreadable})
    if "article.md" not in texts:
        if "article.md" in unreadable:
            return None, problems
        problems.append(Problem(Loc(f"{rel}/article.md"), "story has no article.md",
                                "every story folder needs article.md with front matter and text"))
        return None, problems
    _read_article(story, texts["article.md"], problems)
    for kind in FACT_FILES:
        name = f"{kind}.yaml"
        if name in texts:
            doc = _read_yaml(texts[name], f"{rel}/{name}", problems)
            if doc is not None:
                story.docs[kind] = doc
            else:
                story.unreadable.add(kind)
    return story, problems


def _walk(path: Path, root: Path, rel: str, problems: list[Problem]):
    base = path.parent
    if path.is_symlink() and not inside(path, root):
        problems.append(Problem(Loc(f"{rel}/{path.name}"), "symlink leads outside the project"))
        return
    prefix = len(str(base)) + 1  # every path os.walk gives starts with the folder's, under `base`
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for name in sorted(filenames):
            if is_ignored(name):
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not inside(Path(full), root):
                problems.append(Problem(Loc(f"{rel}/{full[prefix:]}"), "symlink leads outside the project"))
                continue
            yield full[prefix:], os.stat(full).st_size


def _read_yaml(raw: bytes, path: str, problems: list[Problem], line_offset: int = 0) -> YamlDoc | None:
    text, bad = decode(raw, path, line_offset)
    if text is None or bad:
        problems.extend(bad)
        return None
    try:
        return parse_yaml(text, path, line_offset)
    except YamlError as exc:
        problems.append(exc.problem)
        return None


def _read_article(story: RawStory, raw: bytes, problems: list[Problem]) -> None:
    path = f"{story.folder}/article.md"
    if len(raw) > MAX_MARKDOWN_BYTES:
        problems.append(Problem(Loc(path), f"article is larger than {MAX_MARKDOWN_BYTES // 1024} KiB",
                                "split it into several stories"))
        story.unreadable.add("article")
        return
    text, bad = decode(raw, path)
    if text is None or bad:
        problems.extend(bad)
        story.unreadable.add("article")
        return
    try:
        front, body, body_line = split_front_matter(text, path)
        story.front = parse_yaml(front, path, line_offset=1)
    except YamlError as exc:
        problems.append(exc.problem)
        story.unreadable.add("article")
        return
    story.body, story.body_line = body, body_line
