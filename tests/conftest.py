"""Shared pytest fixtures: the golden flag, the built sites, Debian's chromium, servers and artefacts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_FLAGS, ROOT, make_project, serve_folder


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden site from a fresh build")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The example fixture site, built once into a public/ folder for the browser and output tests."""
    from explainer.pipeline import build
    root = make_project(tmp_path_factory.mktemp("example"))
    build(root, jobs=1)
    return root / "public"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The project's own site (site.yaml + content/), built once."""
    from explainer.pipeline import build
    out = tmp_path_factory.mktemp("real") / "public"
    build(ROOT, out, jobs=1, use_cache=False)
    return out


# --- browser (pytest-playwright with Debian's chromium) ---

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium, never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        message = f"chromium not found at {CHROMIUM}: apt-get install -y chromium"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def site_server(real_site):
    """Serve the built real site on 127.0.0.1 at a free port; yields the base URL."""
    server, thread = serve_folder(real_site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def example_server(example_site):
    server, thread = serve_folder(example_site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and other test artefacts go (test-results/, git-ignored)."""
    folder = ROOT / "test-results"
    folder.mkdir(exist_ok=True)
    return folder
