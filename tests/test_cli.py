"""The command line as a user runs it: exit codes, output format, check, new, facts, verify, docs."""

import json

from helpers import ROOT, make_project, run_cli, tree_hash


def test_build_prints_a_summary_and_exits_0(project):
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 story, ") and result.stdout.rstrip().endswith(" s")
    assert result.stderr == ""


def test_build_failure_lists_problems_and_keeps_public(project):
    run_cli(project, "build")
    before = tree_hash(project / "public")
    (project / "content/bridge/figures.yaml").write_text("- id: Bad Id\n")
    result = run_cli(project, "build")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/bridge/figures.yaml:1:7: error: figure 'Bad Id': 'Bad Id' is not a valid id" in lines
    assert "content/bridge/figures.yaml:1:3: error: figure 'Bad Id' is missing required field 'label'" in lines
    assert lines[-1] == "Build failed: public/ was left as it was."
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_hash(project / "public") == before


def test_usage_errors_exit_2(project):
    assert run_cli(project, "build", "--no-such-flag").returncode == 2
    assert run_cli(project, "nonsense").returncode == 2
    assert run_cli(project, "--help").returncode == 0


def test_check_writes_nothing_and_reports_json(project):
    (project / "content/bridge/sources.yaml").write_text(
        (project / "content/bridge/sources.yaml").read_text() + "- id: spare\n  title: t\n  publisher: p\n"
        "  url: https://example.org/\n  published: 2026\n  kind: news\n")
    result = run_cli(project, "check")
    assert result.returncode == 0 and "warning: source 'spare' is not cited" in result.stderr
    assert not (project / "public").exists()
    strict = run_cli(project, "check", "--strict", "--format", "json")
    assert strict.returncode == 1
    report = json.loads(strict.stdout)
    assert report["ok"] is False and report["errors"] == 1 and report["warnings"] == 0
    assert report["problems"][0]["path"] == "content/bridge/sources.yaml"
    assert report["problems"][0]["line"] == 26 and report["problems"][0]["severity"] == "error"


def test_new_story_builds_as_a_draft(project):
    result = run_cli(project, "new", "fresh-story")
    assert result.returncode == 0, result.stderr
    folder = project / "content/fresh-story"
    assert sorted(p.name for p in folder.iterdir()) == ["article.md", "figures.yaml", "quotes.yaml",
                                                         "sources.yaml", "timeline.yaml"]
    assert (folder / "sources.yaml").read_text().startswith("# yaml-language-server: $schema=../../schemas/")
    assert run_cli(project, "check", "--strict").returncode == 0
    assert run_cli(project, "build").returncode == 0
    assert not (project / "public/fresh-story").exists()
    assert run_cli(project, "build", "--drafts").returncode == 0
    assert (project / "public/fresh-story/index.html").exists()


def test_new_refuses_bad_or_existing_slugs(project):
    assert run_cli(project, "new", "Bad Slug").returncode == 1
    assert "already exists" in run_cli(project, "new", "bridge").stderr


def test_facts_and_verify_reports(project):
    facts = run_cli(project, "facts", "--story", "bridge")
    assert facts.returncode == 0
    assert "closure-days" in facts.stdout and "cited by: event detour" in facts.stdout
    verify = run_cli(project, "verify")
    assert verify.returncode == 0
    assert "1 verified, 0 not matching, 2 unverified" in verify.stdout


def test_editor_guide_field_reference_is_current():
    result = run_cli(ROOT, "docs", "--check")
    assert result.returncode == 0, result.stderr


def test_every_content_file_points_its_editor_at_a_schema():
    for path in sorted((ROOT / "content").glob("*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{path.stem}.schema.json", path


def test_build_works_from_any_directory(tmp_path):
    root = make_project(tmp_path)
    import subprocess
    import sys
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
                            cwd="/", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
