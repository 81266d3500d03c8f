"""Static checks on the generator's source and setup (security.md §7 Y1, M1, M5, T1–T3, T6): safe loader only,
no content compiled as a template, every trusted-HTML sink on an allowlist, strict Jinja, safe Markdown
options, dependency floors."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2
import pytest
import yaml
from helpers import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

from explainer.markdown import allowed_link, make_markdown
from explainer.render import make_env

PACKAGE = ROOT / "explainer"
TEMPLATES = ROOT / "templates"

# Every place where text is declared trusted HTML. A new Markup(...) / |safe / __html__ fails the test below
# until it is added here with the reason it cannot carry script from content.
TRUSTED_HTML = {
    ("explainer/render.py", "return Markup(text)"):
        "json_script filter: json.dumps output with < > & ' U+2028 U+2029 escaped, for the JSON-LD block only",
    ("explainer/render.py", "return Markup(html)"):
        "time_tag, cite_links and status_tag filters: fixed markup around values escaped by _escape_piece",
    ("explainer/markdown.py", "return Markup(html)"):
        "Markdown from content (article, summaries, notes): markdown-it with raw HTML off and the link allowlist",
    ("explainer/chart.py", 'return Markup("".join(parts))'):
        "estimate chart: SVG built from numbers and fixed markup; every text goes through escape_text",
    ("explainer/render.py", 'html = getattr(value, "__html__", None)'):
        "template output escaping: values that are already Markup pass as markupsafe.escape passes them "
        "(tested against markupsafe.escape)",
}
SINK = re.compile(r"\bMarkup\(|\|\s*safe\b|__html__|\bMarkup\s+as\b|autoescape\s*=\s*False|autoescape\s+false"
                  r"|select_autoescape|\bmark_safe\b")


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and "static" not in p.relative_to(TEMPLATES).parts)


def code_lines(path: Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        yield number, line


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- Y1: one safe YAML loader ------------------------------------------------------------------------------

def test_no_unsafe_yaml_loading_anywhere():
    bad = re.compile(r"yaml\.(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)\s*\("
                     r"|FullLoader|UnsafeLoader|\byaml\.Loader\b|\byaml\.CLoader\b|yaml\.add_constructor")
    found = [f"{rel(p)}:{n}: {line.strip()}" for p in python_files() for n, line in code_lines(p) if bad.search(line)]
    assert found == []


def test_yaml_is_composed_only_with_the_libyaml_safe_loader():
    # (the subset reader, explainer/yamlfast.py, builds only str, int, float, bool, None, list and dict)
    import explainer.yamllib as yamllib
    calls = [(rel(p), n, line.strip()) for p in python_files() for n, line in code_lines(p)
             if re.search(r"yaml\.(compose|compose_all|parse|safe_load|safe_load_all)\s*\(", line)]
    assert calls, "the loader should compose with libyaml"
    for path, number, line in calls:
        assert path == "explainer/yamllib.py", f"{path}:{number}: YAML read outside the one loader: {line}"
        assert not re.search(r"yaml\.safe_load", line), f"{path}:{number}: converts without our node checks: {line}"
        match = re.search(r"Loader=([\w.]+)", line)
        assert match, f"{path}:{number}: no explicit Loader: {line}"
        name = match.group(1)
        loader = getattr(yaml, name[5:]) if name.startswith("yaml.") else getattr(yamllib, name)
        assert issubclass(loader, yaml.CSafeLoader), f"{path}:{number}: {name} is not libyaml's safe loader"
        overridden = [attr for attr in vars(loader) if attr.startswith(("construct", "add_", "yaml_constructors"))]
        assert overridden == [], f"{name} adds constructors: {overridden}"
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml"


# --- M5: content is never compiled as a template --------------------------------------------------------

def test_no_template_compiled_from_a_string():
    bad = re.compile(r"\bfrom_string\s*\(|\bTemplate\s*\(|jinja2\.Template\b|\bcompile_expression\s*\("
                     r"|DictLoader|FunctionLoader|BaseLoader\)")
    found = [f"{rel(p)}:{n}: {line.strip()}" for p in python_files() for n, line in code_lines(p) if bad.search(line)]
    # the one subclass, which changes how output is escaped (tested against markupsafe), not where templates come from
    assert [f for f in found if "class _Template(jinja2.Template):" not in f or not f.startswith("explainer/render.py:")] == []
    loaders = [f"{rel(p)}:{n}" for p in python_files() for n, line in code_lines(p) if "FileSystemLoader(" in line]
    assert loaders == [loader for loader in loaders if loader.startswith("explainer/render.py:")] and loaders


# --- T2: one list of trusted-HTML sinks -------------------------------------------------------------------

def test_trusted_html_sinks_are_exactly_the_allowlist():
    found = {}
    for path in python_files() + template_files():
        for number, line in code_lines(path):
            if SINK.search(line):
                found.setdefault((rel(path), line.strip()), []).append(number)
    new = {f"{path}:{numbers[0]}: {line}" for (path, line), numbers in found.items()
           if (path, line) not in TRUSTED_HTML}
    assert new == set(), "new trusted-HTML sink(s): review them, then add each to TRUSTED_HTML with a reason"
    gone = [key for key in TRUSTED_HTML if key not in found]
    assert gone == [], "allowlisted sinks no longer exist: remove them from TRUSTED_HTML"
    assert all(reason.strip() for reason in TRUSTED_HTML.values())


def test_sink_pattern_catches_what_it_should():
    for line in ("x = Markup(y)", "{{ body|safe }}", "{{ body | safe }}", "def __html__(self):",
                 "from markupsafe import Markup as M", "Environment(autoescape=False)", "{% autoescape false %}",
                 "autoescape=select_autoescape()"):
        assert SINK.search(line), line
    for line in ("note_html: Markup | None", "from markupsafe import Markup, escape", "{{ safe_value }}"):
        assert not SINK.search(line), line


# --- T1, T3: strict, always-escaping Jinja; quoted attributes ---------------------------------------------

def test_jinja_environment_is_strict_and_always_escapes(tmp_path):
    source = (PACKAGE / "render.py").read_text(encoding="utf-8")
    assert "autoescape=True" in source and "StrictUndefined" in source and "select_autoescape" not in source
    env = make_env(ROOT, "en")
    assert env.autoescape is True
    assert env.undefined is jinja2.StrictUndefined
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nope }}").render()  # the test's own template, never content
    assert "json_script" in env.filters


def test_every_environment_in_the_package_is_made_by_make_env():
    found = [f"{rel(p)}:{n}" for p in python_files() for n, line in code_lines(p)
             if re.search(r"\b(jinja2\.)?(Sandboxed)?Environment\s*\(", line)]
    assert len(found) == 1 and found[0].startswith("explainer/render.py:"), found


def unquoted_interpolations(text: str) -> list[int]:
    """Offsets of Jinja output or statements used as an unquoted attribute value (`title={{ x }}`) inside a tag."""
    found, i, in_tag, quote = [], 0, False, None
    while i < len(text):
        if not in_tag:
            if text[i] == "<" and i + 1 < len(text) and text[i + 1].isalpha():
                in_tag = True
            i += 1
            continue
        if text.startswith(("{{", "{%"), i):
            if quote is None and text[:i].rstrip().endswith("="):
                found.append(i)
            end = text.find("}}" if text[i + 1] == "{" else "%}", i + 2)
            i = len(text) if end < 0 else end + 2
            continue
        if quote:
            if text[i] == quote:
                quote = None
        elif text[i] in "\"'":
            quote = text[i]
        elif text[i] == ">":
            in_tag = False
        i += 1
    return found


def test_templates_quote_every_interpolated_attribute():
    found = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        found += [f"{rel(path)}:{text.count(chr(10), 0, at) + 1}: {text[at - 20:at + 20]!r}"
                  for at in unquoted_interpolations(text)]
    assert found == []


def test_unquoted_attribute_check_catches_what_it_should():
    for html in ('<p title={{ x }}>', '<a href= {{ x }}>', '<a href={% if x %}y{% endif %}>',
                 "<p class='a' title={{ x }}>", '<p {% if a %}lang="x"{% endif %} title={{ t }}>'):
        assert unquoted_interpolations(html), html
    for html in ('<a href="{{ x }}">', '<link href="s.css?v={{ v[\'a\'] }}">', '{% set a = {"k": 1} %}',
                 '<meta content="0; url={{ page.root }}">', '<p>a={{ x }}</p>',
                 '<blockquote{% if u %} cite="{{ u }}"{% endif %}>'):
        assert not unquoted_interpolations(html), html


def test_templates_build_no_attribute_names_from_data():
    """xmlattr and attribute names from data are how CVE-2024-22195 / CVE-2024-34064 injected attributes."""
    found = [f"{rel(p)}:{n}: {line.strip()}" for p in template_files() for n, line in code_lines(p)
             if re.search(r"xmlattr|<[a-z][a-z0-9]*[^>]*\s\{\{[^}]*\}\}\s*=", line)]
    assert found == []


def test_json_goes_into_script_blocks_only_through_the_json_filter():
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, re.S):
            body = match.group(1)
            if body.strip():
                assert re.fullmatch(r"\s*\{\{\s*[\w.]+\s*\|\s*json_script\s*\}\}\s*", body), \
                    f"{rel(path)}: inline script content must be a single '{{{{ value|json_script }}}}': {body!r}"


# --- M1: Markdown options -----------------------------------------------------------------------------------

def test_markdown_options():
    md = make_markdown()
    assert md.options["html"] is False
    assert md.options["maxNesting"] == 20
    assert md.options.get("linkify") in (False, None)
    assert md.validateLink is allowed_link
    assert "<a" not in md.render("see https://example.org/ and www.example.org now")  # no linkify
    assert md.render("<script>x</script>\n\na <b onclick=x>b</b>") == \
        "<p>&lt;script&gt;x&lt;/script&gt;</p>\n<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n"


# --- T6: dependency floors ---------------------------------------------------------------------------------

FLOORS = {"Jinja2": "3.1.6", "markdown-it-py": "4.1", "PyYAML": "6.0", "tornado": "6.5.9"}


@pytest.mark.parametrize("package", FLOORS)
def test_installed_versions_meet_the_minimum_safe_versions(package):
    try:
        installed = version(package)
    except PackageNotFoundError:
        if package == "tornado":
            pytest.skip("tornado is not installed (the preview server does not use it)")
        raise
    assert Version(installed) >= Version(FLOORS[package]), f"{package} {installed} < {FLOORS[package]}"


def test_declared_requirements_never_allow_an_unsafe_version():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            pins[requirement.name.lower()] = requirement
    for package, floor in FLOORS.items():
        requirement = pins.get(package.lower())
        if requirement is None:
            continue
        allowed = [v for v in requirement.specifier.filter([floor, "0.1", "1.0", "2.10", "3.1.5", "4.0.0", "5.4",
                                                            "6.4", "6.5.8"]) if Version(v) < Version(floor)]
        assert allowed == [], f"requirements.txt lets {package} be {allowed} (below {floor})"
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for package, floor in FLOORS.items():
        match = re.search(rf'"{re.escape(package)}\s*>=\s*([\d.]+)', project, re.I)
        if match:
            assert Version(match.group(1)) >= Version(floor), f"pyproject.toml floor for {package} is {match.group(1)}"
