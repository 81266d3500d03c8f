"""Invalid input: every broken site gives exactly the located problems it should, exit 1, and an untouched public/.

Each folder under tests/fixtures/invalid/ is one case, an overlay on the example site
(tests/fixtures/sites/example, a valid one-story site whose story slug is `bridge`):

* every file in the case folder, except the control files below, is written over a fresh copy of
  the example site at the same relative path (`content/bridge/timeline.yaml`, `site.yaml`,
  `templates/story.html`, `content/other-story/article.md`, ...);
* `expected.txt`: the exact problem lines the build prints to stderr, in order (each
  `path:line:col: error: message` line and its `  hint: ...` line), without the summary lines;
* `delete.txt` (optional): paths, one a line, removed from the copy;
* `setup.py` (optional): `setup(root: Path)`, for what a plain file cannot express (symlinks,
  binary bytes, generated content);
* `args.txt` (optional): extra arguments for `build`, one a line (e.g. `--strict`).

Folders under tests/fixtures/invalid/_valid/ are control cases built the same way that must
build cleanly (exit 0); their optional `contains.txt` lists strings that must appear in
public/bridge/index.html or story.json (JSON spacing ignored), and `absent.txt` paths that must
not exist under public/.

To see what the build prints for a case while writing its expected.txt:

    python tests/test_invalid_sites.py CASE [CASE ...]     # or: --all, or _valid/CASE

Never copy that output into expected.txt blindly: read each message and check that an editor
would understand it and that line:col points at the right place. Where the generator is wrong,
expected.txt holds what it should print and the case is listed in XFAIL_LINES or XFAIL_CLEAN below.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as a script: make `conftest` and `explainer` importable
    sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from helpers import ROOT, make_project, run_cli, tree_hash  # noqa: E402

CASES = Path(__file__).resolve().parent / "fixtures" / "invalid"
VALID = CASES / "_valid"
CONTROL_FILES = {"expected.txt", "delete.txt", "setup.py", "args.txt", "contains.txt", "absent.txt"}
SENTINEL = "SENTINEL-7f3a"
MAX_SECONDS = 5.0  # a generous bound on one failing build, not a benchmark
TEMP_NAMES = {".#article.md", "article.md~", ".article.md.swp", ".x.swp", "4913", ".DS_Store", "#timeline.yaml#",
              "timeline.yaml~"}
_SUMMARY = re.compile(r"^(\d+ errors?, \d+ warnings?|Build failed\b.*)$")

# Cases that expose a generator bug, each with the reason. Each case is checked by two tests:
# test_problem_lines (stderr equals expected.txt, which holds what the build SHOULD print) and
# test_fails_cleanly (exit 1, no traceback, public/ untouched, no leftovers, fast); a bug is marked
# on the test it breaks, so the other keeps guarding the case. strict=True: a fixed bug fails the
# run until its entry is removed.
XFAIL_LINES: dict[str, str] = {}
XFAIL_CLEAN: dict[str, str] = {}


# --- helpers ---------------------------------------------------------------------------------------

def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def valid_names() -> list[str]:
    return sorted(p.name for p in VALID.iterdir() if p.is_dir()) if VALID.is_dir() else []


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def apply_case(case: Path, root: Path) -> list[str]:
    """Write the case's overlay over the project at `root`; returns the extra build arguments."""
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or (len(rel.parts) == 1 and rel.name in CONTROL_FILES) or "__pycache__" in rel.parts:
            continue
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    for rel in _lines(case / "delete.txt"):
        target = root / rel.strip()
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
    if (case / "setup.py").is_file():
        spec = importlib.util.spec_from_file_location(f"invalid_case_{case.name.replace('-', '_')}", case / "setup.py")
        module = importlib.util.module_from_spec(spec)
        keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ among the fixtures
        try:
            spec.loader.exec_module(module)
        finally:
            sys.dont_write_bytecode = keep
        module.setup(root)
    return [arg.strip() for arg in _lines(case / "args.txt")]


def problem_lines(stderr: str) -> list[str]:
    """The problem lines of a failed build: stderr without the trailing summary lines."""
    lines = stderr.rstrip("\n").split("\n") if stderr.strip() else []
    while lines and (not lines[-1].strip() or _SUMMARY.match(lines[-1])):
        lines.pop()
    return lines


def baseline_build(root: Path) -> None:
    """A real, successful build (in-process, to save interpreter start-ups), so that public/ exists."""
    from explainer.pipeline import build
    from explainer.problems import BuildError

    try:
        build(root, jobs=1)
    except BuildError as exc:
        pytest.fail("the example site no longer builds:\n" + "\n".join(p.format() for p in exc.problems))


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".public.staging-", ".public.old-")))


def _params(names: list[str], xfail: dict[str, str]):
    return [pytest.param(name, marks=pytest.mark.xfail(reason=xfail[name], strict=True)) if name in xfail else name
            for name in names]


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    public_unchanged: bool
    leftovers: list[str]
    pwned: bool


_OUTCOMES: dict[str, Outcome] = {}


def run_case(name: str, tmp_path: Path) -> Outcome:
    """Build the example site, break it as the case says, build again; the second build's outcome."""
    case = CASES / name
    root = make_project(tmp_path)
    baseline_build(root)
    public = root / "public"
    before = tree_hash(public)
    assert before != "missing"
    args = apply_case(case, root)
    started = time.perf_counter()
    result = run_cli(root, "build", *args)
    seconds = time.perf_counter() - started
    return Outcome(result.returncode, result.stdout, result.stderr, seconds, tree_hash(public) == before,
                   leftovers(root), any(tmp_path.rglob("PWNED")) or (ROOT / "PWNED").exists())


@pytest.fixture
def outcome(request, tmp_path_factory) -> Outcome:
    """Each case is built once; both tests of a case share the outcome."""
    name = request.node.callspec.params["name"]
    if name not in _OUTCOMES:
        _OUTCOMES[name] = run_case(name, tmp_path_factory.mktemp(name))
    return _OUTCOMES[name]


# --- the cases -------------------------------------------------------------------------------------

def test_fixture_set_is_complete():
    names = case_names()
    assert len(names) >= 45, f"only {len(names)} invalid cases"
    for name in names:
        assert (CASES / name / "expected.txt").is_file(), f"{name} has no expected.txt"
    unknown = (set(XFAIL_LINES) | set(XFAIL_CLEAN)) - set(names)
    assert not unknown, f"XFAIL names unknown cases: {sorted(unknown)}"


@pytest.mark.parametrize("name", _params(case_names(), XFAIL_LINES))
def test_problem_lines(name: str, outcome: Outcome):
    """stderr holds exactly the expected located problems (and hints), in order."""
    assert problem_lines(outcome.stderr) == _lines(CASES / name / "expected.txt"), outcome.stderr


@pytest.mark.parametrize("name", _params(case_names(), XFAIL_CLEAN))
def test_fails_cleanly(name: str, outcome: Outcome):
    """Exit 1, no traceback, public/ byte-identical, nothing left beside it, and no time wasted."""
    output = outcome.stdout + outcome.stderr
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    assert outcome.returncode == 1, output
    assert outcome.public_unchanged, "a failed build changed public/"
    assert outcome.leftovers == [], "a failed build left a staging or old folder beside public/"
    assert outcome.seconds < MAX_SECONDS, f"the failing build took {outcome.seconds:.1f} s"
    assert not outcome.pwned, "a YAML tag ran a command"


@pytest.mark.parametrize("name", valid_names())
def test_valid_control_site(name: str, tmp_path: Path):
    """Inputs that look risky but are fine: they must build, and editor temp files stay out of public/."""
    case = VALID / name
    root = make_project(tmp_path)
    args = apply_case(case, root)
    result = run_cli(root, "build", *args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 0, output
    story = root / "public" / "bridge"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(story.iterdir()) if p.suffix in (".html", ".json"))
    assert "\ufeff" not in text, "a byte-order mark reached the page"
    compact = re.sub(r'":\s+', '":', text)  # JSON spacing is not part of the check
    for expected in _lines(case / "contains.txt"):
        assert re.sub(r'":\s+', '":', expected) in compact, f"{expected!r} is not in public/bridge/index.html or story.json"
    for rel in _lines(case / "absent.txt"):
        assert not (root / "public" / rel).exists(), f"public/{rel} should not exist"
    names = {p.name for p in (root / "public").rglob("*")}
    assert not names & TEMP_NAMES, f"editor temp files were published: {sorted(names & TEMP_NAMES)}"


# --- direct tests ------------------------------------------------------------------------------------

def _prepared(name: str, tmp_path: Path, *, build_first: bool = True) -> Path:
    root = make_project(tmp_path)
    if build_first:
        baseline_build(root)
    apply_case(CASES / name, root)
    return root


def test_alias_bomb_fails_fast_in_process(tmp_path: Path):
    """The 341-byte billion-laughs file fails in under 1 s (timed in-process, so interpreter start-up is left out)."""
    from explainer.pipeline import build
    from explainer.problems import BuildError

    bomb = CASES / "yaml-alias-bomb" / "content" / "bridge" / "quotes.yaml"
    assert len(bomb.read_bytes()) == 341
    root = make_project(tmp_path)
    build(root, jobs=1)  # warm up: imports, templates, the social card
    before = tree_hash(root / "public")
    apply_case(CASES / "yaml-alias-bomb", root)
    started = time.perf_counter()
    with pytest.raises(BuildError) as failure:
        build(root, jobs=1)
    seconds = time.perf_counter() - started
    assert seconds < 1.0, f"the alias bomb took {seconds:.2f} s"
    assert any(p.loc.path == "content/bridge/quotes.yaml" and "alias" in p.message for p in failure.value.problems)
    assert tree_hash(root / "public") == before


def test_alias_bomb_memory(tmp_path: Path):
    """Peak memory of the whole failing build stays far below what expanding the bomb would need."""
    root = _prepared("yaml-alias-bomb", tmp_path, build_first=False)
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    command = [sys.executable, "-c", probe, sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.split()
    code, peak_kib = int(out[0]), int(out[1])
    assert code == 1
    assert peak_kib < 200 * 1024, f"peak RSS {peak_kib // 1024} MB"


def test_python_tag_runs_nothing(tmp_path: Path):
    root = _prepared("yaml-python-tag", tmp_path, build_first=False)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1
    assert not list(tmp_path.rglob("PWNED")), "a YAML tag ran a command"
    assert not (Path.cwd() / "PWNED").exists()


@pytest.mark.parametrize("name", ["path-symlink-file-outside", "path-symlink-folder-outside",
                                  "path-symlink-archive-outside"])
def test_sentinel_never_published(name: str, tmp_path: Path):
    """Files reached through symlinks out of the project never reach public/ or the output, whatever the options."""
    root = _prepared(name, tmp_path)
    secret = tmp_path / "outside"
    assert any(SENTINEL in p.read_text(encoding="utf-8") for p in secret.rglob("*") if p.is_file())
    for args in (["build"], ["build", "--drafts"], ["build", "--no-cache"], ["build", "--strict"], ["check"]):
        result = run_cli(root, *args)
        assert result.returncode == 1
        assert SENTINEL not in result.stdout + result.stderr
    for path in (root / "public").rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), f"the sentinel leaked into {path}"
    assert leftovers(root) == []


# --- see the current output of a case -----------------------------------------------------------------

def _show(name: str) -> None:
    import tempfile
    case = VALID / name.removeprefix("_valid/") if name.startswith("_valid/") else CASES / name
    with tempfile.TemporaryDirectory(prefix="invalid-case-") as tmp:
        root = make_project(Path(tmp))
        baseline_build(root)
        before = tree_hash(root / "public")
        args = apply_case(case, root)
        started = time.perf_counter()
        result = run_cli(root, "build", *args)
        seconds = time.perf_counter() - started
        actual = problem_lines(result.stderr)
        expected = _lines(case / "expected.txt")
        print(f"=== {name}  exit {result.returncode}  {seconds:.2f} s  public/ "
              f"{'unchanged' if tree_hash(root / 'public') == before else 'CHANGED'}  leftovers {leftovers(root)}"
              f"{'  (xfail lines)' if name in XFAIL_LINES else ''}{'  (xfail clean)' if name in XFAIL_CLEAN else ''}")
        print("\n".join(actual) if actual else "(no problem lines)")
        if result.stdout.strip():
            print("--- stdout:\n" + result.stdout.rstrip())
        if case.joinpath("expected.txt").is_file() and actual != expected:
            print("--- differs from expected.txt:\n" + "\n".join(expected))


if __name__ == "__main__":
    targets = sys.argv[1:]
    if targets == ["--all"]:
        targets = case_names() + [f"_valid/{n}" for n in valid_names()]
    if not targets:
        sys.exit(__doc__)
    for target in targets:
        _show(target.rstrip("/").rsplit("fixtures/invalid/", 1)[-1])
