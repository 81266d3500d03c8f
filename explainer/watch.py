"""Watch the project's inputs by polling, and call back once a burst of saves has settled."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

from .load import is_ignored

WATCHED = ("site.yaml", "content", "templates", "schemas")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file; hidden, `_` and editor temp files are ignored."""
    files: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        base = root / name
        if base.is_file():
            stat = base.stat()
            files[name] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, names in os.walk(base):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for entry in names:
                if is_ignored(entry) and not entry.startswith("_"):
                    continue
                path = os.path.join(folder, entry)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


class Watcher:
    def __init__(self, root: Path, on_change: Callable[[], None], interval: float = 0.05, quiet: float = 0.1):
        self.root = root
        self.on_change = on_change
        self.interval = interval
        self.quiet = quiet
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="explainer-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        previous = snapshot(self.root)
        changed_at = None
        while not self._stop.wait(self.interval):
            current = snapshot(self.root)
            if current != previous:
                previous, changed_at = current, time.monotonic()
            elif changed_at is not None and time.monotonic() - changed_at >= self.quiet:
                changed_at = None
                self.on_change()
                previous = snapshot(self.root)
