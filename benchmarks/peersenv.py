"""The peers' own virtual environment (Pelican, MkDocs, Pagefind), created on demand with pinned versions."""

import shutil
import subprocess
from pathlib import Path

REQUIREMENTS = ["pelican[markdown]==4.12.0", "mkdocs==1.6.1", "pagefind[bin]==1.5.2"]
COMMANDS = {"pelican": "pelican", "mkdocs": "mkdocs", "pagefind": "python"}


def venv_dir(work: Path) -> Path:
    return work / "peers-venv"


def _stamp(work: Path) -> Path:
    return venv_dir(work) / "requirements.txt"


def ensure(work: Path, install: bool) -> str | None:
    """Make the venv if allowed; return None when ready, else why it is not."""
    stamp = _stamp(work)
    if stamp.exists() and stamp.read_text() == "\n".join(REQUIREMENTS):
        return None
    if not install:
        return "peers venv missing (run without --no-install to create it)"
    venv = venv_dir(work)
    shutil.rmtree(venv, ignore_errors=True)
    python = shutil.which("python3") or "python3"
    steps = [[python, "-m", "venv", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *REQUIREMENTS]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            return f"install failed: {lines[-1] if lines else done.returncode}"
    stamp.write_text("\n".join(REQUIREMENTS))
    return None


def command(work: Path, tool: str) -> Path | None:
    path = venv_dir(work) / "bin" / COMMANDS[tool]
    return path if path.exists() and _stamp(work).exists() else None


def has_pagefind(work: Path) -> bool:
    python = command(work, "pagefind")
    if python is None:
        return False
    return subprocess.run([str(python), "-c", "import pagefind_bin"], capture_output=True).returncode == 0


def version(work: Path, tool: str) -> str:
    python = venv_dir(work) / "bin" / "python"
    package = {"pelican": "pelican", "mkdocs": "mkdocs", "pagefind": "pagefind"}[tool]
    done = subprocess.run([str(python), "-c", f"from importlib.metadata import version; print(version('{package}'))"],
                          capture_output=True, text=True)
    return done.stdout.strip() or "?"
