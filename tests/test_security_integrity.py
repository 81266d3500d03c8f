"""Build integrity (security.md §7 B1–B3; issue 7 item 5): a build killed at any point leaves public/ exactly
as it was and the next build clean; a failed build changes nothing; identical input gives identical bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, make_project, tree_hash

from explainer.pipeline import build
from explainer.problems import BuildError
from explainer.write import recover

EXAMPLE = FIXTURES / "sites" / "example"


def new_content(root: Path) -> None:
    """An edit that changes several outputs: the story page, its data files and the home page."""
    article = root / "content/bridge/article.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "title: Why the Eastbank bridge closed", "title: Why the Eastbank bridge is still closed"), encoding="utf-8")
    timeline = root / "content/bridge/timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace(
        "Inspectors report hairline cracks", "Inspectors report fine cracks"), encoding="utf-8")


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".public.staging-", ".public.old-")))


def cli(root: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The old tree and the new tree, each from a fresh build, plus how many files a build writes."""
    base = tmp_path_factory.mktemp("reference")
    old_root = make_project(base / "old")
    build(old_root, jobs=1, use_cache=False)
    new_root = make_project(base / "new")
    new_content(new_root)
    report = build(new_root, jobs=1, use_cache=False)
    old_hash, new_hash = tree_hash(old_root / "public"), tree_hash(new_root / "public")
    assert old_hash != new_hash
    return {"old": old_hash, "new": new_hash, "files": report.files}


KILLS = {
    "first-write": lambda n: {"EXPLAINER_TEST_KILL_AFTER_WRITES": "1"},
    "halfway": lambda n: {"EXPLAINER_TEST_KILL_AFTER_WRITES": str(n // 2)},
    "last-write": lambda n: {"EXPLAINER_TEST_KILL_AFTER_WRITES": str(n)},
    "before-swap": lambda n: {"EXPLAINER_TEST_KILL_AT": "before-swap"},
    "between-renames": lambda n: {"EXPLAINER_NO_EXCHANGE": "1", "EXPLAINER_TEST_KILL_AT": "between-renames"},
}


@pytest.fixture(scope="module")
def killed(tmp_path_factory, reference):
    """Each kill point on its own copy of the project, all killed builds run at once to save time."""
    base = tmp_path_factory.mktemp("killed")
    roots, runs = {}, {}
    for name, env in KILLS.items():
        root = make_project(base / name)
        build(root, jobs=1)  # public/ = the old tree, with the build cache of a real editor's setup
        assert tree_hash(root / "public") == reference["old"]
        new_content(root)
        roots[name] = root
        runs[name] = cli(root, "--jobs", "1", env=env(reference["files"]))
    results = {}
    for name, run in runs.items():
        out, err = run.communicate(timeout=120)
        state = {"returncode": run.returncode, "stdout": out, "stderr": err,
                 "public": tree_hash(roots[name] / "public"), "leftovers": leftovers(roots[name]),
                 "olds": [tree_hash(p) for p in sorted(roots[name].glob(".public.old-*"))]}
        results[name] = (roots[name], state)
    return results


def test_reference_build_writes_enough_files_to_kill_halfway(reference):
    assert reference["files"] >= 4


@pytest.mark.parametrize("point", KILLS)
def test_kill_leaves_the_old_tree_untouched(killed, reference, point):
    root, state = killed[point]
    assert state["returncode"] == -9, (state["returncode"], state["stderr"][-2000:])
    if point == "between-renames":
        # the old tree has been moved aside, whole; the next build's recovery puts it back
        assert state["public"] == "missing"
        assert state["olds"] == [reference["old"]]
    else:
        assert state["public"] == reference["old"]


def test_recovery_after_a_kill_between_renames_restores_the_old_tree(killed, reference, tmp_path):
    root, _ = killed["between-renames"]
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, symlinks=True)
    recover(copy / "public")
    assert tree_hash(copy / "public") == reference["old"]
    assert leftovers(copy) == []


@pytest.mark.parametrize("point", KILLS)
def test_next_build_after_a_kill_is_clean_and_complete(killed, reference, point):
    root, state = killed[point]
    assert state["leftovers"], "the killed build should have left its staging or old folder behind"
    report = build(root, jobs=1)
    assert report.stories == 1
    assert tree_hash(root / "public") == reference["new"]
    assert leftovers(root) == []


def test_cli_build_after_a_kill_is_clean(tmp_path, reference):
    root = make_project(tmp_path)
    build(root, jobs=1)
    new_content(root)
    run = cli(root, env={"EXPLAINER_TEST_KILL_AFTER_WRITES": "2"})
    run.communicate(timeout=120)
    assert run.returncode == -9 and tree_hash(root / "public") == reference["old"]
    run = cli(root)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert "Traceback" not in out + err
    assert tree_hash(root / "public") == reference["new"] and leftovers(root) == []


# --- B1: a failed build changes nothing ----------------------------------------------------------------------

BREAKAGES = {
    "yaml-syntax": ("content/bridge/timeline.yaml", "- id: broken\n  title: [unclosed\n"),
    "unknown-reference": ("content/bridge/quotes.yaml",
                          "- id: q\n  text: x\n  speaker: y\n  said: 2026-01-01\n  source: nowhere\n"),
    "bad-url": ("content/bridge/sources.yaml", "- id: s\n  title: t\n  publisher: p\n  url: javascript:alert(1)\n"
                                               "  published: 2026-01-01\n  kind: news\n"),
    "template": ("templates/story.html", "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}"),
    "site-config": ("site.yaml", "title: x\n"),
}


@pytest.mark.parametrize("case", BREAKAGES)
def test_failed_build_leaves_public_identical_and_no_staging(tmp_path, reference, case):
    root = make_project(tmp_path)
    build(root, jobs=1)
    before = tree_hash(root / "public")
    rel, text = BREAKAGES[case]
    (root / rel).write_text(text, encoding="utf-8")
    with pytest.raises(BuildError):
        build(root, jobs=1)
    assert tree_hash(root / "public") == before == reference["old"]
    assert leftovers(root) == []


def test_failed_cli_build_leaves_public_identical(tmp_path):
    root = make_project(tmp_path)
    build(root, jobs=1)
    before = tree_hash(root / "public")
    (root / "content/bridge/figures.yaml").write_text("- id: x\n  label: [\n", encoding="utf-8")
    run = cli(root)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1 and "Traceback" not in out + err
    assert "\ncontent/bridge/figures.yaml:3:1: error: YAML syntax" in "\n" + err, err
    assert tree_hash(root / "public") == before and leftovers(root) == []


# --- B3: determinism ---------------------------------------------------------------------------------------

def test_two_builds_of_the_same_input_are_identical(tmp_path, reference):
    first, second = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    build(first, jobs=1, use_cache=False)
    build(second, jobs=1, use_cache=False)
    assert tree_hash(first / "public") == tree_hash(second / "public") == reference["old"]
    build(first, jobs=1, use_cache=False)  # a rebuild in place, and one reusing the cache
    assert tree_hash(first / "public") == reference["old"]
    build(first, jobs=1)
    assert tree_hash(first / "public") == reference["old"]


def test_source_date_epoch_does_not_change_the_output(tmp_path, reference, monkeypatch):
    """No wall-clock dates in the output: SOURCE_DATE_EPOCH=0 (1970) and a far-future epoch give the same bytes."""
    for epoch in ("0", "4102444800"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        root = make_project(tmp_path / epoch)
        build(root, jobs=1, use_cache=False)
        assert tree_hash(root / "public") == reference["old"], epoch
        for path in (root / "public").rglob("*"):
            if path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".md"):
                assert "1970-01-01" not in path.read_text(encoding="utf-8"), path
