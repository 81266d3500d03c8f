"""Stage 2: raw YAML documents to typed records, with every per-file and cross-file check of a story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import checks
from .dates import DateError, parse_edtf
from .load import RawStory
from .model import Article, Estimate, Event, Figure, Media, Quote, Source, Story, Update
from .problems import Loc, Problems, did_you_mean, known
from .schema import load_schemas
from .yamlfile import YamlDoc


def validate_story(raw: RawStory, root: Path) -> tuple[Story | None, list]:
    """Check one story completely; the Story is returned only when it has no errors."""
    problems = Problems()
    schemas = load_schemas()
    front = raw.front
    docs = {kind: raw.docs.get(kind) for kind in ("sources", "timeline", "figures", "quotes")}
    if front is not None:
        if front.data is None:
            problems.error(front.loc(), "front matter is empty", "add title, dek, published and authors")
        else:
            problems.extend(schemas["article"].check(front))
    for kind, doc in docs.items():
        if doc is not None and doc.data is not None:
            problems.extend(schemas[kind].check(doc))
    ctx = _Context(raw, root, problems)
    sources = tuple(ctx.records(docs["sources"], ctx.source))
    ctx.source_ids = {s.id for s in sources} | ctx.declared(docs["sources"])
    ctx.check_sources = "sources" not in raw.unreadable
    timeline = tuple(ctx.records(docs["timeline"], ctx.event))
    figures = tuple(ctx.records(docs["figures"], ctx.figure))
    quotes = tuple(ctx.records(docs["quotes"], ctx.quote))
    article = ctx.article(front) if front is not None and isinstance(front.data, dict) else None
    ctx.check_unique_ids(docs)
    if article is not None:
        ctx.check_front_refs(front, docs)
    if problems.has_errors or article is None or raw.unreadable:
        return None, problems.items
    story = Story(raw.slug, raw.folder, article, sources, timeline, figures, quotes, tuple(sorted(ctx.assets)))
    return story, problems.items


class _Context:
    """Per-story state while converting records: the folder, problems, known ids, assets used."""

    def __init__(self, raw: RawStory, root: Path, problems: Problems):
        self.raw = raw
        self.root = root
        self.folder = root / raw.folder
        self.problems = problems
        self.source_ids: set[str] = set()
        self.check_sources = True
        self.assets: set[str] = set()

    def declared(self, doc: YamlDoc | None) -> set[str]:
        if doc is None or not isinstance(doc.data, list):
            return set()
        return {r["id"] for r in doc.data if isinstance(r, dict) and isinstance(r.get("id"), str)}

    def records(self, doc: YamlDoc | None, convert):
        if doc is None or doc.data is None:
            return
        if not isinstance(doc.data, list):
            return  # the schema check has reported it
        for index, record in enumerate(doc.data):
            if isinstance(record, dict):
                result = convert(_Fields(doc, (index,), record))
                if result is not None:
                    yield result

    def edtf(self, f: "_Fields", key: str):
        value = f.get(key)
        if not isinstance(value, (str, int)):
            return None
        try:
            return parse_edtf(value)  # a good date needs no location: find it only to report a bad one
        except DateError:
            return checks.edtf(value, f.loc(key), self.problems, key)

    def refs(self, f: "_Fields", key: str, owner: str) -> tuple[str, ...]:
        ids = f.get(key)
        ids = [ids] if isinstance(ids, str) else ids if isinstance(ids, list) else []
        for index, source_id in enumerate(ids):
            if isinstance(source_id, str) and source_id not in self.source_ids and self.check_sources:
                loc = f.loc(key, index) if isinstance(f.get(key), list) else f.loc(key)
                self.problems.error(loc, f"{owner} cites unknown source '{source_id}'",
                                    did_you_mean(source_id, self.source_ids) or known("sources", self.source_ids))
        return tuple(i for i in ids if isinstance(i, str))

    def media(self, f: "_Fields", key: str) -> Media | None:
        data = f.get(key)
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("src", "alt", "credit")):
            return None
        src = checks.story_file(data["src"], self.folder, self.root, f.loc(key, "src"), self.problems,
                                f"{key}.src", checks.IMAGE_TYPES)
        if src is None:
            return None
        self.assets.add(src)
        return Media(src, data["alt"], data["credit"], data.get("caption"))

    def source(self, f: "_Fields") -> Source | None:
        published = self.edtf(f, "published")
        for key in ("url", "archive_url"):
            if isinstance(f.get(key), str) and not checks.plain_web_url(f.get(key)):
                checks.web_url(f.get(key), f.loc(key), self.problems, key)
        accessed = None
        if f.get("accessed") is not None:
            accessed = checks.iso_day(f.get("accessed"), f.loc("accessed"), self.problems, "accessed")
        archive = f.get("archive")
        if isinstance(archive, str):
            archive = checks.story_file(archive, self.folder, self.root, f.loc("archive"), self.problems,
                                        "archive", checks.ARCHIVE_TYPES)
        if published is None or self.problems.has_errors:
            return None
        return Source(f["id"], f["title"], f["publisher"], published, f["kind"], f.loc(), url=f.get("url"),
                      locator=f.get("locator"), accessed=accessed, party=f.get("party"),
                      author=tuple(f.get("author") or ()), language=f.get("language"),
                      archive_url=f.get("archive_url"), archive=archive, note=f.get("note"))

    def event(self, f: "_Fields") -> Event | None:
        date = self.edtf(f, "date")
        sources = self.refs(f, "sources", f"event '{f.get('id')}'")
        media = self.media(f, "media")
        if date is None or self.problems.has_errors:
            return None
        return Event(f["id"], date, f["title"], f["summary"], f["status"], sources, f.loc(),
                     display_date=f.get("display_date"), attributed_to=f.get("attributed_to"),
                     group=f.get("group"), media=media)

    def figure(self, f: "_Fields") -> Figure | None:
        estimates = []
        for index, data in enumerate(f.get("estimates") or []):
            if isinstance(data, dict):
                estimate = self.estimate(_Fields(f.doc, f.path + ("estimates", index), data), f.get("id"), index)
                if estimate is not None:
                    estimates.append(estimate)
        if self.problems.has_errors or len(estimates) != len(f.get("estimates") or []):
            return None
        return Figure(f["id"], f["label"], f["unit"], tuple(estimates), f.loc(), note=f.get("note"))

    def estimate(self, f: "_Fields", figure_id, index: int) -> Estimate | None:
        as_of = self.edtf(f, "as_of")
        sources = self.refs(f, "sources", f"figure '{figure_id}', estimate {index + 1}")
        low, high, value = f.get("low"), f.get("high"), f.get("value")
        numeric = all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in (low, high))
        if numeric and low > high:
            self.problems.error(f.loc("low"), f"figure '{figure_id}', estimate {index + 1}: low ({low}) is above high ({high})",
                                "swap them")
        elif numeric and isinstance(value, (int, float)) and not low <= value <= high:
            self.problems.warn(f.loc("value"), f"figure '{figure_id}', estimate {index + 1}: value {value} lies outside {low}–{high}")
        if as_of is None or self.problems.has_errors:
            return None
        return Estimate(as_of, f["status"], sources, f.loc(), value=value, low=low, high=high,
                        qualifier=f.get("qualifier"), unit=f.get("unit"), attributed_to=f.get("attributed_to"),
                        display=f.get("display"))

    def quote(self, f: "_Fields") -> Quote | None:
        said = self.edtf(f, "said")
        sources = self.refs(f, "source", f"quote '{f.get('id')}'")
        if said is None or self.problems.has_errors or not sources:
            return None
        return Quote(f["id"], f["text"], f["speaker"], said, sources[0], f.loc(), role=f.get("role"),
                     via=f.get("via"), context=f.get("context"), translated=bool(f.get("translated")),
                     language=f.get("language"))

    def article(self, front: YamlDoc) -> Article | None:
        f = _Fields(front, (), front.data)
        published = None
        if f.get("published") is not None:
            published = checks.iso_day(f.get("published"), f.loc("published"), self.problems, "published",
                                       allow_time=True)
        updates = []
        for index, data in enumerate(f.get("updates") or []):
            if isinstance(data, dict) and data.get("date") is not None:
                u = _Fields(front, ("updates", index), data)
                day = checks.iso_day(data["date"], u.loc("date"), self.problems, "date", allow_time=True)
                if day is not None and published is not None and day < published:
                    self.problems.error(u.loc("date"), f"update {index + 1} is dated before the story was published")
                if day is not None and updates and day < updates[-1].day:
                    self.problems.warn(u.loc("date"), f"update {index + 1} is older than the one before it",
                                       "updates are append-only: add new ones at the end")
                if day is not None and not self.problems.has_errors:
                    updates.append(Update(str(data["date"]), day, data["kind"], data["text"], u.loc(),
                                          tuple(data.get("affects") or ())))
        image = self.media(f, "image")
        aliases = tuple(f.get("aliases") or ())
        if self.raw.slug in aliases:
            self.problems.error(f.loc("aliases"), f"alias '{self.raw.slug}' is the story's own slug")
        if published is None or self.problems.has_errors:
            return None
        figures = f.get("figures")
        return Article(f["title"], f["dek"], str(f["published"]), published, tuple(f["authors"]), self.raw.body,
                       self.raw.body_line, f.loc(), draft=bool(f.get("draft")),
                       figures=tuple(figures) if figures is not None else None, updates=tuple(updates),
                       image=image, aliases=aliases, alias_locs=tuple(f.loc("aliases", i) for i in range(len(aliases))))

    def check_unique_ids(self, docs: dict[str, YamlDoc | None]) -> None:
        seen: dict[str, tuple[str, Loc]] = {}
        for kind, doc in docs.items():
            if doc is None or not isinstance(doc.data, list):
                continue
            for index, record in enumerate(doc.data):
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    continue
                record_id = record["id"]
                if record_id in seen:
                    first_kind, first_doc, first_index = seen[record_id]
                    first, loc = first_doc.loc((first_index, "id")), doc.loc((index, "id"))
                    where = "" if first.path == loc.path else f" in {first.path}"
                    self.problems.error(loc, f"id '{record_id}' is already used (line {first.line}{where})",
                                        "ids must be unique within a story, across all its files")
                else:
                    seen[record_id] = (kind, doc, index)  # located only if a duplicate turns up
        self.all_ids = {k: v[0] for k, v in seen.items()}

    def check_front_refs(self, front: YamlDoc, docs: dict[str, YamlDoc | None]) -> None:
        data = front.data
        figure_ids = self.declared(docs["figures"])
        for index, figure_id in enumerate(data.get("figures") or []):
            if isinstance(figure_id, str) and figure_id not in figure_ids and "figures" not in self.raw.unreadable:
                self.problems.error(front.loc(("figures", index)), f"front matter lists unknown figure '{figure_id}'",
                                    did_you_mean(figure_id, figure_ids) or known("figures", figure_ids))
        for u_index, update in enumerate(data.get("updates") or []):
            affects = update.get("affects") if isinstance(update, dict) else None
            for index, record_id in enumerate(affects if isinstance(affects, list) else []):
                if isinstance(record_id, str) and record_id not in self.all_ids and not self.raw.unreadable:
                    self.problems.error(front.loc(("updates", u_index, "affects", index)),
                                        f"update {u_index + 1} affects unknown record '{record_id}'",
                                        did_you_mean(record_id, self.all_ids) or known("ids", self.all_ids))


class _Fields:
    """A record's mapping with its document, for located lookups."""

    __slots__ = ("doc", "path", "data", "get")

    def __init__(self, doc: YamlDoc, path: tuple, data: dict):
        self.doc, self.path, self.data = doc, path, data
        self.get = data.get  # the mapping's own get: read hundreds of times a story, without a call of ours

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def loc(self, *keys) -> Loc:
        return self.doc.loc(self.path + keys)
