"""Reading the benchmark corpus back, and caching a peer's site built from it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import yaml
from corpus import cached, generator_version

HERE = Path(__file__).resolve().parent


@dataclass
class Article:
    slug: str
    folder: Path
    meta: dict
    body: str


def articles(corpus: Path) -> Iterator[Article]:
    for folder in sorted((corpus / "content").iterdir()):
        if folder.is_dir() and folder.name[0] not in "._":
            front, body = (folder / "article.md").read_text(encoding="utf-8")[4:].split("\n---\n", 1)
            yield Article(folder.name, folder, yaml.load(front, Loader=yaml.CSafeLoader), body.lstrip("\n"))


def cached_site(work: Path, corpus: Path, peer: str, write: Callable[[Path, Path], None]) -> Path:
    version = generator_version([HERE / "common.py", HERE / f"{peer}.py"])
    size = corpus.name.split("-", 1)[1].rsplit("-", 1)[0]
    return cached(work / "sites" / f"{peer}-{size}-{version}", lambda tmp: write(corpus, tmp))
