"""Test helpers shared by every test module: fixture projects, tree hashes, running the CLI, serving a folder."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # no DNS: every host but localhost fails fast, so a page that needs the network shows a failed request
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def make_project(tmp_path: Path, files: dict[str, str | bytes] | None = None, *, site: str = "example") -> Path:
    """A copy of a fixture site (with the real templates and schemas), then `files` written over it."""
    root = tmp_path / "project"
    shutil.copytree(SITES / site, root, ignore=shutil.ignore_patterns("expected", "public"))
    if not (root / "templates").exists():
        shutil.copytree(ROOT / "templates", root / "templates")
    write_files(root, files or {})
    return root


def tree_hash(folder: Path) -> str:
    """SHA-256 over sorted (path, mode, bytes) of a folder; 'missing' when it does not exist."""
    if not folder.exists():
        return "missing"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        digest.update(rel.encode() + b"\0" + oct(path.stat().st_mode).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_cli(root: Path, *args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run build.py as a user would, against the project at `root`."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@functools.lru_cache(maxsize=1)
def markdown_it_oracle():
    """The project's Markdown set-up with markdown-it's own block and inline parsers: the fast paths' oracle."""
    from markdown_it.rules_core.block import block
    from markdown_it.rules_core.inline import inline

    from explainer.markdown import make_markdown
    md = make_markdown.__wrapped__()
    md.core.ruler.at("block", block)
    md.core.ruler.at("inline", inline)
    assert md.core.ruler.getRules("")[1:3] == [block, inline]
    return md
