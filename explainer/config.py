"""site.yaml to SiteConfig: required keys, known keys only, base URL and language checks."""

from __future__ import annotations

from pathlib import Path

from . import checks
from .locale import supported
from .model import SiteConfig
from .problems import Loc, Problem, Problems
from .schema import load_schemas
from .yamlfile import YamlError, decode, parse_yaml

SITE_FILE = "site.yaml"


def load_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    path = root / SITE_FILE
    if not path.is_file():
        return None, [Problem(Loc(SITE_FILE), "site.yaml not found",
                              "create it with title, description, base_url, language and publisher")]
    text, bad = decode(path.read_bytes(), SITE_FILE)
    if text is None or bad:
        return None, bad
    try:
        doc = parse_yaml(text, SITE_FILE)
    except YamlError as exc:
        return None, [exc.problem]
    if doc.data is None:
        return None, [Problem(Loc(SITE_FILE), "site.yaml is empty",
                              "add title, description, base_url, language and publisher")]
    problems = Problems()
    problems.extend(load_schemas()["site"].check(doc))
    data = doc.data if isinstance(doc.data, dict) else {}
    base_url = data.get("base_url")
    if isinstance(base_url, str) and checks.web_url(base_url, doc.loc(("base_url",)), problems, "base_url",
                                                    schemes=("https", "http")):
        if not base_url.lower().startswith("https://"):
            problems.warn(doc.loc(("base_url",)), "base_url is not https", "publish over https")
        if "?" in base_url or "#" in base_url:
            problems.error(doc.loc(("base_url",)), "base_url must not have a query or fragment")
    publisher = data.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("url"), str):
        checks.web_url(publisher["url"], doc.loc(("publisher", "url")), problems, "publisher.url")
    language = data.get("language")
    if isinstance(language, str) and not supported(language):
        problems.warn(doc.loc(("language",)), f"no built-in wording for language '{language}'",
                      "dates and numbers are written in English; built in: en, de, fr")
    if problems.has_errors:
        return None, problems.items
    config = SiteConfig(
        title=data["title"], description=data["description"], base_url=base_url.rstrip("/") + "/",
        language=language, publisher_name=publisher["name"], publisher_url=publisher["url"],
        data_license=data.get("data_license"), content_license=data.get("content_license"),
        stale_after_days=data.get("stale_after_days", 365), extra=data.get("extra") or {})
    return config, problems.items
