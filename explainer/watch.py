"""Watch the project's inputs (inotify and friends through watchdog) and call back once a burst of saves settles."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .load import is_ignored

WATCHED = ("site.yaml", "content", "templates", "schemas")
_IGNORED_EVENTS = {"opened", "closed_no_write"}


def story_names(root: Path, paths: set[str]) -> set[str] | None:
    """The story folders that `paths` belong to, or None when a site-wide input changed."""
    content = root / "content"
    names = set()
    for path in paths:
        try:
            parts = Path(path).relative_to(content).parts
        except ValueError:
            return None
        if len(parts) < 2:
            return None  # a story folder itself was added, removed or renamed
        names.add(parts[0])
    return names


class Watcher(FileSystemEventHandler):
    """Collects changed paths; `on_change(paths)` runs in this watcher's thread once no event came for `quiet` s."""

    def __init__(self, root: Path, on_change: Callable[[set[str]], None], quiet: float = 0.1):
        self.root = root.resolve()
        self.on_change = on_change
        self.quiet = quiet
        self._changed: set[str] = set()
        self._last = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._observer = Observer()
        self._thread = threading.Thread(target=self._run, name="explainer-rebuild", daemon=True)

    def start(self) -> None:
        for name in WATCHED:
            path = self.root / name
            if path.is_dir():
                self._observer.schedule(self, str(path), recursive=True)
        self._observer.schedule(self, str(self.root), recursive=False)  # site.yaml, and folders appearing
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._observer.stop()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        paths = {p for p in (event.src_path, getattr(event, "dest_path", "")) if p}
        relevant = set()
        for path in paths:
            rel = Path(path).relative_to(self.root) if Path(path).is_relative_to(self.root) else None
            if rel is None or not rel.parts or rel.parts[0] not in WATCHED:
                continue
            if any(is_ignored(part) for part in rel.parts[1:]) or (rel.parts[0] == "site.yaml" and len(rel.parts) > 1):
                continue
            relevant.add(str(path))
        if relevant:
            with self._lock:
                self._changed |= relevant
                self._last = time.monotonic()
            self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            while not self._stop.is_set():
                with self._lock:
                    wait = self._last + self.quiet - time.monotonic()
                    if wait <= 0:
                        changed, self._changed = self._changed, set()
                        break
                time.sleep(wait)
            if not self._stop.is_set() and changed:
                self.on_change(changed)
