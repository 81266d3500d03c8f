"""Instructions per story for the generator and the bare-script floor, counted by valgrind: steady where wall time is not.

Each tool builds the first 5 and then the first 25 stories of the same corpus on one process under
`valgrind --tool=callgrind`; the difference divided by 20 is what one more story costs, start-up excluded.
Instructions are not time (C code such as libyaml runs more of them per nanosecond than the interpreter
does), but they move only when the code does, so they show what a change to the generator saved.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import PROJECT, cached_corpus, sync_templates

HERE = Path(__file__).resolve().parent
SMALL, LARGE = 5, 25
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def subset(corpus: Path, n: int, into: Path) -> Path:
    """A copy of the corpus with its first n stories and the project's templates (the image cache kept warm)."""
    root = into / f"n{n}"
    shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("content", "public"), symlinks=True)
    (root / "content").mkdir()
    for folder in sorted(p for p in (corpus / "content").iterdir() if p.is_dir())[:n]:
        shutil.copytree(folder, root / "content" / folder.name)
    sync_templates(root)  # the cached corpus keeps the templates of its last run
    return root


def commands(python: str, root: Path, out: Path) -> dict[str, list[str]]:
    return {
        "explainer": [python, str(PROJECT / "build.py"), "--root", str(root), "build", "--out", str(out),
                      "--no-search", "--no-cache", "--jobs", "1", "--quiet"],
        "floor": [python, str(HERE / "floor.py"), "--root", str(root), "--out", str(out), "--jobs", "1"],
    }


def count(command: list[str]) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          capture_output=True, text=True, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=str(PROJECT / ".venv" / "bin" / "python"))
    parser.add_argument("--workdir", type=Path, default=HERE / "work")
    parser.add_argument("--tools", default="explainer,floor")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    corpus = cached_corpus(args.workdir, 100)
    with tempfile.TemporaryDirectory(dir=args.workdir) as scratch:
        scratch = Path(scratch)
        roots = {n: subset(corpus, n, scratch) for n in (SMALL, LARGE)}
        for tool in args.tools.split(","):
            counts = {}
            for n, root in roots.items():
                out = scratch / f"out-{tool}-{n}"
                command = commands(args.python, root, out)[tool]
                subprocess.run(command, check=True, capture_output=True)  # warm caches (images, templates)
                shutil.rmtree(out)
                counts[n] = count(command)
                shutil.rmtree(out, ignore_errors=True)
            per_story = (counts[LARGE] - counts[SMALL]) / (LARGE - SMALL)
            print(f"{tool:10s} {per_story / 1e6:7.1f} million instructions per story")
    return 0


if __name__ == "__main__":
    sys.exit(main())
