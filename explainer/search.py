"""Site search: a Pagefind index of the story pages, built into the staging folder before it is published."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .problems import Loc, Problem


def index(site: Path) -> tuple[float, list[Problem]]:
    """Index every page marked data-pagefind-body; returns the seconds it took and any problem."""
    import subprocess
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--keep-index-url", "--silent"],
                                capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return time.perf_counter() - started, [Problem(Loc("templates/search.html"), f"search index failed: {exc}")]
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        message = detail[-1] if detail else f"exit code {result.returncode}"
        hint = "install the pinned requirements (pagefind[bin]) or build with --no-search" \
            if "No module named" in message else None
        return time.perf_counter() - started, [Problem(Loc("templates/search.html"), f"search index failed: {message}", hint)]
    return time.perf_counter() - started, []
