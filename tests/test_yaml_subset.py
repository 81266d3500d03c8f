"""The direct YAML subset reader (explainer/yamlfast.py) against libyaml, its oracle.

For ANY text, `parse_subset(text, offset)` must either return None (the text goes to libyaml) or return
exactly what the libyaml path of `parse_yaml` produces for it: the same data (types and key order
included), marks, key marks and raw scalars, with libyaml accepting the text. Checked on documents
generated from a YAML-like grammar full of tricky scalars, on mutated copies of the real story and fixture
files, and on explicit examples; other examples make sure the fast path really is taken for typical story
files, so that it cannot silently stop being used.
"""

from __future__ import annotations

import math
from unittest import mock

import pytest
from helpers import FIXTURES, ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from explainer import yamlfile
from explainer.yamlfast import parse_subset
from explainer.yamlfile import YamlError, parse_yaml, split_front_matter

PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CLEAN = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MUTATIONS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the oracle ----------------------------------------------------------------------------------------------

def libyaml_result(text: str, line_offset: int = 0):
    """(data, marks, key_marks, raw) from the libyaml path of parse_yaml (the subset switched off)."""
    with mock.patch.object(yamlfile, "parse_subset", lambda text, line_offset=0: None):
        doc = parse_yaml(text, "t.yaml", line_offset)
    return doc.data, doc.marks, doc.key_marks, doc.raw


def _strict(value):
    """A hashable form that tells 1, 1.0 and True apart and keeps the order of mapping keys."""
    if isinstance(value, dict):
        return ("dict", tuple((_strict(k), _strict(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_strict(v) for v in value))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _strict_marks(marks: dict) -> dict:
    return {_strict(path): _strict(mark) for path, mark in marks.items()}


def check(text: str, line_offset: int = 0) -> bool:
    """Assert the property for one text; True when the subset took it."""
    fast = parse_subset(text, line_offset)
    if fast is None:
        return False
    assert isinstance(fast, tuple) and len(fast) == 4, fast
    try:
        slow = libyaml_result(text, line_offset)
    except YamlError as exc:
        raise AssertionError(f"subset accepted a text libyaml rejects: {text!r}\n"
                             f"subset: {fast!r}\nlibyaml: {exc}") from None
    data, marks, key_marks, raw = fast
    s_data, s_marks, s_key_marks, s_raw = slow
    assert _strict(data) == _strict(s_data), (text, data, s_data)
    assert _strict_marks(marks) == _strict_marks(s_marks), (text, marks, s_marks)
    assert _strict_marks(key_marks) == _strict_marks(s_key_marks), (text, key_marks, s_key_marks)
    assert _strict_marks(raw) == _strict_marks(s_raw), (text, raw, s_raw)
    # and parse_yaml itself hands out the subset's result
    doc = parse_yaml(text, "t.yaml", line_offset)
    assert _strict(doc.data) == _strict(data)
    return True


def check_offsets(text: str) -> bool:
    taken = check(text, 0)
    assert check(text, 1) == taken
    return taken


# --- a grammar of YAML-like documents ------------------------------------------------------------------------

KEYS = ["id", "a", "b", "c", "title", "true", "null", "2024", "a-b", "a_b", "x1", "_", "0", "Yes", "on",
        "sources", "date", "k" * 1024]
# libyaml allows a simple key of at most 1024 characters
TRICKY_KEYS = KEYS + ["k" * 1025, "a" * 1100]

# values the subset is meant to read itself (on one line, after "key: " or "- ")
CLEAN_SCALARS = [
    # plain text
    "hello", "Hello world", "two  spaces", "x", "a-b", "é", "中文", "😀 emoji", "a#b", "a:b", "http://x.y/z",
    "a, b", "a[b]", "a{b}", "50%", "it's", 'say "hi"', "back\\slash", "café au lait", "a # comment",
    "x #", "a \u00a0b", "a ... b", "a - b", "a?b", "a&b", "a*b", "a!b", "a|b", "a>b",
    # numbers and number-like text
    "1", "+1", "1.5", "1e3", "1E3", "1e+3", "1e-3", ".5", "5.", "0x1F", "012", "0", "00", "1_000", ".inf",
    ".nan", "1:30", "9" * 30, "1.0", "+.5", "0.", ".", "+", "1e", "1e999", "0o17", "1__0", "2.5e400",
    # null and booleans and words that are not booleans here
    "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "FALSE", "yes", "no", "on", "off", "y",
    # dates
    "2024-05", "2024-06-~17", "2024-06-17", "2024-10-08/2024-10-18", "2026-04-14T08:00:00+00:00",
    "2024-02-30",
    # quoted
    "''", "'it''s'", "'a #b'", "'a' # c", "'\"'", "'\\'", '"a"', '"a\\"b"', '"a\\\\b"', '"a\\/b"', '""',
    '"é 中文"', '"x: y"', '"a #b"', '"it\'s"', "'x: y'", "''''",
    # flow sequences of plain words
    "[a, b]", "[]", "[ ]", "[a b, c]", "[1, 2.5, ~, true]", "[a] # c", "[ x ,y ]", "[2024-05, 012]",
    "[a-b, a_b, é]", "[a.b, +1, .5]",
    # flow mappings of plain words to plain values
    "{name: Desk, url: https://x.org/}", "{ a: 1 , b: 2 }", "{a: b c}", "{a: 2024-05, b: ~}", "{a: true}",
]

TRICKY_SCALARS = CLEAN_SCALARS + [
    "-1", "-1.5", "-0", "-", "-x", "--", "a: b", "a:", "trailing:", "yes: no", "a: b # c", "a #b: c",
    "a\tb", "\tx", "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "\ufeffa", "a\ufeff", "a\x00", "a\x1b",
    "a\x7f", "\ufffe",
    "'a''", "'a'b", "'a'#c", "'unterminated", '"a\\nb"', '"a\\tb"', '"a\\u0041"', '"a\\x41"', '"a\\ b"',
    '"unterminated', '"a" x', '"a"#c', '"a\\"', '"\\"', '"\\\\"',
    # literal bidirectional controls inside quotes
    '"\u202e"', "'\u202e'", '"\u2066x"', '"a\u202ab"', "\u202ex",
    "[a, [b]]", "[a,]", "[,a]", "[a,,b]", "[-1]", "[a]b", "[a", "a]", "[a: b]", "['a']", '["a"]', "[a#b]",
    "[a #b]", "[a, b] x", "[a, {b}]", "[&x a]", "[*x]", "[!t a]", "[a, b]]", "[?a]", "[a?]", "[a -]",
    "[a, -b]", "[a:b]", "[a\\b]", "[%a]", "[a%]", "[a, b c  d]", "[ ]  #",
    "{a: 1}", "{}", "{a, b}", "{a: b: c}", "{a: [b]}", "{a: 'q'}", "{a:b}", "{a: b,}", "{a: 1, a: 2}",
    "{a: http://x}", "{a: #b}", "{a: b} c", "{a}", "{a: -1}", "{a: b #c}", "{a: b}}", "{a: {b: c}}", "{a: b:}",
    "{a: x:y}", "{a: \"q\"}", "{a: b, c}", "{: b}", "{a :b}", "{a:  b}",
    "&x", "&x a", "*x", "!tag a", "!!str a", "!!int 1", "!x", "? x", "?", "@x", "`x", "%x", "- x", ", x",
    "#c", "", "|", "|-", "|+", ">", ">-", "|2", "--- a", "... a", "<<", ": x", "a :b", "a  :b", "a :",
]

BLOCK_INDICATORS = {"|", "|-", "|+", ">", ">-", "|2"}
TEXT_LINES = ["more text", "continues here", "é 中文", "a: b", "- x", "# not a comment?", "x #c", "  deeper",
              "'quoted'", "[a]", "", "key: value"]
TRAILERS = ["", "", "", " # note", "  #c", " #", "#x", " ", "   "]
# after a flow collection "#x" is an error, not part of the value
FLOW_TRAILERS = [trailer for trailer in TRAILERS if trailer != "#x"]
COMMENT_LINES = ["# comment", "#", "#: x", "# - x", "#\u00e9"]


_STRATEGIES: dict = {}


def _pick(draw, options):
    """One of `options`, with the strategy built once: building strategies per draw is slow."""
    key = tuple(options)
    strategy = _STRATEGIES.get(key)
    if strategy is None:
        strategy = _STRATEGIES[key] = st.sampled_from(key)
    return draw(strategy)


def _number(draw, low: int, high: int) -> int:
    return _pick(draw, range(low, high + 1))


_RANDOM_VALUE = st.text(st.sampled_from("ab1 .:-#'\"[],{}&*!|>?%@`~\\é\t\u2028"), min_size=1, max_size=6)


def _value(draw, indent: int, level: int):
    """A value on the rest of a line, plus any lines it continues onto (block scalars, continuations).

    Level 0 keeps to what the subset reads; above it, a growing share of values are tricky."""
    clean = level == 0 or _number(draw, 0, 9) >= (1, 3, 10)[level - 1]
    text = _pick(draw, CLEAN_SCALARS if clean else TRICKY_SCALARS)
    if not clean and _number(draw, 0, 9) == 0:
        text = draw(_RANDOM_VALUE)
    if text and text[0] not in "\"'":
        text += _pick(draw, FLOW_TRAILERS if clean and text[0] in "[{" else TRAILERS)
    extra: list[tuple[int, str]] = []
    block = text.strip() in BLOCK_INDICATORS
    if block or not clean and _number(draw, 0, 7) == 0:
        # a block scalar's lines, or continuation lines of a plain or quoted scalar
        for _ in range(_number(draw, 1 if block else 0, 3)):
            extra.append((indent + _number(draw, 1 if clean else 0, 4), _pick(draw, TEXT_LINES)))
    return text, extra


def _node(draw, indent: int, depth: int, level: int):
    if depth >= 4 or _pick(draw, ["map", "map", "seq"]) == "map":
        return _mapping(draw, indent, depth, level)
    return _sequence(draw, indent, depth, level)


def _mapping(draw, indent: int, depth: int, level: int):
    lines: list[tuple[int, str]] = []
    used: set[str] = set()
    shapes = ["inline"] * 4 + (["nested", "seq_same", "seq_deeper"] if depth < 4 else [])
    if level >= 2:
        shapes += ["empty", "nospace"]
    for _ in range(_number(draw, 1, 4)):
        key = _pick(draw, KEYS if level < 2 else TRICKY_KEYS)
        if level == 0 and key in used:  # duplicate keys are libyaml's to report
            continue
        used.add(key)
        shape = _pick(draw, shapes)
        colon = ":" + " " * _number(draw, 1, 3)
        if shape == "inline":
            text, extra = _value(draw, indent + 1, level)
            lines.append((indent, (key + colon + text).rstrip(" ") if text else key + ":"))
            lines += extra
        elif shape == "nospace":  # "key:value" is no mapping entry
            text, extra = _value(draw, indent + 1, level)
            lines.append((indent, key + ":" + text))
            lines += extra
        elif shape == "empty":  # an empty value: null
            lines.append((indent, key + ":" + _pick(draw, TRAILERS)))
        else:
            lines.append((indent, key + ":" + _pick(draw, ["", "", " # c", "  #"])))
            if shape == "nested":
                lines += _node(draw, indent + _number(draw, 1, 4), depth + 1, level)
            elif shape == "seq_same":  # a sequence at its parent key's indentation
                lines += _sequence(draw, indent, depth + 1, level)
            else:
                lines += _sequence(draw, indent + _number(draw, 1, 4), depth + 1, level)
    return lines


def _sequence(draw, indent: int, depth: int, level: int):
    lines: list[tuple[int, str]] = []
    shapes = ["inline"] * 3 + (["map", "map", "seq"] if depth < 4 else [])
    if level >= 2:
        shapes += ["alone", "alone_block", "nospace"]
    for _ in range(_number(draw, 1, 4)):
        shape = _pick(draw, shapes)
        if shape == "inline":
            text, extra = _value(draw, indent + 1, level)
            lines.append((indent, ("- " + text).rstrip(" ")))
            lines += extra
        elif shape == "nospace":  # "-x" is a scalar, not an item
            text, extra = _value(draw, indent + 1, level)
            lines.append((indent, "-" + text))
            lines += extra
        elif shape == "alone":  # "- " and nothing: a null item
            lines.append((indent, "-" + _pick(draw, TRAILERS)))
        elif shape == "alone_block":  # the item's value on the lines below
            lines.append((indent, "-" + _pick(draw, ["", " # c"])))
            lines += _node(draw, indent + _number(draw, 1, 4), depth + 1, level)
        else:  # "- key: value" (a compact mapping) or "- - x" (a nested sequence) on the dash line
            width = _number(draw, 2, 4)
            child = (_mapping if shape == "map" else _sequence)(draw, indent + width, depth + 1, level)
            first_indent, first = child[0]
            assert first_indent == indent + width
            lines.append((indent, "-" + " " * (width - 1) + first))
            lines += child[1:]
    return lines


@st.composite
def documents(draw, clean: bool = False):
    """Level 0 (clean): only what the subset reads. 1: some tricky values and indentation jitter.
    2: also empty values, lone dashes and missing spaces. 3: everything, whole-text variants too."""
    level = 0 if clean else _pick(draw, [1, 1, 2, 3])
    base = _number(draw, 0, 2) if _number(draw, 0, 4) == 0 else 0
    lines = [list(line) for line in _node(draw, base, 0, level)]
    if level:
        # indentation jitter: a few lines gain or lose some spaces
        for _ in range(_number(draw, 0, level)):
            line = lines[_number(draw, 0, 60) % len(lines)]
            line[0] = max(0, line[0] + _pick(draw, [-2, -1, 1, 2]))
    # blank lines and comment lines at arbitrary indentation
    for _ in range(_number(draw, 0, 4)):
        lines.insert(_number(draw, 0, 60) % (len(lines) + 1),
                     [_number(draw, 0, 6), _pick(draw, ["", "", *COMMENT_LINES])])
    rendered = [" " * indent + text for indent, text in lines]
    if _pick(draw, [False, True]):  # trailing spaces
        rendered = [line + " " * _number(draw, 0, 2) if line.strip() else line for line in rendered]
    header = _pick(draw, ["", "", "# yaml-language-server: $schema=x.json\n", "\n"])
    text = header + "\n".join(rendered) + _pick(draw, ["\n", "\n", "", "\n\n", "\n  \n"])
    if level == 3:
        variant = _pick(draw, ["same"] * 6 + ["crlf", "bom", "start", "end", "directive", "tab"])
        text = {"same": text, "crlf": text.replace("\n", "\r\n"), "bom": "\ufeff" + text,
                "start": "---\n" + text, "end": text + "...\n", "directive": "%YAML 1.1\n---\n" + text,
                "tab": text.replace("  ", "\t", 1)}[variant]
    return text


# --- 1. generated documents ----------------------------------------------------------------------------------

@PROPERTY
@given(documents())
@example("a: 1\nb: [x, y]\nc:\n- d: e\n  f: 'g'\n")
@example("a:\n  - - x\n    - y\n  -   b: 1\n      c: 2\n")
@example('- "\\"\\\\\\/"\n- \'\'\'\'\n')
def test_generated_documents_match_libyaml(text):
    check_offsets(text)


@CLEAN
@given(documents(clean=True))
def test_generated_subset_documents_take_the_fast_path(text):
    """Documents built only from what the subset claims to read are read by it, and read right."""
    assert check_offsets(text), f"subset gave up on {text!r}"


@PROPERTY
@given(st.lists(st.sampled_from(["a: ", "- ", "b:", "-", "  ", "\n", "\n  ", "# c", " #", "x", "1", "'", '"',
                                 "[", "]", ", ", "\\", ":", "&", "*", "!", "|", ">", "\t", "é", "~", "\u202e",
                                 "\r", "\ufeff", "\u2028", "?", "%", "{", "}", "---", "..."]),
                max_size=30).map("".join))
def test_token_soup_matches_libyaml(text):
    check_offsets(text)


# --- 2. mutated real files -----------------------------------------------------------------------------------

def _corpus() -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    yaml_paths = sorted((ROOT / "content").glob("*/*.yaml")) + [ROOT / "site.yaml"] \
        + sorted(FIXTURES.rglob("*.yaml"))
    for path in yaml_paths:
        try:
            files.append((str(path.relative_to(ROOT)), path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    for path in sorted((ROOT / "content").glob("*/article.md")) + sorted(FIXTURES.rglob("article.md")):
        try:
            front, _body, _line = split_front_matter(path.read_text("utf-8"), str(path))
        except (OSError, UnicodeDecodeError, YamlError):
            continue
        files.append((str(path.relative_to(ROOT)) + " (front matter)", front))
    return files


CORPUS = _corpus()
MUTATION_CHARS = [":", "-", " ", "  ", "#", " #", "'", '"', "\\", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">",
                  "?", "%", "@", "`", "~", "\t", "\r", "\n", "\u2028", "\ufeff", "\x00", "\x85", "\u202e", "é",
                  "0", "x", ": ", "- ", "..."]


def mutate(text: str, operations) -> str:
    for operation, where, delta, char in operations:
        lines = text.split("\n")
        index = where % len(lines)
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        elif operation == "indent":
            line = lines[index]
            stripped = line.lstrip(" ")
            lines[index] = " " * max(0, len(line) - len(stripped) + delta) + stripped
        elif operation == "insert":
            position = where % (len(text) + 1)
            text = text[:position] + char + text[position:]
            continue
        text = "\n".join(lines)
    return text


operations = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap", "indent", "indent", "insert",
                                                 "insert", "insert"]),
                                st.integers(0, 10**6), st.sampled_from([-4, -2, -1, 1, 2, 4]),
                                st.sampled_from(MUTATION_CHARS)), min_size=1, max_size=4)


def test_corpus_is_there():
    names = [name for name, _text in CORPUS]
    assert any("north-korea-kursk/sources.yaml" in name for name in names)
    assert any("front matter" in name for name in names)
    assert len(CORPUS) > 50


@pytest.mark.parametrize("name, text", CORPUS, ids=[name for name, _text in CORPUS])
def test_real_files_match_libyaml(name, text):
    check_offsets(text)


@MUTATIONS
@given(st.sampled_from(CORPUS), operations)
def test_mutated_real_files_match_libyaml(entry, ops):
    _name, text = entry
    check_offsets(mutate(text, ops))


# --- 3. the fast path is used for typical story files; and left alone for the rest ---------------------------

STORY = ROOT / "content" / "north-korea-kursk"
# figures.yaml and timeline.yaml hold `>-` block scalars, which the subset leaves to libyaml
FAST_STORY_FILES = ["quotes.yaml", "sources.yaml"]


@pytest.mark.parametrize("name", FAST_STORY_FILES)
def test_story_files_take_the_fast_path(name):
    text = (STORY / name).read_text("utf-8")
    assert parse_subset(text) is not None
    assert check_offsets(text)
    assert len(parse_subset(text)[0]) > 3


EXAMPLE = FIXTURES / "sites" / "example" / "content" / "bridge"


@pytest.mark.parametrize("name", ["figures.yaml", "quotes.yaml", "sources.yaml", "timeline.yaml", "article.md"])
def test_example_site_files_take_the_fast_path(name):
    """Every fact file and the front matter of the example site; its site.yaml has flow mappings ({...})."""
    text = (EXAMPLE / name).read_text("utf-8")
    if name == "article.md":
        text = split_front_matter(text, name)[0]
    assert check_offsets(text)


def test_story_front_matter_takes_the_fast_path():
    front, _body, body_line = split_front_matter((STORY / "article.md").read_text("utf-8"), "article.md")
    assert check_offsets(front)
    data, marks, _key_marks, _raw = parse_subset(front, 1)
    assert "title" in data and marks[("title",)][0] == 2


def test_typical_fact_file_takes_the_fast_path():
    text = (
        "# yaml-language-server: $schema=../../schemas/timeline.schema.json\n"
        "# Groups: battlefield, diplomacy.\n"
        "\n"
        "- id: treaty-signed\n"
        "  date: 2024-06-19\n"
        "  title: Putin and Kim sign a partnership treaty\n"
        "  summary: On a visit to Pyongyang, Putin and Kim signed a treaty.  # a comment\n"
        "  status: confirmed\n"
        "  group: diplomacy\n"
        "  sources: [interfax-2024-12-05, kyivindependent-2025-09-02]\n"
        "\n"
        "- id: deaths\n"
        "  label: \"Deaths, as \\\"reported\\\"\"\n"
        "  estimates:\n"
        "    - value: 12000\n"
        "      qualifier: about\n"
        "      as_of: 2024-10-18\n"
        "      attributed_to: 'Seoul''s spy agency (NIS)'\n"
        "      sources:\n"
        "      - kbs-world-2024-10-18\n"
        "      - lbc-afp-2024-10-28\n"
        "    - value: 1.5e3\n"
        "      approximate: true\n"
        "      note: ~\n"
    )
    assert check_offsets(text)
    data, marks, key_marks, raw = parse_subset(text, 10)
    assert data[0]["sources"] == ["interfax-2024-12-05", "kyivindependent-2025-09-02"]
    assert data[0]["date"] == "2024-06-19" and data[0]["summary"].endswith("treaty.")
    assert data[1]["label"] == 'Deaths, as "reported"'
    first = data[1]["estimates"][0]
    assert first["value"] == 12000 and first["attributed_to"] == "Seoul's spy agency (NIS)"
    assert first["sources"] == ["kbs-world-2024-10-18", "lbc-afp-2024-10-28"]
    assert data[1]["estimates"][1] == {"value": 1500, "approximate": True, "note": None}
    assert raw[(1, "estimates", 1, "value")] == "1.5e3"
    assert marks[(1, "estimates", 0, "value")] == (25, 14)
    assert key_marks[(0, "id")] == (14, 3)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",              # anchors and aliases
    "a: *x\n",
    "a: !!str 1\n",                  # tags
    "a: !tag x\n",
    "a: |\n  text\n",                # block scalars
    "a: >-\n  folded\n  text\n",
    "- |\n  x\n",
    "a: 1\na: 2\n",                  # duplicate keys
    "- b: 1\n  b: 2\n",
    "a:\nb: 1\n",                    # empty values
    "a:\n",
    "-\n- x\n",
    "- \n",
    "a:\t1\n",                       # tabs
    "a:\n\tb: 1\n",
    "a: 1\r\nb: 2\r\n",              # CR
    "\ufeffa: 1\n",                  # BOM
    "a: x\u2028y\n",                 # another line break
    "---\na: 1\n",                   # document markers and directives
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: {b: {c: 1}}\n",              # nested flow mappings, odd flow sequences
    "a: [x, [y]]\n",
    "a: [x,]\n",
    "a: plain\n  continued\n",       # continuation lines
    "- 'quoted\n  on two lines'\n",
    "a: \"x\\ny\"\n",                # escapes other than \" \\ \/
    "just a scalar\n",
    "a: b: c\n",
    "? a\n: b\n",
    "\"a\": 1\n",                    # quoted keys
    "a : 1\n",
])
def test_outside_the_subset(text):
    assert parse_subset(text) is None
    assert parse_subset(text, 1) is None


# A literal bidirectional control (U+202A-U+202E, U+2066-U+2069) inside double quotes is refused by the full
# path (as an escape could produce one); a text holding one is left to it.
@pytest.mark.parametrize("text", ['a: "\u202e"\n', '- "x\u2066y"\n', 'a: [b]\nc: "\u202a"\n'])
def test_bidi_controls_in_double_quotes_are_left_to_libyaml(text):
    assert parse_subset(text) is None
    check_offsets(text)


# libyaml allows a simple (implicit) key of at most 1024 characters.
@pytest.mark.parametrize("text", ["k" * 1025 + ": 1", "- " + "k" * 1025 + ": 1\n", "a:\n  " + "k" * 2000 + ": x\n"])
def test_keys_longer_than_libyaml_allows_are_left_to_it(text):
    assert parse_subset(text) is None
    check_offsets(text)


def test_longest_key_libyaml_allows():
    assert check_offsets("k" * 1024 + ": 1\n")


# A one-line flow sequence counts its items against MAX_ITEMS like block sequences and mappings.
@pytest.mark.parametrize("text", ["a: [" + ",".join(["x"] * 10_001) + "]\n",
                                  "- [" + ", ".join(["1"] * 10_001) + "]\n"])
def test_flow_sequences_over_the_item_limit_are_left_to_libyaml(text):
    assert parse_subset(text) is None
    check(text, 1)


def test_longest_flow_sequence_libyaml_allows():
    assert check("a: [" + ",".join(["x"] * 10_000) + "]\n", 1)


# Python refuses to convert more than 4300 digits to an int: such a "number" stays text on both paths, and
# the schema then reports a text where a number belongs.
def test_huge_integer_stays_text():
    text = "a: " + "9" * 5000 + "\n"
    assert check_offsets(text)
    assert parse_subset(text)[0] == {"a": "9" * 5000}


def test_ascii_shortcuts_agree_with_the_character_patterns():
    """The byte-deleting checks stand in for the regexes on ASCII texts: same verdict for every ASCII character."""
    from explainer.yamlfast import inside_character_set, outside_pattern
    from explainer.yamlfile import FORBIDDEN, forbidden_characters, has_forbidden_character
    for code in [*range(0x100), 0x202A, 0x202E, 0x2066, 0x2069, 0x2028]:
        text = f"a: b{chr(code)}c\n"
        assert inside_character_set(text) == (outside_pattern().search(text) is None), hex(code)
        assert has_forbidden_character(text) == (FORBIDDEN.search(text) is not None), hex(code)
        assert bool(forbidden_characters(text, "t.yaml")) == has_forbidden_character(text), hex(code)
