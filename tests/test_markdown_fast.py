"""The Markdown fast paths make markdown-it's tokens exactly, and leave everything else to markdown-it."""

import sys

from helpers import ROOT, markdown_it_oracle
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.markdown import MarkdownEnv, make_markdown
from explainer.mdfast import simple_inline


def _tokens(tokens) -> list[dict]:
    """Tokens as comparable data; markdown-it leaves some empty text tokens behind, which render as nothing."""
    return [{**token.as_dict(children=False), "children": _tokens(token.children or [])}
            for token in tokens if token.type != "text" or token.content]


def _fast_paths_taken(text: str) -> tuple[int, int]:
    """How many of the text's blocks and inline texts markdown-it's own parsers still had to take."""
    md = make_markdown()
    calls = [0, 0]
    block_parse, inline_parse = md.block.parse, md.inline.parse

    def count(index, parse):
        def counted(*args):
            calls[index] += 1
            return parse(*args)
        return counted

    md.block.parse, md.inline.parse = count(0, block_parse), count(1, inline_parse)
    try:
        md.parse(text, {})
    finally:
        del md.block.parse, md.inline.parse
    return calls[0], calls[1]


WORDS = st.sampled_from(["word", "Kim", "2024", "it's", '"quoted"', "a.", "b,", "(c)", "x--y", "...", "\u00a0", "é",
                         " ", "  ", "\t", "2*3", "&", "& ", "&amp;", "&#x202E;", "!", "!!", "?", ":", "#", "|", "-"])
INLINE_SYNTAX = st.sampled_from([
    "*em*", "**strong**", "***both***", "*", "**", " *a b* ", "(*z*)", "*x.* ", "**Lead.** ", "*a\nb*", "a*b*c",
    "[a](https://x.org/)", "[](figure:f1)", "[b c](event:e-1#2)", "[x](javascript:alert(1))", "[x](a b)",
    "[x](<a>)", '[x](a "t")', "[*x*](y)", "[x][y]", "[x]", "[]", "![i](p.png)", "[^1]", "^[n]", "[x](a_b)",
    "[x](a&b)", "[x](a\\b)", "[é](figure:f1)", "[a](b)(c)", "_x_", "`c`", "\\*", "<a>", "<https://x.org>",
    "~~s~~", "~", "\n", " \n", "  \n", "\n  ", "\n\t", "\r", "\x00"])
INLINE = st.lists(st.one_of(WORDS, INLINE_SYNTAX), min_size=1, max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(INLINE)
def test_inline_fast_path_makes_markdown_its_tokens_or_declines(text):
    md = markdown_it_oracle()
    fast = simple_inline(text, make_markdown())
    if fast is not None:
        assert _tokens(fast) == _tokens(md.inline.parse(text, md, {}, []))


BLOCKS = st.sampled_from([
    "## Heading", "# One", "###### Six", "####### Seven", "## Closed ##", "## C# and F#", "##", "## ", "#hashtag",
    "- item", "* item", "+ item", "1. one", "2) two", "3.5 million", "2024 was a year", "> quote",
    "```\ncode\n\nmore\n```", "~~~\nx\n~~~", "    indented", " lead", "\tTab", "| a | b |\n|---|---|\n| 1 | 2 |",
    "a | b\n--|--", "[r]: /url", "[x]\n\n[x]: /u", "[^1]: note", "Title\n===", "Title\n---", "***", "---", "___",
    "<div>", "[link](figure:f1) first", "[^1] first", "[x] first", "A\n- b", "A\n> b", "A\n## b", "A\n1. b",
    "A\n2. b", "- a\n\n- b", "- a\n\n  more", "- a\nlazy", "1. a\n\nB", "[^1]: n\n\n    more"])
DOCUMENTS = st.lists(st.one_of(BLOCKS, INLINE), min_size=1, max_size=8).flatmap(
    lambda blocks: st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n", "\n\t\n"]),
                            min_size=len(blocks), max_size=len(blocks)).map(
        lambda gaps: "".join(block + gap for block, gap in zip(blocks, gaps, strict=True))))


@settings(max_examples=500, deadline=None)
@given(DOCUMENTS)
def test_documents_parse_and_render_exactly_like_markdown_it(text):
    md, oracle = make_markdown(), markdown_it_oracle()
    fast_tokens, full_tokens = md.parse(text, {}), oracle.parse(text, {})
    assert _tokens(fast_tokens) == _tokens(full_tokens)
    assert md.renderer.render(fast_tokens, md.options, {}) == oracle.renderer.render(full_tokens, oracle.options, {})


def test_fact_link_problems_are_located_as_markdown_it_would():
    text = "Intro [x](figure:missing).\n\n## Head [](event:nope)\n\n- list [](quote:gone)\n\nEnd\n[y](source:none)\n"

    def problems(markdown):
        env = MarkdownEnv("content/s/article.md", 8, lines=text.split("\n"))
        markdown.parse(text, {"explainer": env})
        return [problem.format() for problem in env.problems]

    assert problems(make_markdown()) == problems(markdown_it_oracle())
    assert problems(make_markdown())[-1].startswith("content/s/article.md:15:5: error: unknown source 'none'")


def test_the_first_storys_article_takes_the_fast_paths_and_renders_the_same():
    text = (ROOT / "content" / "north-korea-kursk" / "article.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert _fast_paths_taken(text) == (0, 0)
    md, oracle = make_markdown(), markdown_it_oracle()
    assert _tokens(md.parse(text, {})) == _tokens(oracle.parse(text, {}))


def test_a_list_or_table_leaves_only_its_own_lines_to_markdown_it():
    text = "Para one.\n\n- a\n- b\n\nPara *two*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## End\n"
    assert _fast_paths_taken(text) == (2, 0)  # the list and the table; every inline text by the fast path
    assert _fast_paths_taken("Text\n\n```\ncode\n```\n") == (1, 0)  # a fence may hold blank lines: whole text


def test_syntax_outside_the_fast_paths_goes_to_markdown_it():
    md = make_markdown()
    for text in ("a `code`", "a_b_", "[ref][x]", "[shortcut]", '[t](u "title")', "![i](p)", "a[^1]", "&amp;",
                 "[x](javascript:alert(1))", "*a\nb*", "***x***", "x*y*", "<https://x.org>", "a ~~b~~", "a\\*"):
        assert simple_inline(text, md) is None, text
    assert simple_inline("It's **Lead.** and *word* [x](figure:f1#2)\nnext  \nline & more!", md) is not None


def test_benchmark_articles_render_the_same():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from story import Story
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    md, oracle = make_markdown(), markdown_it_oracle()
    for index in range(1, 61):  # tables, lists and notes come every few stories
        text = Story(index, 0).files()["article.md"].split("---\n", 2)[2]
        assert _tokens(md.parse(text, {})) == _tokens(oracle.parse(text, {}))


def test_tokens_set_field_by_field_equal_the_constructors():
    from markdown_it.token import Token

    from explainer import mdfast
    assert mdfast._BY_FIELDS  # markdown-it's Token has the fields the fast paths set
    made = mdfast._token("link_open", "a", 1, 2, "c", "*", {"href": "x"}, [1, 2], [], True)
    assert made == Token("link_open", "a", 1, attrs={"href": "x"}, map=[1, 2], level=2, children=[], content="c",
                         markup="*", block=True)
    assert mdfast._token("text", "", 0) == Token("text", "", 0)
