"""Write an N-story benchmark project in the content model: site.yaml, content/ and templates/."""

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

from story import Story

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
GENERATOR_FILES = ["corpus.py", "story.py", "article.py", "prose.py", "yamltext.py"]

SITE_YAML = """\
title: Benchmark Explained
description: Explainers generated for the performance benchmark, with every fact traced to a source.
base_url: https://bench.example.org/
language: en
publisher: {name: Benchmark Desk, url: https://example.org}
data_license: CC BY 4.0
content_license: CC BY 4.0
extra:
  contact: desk@example.org
"""


def generator_version(extra: list[Path] = ()) -> str:
    digest = hashlib.sha256()
    for path in [HERE / f for f in GENERATOR_FILES] + list(extra):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def slug(index: int, n: int) -> str:
    return f"story-{index:0{max(4, len(str(n)))}d}"


def sync_templates(root: Path, source: Path = PROJECT / "templates") -> None:
    target = root / "templates"
    if target.exists():
        shutil.rmtree(target)
    if source.is_dir():
        shutil.copytree(source, target)


def write_corpus(root: Path, n: int, seed: int = 0) -> Path:
    root = Path(root)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for index in range(1, n + 1):
        folder = root / "content" / slug(index, n)
        (folder / "archive").mkdir(parents=True, exist_ok=True)
        for name, text in Story(index, seed).files().items():
            (folder / name).write_text(text, encoding="utf-8")
    sync_templates(root)
    return root


def cached(path: Path, write) -> Path:
    """Write path once through a temporary folder; remove versions of it made by older generators."""
    if not path.exists():
        stem = path.name.rsplit("-", 1)[0]
        for stale in path.parent.glob(f"{stem}-*"):
            shutil.rmtree(stale)
        tmp = path.with_name(path.name + ".tmp")
        write(tmp)
        tmp.rename(path)
    return path


def cached_corpus(work: Path, n: int, seed: int = 0) -> Path:
    root = work / "corpus" / f"explainer-n{n}-s{seed}-{generator_version()}"
    return cached(root, lambda tmp: write_corpus(tmp, n, seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=100, help="number of stories")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_corpus(args.root, args.n, args.seed)
    print(f"wrote {args.n} stories to {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
