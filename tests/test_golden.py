"""The example site built and compared file by file with its golden copy; --update-golden rewrites it."""

import difflib
import shutil
from pathlib import Path

from helpers import SITES, make_project

from explainer.pipeline import build

GOLDEN = SITES / "example.expected"
BINARY = (".png",)


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_example_site_matches_golden(tmp_path, update_golden):
    root = make_project(tmp_path)
    build(root, jobs=1, search=False)  # the Pagefind index is the search tool's output, tested in the browser
    out = root / "public"
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN, ignore=shutil.ignore_patterns(*(f"*{ext}" for ext in BINARY)))
    built = {k: v for k, v in _files(out).items() if not k.endswith(BINARY)}
    golden = _files(GOLDEN)
    assert sorted(built) == sorted(golden), "file lists differ; run pytest --update-golden after reviewing"
    for rel, path in built.items():
        got, want = path.read_text(encoding="utf-8"), golden[rel].read_text(encoding="utf-8")
        if got != want:
            diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(), f"golden/{rel}", f"built/{rel}",
                                                  lineterm="", n=2))
            raise AssertionError(f"{rel} differs from the golden copy:\n{diff[:4000]}")


def test_golden_pages_have_a_head_for_the_live_reload_script():
    for page in GOLDEN.rglob("*.html"):
        assert "</head>" in page.read_text(encoding="utf-8"), page
