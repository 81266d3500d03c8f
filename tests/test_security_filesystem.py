"""Filesystem containment (security.md §7 F1, F2, F5, B4): no file read from outside the project, nothing
written outside public/, slugs that could escape refused with a located error, editor litter ignored,
no stale output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, make_project, run_cli, tree_hash

from explainer.pipeline import build
from explainer.problems import BuildError

EXAMPLE = FIXTURES / "sites" / "example"
SENTINEL = "SENTINEL-7f3a"


def files_outside_public(base: Path) -> dict[str, str]:
    """Every file under `base` except build output and the build cache, with a hash of its bytes."""
    result = {}
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if rel.parts and (rel.parts[0] == "project" and len(rel.parts) > 1
                          and rel.parts[1] in ("public", ".explainer-cache")):
            continue
        if path.is_file() or path.is_symlink():
            result[rel.as_posix()] = tree_hash(path) if path.is_dir() else str(path.lstat().st_size)
    return result


def leaked(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and SENTINEL.encode() in p.read_bytes()]


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project holding a secret, a secret image and a whole valid story."""
    folder = tmp_path / "outside"
    shutil.copytree(EXAMPLE / "content" / "bridge", folder / "story")
    story = folder / "story"
    (story / "article.md").write_text((story / "article.md").read_text(encoding="utf-8").replace(
        "title: Why the Eastbank bridge closed", f"title: {SENTINEL} story"), encoding="utf-8")
    (story / "sources.yaml").write_text((story / "sources.yaml").read_text(encoding="utf-8").replace(
        "title: Eastbank bridge closed for safety checks", f"title: {SENTINEL} source"), encoding="utf-8")
    (story / "archive" / "riverworks-statement.txt").write_text(
        f"{SENTINEL}\n" + (story / "archive" / "riverworks-statement.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    (folder / "secret.txt").write_text(f"{SENTINEL}\n", encoding="utf-8")
    (folder / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SENTINEL.encode())
    (folder / "secret.js").write_text(f"alert('{SENTINEL}')\n", encoding="utf-8")
    return folder


def _replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


SYMLINKS = {
    # name: (link inside the project, target inside `outside`, the path the error must name)
    "story-file": ("content/bridge/article.md", "story/article.md", "content/bridge/article.md"),
    "fact-file": ("content/bridge/sources.yaml", "story/sources.yaml", "content/bridge/sources.yaml"),
    "story-folder": ("content/leak", "story", "content/leak"),
    "archive-file": ("content/bridge/archive/riverworks-statement.txt", "story/archive/riverworks-statement.txt",
                     "content/bridge/archive/riverworks-statement.txt"),
    "archive-folder": ("content/bridge/archive", "story/archive", "content/bridge/archive"),
    "story-asset": ("content/bridge/leak.png", "secret.png", "content/bridge/leak.png"),
}


@pytest.mark.parametrize("case", SYMLINKS)
def test_symlink_out_of_the_project_fails_cleanly_and_leaks_nothing(tmp_path, outside, case):
    link, target, named = SYMLINKS[case]
    root = make_project(tmp_path)
    _replace_with_link(root / link, outside / target)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert any(p.loc.path == named and p.severity == "error" and "symlink" in p.message
               for p in caught.value.problems), [p.format() for p in caught.value.problems]
    assert not any(SENTINEL in p.format() for p in caught.value.problems)
    assert leaked(root / "public") == [] and not (root / "public").exists()
    assert not list(root.glob(".public.staging-*"))


def test_symlink_out_of_the_project_through_the_cli(tmp_path, outside):
    root = make_project(tmp_path)
    (root / "content/leak").symlink_to(outside / "story")
    (root / "content/bridge/leak.png").symlink_to(outside / "secret.png")
    done = run_cli(root, "build")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert "content/bridge/leak.png:1:1: error: symlink leads outside the project" in lines, done.stderr
    assert "content/leak:1:1: error: symlink leads outside the project" in lines, done.stderr
    assert SENTINEL not in done.stdout + done.stderr
    assert not (root / "public").exists()


def test_symlinked_asset_used_by_the_article_fails_cleanly(tmp_path, outside):
    root = make_project(tmp_path)
    (root / "content/bridge/leak.png").symlink_to(outside / "secret.png")
    with (root / "content/bridge/article.md").open("a", encoding="utf-8") as handle:
        handle.write("\n![A picture](leak.png)\n")
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert any("leak.png" in p.loc.path + p.message and "symlink" in p.message for p in caught.value.problems), \
        [p.format() for p in caught.value.problems]
    assert leaked(root / "public") == []


@pytest.mark.parametrize("name", ["quotes.yaml", "article.md"])
def test_a_folder_named_like_a_story_file_is_a_located_error(tmp_path, name):
    root = make_project(tmp_path)
    (root / "content/bridge" / name).unlink()
    (root / "content/bridge" / name).mkdir()
    before = files_outside_public(tmp_path)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.loc.path, p.message) for p in errors] == [
        (f"content/bridge/{name}", f"cannot read '{name}': Is a directory")]
    assert files_outside_public(tmp_path) == before
    assert not (root / "public").exists()


def test_symlink_inside_the_story_is_followed(tmp_path):
    """Containment, not a blanket ban: a link that stays inside the story folder is fine."""
    root = make_project(tmp_path)
    story = root / "content/bridge"
    (story / "originals").mkdir()
    shutil.move(story / "archive/riverworks-statement.txt", story / "originals/statement.txt")
    (story / "archive/riverworks-statement.txt").symlink_to(Path("../originals/statement.txt"))
    report = build(root, jobs=1, use_cache=False)
    assert report.stories == 1 and (root / "public/bridge/index.html").exists()


def test_symlinked_static_file_out_of_the_project_fails_cleanly(tmp_path, outside):
    root = make_project(tmp_path)
    (root / "templates/static/leak.js").symlink_to(outside / "secret.js")
    try:
        build(root, jobs=1, use_cache=False)
        problems = []
    except BuildError as exc:
        problems = exc.problems
    assert leaked(root / "public") == []
    assert any(p.loc.path == "templates/static/leak.js" and p.severity == "error" for p in problems)


def test_symlinked_static_folder_out_of_the_project_fails_cleanly(tmp_path, outside):
    root = make_project(tmp_path)
    (root / "templates/static/leakdir").symlink_to(outside)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert any(p.loc.path.startswith("templates/static/leakdir") for p in caught.value.problems)


def test_symlinked_static_folder_never_leaks(tmp_path, outside):
    root = make_project(tmp_path)
    (root / "templates/static/leakdir").symlink_to(outside)
    try:
        build(root, jobs=1, use_cache=False)
    except BuildError:
        pass
    assert leaked(root / "public") == []


BAD_FILE_PATHS = ["../../../site.yaml", "/etc/passwd", "archive/../../bridge/archive/riverworks-statement.txt",
                  "C:\\Windows\\win.ini", "archive\\x.txt", "~/secret.txt", "file:///etc/passwd", "..", ""]


def test_file_references_that_leave_the_story_folder_are_located_errors(tmp_path, outside):
    """archive: and media src: name files relative to the story folder; nothing else is ever read."""
    sources = (EXAMPLE / "content/bridge/sources.yaml").read_text(encoding="utf-8").rstrip("\n").split("\n")
    timeline = (EXAMPLE / "content/bridge/timeline.yaml").read_text(encoding="utf-8").rstrip("\n").split("\n")
    archive_lines, media_lines = {}, {}
    for i, bad in enumerate(BAD_FILE_PATHS):
        sources += [f"- id: bad-{i}", "  title: T", "  publisher: P", "  locator: page 1", "  published: 2026",
                    "  kind: news", f"  archive: {json.dumps(bad)}"]
        archive_lines[bad] = len(sources)
        timeline += [f"- id: bad-{i}", "  date: 2026-03-04", "  title: T", "  summary: S", "  status: confirmed",
                     "  sources: [city-2026-03-04]", f"  media: {{src: {json.dumps(bad)}, alt: A, credit: C}}"]
        media_lines[bad] = len(timeline)
    root = make_project(tmp_path, {"content/bridge/sources.yaml": "\n".join(sources) + "\n",
                                   "content/bridge/timeline.yaml": "\n".join(timeline) + "\n"})
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    located = {(p.loc.path, p.loc.line) for p in caught.value.problems if p.severity == "error"}
    missing = [("archive", bad) for bad, line in archive_lines.items()
               if ("content/bridge/sources.yaml", line) not in located]
    missing += [("media", bad) for bad, line in media_lines.items()
                if ("content/bridge/timeline.yaml", line) not in located]
    assert missing == [], [p.format() for p in caught.value.problems]
    assert not (root / "public").exists()


# --- F2: slugs and output paths ------------------------------------------------------------------------------

BAD_FOLDERS = ["..%2fx", "%2e%2e", "CON", "Ｆｕｌｌｗｉｄｔｈ", "a" * 81, "x\\y", "Upper", "with space", "-leading", "ünï",
               "a.b", "a_b"]


def test_bad_story_folder_names_are_located_errors_and_write_nothing(tmp_path):
    root = make_project(tmp_path)
    for name in BAD_FOLDERS:
        shutil.copytree(EXAMPLE / "content" / "bridge", root / "content" / name)
    before = files_outside_public(tmp_path)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    named = {p.loc.path for p in caught.value.problems if p.severity == "error"}
    for name in BAD_FOLDERS:
        # a folder starting with '.' or '_' is ignored (content model); every other bad name is an error
        assert f"content/{name}" in named or name.startswith((".", "_")), (name, sorted(named))
    assert files_outside_public(tmp_path) == before
    assert not (root / "public").exists()
    assert not list(tmp_path.parent.glob("x")) and not (tmp_path / "x").exists()


def test_longest_valid_slug_is_accepted(tmp_path):
    root = make_project(tmp_path)
    slug = "a" + "-b" * 39 + "c"
    assert len(slug) == 80
    shutil.move(root / "content/bridge", root / f"content/{slug}")
    build(root, jobs=1, use_cache=False)
    assert (root / "public" / slug / "index.html").exists()


BAD_ALIASES = ["../x", "..%2fx", "/etc/x", "a/../../b", "x\\y", "CON", "Ｆｕｌｌｗｉｄｔｈ", "", "a" * 81, ".", ".."]


def test_bad_aliases_are_located_errors_and_write_nothing(tmp_path):
    article = (EXAMPLE / "content/bridge/article.md").read_text(encoding="utf-8")
    items = "".join('  - "' + alias.replace("\\", "\\\\") + '"\n' for alias in BAD_ALIASES)
    article = article.replace("aliases: [bridge-closure]\n", "aliases:\n" + items)
    lines = article.split("\n")
    first = lines.index("aliases:") + 2
    root = make_project(tmp_path, {"content/bridge/article.md": article})
    before = files_outside_public(tmp_path)
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    located = {p.loc.line for p in caught.value.problems if p.loc.path == "content/bridge/article.md"}
    missing = [alias for i, alias in enumerate(BAD_ALIASES) if first + i not in located]
    assert missing == [], [p.format() for p in caught.value.problems]
    assert files_outside_public(tmp_path) == before
    assert not (root / "public").exists()


def test_aliases_onto_the_sites_own_pages_are_errors(tmp_path):
    reserved = ["static", "search", "page", "pagefind"]
    root = make_project(tmp_path)
    build(root, jobs=1, use_cache=False)  # a good build first: the bad one must leave it alone
    before = tree_hash(root / "public")
    article = root / "content/bridge/article.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "aliases: [bridge-closure]", f"aliases: [{', '.join(reserved)}]"), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    messages = " ".join(p.message for p in caught.value.problems if p.loc.path == "content/bridge/article.md")
    assert all(f"'{alias}'" in messages for alias in reserved), [p.format() for p in caught.value.problems]
    assert tree_hash(root / "public") == before


def test_two_stories_claiming_one_output_is_an_error(tmp_path):
    root = make_project(tmp_path)
    shutil.copytree(EXAMPLE / "content/bridge", root / "content/second")
    article = root / "content/second/article.md"
    article.write_text(article.read_text(encoding="utf-8").replace("aliases: [bridge-closure]", "aliases: [bridge]"),
                       encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert any("collision" in p.message or "clashes" in p.message for p in caught.value.problems)
    assert not (root / "public").exists()


@pytest.mark.parametrize("slug", ["../x", "..%2fx", "/tmp/x", "CON", "Ｆｕｌｌｗｉｄｔｈ", "", "a" * 81])
def test_new_story_refuses_bad_slugs(tmp_path, slug):
    pytest.importorskip("explainer.scaffold")
    root = make_project(tmp_path / "site")
    before = files_outside_public(tmp_path)
    done = run_cli(root, "new", slug)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert files_outside_public(tmp_path) == before


# --- F5: editor litter and hidden files ----------------------------------------------------------------------

LITTER = {
    "content/bridge/.#article.md": "not yaml: [",
    "content/bridge/#article.md#": "not yaml: [",
    "content/bridge/article.md~": "not yaml: [",
    "content/bridge/.article.md.swp": b"\x00\x01binary swap",
    "content/bridge/.timeline.yaml.swx": b"\x00\x01binary swap",
    "content/bridge/sources.yaml~": "- {broken",
    "content/bridge/4913": "",
    "content/bridge/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "content/bridge/timeline.yaml.tmp": "- {broken",
    "content/bridge/figures.yaml.bak": "- {broken",
    "content/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "content/.hidden-story/article.md": "---\ntitle: [broken\n",
    "content/_drafts/article.md": "---\ntitle: [broken\n",
    "content/4913": "",
    "templates/static/.DS_Store": b"\x00\x00\x00\x01Bud1",
    "templates/static/style.css~": "old",
    "templates/static/.#style.css": "lock",
    "templates/static/.explainer.js.swp": b"\x00swap",
}


def test_editor_temp_and_hidden_files_are_ignored(tmp_path):
    root = make_project(tmp_path, LITTER)
    report = build(root, jobs=1, use_cache=False)
    assert not [p for p in report.problems if p.severity == "error"]
    names = {p.name for p in (root / "public").rglob("*")}
    for rel in LITTER:
        assert Path(rel).name not in names or Path(rel).name == "article.md", rel
    assert not (root / "public/.hidden-story").exists() and not (root / "public/_drafts").exists()
    assert {p.relative_to(root / "public/static").as_posix() for p in (root / "public/static").iterdir()} == \
        {"explainer.js", "style.css"} | {p.name for p in (root / "templates/static").iterdir()
                                        if not p.name.startswith((".", "#")) and not p.name.endswith("~")}


# --- B4: no stale output -------------------------------------------------------------------------------------

def test_deleting_a_story_removes_its_output(tmp_path):
    root = make_project(tmp_path)
    shutil.copytree(EXAMPLE / "content/bridge", root / "content/second")
    article = root / "content/second/article.md"
    article.write_text(article.read_text(encoding="utf-8").replace("aliases: [bridge-closure]", "aliases: [second-old]")
                       .replace("Why the Eastbank bridge closed", "The second story"), encoding="utf-8")
    build(root, jobs=1)
    assert (root / "public/second/index.html").exists() and (root / "public/second-old/index.html").exists()
    shutil.rmtree(root / "content/second")
    build(root, jobs=1)
    assert not (root / "public/second").exists() and not (root / "public/second-old").exists()
    for path in (root / "public").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
            assert "second" not in path.read_text(encoding="utf-8").lower().replace("second-", ""), path
    assert not list(root.glob(".public.*"))


def test_a_file_put_into_public_by_hand_does_not_survive_a_rebuild(tmp_path):
    root = make_project(tmp_path)
    build(root, jobs=1)
    (root / "public/bridge/stale.html").write_text("<script>alert(1)</script>")
    (root / "public/old-story").mkdir()
    (root / "public/old-story/index.html").write_text("old")
    timeline = root / "content/bridge/timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("Detour signposted", "Detour signed"),
                        encoding="utf-8")
    build(root, jobs=1)
    assert not (root / "public/bridge/stale.html").exists() and not (root / "public/old-story").exists()
