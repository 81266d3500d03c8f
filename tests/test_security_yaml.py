"""The YAML loader under hostile input: alias bombs, deep nesting, code tags, duplicate keys, implicit typing,
control and bidi characters, broken encodings (security.md §7 Y1–Y8, as amended by the content model:
libyaml's composer plus our own node checks)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest
from helpers import FIXTURES, ROOT, make_project, tree_hash

from explainer.pipeline import build
from explainer.problems import BuildError
from explainer.yamlfile import YamlError, decode, parse_yaml

EXAMPLE = FIXTURES / "sites" / "example"

# security.md §8: 9 anchors, each list referencing the previous one 9 times (341 bytes, 9^9 leaves)
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi", strict=False))


def load(raw: bytes, path: str = "content/x/timeline.yaml"):
    """What the generator does with a fact file: decode (encoding, forbidden characters), then parse."""
    text, problems = decode(raw, path)
    if text is None or problems:
        raise YamlError(problems[0])
    return parse_yaml(text, path)


def run_python(code: str, cwd=None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


# --- Y4: anchors, aliases, billion laughs -----------------------------------------------------------------

def test_alias_bomb_is_the_341_byte_one():
    assert len(ALIAS_BOMB.rstrip("\n").encode()) == 341


def test_alias_bomb_fails_fast_located_and_small(tmp_path):
    """In a fresh interpreter, so peak RSS measures this parse alone."""
    done = run_python(f"""
        import json, resource, time
        from explainer.yamlfile import parse_yaml, YamlError
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            parse_yaml({ALIAS_BOMB!r}, "content/x/timeline.yaml")
            outcome = None
        except YamlError as exc:
            outcome = exc.problem.format()
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"outcome": outcome, "seconds": elapsed, "grew_kib": after - before}}))
    """)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] is not None, "the alias bomb was accepted"
    assert result["outcome"].startswith("content/x/timeline.yaml:"), result["outcome"]
    assert "alias" in result["outcome"] or "anchor" in result["outcome"]
    assert result["seconds"] < 1.0
    assert result["grew_kib"] < 200 * 1024


def test_alias_bomb_in_a_site_fails_the_build_located(tmp_path):
    root = make_project(tmp_path, {"content/bridge/timeline.yaml": ALIAS_BOMB})
    (root / "public").mkdir()
    before = tree_hash(root / "public")
    started = time.perf_counter()
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    assert time.perf_counter() - started < 5
    assert any(p.loc.path == "content/bridge/timeline.yaml" and "alias" in p.message for p in caught.value.problems)
    assert tree_hash(root / "public") == before


@pytest.mark.parametrize("text, line", [
    ("a: &x [1, 2]\nb: *x\n", 1),
    ("a: &x {k: 1}\nb: *x\n", 1),
    ("- &r {id: a}\n- *r\n", 1),
    ("a: &x {k: 1}\nb:\n  <<: *x\n", None),
], ids=["list-alias", "map-alias", "record-alias", "merge-key"])
def test_aliases_to_collections_are_rejected(text, line):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "x.yaml")
    problem = caught.value.problem
    assert problem.loc.path == "x.yaml" and (line is None or problem.loc.line == line)
    assert "alias" in problem.message or "key" in problem.message


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "- &a x\n- *a\n", "title: &t Hello\ndek: *t\n"],
                         ids=["map", "list", "front-matter"])
def test_aliases_to_scalars_are_rejected(text):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "x.yaml")
    assert "alias" in caught.value.problem.message or "anchor" in caught.value.problem.message


@pytest.mark.parametrize("text", ["a: &x 1\n", "a: &x [1]\n", "- &r {id: a}\n"], ids=["scalar", "list", "record"])
def test_unused_anchors_are_rejected(text):
    with pytest.raises(YamlError):
        parse_yaml(text, "x.yaml")


# --- Y5: nesting ---------------------------------------------------------------------------------------------

DEEP = {
    "flow-seq": lambda n: "[" * n + "]" * n,
    "flow-map": lambda n: "{a: " * n + "1" + "}" * n,
    "block-seq": lambda n: "- " * n + "x\n",
    "mixed": lambda n: "[{a: " * (n // 2) + "1" + "}]" * (n // 2),
}


@pytest.mark.parametrize("shape", DEEP)
def test_nesting_within_the_cap_is_accepted(shape):
    parse_yaml(DEEP[shape](60), "x.yaml")


@pytest.mark.parametrize("shape", DEEP)
def test_nesting_2000_deep_is_rejected_located(shape):
    with pytest.raises(YamlError) as caught:
        parse_yaml(DEEP[shape](2000), "x.yaml")
    problem = caught.value.problem
    assert "nesting deeper than 64" in problem.message
    assert problem.loc.path == "x.yaml" and problem.loc.line == 1 and problem.loc.col > 1


def test_nesting_100000_deep_neither_crashes_nor_recurses():
    """In a subprocess: a C stack overflow would kill it with a signal (negative return code)."""
    done = run_python("""
        import sys
        from explainer.yamlfile import parse_yaml, YamlError
        shapes = {"flow-seq": "[" * 100000 + "]" * 100000, "flow-map": "{a: " * 100000 + "1" + "}" * 100000,
                  "block-seq": "- " * 100000 + "x\\n", "unclosed": "[" * 100000,
                  "mixed": "[{a: " * 50000 + "1" + "}]" * 50000}
        for name, text in shapes.items():
            try:
                parse_yaml(text, "deep.yaml")
                print(name, "ACCEPTED")
            except YamlError as exc:
                print(name, exc.problem.format().splitlines()[0])
    """, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 5 and not any("ACCEPTED" in line for line in lines), lines
    assert all("deep.yaml:1:" in line and "nesting deeper than 64" in line for line in lines), lines


# --- Y1: code-running tags -----------------------------------------------------------------------------------

PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch PWNED']",
    "a: !!python/object/apply:os.system ['touch PWNED']",
    "a: !!python/object/new:os.system ['touch PWNED']",
    "a: !!python/name:os.system",
    "a: !!python/module:os",
    "a: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch PWNED']",
    "- id: x\n  title: !!python/object/apply:subprocess.call [['touch', 'PWNED']]",
    "a: !!binary dG91Y2ggUFdORUQ=",
    "a: !custom x",
    "a: !!set {x: null}",
]


def test_python_tags_are_rejected_and_run_nothing(tmp_path):
    done = run_python(f"""
        from explainer.yamlfile import parse_yaml, YamlError
        for text in {PYTHON_TAGS!r}:
            try:
                parse_yaml(text, "x.yaml")
                print("ACCEPTED", repr(text))
            except YamlError as exc:
                print(exc.problem.format().splitlines()[0])
    """, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ACCEPTED" not in done.stdout, done.stdout
    assert all(line.startswith("x.yaml:") and "tag" in line for line in done.stdout.splitlines()), done.stdout
    assert not (tmp_path / "PWNED").exists()


def test_python_tag_in_a_site_fails_the_build_and_runs_nothing(tmp_path):
    timeline = (EXAMPLE / "content/bridge/timeline.yaml").read_text(encoding="utf-8").replace(
        "title: City closes the bridge", "title: !!python/object/apply:os.system ['touch PWNED']")
    root = make_project(tmp_path / "site", {"content/bridge/timeline.yaml": timeline})
    line = timeline.split("\n").index("  title: !!python/object/apply:os.system ['touch PWNED']") + 1
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert f"\ncontent/bridge/timeline.yaml:{line}:10: error: YAML tags are not allowed" in "\n" + done.stderr, \
        done.stderr
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("PWNED"))


# --- Y3: duplicate keys -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, offset, line, first", [
    ("a: 1\nb: 2\na: 3\n", 0, 3, 1),
    ("a: 1\n\"a\": 2\n", 0, 2, 1),
    ("{a: 1, b: 2, a: 3}\n", 0, 1, 1),
    ("- id: x\n  title: A\n  status: confirmed\n  title: B\n", 0, 4, 2),
    ("outer:\n  k: 1\n  other: 2\n  k: 3\n", 0, 4, 2),
    ("title: A\ndek: B\ntitle: C\n", 1, 4, 2),  # front matter: line numbers of article.md
], ids=["top", "quoted", "flow", "record", "nested", "front-matter"])
def test_duplicate_keys_name_both_lines(text, offset, line, first):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "x.yaml", line_offset=offset)
    problem = caught.value.problem
    assert problem.loc.line == line
    assert "duplicate key" in problem.message and f"line {first}" in problem.message, problem.message


def test_duplicate_key_in_a_site_fails_the_build(tmp_path):
    sources = (EXAMPLE / "content/bridge/sources.yaml").read_text(encoding="utf-8").replace(
        "  kind: government\n", "  kind: government\n  title: Second title\n", 1)
    root = make_project(tmp_path, {"content/bridge/sources.yaml": sources})
    lines = sources.split("\n")
    first, second = lines.index("  title: Eastbank bridge closed for safety checks") + 1, \
        lines.index("  title: Second title") + 1
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    [problem] = [p for p in caught.value.problems if "duplicate" in p.message]
    assert (problem.loc.path, problem.loc.line, problem.loc.col) == ("content/bridge/sources.yaml", second, 3)
    assert f"line {first}" in problem.message


# --- Y6: implicit typing ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("NO", "NO"), ("no", "no"), ("on", "on"), ("Off", "Off"), ("yes", "yes"), ("y", "y"),
    ("017", "017"), ("01234", "01234"), ("0o17", "0o17"), ("0x1F", "0x1F"), ("1:30", "1:30"),
    ("190:20:30", "190:20:30"), ("1_000", "1_000"), ("2024-02-30", "2024-02-30"), ("2024-01-01", "2024-01-01"),
    (".inf", ".inf"), (".nan", ".nan"), ("1e3", 1000), ("1.10", 1.1), ("12", 12), ("true", True), ("~", None),
])
def test_plain_scalars_do_not_become_surprises(text, value):
    data = parse_yaml(f"v: {text}\n", "x.yaml").data["v"]
    assert data == value and type(data) is type(value), (text, data)


@pytest.mark.parametrize("text", ["1e3", "1.10", "12", "true", "2024-01-01"])
def test_typed_scalars_keep_their_original_text(text):
    doc = parse_yaml(f"v: {text}\n", "x.yaml")
    assert doc.raw.get(("v",), text) == text


def test_schema_text_fields_keep_the_original_text_on_the_page(tmp_path):
    quotes = ("- id: q1\n  text: 1.10\n  speaker: NO\n  role: 017\n  said: 2026-03-04\n  via: 1:30\n"
              "  context: 1e3\n  source: city-2026-03-04\n"
              "- id: q2\n  text: true\n  speaker: 1_000\n  role: on\n  said: 2026-03-05\n  via: 0x1F\n"
              "  context: 2024-02-30\n  source: city-2026-03-04\n")
    figures = (EXAMPLE / "content/bridge/figures.yaml").read_text(encoding="utf-8").replace(
        "    - value: 90\n", "    - value: 1e3\n")
    root = make_project(tmp_path, {"content/bridge/quotes.yaml": quotes, "content/bridge/figures.yaml": figures,
                                   "content/bridge/article.md": (EXAMPLE / "content/bridge/article.md").read_text(
                                       encoding="utf-8").replace("[](quote:engineer-cracks)", "[](quote:q1)").replace(
                                       "[its statement](quote:builder-timeline)", "[its statement](quote:q2)")})
    build(root, jobs=1, use_cache=False)
    story = json.loads((root / "public/bridge/story.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in story["quotes"]}
    assert (by_id["q1"]["text"], by_id["q1"]["speaker"], by_id["q1"]["role"], by_id["q1"]["via"],
            by_id["q1"]["context"]) == ("1.10", "NO", "017", "1:30", "1e3")
    assert (by_id["q2"]["text"], by_id["q2"]["speaker"], by_id["q2"]["role"], by_id["q2"]["via"],
            by_id["q2"]["context"]) == ("true", "1_000", "on", "0x1F", "2024-02-30")
    html = (root / "public/bridge/index.html").read_text(encoding="utf-8")
    for text in ("\u201c1.10\u201d", ">NO<", "017", "via 1:30", ">1e3<", "\u201ctrue\u201d", "2024-02-30"):
        assert text in html, text
    closure = next(f for f in story["figures"] if f["id"] == "closure-days")
    assert closure["estimates"][0]["value"] == 1000  # a number field: 1e3 is the number 1000


@pytest.mark.parametrize("file, old, new", [
    ("timeline.yaml", "date: 2026-03-04", "date: 2024-02-30"),
    ("timeline.yaml", "date: 2026-03-04", "date: 1:30"),
    ("timeline.yaml", "date: 2026-03-04", "date: NO"),
    ("sources.yaml", "accessed: 2026-03-05", "accessed: 2024-02-30"),
    ("figures.yaml", "as_of: 2026-03-04", "as_of: 2024-02-30"),
    ("quotes.yaml", "said: 2026-03-04", "said: 017"),
    ("article.md", "published: 2026-03-14T09:00:00+00:00", "published: 2024-02-30"),
], ids=["date-feb-30", "date-sexagesimal", "date-norway", "accessed-feb-30", "as-of-feb-30", "said-octal",
        "published-feb-30"])
def test_impossible_or_mistyped_dates_are_located_errors(tmp_path, file, old, new):
    text = (EXAMPLE / "content/bridge" / file).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    line = text[: text.index(new)].count("\n") + 1
    col = len(text[: text.index(new)].rsplit("\n", 1)[-1]) + len(new.split(":")[0]) + 3
    root = make_project(tmp_path, {f"content/bridge/{file}": text})
    with pytest.raises(BuildError) as caught:
        build(root, jobs=1, use_cache=False)
    located = [(p.loc.path, p.loc.line, p.loc.col) for p in caught.value.problems]
    assert (f"content/bridge/{file}", line, col) in located, [p.format() for p in caught.value.problems]


# --- Y8: control and bidirectional characters; encodings ----------------------------------------------------

FORBIDDEN = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F, 0x85,
             0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]


@pytest.mark.parametrize("code", FORBIDDEN, ids=[f"U+{c:04X}" for c in FORBIDDEN])
def test_control_and_bidi_characters_are_rejected_naming_the_code_point(code):
    raw = f"- id: x\n  title: abc{chr(code)}def\n".encode("utf-8")
    with pytest.raises(YamlError) as caught:
        load(raw)
    problem = caught.value.problem
    assert f"U+{code:04X}" in problem.message
    assert (problem.loc.path, problem.loc.line, problem.loc.col) == ("content/x/timeline.yaml", 2, 13)


@pytest.mark.parametrize("code", [0x09, 0x0A, 0x0D, 0xA0, 0x200B, 0x05D0, 0x1F600])
def test_ordinary_characters_are_accepted(code):
    load(f"- id: x\n  title: \"abc{chr(code)}def\"\n".encode("utf-8"))


@pytest.mark.parametrize("code", [0x00, 0x1B, 0x7F])
def test_parse_yaml_alone_never_leaks_a_reader_error(code):
    with pytest.raises(YamlError) as caught:
        parse_yaml(f"a: 1\nb: x{chr(code)}y\n", "x.yaml")
    assert caught.value.problem.loc.line == 2


def test_bidi_override_in_a_site_fails_the_build_naming_the_code_point(tmp_path):
    timeline = (EXAMPLE / "content/bridge/timeline.yaml").read_text(encoding="utf-8").replace(
        "title: City closes the bridge", "title: City closes the \u202eegdirb")
    line = timeline.split("\n").index("  title: City closes the \u202eegdirb") + 1
    article = (EXAMPLE / "content/bridge/article.md").read_text(encoding="utf-8").replace(
        "The bridge shut on", "The bridge \u2066shut\u2069 on")
    root = make_project(tmp_path, {"content/bridge/timeline.yaml": timeline, "content/bridge/article.md": article})
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"content/bridge/timeline.yaml:{line}:26: error: character U+202E" in done.stderr, done.stderr
    assert "content/bridge/article.md:" in done.stderr and "U+2066" in done.stderr
    assert not (root / "public").exists()


@pytest.mark.parametrize("raw, line, col", [
    (b"- id: x\n  title: caf\xe9\n", 2, 13),         # Latin-1
    (b"- id: x\n  title: \xc3\x28\n", 2, 10),         # bad continuation
    (b"- id: x\n  title: ok\n  dek: \xed\xa0\x80\n", 3, 8),  # an encoded surrogate
    (b"\xff\n", 1, 1),
], ids=["latin-1", "bad-continuation", "surrogate", "ff"])
def test_invalid_utf8_is_rejected_with_a_location(raw, line, col):
    with pytest.raises(YamlError) as caught:
        load(raw)
    problem = caught.value.problem
    assert "UTF-8" in problem.message
    assert (problem.loc.line, problem.loc.col) == (line, col)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_rejected_located(encoding):
    with pytest.raises(YamlError) as caught:
        load("- id: x\n  title: Hello\n".encode(encoding))
    assert caught.value.problem.loc.path == "content/x/timeline.yaml"


def test_utf16_site_file_fails_the_build_cleanly(tmp_path):
    root = make_project(tmp_path)
    path = root / "content/bridge/sources.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "\ncontent/bridge/sources.yaml:1:1: error: file is UTF-16 encoded" in "\n" + done.stderr, done.stderr


def test_utf8_bom_is_accepted(tmp_path):
    assert load(b"\xef\xbb\xbf- id: x\n  title: Hello\n").data == [{"id": "x", "title": "Hello"}]
    files = {}
    for name in ("article.md", "timeline.yaml", "sources.yaml"):
        files[f"content/bridge/{name}"] = b"\xef\xbb\xbf" + (EXAMPLE / "content/bridge" / name).read_bytes()
    files["site.yaml"] = b"\xef\xbb\xbf" + (EXAMPLE / "site.yaml").read_bytes()
    root = make_project(tmp_path, files)
    report = build(root, jobs=1, use_cache=False)
    assert report.stories == 1
    html = (root / "public/bridge/index.html").read_text(encoding="utf-8")
    assert "\ufeff" not in html and "Why the Eastbank bridge closed" in html


# --- Y7: size and count limits -------------------------------------------------------------------------------

def test_oversized_file_and_huge_lists_fail_located():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: " + "x" * (1024 * 1024 + 1) + "\n", "x.yaml")
    assert caught.value.problem.loc.path == "x.yaml"
    for text in ("- x\n" * 10_001, "".join(f"k{i}: 1\n" for i in range(10_001))):
        with pytest.raises(YamlError):
            parse_yaml(text, "x.yaml")


@pytest.mark.parametrize("escape, code", [("\\u202e", 0x202E), ("\\e", 0x1B), ("\\0", 0x00), ("\\x07", 0x07),
                                          ("\\u2066", 0x2066), ("\\N", 0x85)],
                         ids=["U+202E", "U+001B", "U+0000", "U+0007", "U+2066", "U+0085"])
def test_escaped_control_and_bidi_characters_are_rejected(tmp_path, escape, code):
    timeline = (EXAMPLE / "content/bridge/timeline.yaml").read_text(encoding="utf-8").replace(
        "title: City closes the bridge", f'title: "City closes the {escape}bridge"')
    root = make_project(tmp_path, {"content/bridge/timeline.yaml": timeline})
    try:
        build(root, jobs=1, use_cache=False)
        problems = []
    except BuildError as exc:
        problems = exc.problems
    page = root / "public/bridge/index.html"
    assert not page.exists() or chr(code) not in page.read_text(encoding="utf-8")
    assert any(p.loc.path == "content/bridge/timeline.yaml" and f"U+{code:04X}" in p.message for p in problems)


@pytest.mark.parametrize("entity, code", [("&#x202E;", 0x202E), ("&#8238;", 0x202E), ("&#x2066;", 0x2066)])
def test_bidi_character_references_in_markdown_never_reach_the_page(tmp_path, entity, code):
    article = (EXAMPLE / "content/bridge/article.md").read_text(encoding="utf-8").replace(
        "The bridge shut on", f"The bridge {entity}shut on")
    root = make_project(tmp_path, {"content/bridge/article.md": article})
    try:
        build(root, jobs=1, use_cache=False)
    except BuildError:
        pass
    page = root / "public/bridge/index.html"
    assert not page.exists() or chr(code) not in page.read_text(encoding="utf-8")
