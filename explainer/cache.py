"""Build cache: which stories' outputs in public/ are still current, keyed by content hashes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE_DIR = ".explainer-cache"
_PACKAGE = Path(__file__).resolve().parent


def site_key(root: Path, drafts: bool) -> str:
    """Everything besides a story's own folder that shapes its output."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"drafts={drafts}\0".encode())
    for base in (root / "site.yaml", root / "templates", root / "schemas", _PACKAGE):
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for path in paths:
            if path.suffix == ".pyc" or "__pycache__" in path.parts:
                continue
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder_signature(folder: Path) -> str:
    """Names, sizes and modification times of a story's files: a cheap first test for "unchanged"."""
    from .load import is_ignored
    digest = hashlib.blake2b(digest_size=16)
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d))
        for name in sorted(names):
            if not is_ignored(name):
                try:
                    stat = os.stat(os.path.join(base, name))
                except OSError:
                    continue
                digest.update(f"{base}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
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


def load_manifest(root: Path, out: Path, key: str) -> dict:
    """Cached story entries usable for this build, or {} when anything they depend on changed."""
    try:
        data = json.loads(_manifest_path(root, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("key") != key or data.get("out") != str(out) or data.get("identity") != output_identity(out):
        return {}
    return data.get("stories", {})


def save_manifest(root: Path, out: Path, key: str, stories: dict) -> None:
    path = _manifest_path(root, out)
    path.parent.mkdir(exist_ok=True)
    data = {"key": key, "out": str(out), "identity": output_identity(out), "stories": stories}
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, path)
