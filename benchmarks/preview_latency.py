"""Edit-to-browser latency of the preview: Chromium watches the story page while a figure is edited 20 times.

    python benchmarks/preview_latency.py [--edits 20] [--root PROJECT]

Prints each latency (file written → new value visible in the page) and the p50 and p95.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_project(source: Path, target: Path) -> Path:
    for name in ("site.yaml", "content", "templates", "schemas"):
        path = source / name if (source / name).exists() else PROJECT / name
        (shutil.copytree if path.is_dir() else shutil.copy)(path, target / name)
    return target


def first_value(figures: Path) -> tuple[str, int]:
    """The first figure id and its headline value, to be edited."""
    text = figures.read_text(encoding="utf-8")
    figure = re.search(r"^- id: (\S+)", text, re.M).group(1)
    value = int(re.search(r"^\s+- value: (\d+)\s*$", text, re.M).group(1))
    return figure, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--root", type=Path, default=PROJECT)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="preview-latency-"))
    root = copy_project(args.root, work)
    story = sorted(p for p in (root / "content").iterdir() if p.is_dir())[0]
    figures = story / "figures.yaml"
    figure, value = first_value(figures)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{story.name}/index.html"
    latencies = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(url)
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.socket && window.LiveReload.connector.socket.readyState === 1")
            text = figures.read_text(encoding="utf-8")
            for n in range(1, args.edits + 1):
                new = value + n
                shown = f"{new:,}"
                started = time.monotonic()
                figures.write_text(text.replace(f"- value: {value}\n", f"- value: {new}\n", 1), encoding="utf-8")
                page.wait_for_function(
                    "([id, shown]) => { const el = document.querySelector('#figure-' + id + ' .card__value');"
                    " return el && el.textContent.split(/[^0-9,]+/).includes(shown); }",
                    arg=[figure, shown], timeout=10_000, polling=10)
                latencies.append(time.monotonic() - started)
                page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.socket && window.LiveReload.connector.socket.readyState === 1")
                time.sleep(0.3)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print("latencies (s): " + " ".join(f"{t:.3f}" for t in latencies))
    print(f"edits: {len(latencies)}  p50: {statistics.median(latencies):.3f} s  p95: {p95:.3f} s  "
          f"max: {latencies[-1]:.3f} s  target p95 <= 1.0 s: {'PASS' if p95 <= 1.0 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
