"""One benchmark story in the content model: records, archive texts and an article with fact links."""

import random
from datetime import date, timedelta

from article import article
from prose import name, sentence, sentences, title, words
from yamltext import Raw, document, mapping

KINDS = ["news", "wire", "state-media", "government", "think-tank", "ngo", "academic", "primary-document"]
PARTIES = ["ROK", "DPRK", "US", "Russia", "Ukraine", None, None, None]
STATUSES = ["confirmed", "reported", "confirmed", "claimed", "reported", "disputed", "confirmed", "denied"]
GROUPS = ["battlefield", "diplomacy", "economy", "home-front"]
UNITS = ["troops", "shells", "km", "people", "tonnes", "homes"]
QUALIFIERS = ["about", "more-than", "at-least", "up-to", "fewer-than"]
BASE_DAY = date(2025, 3, 1)
QUOTED_SOURCES = ["s3", "s4", "s8"]


def plain(text: str) -> str:
    return text.replace("*", "")


def season(day: date) -> str:
    if day.month == 12:
        return f"{day.year}-24"
    if day.month <= 2:
        return f"{day.year - 1}-24"
    return f"{day.year}-{21 + (day.month - 3) // 3}"


def event_date(k: int, day: date, rng: random.Random) -> Raw:
    if k in (2, 9):
        return Raw(f"{day:%Y-%m}")
    if k in (4, 13):
        return Raw(f"{day:%Y-%m}-~{day:%d}")
    if k == 6:
        return Raw(f"{day:%Y-%m}~")
    if k == 11:
        return Raw(f"{day.isoformat()}?")
    if k == 1:
        return Raw(season(day))
    if k in (7, 15):
        return Raw(f"{day.isoformat()}/{(day + timedelta(days=rng.randint(3, 12))).isoformat()}")
    if k == 17:
        return Raw(f"{day:%Y-%m}/..")
    return Raw(day.isoformat())


def attributed(record: dict, status: str, rng: random.Random) -> dict:
    record["status"] = status
    if status != "confirmed":
        record["attributed_to"] = rng.choice(["the defence ministry", "state media", "local officials",
                                              "an opposition party", "independent monitors"])
    return record


class Story:
    def __init__(self, index: int, seed: int):
        self.index = index
        self.rng = random.Random(seed * 1_000_003 + index)
        self.published = BASE_DAY + timedelta(days=(index * 13) % 240)
        self.sources = self._sources()
        self.events = self._events()
        self.figures = self._figures()
        self.quotes = self._quotes()

    def _sources(self) -> list[dict]:
        rng, out = self.rng, []
        for j, kind in enumerate(KINDS, 1):
            last_event = -(-20 * j // 8) - 1
            published = self.published - timedelta(days=305 - 15 * last_event - rng.randint(0, 5))
            src = {"id": f"s{j}", "title": title(rng, rng.randint(5, 10)), "publisher": title(rng, 2)}
            if j == 2:
                src["locator"] = f"broadcast of {published.isoformat()}, 07:40"
            else:
                src["url"] = f"https://example.org/{kind}/{self.index}/{j}"
            src["published"] = Raw(f"{published:%Y-%m}-~{published:%d}" if j == 5 else published.isoformat())
            if j != 2:
                src["accessed"] = Raw((published + timedelta(days=rng.randint(0, 3))).isoformat())
            src["kind"] = kind
            if PARTIES[j - 1]:
                src["party"] = PARTIES[j - 1]
            if j % 3 == 0:
                src["author"] = [name(rng), name(rng)]
            if j == 6:
                src["language"] = "ko"
            if j == 7:
                src["archive_url"] = f"https://archive.example.org/{self.index}/{j}"
            if src["id"] in QUOTED_SOURCES:
                src["archive"] = f"archive/{src['id']}.txt"
            if j == 4:
                src["note"] = f"{sentence(self.rng, 6, 12)} It is *{words(rng, 2)}*."
            out.append(src)
        return out

    def _events(self) -> list[dict]:
        rng, out = self.rng, []
        for k in range(20):
            day = self.published - timedelta(days=330 - k * 15 - rng.randint(0, 10))
            event = {"id": f"e{k + 1:02d}", "date": event_date(k, day, rng)}
            if k == 1 and self.index % 2:
                event["display_date"] = "that season"
            event["title"] = plain(title(rng, rng.randint(4, 7)))
            event["summary"] = " ".join(sentence(rng, 6, 16) for _ in range(1 + (k % 4 == 0)))
            attributed(event, STATUSES[k % len(STATUSES)], rng)
            first = 1 + k * 8 // 20
            event["sources"] = [f"s{first}"] + ([f"s{first + 1}"] if k % 3 == 0 and first < 8 else [])
            event["group"] = GROUPS[(k + self.index) % len(GROUPS)]
            out.append(event)
        for a in range(0, 18, 6):
            out[a], out[a + 1] = out[a + 1], out[a]
        return out

    def _before(self, source: str, days: int) -> date:
        published = date.fromisoformat(self.sources[int(source[1:]) - 1]["published"].replace("~", ""))
        return published - timedelta(days=self.rng.randint(0, days))

    def _estimate(self, form: str, status: str, source: str) -> dict:
        rng = self.rng
        base = rng.randint(20, 900) * 10 ** rng.randint(1, 3)
        est: dict = {}
        if form in ("value", "value-qualified", "value-display", "value-range"):
            est["value"] = base if rng.random() < 0.9 else base + 0.5
        if form in ("range", "value-range"):
            est["low"], est["high"] = base * 8 // 10, base * 12 // 10
        if form in ("value-qualified", "range") and rng.random() < 0.7:
            est["qualifier"] = rng.choice(QUALIFIERS)
        if form in ("value-display", "display"):
            est["display"] = f"{rng.choice(['roughly', 'well over', 'a few', 'several'])} {words(rng, 2)}"
        as_of = self._before(source, 5)
        est["as_of"] = Raw(f"{as_of:%Y-%m}-~{as_of:%d}" if rng.random() < 0.2 else as_of.isoformat())
        attributed(est, status, rng)
        est["sources"] = [source]
        return est

    def _figures(self) -> list[dict]:
        forms = [("value-qualified", "range"), ("value", "value-display"), ("range", "display"),
                 ("value-qualified", "value-range"), ("value", "value-qualified"), ("value-range", "value")]
        out = []
        for j, (first, second) in enumerate(forms):
            fig = {"id": f"f{j + 1}", "label": plain(title(self.rng, self.rng.randint(4, 8))), "unit": UNITS[j]}
            if j == 2:
                fig["note"] = sentences(self.rng, 1)
            fig["estimates"] = [
                self._estimate(first, STATUSES[(j + 1) % 8], f"s{(2 * j) % 8 + 1}"),
                self._estimate(second, STATUSES[(j + 3) % 8], f"s{(2 * j + 1) % 8 + 1}"),
            ]
            if j == 3:
                fig["estimates"][1]["unit"] = "soldiers"
            out.append(fig)
        return out

    def _quotes(self) -> list[dict]:
        rng, out = self.rng, []
        for j in range(5):
            text = plain(sentence(rng, 8, 16))
            if j == 1:
                text = text[:-1] + ", and we won't stop."
            if j == 3:
                text = f'They called it "{words(rng, 3)}" and moved on...'
            quote = {"id": f"q{j + 1}", "text": text, "speaker": name(rng)}
            if j % 2 == 0:
                quote["role"] = title(rng, 2)
            quote["said"] = Raw(self._before(QUOTED_SOURCES[j % 3], 3).isoformat())
            if j == 2:
                quote["via"] = "state television"
            quote["source"] = QUOTED_SOURCES[j % 3]
            if j == 4:
                quote["context"] = plain(sentence(rng, 6, 10))
                quote["translated"] = True
                quote["language"] = "ko"
            out.append(quote)
        return out

    def archives(self) -> dict[str, str]:
        texts = {}
        for sid in QUOTED_SOURCES:
            lines = [sentences(self.rng, 3)]
            for quote in self.quotes:
                if quote["source"] == sid:
                    said = quote["text"].replace("'", "’").replace('"', "“", 1).replace('"', "”", 1)
                    lines.append(f"{sentences(self.rng, 1)}  {said.replace('...', '…')} {sentences(self.rng, 1)}")
            texts[f"archive/{sid}.txt"] = "\n\n".join(lines) + "\n"
        return texts

    def files(self) -> dict[str, str]:
        return {
            "article.md": article(self),
            "sources.yaml": document(self.sources),
            "timeline.yaml": document(self.events),
            "figures.yaml": document(self.figures),
            "quotes.yaml": document(self.quotes),
            **self.archives(),
        }

    def front_matter(self) -> str:
        rng = self.rng
        meta = {
            "title": plain(title(rng, rng.randint(5, 9))),
            "dek": plain(sentence(rng, 12, 24)),
            "published": Raw(f"{self.published.isoformat()}T09:00:00+00:00"),
            "authors": [name(rng)] + ([name(rng)] if self.index % 2 else []),
        }
        if self.index % 2 == 0:
            meta["figures"] = ["f2", "f1", "f4", "f6", "f3", "f5"]
        if self.index % 10 == 5:
            meta["aliases"] = [f"old-story-{self.index:04d}"]
        if self.index % 3 == 0:
            meta["updates"] = [{
                "date": Raw((self.published + timedelta(days=2)).isoformat()),
                "kind": "correction",
                "text": sentence(rng, 8, 14),
                "affects": ["e03"],
            }]
        return "---\n" + "\n".join(mapping(meta)) + "\n---\n"
