"""Stage 4: the Jinja environment (autoescape, strict undefined) and page rendering with located template errors."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .escaping import escape_text
from .locale import number
from .problems import Loc, Problem

TEMPLATE_DIR = "templates"


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Where a page sits, so its links can be relative: `root` is '../' per level below public/."""

    path: str
    title: str
    description: str
    canonical: str
    kind: str

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


class TemplateProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def _json_script(value) -> Markup:
    """JSON for a <script type="application/ld+json"> block: <, >, &, ' and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def _size(value: int) -> str:
    return f"{max(1, round(value / 1024))} KB"


# The small pieces a story page repeats a few hundred times are filters, not macros: a Jinja macro call
# costs ~15 µs, a filter ~1 µs, and together they were a third of the page's render time.

def _time_tag(date) -> Markup:
    """<time> for a DateView; a range of two days becomes two <time> elements around its dash."""
    words, stamps = date.words, date.datetimes
    if len(stamps) == 2 and words.count("–") == 1 and " to " not in words:
        first, second = words.split("–", 1)
        return _fragment(f'<time datetime="{_escape_piece(stamps[0])}">{_escape_piece(first)}</time>–'
                         f'<time datetime="{_escape_piece(stamps[1])}">{_escape_piece(second)}</time>')
    if stamps:
        return _fragment(f'<time datetime="{_escape_piece(stamps[0])}">{_escape_piece(words)}</time>')
    return escape(words)


def _cite_links(cites, ids: bool = True) -> Markup:
    """Numbered links to the source list: [1][2]; with ids, each is the target of its source's back-link."""
    links = []
    for cite in cites:
        target = f' id="{_escape_piece(cite.anchor)}"' if ids else ""
        links.append(f'<a{target} href="#source-{_escape_piece(cite.source_id)}">[{int(cite.number)}]</a>')
    return _fragment("".join(links))


def _status_tag(status, phrase: bool = True) -> Markup:
    """A status label ("Claimed by KCNA"); without the phrase, the label alone ("Claimed")."""
    return _fragment(f'<span class="status {_escape_piece(status.key)}">{_escape_piece(status.phrase if phrase else status.label)}</span>')


def _fragment(html: str) -> Markup:
    """The story filters' output: fixed markup around values escaped as markupsafe.escape escapes them."""
    return Markup(html)


def _escape_piece(value) -> str:
    """Autoescaping for a template's output: the same text as markupsafe.escape, as a plain string."""
    if type(value) is str:
        return escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return escape_text(str(value))


class _Template(jinja2.Template):
    """A template whose `{{ ... }}` output is escaped by `_escape_piece`. Output pieces are only ever joined
    (and a block's joined text wrapped in Markup), so the Markup object markupsafe.escape builds for each
    piece is thrown away; building it was a fifth of a story page's render time."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = _escape_piece  # the compiled module's own name for output escaping
        return super()._from_namespace(environment, namespace, globals)


def make_env(root: Path, language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_cache_folder(root))),
    )
    env.template_class = _Template
    env.filters["number"] = lambda value: number(value, language)
    env.filters["json_script"] = _json_script
    env.filters["filesize"] = _size
    env.filters["time_tag"] = _time_tag
    env.filters["cite_links"] = _cite_links
    env.filters["status_tag"] = _status_tag
    env.globals["asset_version"] = _asset_versions(root / TEMPLATE_DIR / "static")
    return env


def _cache_folder(root: Path) -> Path:
    folder = root / ".explainer-cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _asset_versions(static: Path) -> dict[str, str]:
    versions = {}
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(static.resolve()):
                versions[path.relative_to(static).as_posix()] = hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
    return versions


def check_templates(env: jinja2.Environment) -> list[Problem]:
    """Compile every template up front so syntax errors are reported with their file and line."""
    problems = []
    for name in sorted(env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".txt", ".svg")))):
        if name.startswith("static/"):
            continue
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(Loc(f"{TEMPLATE_DIR}/{exc.name or name}", exc.lineno or 1, 1),
                                    f"template syntax: {exc.message}"))
    return problems


def render_template(env: jinja2.Environment, name: str, context: dict) -> str:
    """Render one template; any failure becomes a TemplateProblem at the template's file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(Problem(Loc(f"{TEMPLATE_DIR}/{exc.name or name}", exc.lineno or 1, 1),
                                      f"template syntax: {exc.message}")) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(Problem(Loc(f"{TEMPLATE_DIR}/{name}"), f"template not found: {exc.name}")) from None
    except Exception as exc:  # any runtime error inside a template is the template's problem
        loc = _template_location(exc, name)
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
        raise TemplateProblem(Problem(loc, f"template error: {message}")) from None


def _template_location(exc: BaseException, fallback: str) -> Loc:
    """The innermost traceback frame that belongs to a template file."""
    tb = exc.__traceback__
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if f"{TEMPLATE_DIR}/" in filename.replace("\\", "/") and not filename.endswith(".py"):
            rel = filename.replace("\\", "/").split(f"{TEMPLATE_DIR}/", 1)[1]
            found = Loc(f"{TEMPLATE_DIR}/{rel}", tb.tb_lineno, 1)
        tb = tb.tb_next
    return found or Loc(f"{TEMPLATE_DIR}/{fallback}")

