"""The fast schema check (fastjsonschema without if/then/else and anyOf, which schema_choices.py checks) gives
jsonschema's verdict on every file kind."""

import fastjsonschema
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import schema
from explainer.schema_choices import choices_hold, split_choices

STATUS = st.sampled_from(["confirmed", "reported", "claimed", "disputed", "denied", "rumoured", 3])
TEXT = st.sampled_from(["x", "KCNA", ""])
IDS = st.sampled_from([["s1"], ["s1", "s2"], [], ["Bad id"]])


def _record(usual: dict, optional: dict) -> st.SearchStrategy:
    """Records with their usual fields (one sometimes left out) and any of the optional ones."""
    whole = st.fixed_dictionaries(usual, optional=optional)
    return st.one_of(whole, st.tuples(whole, st.sampled_from(sorted(usual))).map(
        lambda pair: {k: v for k, v in pair[0].items() if k != pair[1]}))


EVENT = _record({"id": st.just("e1"), "date": st.just("2025-01-02"), "title": TEXT, "summary": TEXT,
                 "status": STATUS, "sources": IDS}, {"attributed_to": TEXT})
ESTIMATE = _record({"as_of": st.just("2025"), "status": STATUS, "sources": IDS},
                   {"value": st.sampled_from([1, 2.5, "many"]), "low": st.just(1), "high": st.just(5),
                    "display": TEXT, "attributed_to": TEXT})
FIGURE = _record({"id": st.just("f1"), "label": TEXT, "unit": TEXT, "estimates": st.lists(ESTIMATE, max_size=3)}, {})
SOURCE = _record({"id": st.just("s1"), "title": TEXT, "publisher": TEXT, "published": st.just("2025"),
                  "kind": st.sampled_from(["news", "blog"])},
                 {"url": st.just("https://example.org/"), "locator": TEXT})
DOCUMENTS = {"timeline": EVENT, "figures": FIGURE, "sources": SOURCE}


def _fast_verdict(file_schema, data) -> bool:
    try:
        file_schema._fast(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return file_schema._choices is None or choices_hold(file_schema._choices, data)


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_the_fast_check_gives_jsonschemas_verdict(kind):
    file_schema = schema.load_schemas()[kind]
    assert file_schema._choices  # the story schemas' choices are all simple: the fast check leaves them out
    full = jsonschema.Draft7Validator(file_schema.schema)

    verdicts = set()

    @settings(max_examples=500, deadline=None)
    @given(st.lists(DOCUMENTS[kind], min_size=1, max_size=3))
    def agrees(data):
        verdict = full.is_valid(data)
        verdicts.add(verdict)
        assert _fast_verdict(file_schema, data) == verdict

    agrees()
    assert verdicts == {True, False}


def test_choices_the_fast_check_cannot_see_keep_the_schema_whole():
    simple = {"type": "object", "if": {"properties": {"a": {"const": "x"}}}, "then": {"required": ["b"]}}
    assert split_choices(simple)[0] == {"type": "object"}
    assert split_choices({"type": "array", "items": simple})[0] == {"type": "array", "items": {"type": "object"}}
    for hidden in ({"additionalProperties": simple}, {"anyOf": [{"minimum": 3}]},
                   {"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}},
                   {"allOf": [simple]}):
        assert split_choices(hidden) is None, hidden
