"""HTML escaping to plain strings: markupsafe's escaping, without the Markup object its public escape() returns."""

from __future__ import annotations


def escape_python(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


try:  # markupsafe's own C escaping
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # pragma: no cover - markupsafe without its C extension
    escape_text = escape_python
