"""Stage 0: the safe, line-aware YAML reader and front-matter splitting."""

import pytest

from explainer.yamlfile import YamlError, decode, parse_yaml, split_front_matter


def problem(text: str) -> str:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "f.yaml")
    return caught.value.problem.format()


def test_values_keep_line_and_column():
    doc = parse_yaml("- id: a\n  title: Hello\n- id: b\n  sources: [x, y]\n", "f.yaml")
    assert doc.data == [{"id": "a", "title": "Hello"}, {"id": "b", "sources": ["x", "y"]}]
    assert str(doc.loc((1, "sources", 1))) == "f.yaml:4:16"
    assert str(doc.loc((0, "title"), key=True)) == "f.yaml:2:3"


def test_missing_path_falls_back_to_the_nearest_parent():
    doc = parse_yaml("- id: a\n", "f.yaml")
    assert str(doc.loc((0, "title"))) == "f.yaml:1:3"


def test_yaml_11_surprises_do_not_happen():
    doc = parse_yaml("a: NO\nb: on\nc: 017\nd: 1:30\ne: 1_000\nf: 2024-02-30\ng: 2025-08-21\nh: 1e3\ni: true\nj: ~\n", "f")
    assert doc.data == {"a": "NO", "b": "on", "c": "017", "d": "1:30", "e": "1_000", "f": "2024-02-30",
                        "g": "2025-08-21", "h": 1000, "i": True, "j": None}


def test_raw_text_is_kept_for_plain_scalars_read_as_numbers():
    doc = parse_yaml("title: 2024\nversion: 1.10\n", "f")
    assert doc.raw[("title",)] == "2024" and doc.raw[("version",)] == "1.10"


def test_duplicate_keys_name_both_lines():
    assert problem("a: 1\na: 2\n") == "f.yaml:2:1: error: duplicate key 'a' (first at line 1)"


def test_aliases_are_refused_and_the_bomb_is_cheap():
    bomb = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=False)))
    assert "anchors and aliases are not allowed" in problem(bomb)


def test_tags_are_refused():
    assert "YAML tags are not allowed ('!!python/object/apply:os.system')" in problem(
        "!!python/object/apply:os.system ['touch PWNED']\n")


@pytest.mark.parametrize("depth", [100, 2_000, 100_000])
def test_deep_nesting_is_refused(depth):
    assert "nesting deeper than 64 levels" in problem("[" * depth + "]" * depth)


def test_syntax_errors_are_located_with_a_hint():
    assert problem("a: [1, 2\nb: 3\n").startswith("f.yaml:1:4: error: YAML syntax: this '[' list is not closed")
    message = problem("title: Kim: the return\n")
    assert message.startswith("f.yaml:1:11: error: YAML syntax: mapping values are not allowed in this context")
    assert "quotes" in message


def test_bad_bytes_and_hidden_characters_are_located():
    text, problems = decode(b"a: ok\nb: \xff\n", "f.yaml")
    assert text is None and problems[0].format().startswith("f.yaml:2:4: error: not valid UTF-8 (byte 0xff)")
    text, problems = decode("a: x\u202ey\n".encode(), "f.yaml")
    assert problems[0].format().startswith("f.yaml:1:5: error: character U+202E (RIGHT-TO-LEFT OVERRIDE)")
    text, problems = decode("\ufeffa: 1\n".encode(), "f.yaml")
    assert text == "a: 1\n" and problems == []
    assert decode("a: 1".encode("utf-16"), "f.yaml")[1][0].message == "file is UTF-16 encoded"


def test_front_matter_split_and_line_offsets():
    front, body, line = split_front_matter("---\ntitle: x\n---\nHello\n", "a.md")
    assert front == "title: x\n" and body == "Hello\n" and line == 4
    with pytest.raises(YamlError) as caught:
        parse_yaml("title: x\nbad: [1\n", "a.md", line_offset=1)
    assert caught.value.problem.loc.line == 3


def test_front_matter_errors():
    with pytest.raises(YamlError, match="must start with front matter"):
        split_front_matter("Hello\n", "a.md")
    with pytest.raises(YamlError, match="not closed"):
        split_front_matter("---\ntitle: x\n", "a.md")
