"""Build cache: which stories' outputs in public/ are still current, keyed by content hashes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .load import is_ignored, read_file

CACHE_DIR = ".explainer-cache"
_PACKAGE = Path(__file__).resolve().parent


def site_key(root: Path, drafts: bool) -> str:
    """Everything besides a story's own folder that shapes its output."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"drafts={drafts}\0".encode())
    for base in (root / "site.yaml", root / "templates", root / "schemas", _PACKAGE):
        for path in _files_under(str(base)):
            digest.update(path.encode() + b"\0" + read_file(path) + b"\0")
    return digest.hexdigest()


def _files_under(base: str) -> list[str]:
    """`base` if it is a file, else every file below it (links followed, compiled Python left out), sorted."""
    if os.path.isfile(base):
        return [base]
    found = []
    for folder, dirs, files in os.walk(base, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(os.path.join(folder, name) for name in files
                     if not name.endswith(".pyc") and os.path.isfile(os.path.join(folder, name)))
    return sorted(found)


def folder_signature(folder: Path) -> str:
    """Names, sizes and modification times of a story's files: a cheap first test for "unchanged"."""
    digest = hashlib.blake2b(digest_size=16)
    pending = [str(folder)]
    while pending:
        base = pending.pop()
        try:
            entries = sorted(os.scandir(base), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if is_ignored(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _manifest_path(root: Path, out: Path) -> Path:
    tag = hashlib.blake2b(str(out).encode(), digest_size=6).hexdigest()
    return root / CACHE_DIR / f"manifest-{tag}.json"


def output_identity(out: Path) -> list[int] | None:
    try:
        stat = os.stat(out)
    except OSError:
        return None
    return [stat.st_ino, stat.st_dev]


_LOADED: dict[Path, tuple[tuple[int, int], dict]] = {}


def load_manifest(root: Path, out: Path, key: str) -> dict:
    """Cached story entries usable for this build, or {} when anything they depend on changed.

    A long-running preview reads the file again only when it changed since it last read or wrote it."""
    path = _manifest_path(root, out)
    identity = output_identity(out)
    if identity is None:  # no output folder, so nothing to reuse: do not read (and hold) the manifest
        _LOADED.pop(path, None)
        return {}
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if path in _LOADED and _LOADED[path][0] == stamp:
            data = _LOADED[path][1]
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            _LOADED[path] = (stamp, data)
    except (OSError, ValueError):
        return {}
    if data.get("key") != key or data.get("out") != str(out) or data.get("identity") != identity:
        return {}
    return data.get("stories", {})


def save_manifest(root: Path, out: Path, key: str, stories: dict) -> None:
    path = _manifest_path(root, out)
    path.parent.mkdir(exist_ok=True)
    data = {"key": key, "out": str(out), "identity": output_identity(out), "stories": stories}
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, path)
    stat = path.stat()
    _LOADED[path] = ((stat.st_mtime_ns, stat.st_size), data)
