"""The preview server in a subprocess, driven by real Chromium: live reload, error overlay, safety."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, make_project
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status(url: str) -> dict:
    with urllib.request.urlopen(url + "/__explainer/status", timeout=5) as response:
        return json.loads(response.read())


def wait_for(predicate, timeout: float = 10.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError("condition not met")


@pytest.fixture
def preview(tmp_path):
    root = make_project(tmp_path)
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"

    def up():
        if proc.poll() is not None:
            raise RuntimeError((tmp_path / "serve.log").read_text())
        try:
            return status(url)["builds"] >= 1
        except OSError:
            return False
    try:
        wait_for(up, timeout=30)
        yield {"url": url, "root": root, "proc": proc, "log": tmp_path / "serve.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_break_and_fix_in_the_browser(page: Page, preview):
    url, root = preview["url"], preview["root"]
    figures = root / "content/bridge/figures.yaml"
    page.goto(url + "/bridge/index.html")
    card = page.locator("#figure-closure-days")
    expect(card).to_contain_text("about 90 days")
    assert page.locator('script[src="/livereload.js"]').count() == 1
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._connectionDesired")
    page.evaluate("window.__before = 1")
    builds = status(url)["builds"]

    edit(figures, "value: 90\n", "value: 95\n")
    expect(card).to_contain_text("about 95 days", timeout=5000)
    assert page.evaluate("window.__before") is None  # the page really reloaded

    edit(figures, "value: 95\n", "value: [95\n")
    overlay = page.locator(".explainer-overlay")
    expect(overlay).to_be_visible(timeout=5000)
    expect(overlay).to_contain_text("content/bridge/figures.yaml:6:")
    expect(overlay).to_contain_text("value: [95")
    expect(card).to_contain_text("about 95 days")  # the last good page stays
    assert status(url)["ok"] is False

    edit(figures, "value: [95\n", "value: 96\n")
    expect(card).to_contain_text("about 96 days", timeout=5000)
    expect(overlay).to_have_count(0)
    assert status(url)["builds"] >= builds + 3


def test_a_burst_of_saves_causes_one_rebuild(preview):
    url, root = preview["url"], preview["root"]
    article = root / "content/bridge/article.md"
    wait_for(lambda: status(url)["builds"] >= 1)
    time.sleep(0.5)
    before = status(url)["builds"]
    text = article.read_text()
    for n in range(20):
        article.write_text(text.replace("The bridge shut", f"The bridge shut ({n})"))
        time.sleep(0.01)
    wait_for(lambda: status(url)["builds"] > before, timeout=10)
    time.sleep(1.5)
    assert status(url)["builds"] == before + 1
    with urllib.request.urlopen(url + "/bridge/index.html") as response:
        assert "The bridge shut (19)" in response.read().decode()


def test_first_build_failing_shows_an_error_page(tmp_path):
    root = make_project(tmp_path)
    (root / "site.yaml").write_text("title: [broken\n")
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _try(lambda: status(url)), timeout=30)
        try:
            urllib.request.urlopen(url + "/")
            raise AssertionError("expected an error status")
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            assert error.code == 503 and "site.yaml:1:8" in body and "Build failed" in body
        (root / "site.yaml").write_text((ROOT / "tests/fixtures/sites/example/site.yaml").read_text())
        wait_for(lambda: status(url)["ok"], timeout=10)
        with urllib.request.urlopen(url + "/bridge/index.html") as response:
            assert response.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def _try(call):
    try:
        return call()
    except OSError:
        return None


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def test_traversal_foreign_host_and_origin_are_refused(preview):
    url, root = preview["url"], preview["root"]
    port = int(url.rsplit(":", 1)[1])
    (root.parent / "secret.txt").write_text("SENTINEL-7f3a")
    for path in ("/../build.py", "/%2e%2e/build.py", "/..%2fbuild.py", "//etc/passwd", "/%00", "/..\\build.py",
                 "/.git/config", "/../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/site.yaml", "/content/bridge/article.md"):
        response = _raw(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        status_line = response.split(b"\r\n", 1)[0]
        assert status_line.split()[1] in (b"400", b"403", b"404"), (path, status_line)
        assert b"SENTINEL-7f3a" not in response and b"root:" not in response
    for host in ("attacker.example", f"attacker.example:{port}", f"127.0.0.1.attacker.example:{port}"):
        response = _raw(port, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert response.split()[1] == b"403", host
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        response = _raw(port, f"GET /bridge/index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert response.split()[1] == b"200", host
    handshake = ("GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")
    foreign = _raw_first(port, handshake.format(port=port, origin="https://attacker.example").encode())
    assert foreign.split()[1] == b"403"
    own = _raw_first(port, handshake.format(port=port, origin=f"http://127.0.0.1:{port}").encode())
    assert own.split()[1] == b"101"
    assert _raw_first(port, f"GET /forcereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()).split()[1] == b"404"
    assert preview["proc"].poll() is None
    with urllib.request.urlopen(url + "/") as response:
        assert response.status == 200


def _raw_first(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        return s.recv(4096)


def test_a_missing_page_gets_the_site_s_404_page_styled_from_the_preview(page: Page, preview):
    url = preview["url"]
    response = page.goto(url + "/no-such-story/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    html = page.content()
    assert "https://explained.example.org/" not in html  # the published site's links, made the preview's own
    assert 'href="/static/style.css' in html and 'src="/livereload.js"' in html
    loaded = "[...document.styleSheets].some(s => (s.href || '').includes('/static/style.css') && s.cssRules.length)"
    assert page.evaluate(loaded)


def test_preview_keeps_the_production_csp_and_loads_no_inline_script(page: Page, preview):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(preview["url"] + "/bridge/index.html")
    page.wait_for_function("() => window.LiveReload !== undefined")
    html = page.content()
    assert "script-src 'self'" in html and "unsafe-inline" not in html
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_preview_binds_loopback_and_warns_for_other_addresses(preview, tmp_path):
    port = int(preview["url"].rsplit(":", 1)[1])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.2", port), timeout=1).close()
    assert "warning" not in preview["log"].read_text()
