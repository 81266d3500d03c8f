"""Live preview: rebuild on save, reload the browser through livereload, show build errors over the page."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from . import overlay
from .config import load_config
from .escaping import escape_text
from .pipeline import build
from .problems import BuildError, Problem
from .watch import Watcher, story_names

log = logging.getLogger("explainer.serve")
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


class Preview:
    """The preview's state: where the last good build is, the current problems, and a build counter."""

    def __init__(self, root: Path, out: Path):
        self.root = root
        self.out = out
        self.problems: list[Problem] = []
        self.ok = False
        self.has_site = False
        self.builds = 0
        self.lock = threading.Lock()

    def rebuild(self, only: set[str] | None = None) -> None:
        """Build into the preview folder; on failure keep the last good pages and remember the problems."""
        with self.lock:
            started = time.perf_counter()
            try:
                report = build(self.root, self.out, drafts=True, search=False, in_place=True,
                               only=only if self.ok else None)
                self.problems, self.ok, self.has_site = report.problems, True, True
            except BuildError as exc:
                self.problems, self.ok = exc.problems, False
            except Exception as exc:  # the preview must outlive any fault in a build
                log.exception("build crashed")
                self.problems, self.ok = [Problem(overlay.internal_loc(), f"internal error: {exc}")], False
            self.builds += 1
            seconds = time.perf_counter() - started
        for problem in self.problems:
            log.warning(problem.format())
        log.info("%s in %.2f s", "Rebuilt" if self.ok else "Build failed, still serving the last good pages", seconds)

    def not_found_page(self) -> str | None:
        """The site's own 404 page, its links made to point into the preview, or None if there is none.

        A host serves 404.html at any depth, so it links by the site's base_url, which is the published site;
        here those links must stay on the preview's origin."""
        try:
            html = (self.out / "404.html").read_text(encoding="utf-8")
        except OSError:
            return None
        config, _ = load_config(self.root)
        return html if config is None else html.replace(f'="{escape_text(config.base_url)}', '="/')

    def status(self) -> dict:
        return {"ok": self.ok, "builds": self.builds,
                "errors": [p.to_json() for p in self.problems if p.severity == "error"],
                "warnings": [p.to_json() for p in self.problems if p.severity == "warning"]}


def allowed_hosts(bound: str, port: int) -> set[str] | None:
    """Host headers accepted: loopback names only, unless the editor chose to bind another address."""
    if bound not in ("127.0.0.1", "localhost", "::1"):
        return None
    return {f"{name}:{port}" for name in LOOPBACK} | LOOPBACK


class _Guarded:
    """Refuses requests whose Host is not this machine's loopback name (DNS rebinding)."""

    def prepare(self):
        hosts = self.settings["allowed_hosts"]
        if hosts is not None and self.request.host.lower() not in hosts:
            raise web.HTTPError(403, "foreign Host")


class ReloadSocket(_Guarded, LiveReloadHandler):
    """livereload's protocol, accepting connections only from pages this server served."""

    def check_origin(self, origin: str) -> bool:
        from urllib.parse import urlsplit
        hosts = self.settings["allowed_hosts"]
        netloc = urlsplit(origin).netloc.lower()
        return netloc == self.request.host.lower() and (hosts is None or netloc in hosts)


class ClientScript(_Guarded, LiveReloadJSHandler):
    pass


class StatusHandler(_Guarded, web.RequestHandler):
    def get(self):
        self.set_header("Cache-Control", "no-store")
        self.write(self.settings["preview"].status())


class OverlayStyle(_Guarded, web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.write(overlay.CSS)


class PageHandler(_Guarded, web.RequestHandler):
    """Serves only the preview build; refuses traversal; adds the reload script and the error overlay."""

    def get(self, path: str):
        preview: Preview = self.settings["preview"]
        self.set_header("Cache-Control", "no-store")
        if not preview.has_site:
            self.set_status(503 if not preview.ok else 404)
            self._html(overlay.error_page(preview.root, preview.problems))
            return
        target = _resolve(preview.out, path)
        if target is None:
            page = preview.not_found_page()
            if page is None:
                raise web.HTTPError(404)
            self.set_status(404)
            self._html(overlay.inject(page, preview.root, [] if preview.ok else preview.problems))
            return
        if target.suffix == ".html":
            html = target.read_text(encoding="utf-8")
            self._html(overlay.inject(html, preview.root, [] if preview.ok else preview.problems))
            return
        self.set_header("Content-Type", _content_type(target))
        self.write(target.read_bytes())

    def _html(self, text: str) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(text)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


def _resolve(out: Path, path: str) -> Path | None:
    """The file a URL path names inside the preview folder, or None (traversal, symlinks out, missing)."""
    from urllib.parse import unquote
    path = unquote(path)
    if "\0" in path or "\\" in path or any(part in ("..", ".") for part in path.split("/")):
        return None
    if any(part.startswith(".") for part in path.split("/") if part):
        return None
    target = out / path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(out.resolve()) or not resolved.is_file():
        return None
    return resolved


def _content_type(path: Path) -> str:
    import mimetypes
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("json", "javascript", "xml")) else kind


def broadcast_reload() -> None:
    """Tell every connected page to reload; the message carries no file paths."""
    message = {"command": "reload", "path": "/", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:
            LiveReloadHandler.waiters.discard(waiter)


def make_app(preview: Preview, hosts: set[str] | None) -> web.Application:
    return web.Application([
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", ClientScript),
        (r"/__explainer/status", StatusHandler),
        (r"/__explainer/overlay\.css", OverlayStyle),
        (r"/(.*)", PageHandler),
    ], preview=preview, allowed_hosts=hosts)


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("warning: serving on %s: anyone who can reach this machine can read the preview", host)
    folder = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
    preview = Preview(root, folder / "public")
    preview.rebuild()
    loop = ioloop.IOLoop.current()
    app = make_app(preview, allowed_hosts(host, port))
    app.listen(port, address=host)
    watcher = Watcher(root, on_change=lambda paths: _rebuild_then_reload(preview, loop, story_names(root, paths)))
    watcher.start()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    log.info("Serving the preview on http://%s:%d/ (Ctrl+C to stop)", shown, port)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [f"http://{shown}:{port}/"]).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        log.info("Stopped.")
    finally:
        watcher.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _rebuild_then_reload(preview: Preview, loop: ioloop.IOLoop, only: set[str] | None) -> None:
    preview.rebuild(only)
    loop.add_callback(broadcast_reload)
