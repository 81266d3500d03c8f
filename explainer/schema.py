"""Per-file structure checks with the JSON Schemas in schemas/: fast path, full report, typing by schema."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema

from .problems import Problem, did_you_mean
from .yamlfile import YamlDoc

KINDS = ("site", "article", "sources", "timeline", "figures", "quotes")
RECORD_NAMES = {"sources": "source", "timeline": "event", "figures": "figure", "quotes": "quote"}
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
               "array": "a list", "object": "a mapping of fields", "null": "empty"}
_REQUIRED = re.compile(r"^'(.+)' is a required property$")


@lru_cache(maxsize=4)
def load_schemas(schema_dir: Path = SCHEMA_DIR) -> dict[str, "FileSchema"]:
    common = json.loads((schema_dir / "common.schema.json").read_text(encoding="utf-8"))
    result = {}
    for kind in KINDS:
        raw = json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))
        result[kind] = FileSchema(kind, _inline_refs(raw, common))
    return result


def _inline_refs(node: Any, common: dict) -> Any:
    """Replace refs to common.schema.json with the definition itself, so each schema stands alone."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].split("#")[-1].startswith("/definitions/"):
            name = node["$ref"].rsplit("/", 1)[1]
            merged = {**copy.deepcopy(common["definitions"][name]),
                      **{k: v for k, v in node.items() if k != "$ref"}}
            return _inline_refs(merged, common)
        return {k: _inline_refs(v, common) for k, v in node.items() if k not in ("$id",)}
    if isinstance(node, list):
        return [_inline_refs(v, common) for v in node]
    return node


class FileSchema:
    """One file kind's schema: a compiled fast validator, the full validator, and type coercion."""

    def __init__(self, kind: str, schema: dict):
        self.kind = kind
        self.schema = schema
        self.record = RECORD_NAMES.get(kind)
        self._fast = fastjsonschema.compile(schema)
        self._full = None

    def check(self, doc: YamlDoc) -> list[Problem]:
        """Coerce scalars to the schema's types, then validate; returns every problem in the file."""
        doc.data = _coerce(doc.data, self.schema, (), doc)
        try:
            self._fast(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
        if self._full is None:
            import jsonschema  # only for files that fail the fast check: it reports every error, slowly
            self._full = jsonschema.Draft7Validator(self.schema)
        errors = list(self._full.iter_errors(doc.data))
        problems: list[Problem] = []
        for error in errors:
            if not _redundant(error, errors):
                problems.extend(self._translate(error, doc))
        return problems

    def _name(self, doc: YamlDoc, container: tuple) -> str:
        """How to name the thing holding a field: "event 'kim-meets'", "event 3", "publisher", "update 2"."""
        if not self.record:
            if not container:
                return "site.yaml" if self.kind == "site" else "front matter"
            head = str(container[0])
            if len(container) > 1 and isinstance(container[1], int):
                return f"{head.rstrip('s')} {container[1] + 1}"
            return head
        if not container or not isinstance(container[0], int):
            return "file"
        item = doc.data[container[0]] if isinstance(doc.data, list) and container[0] < len(doc.data) else None
        name = f"{self.record} '{item['id']}'" if isinstance(item, dict) and isinstance(item.get("id"), str) \
            else f"{self.record} {container[0] + 1}"
        if len(container) >= 3 and container[1] == "estimates" and isinstance(container[2], int):
            name += f", estimate {container[2] + 1}"
        return name

    def _translate(self, error, doc: YamlDoc) -> list[Problem]:
        path = tuple(error.absolute_path)
        field = next((p for p in reversed(path) if isinstance(p, str)), None)
        kind = error.validator
        owner = self._name(doc, path if kind in ("required", "additionalProperties", "anyOf", "dependencies")
                           else path[:-1])
        value = error.instance
        if kind == "required":
            missing = _REQUIRED.match(error.message).group(1)
            if "then" in error.schema_path or "else" in error.schema_path:
                status = value.get("status") if isinstance(value, dict) else None
                return [Problem(doc.loc(path), f"{owner}: '{missing}' is required when status is '{status}'",
                                "name who makes, disputes or denies the claim")]
            return [Problem(doc.loc(path), f"{owner} is missing required field '{missing}'")]
        if kind == "additionalProperties":
            allowed = error.schema.get("properties", {})
            return [Problem(doc.loc(path + (key,), key=True), f"unknown field '{key}' in {owner}",
                            did_you_mean(key, allowed) or f"allowed fields: {', '.join(allowed)}")
                    for key in value if key not in allowed]
        if kind == "type":
            return [_type_problem(doc.loc(path), owner, field, error.validator_value, value)]
        if kind == "enum":
            choices = error.validator_value
            return [Problem(doc.loc(path), f"{owner}: '{field}' must be one of: {', '.join(map(str, choices))}",
                            did_you_mean(str(value), map(str, choices)))]
        if kind == "pattern":
            return [_pattern_problem(doc.loc(path), owner, field, value)]
        if kind in ("minLength", "minItems"):
            return [Problem(doc.loc(path), f"{owner}: '{field}' must not be empty")]
        if kind == "maxLength":
            return [Problem(doc.loc(path), f"{owner}: '{field}' is longer than {error.validator_value} characters")]
        if kind == "minimum":
            return [Problem(doc.loc(path), f"{owner}: '{field}' must be at least {error.validator_value}")]
        if kind == "anyOf":
            return [Problem(doc.loc(path), _any_of_message(owner, self.kind))]
        if kind == "dependencies":
            return [Problem(doc.loc(path), f"{owner}: 'low' and 'high' go together", "give both ends of the range")]
        return [Problem(doc.loc(path), f"{owner}: {error.message}")]


def _redundant(error, errors) -> bool:
    """An error another one already explains: a missing field next to a misspelling of it, or an
    estimate's "needs a value" next to "low and high go together"."""
    path = list(error.absolute_path)
    siblings = [e for e in errors if list(e.absolute_path) == path and e is not error]
    if error.validator == "anyOf":
        return any(e.validator == "dependencies" for e in siblings)
    if error.validator == "required" and "then" not in error.schema_path and "else" not in error.schema_path:
        missing = _REQUIRED.match(error.message).group(1)
        allowed = error.schema.get("properties", {})
        unknown = [k for e in siblings if e.validator == "additionalProperties"
                   for k in e.instance if k not in allowed]
        return any(did_you_mean(k, allowed) == f"did you mean '{missing}'?" for k in unknown)
    return False


def _type_problem(loc, owner: str, field: str | None, expected, value) -> Problem:
    expected = expected if isinstance(expected, list) else [expected]
    words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
    what = f"'{field}'" if field else "this file"
    hint = None
    if "number" in expected and isinstance(value, str):
        digits = value.replace(",", "").replace("_", "").replace(" ", "")
        if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", digits):
            hint = f"write the number without separators or quotes: {digits}"
        else:
            hint = "put words in 'display' and the number in 'value'"
    elif "boolean" in expected:
        hint = "write true or false"
    elif "array" in expected and isinstance(value, dict) and field is None:
        hint = "this file holds a list of records, each starting with '- id: ...'"
    elif "object" in expected and isinstance(value, list) and field is None:
        hint = "this file holds fields (key: value), not a list"
    elif "array" in expected and not isinstance(value, list):
        hint = "write a list, e.g. [a, b] or one '- item' per line"
    if field is None:
        return Problem(loc, f"expected {words}, found {_describe(value)}", hint)
    return Problem(loc, f"{owner}: {what} must be {words}, not {_describe(value)}", hint)


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _pattern_problem(loc, owner: str, field: str | None, value) -> Problem:
    if field in ("language",):
        return Problem(loc, f"{owner}: '{value}' is not a BCP 47 language tag", "for example en, en-GB, ko, de")
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "a-name"
    noun = {"group": "group name", "aliases": "alias"}.get(field or "", "id")
    return Problem(loc, f"{owner}: '{value}' is not a valid {noun}",
                   f"use lowercase letters, digits and hyphens, e.g. '{slug}'")


def _any_of_message(owner: str, kind: str) -> str:
    if kind == "sources":
        return f"{owner} needs a 'url' or a 'locator'"
    return f"{owner} needs a 'value', a 'low' and 'high' range, or 'display' text"


def _coerce(value: Any, schema: dict, path: tuple, doc: YamlDoc) -> Any:
    """Typing decided by the schema: a plain scalar YAML read as a number stays text where text is expected."""
    if isinstance(value, dict):
        props = schema.get("properties")
        if props:
            for key, item in value.items():
                sub = props.get(key)
                if sub is not None:
                    value[key] = _coerce(item, sub, path + (key,), doc)
        return value
    if isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                value[index] = _coerce(item, items, path + (index,), doc)
        return value
    if value is None or isinstance(value, str):
        return value
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if "string" in types and not any(t in types for t in ("number", "integer", "boolean")) \
            or (isinstance(value, bool) and "string" in types and "boolean" not in types) \
            or ("string" in types and "integer" in types and isinstance(value, (int, float)) and not isinstance(value, bool)):
        raw = doc.raw.get(path)
        if raw is not None:
            return raw
    return value
