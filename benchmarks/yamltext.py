"""A small YAML writer for corpus records: block lists of mappings, flow lists, quoted when needed."""

import json
import re

PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()’–-]*|https?://[A-Za-z0-9./_-]+")
AMBIGUOUS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}


class Raw(str):
    """A scalar written as is, such as an EDTF date an editor would leave unquoted."""


def scalar(value) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in AMBIGUOUS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def mapping(record: dict, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            lines.extend(records(value, indent + 2))
        else:
            lines.append(f"{pad}{key}: {_value(value)}")
    return lines


def records(items: list[dict], indent: int = 0) -> list[str]:
    lines = []
    for item in items:
        body = mapping(item, indent + 2)
        body[0] = " " * indent + "- " + body[0].lstrip()
        lines.extend(body)
    return lines


def document(items: list[dict], schema: str | None = None) -> str:
    head = [f"# yaml-language-server: $schema={schema}"] if schema else []
    return "\n".join(head + records(items)) + "\n"
