"""The fast schema check's choices: simple if/then/else and anyOf, taken out of the schema fastjsonschema
compiles (it evaluates them by raising and catching an exception per branch that does not apply) and checked
here instead. The full validator, jsonschema, still sees them and words the problems."""

from __future__ import annotations

_CHOICES = ("if", "then", "else", "anyOf")


class _NotSimple(Exception):
    pass


def split_choices(schema: dict) -> tuple[dict, dict] | None:
    """(the schema without its choices, a plan of where they were), or None unless every choice is a simple
    branch where choices_hold looks: in the schema itself, its properties and its items, all the way down."""
    try:
        return _split(schema, True)
    except _NotSimple:
        return None


def _branch(schema) -> tuple[tuple[str, ...], dict[str, frozenset]]:
    """A branch that only requires fields or pins text fields to values: (required fields, allowed values)."""
    if not isinstance(schema, dict) or not set(schema) <= {"required", "properties"}:
        raise _NotSimple
    pinned = {}
    for name, rule in schema.get("properties", {}).items():
        if not isinstance(rule, dict) or len(rule) != 1 or not set(rule) <= {"const", "enum"}:
            raise _NotSimple
        values = [rule["const"]] if "const" in rule else rule["enum"]
        if not all(isinstance(value, str) for value in values):
            raise _NotSimple
        pinned[name] = frozenset(values)
    return tuple(schema.get("required", ())), pinned


def _split(schema, reachable: bool):
    if isinstance(schema, list):
        return [_split(item, False)[0] for item in schema], {}
    if not isinstance(schema, dict):
        return schema, {}
    plan: dict = {}
    if any(key in schema for key in _CHOICES):
        if not reachable or not isinstance(schema.get("anyOf", []), list):
            raise _NotSimple  # a choice anywhere else would go unchecked: fastjsonschema keeps the whole schema
        plan = {key: _branch(schema[key]) for key in ("if", "then", "else") if key in schema}
        if "anyOf" in schema:
            plan["anyOf"] = [_branch(branch) for branch in schema["anyOf"]]
    stripped = {}
    for key, value in schema.items():
        if key in _CHOICES:
            continue
        if key == "properties" and isinstance(value, dict):
            parts = {name: _split(sub, reachable) for name, sub in value.items()}
            stripped[key] = {name: part for name, (part, _) in parts.items()}
            if inner := {name: sub_plan for name, (_, sub_plan) in parts.items() if sub_plan}:
                plan["properties"] = inner
        elif key == "items" and isinstance(value, dict):
            stripped[key], items = _split(value, reachable)
            if items:
                plan["items"] = items
        else:
            stripped[key] = _split(value, False)[0]
    return stripped, plan


def _meets(branch: tuple, data) -> bool:
    if not isinstance(data, dict):
        return True  # required and properties say nothing about other values
    required, pinned = branch
    return all(key in data for key in required) and all(
        isinstance(data[key], str) and data[key] in allowed for key, allowed in pinned.items() if key in data)


def choices_hold(plan: dict, data) -> bool:
    """Whether data meets every choice of a split_choices plan, the rest of the schema having passed."""
    if isinstance(data, dict):
        if "anyOf" in plan and not any(_meets(branch, data) for branch in plan["anyOf"]):
            return False
        if "if" in plan:
            branch = plan.get("then") if _meets(plan["if"], data) else plan.get("else")
            if branch is not None and not _meets(branch, data):
                return False
        return all(choices_hold(sub_plan, data[key]) for key, sub_plan in plan.get("properties", {}).items()
                   if key in data)
    if isinstance(data, list) and "items" in plan:
        return all(choices_hold(plan["items"], item) for item in data)
    return True
