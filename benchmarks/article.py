"""The ~800-word article body of a benchmark story, with ~15 fact links of all four kinds."""

import random

from prose import sentence, sentences, title, words


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def fact_links(story, rng: random.Random) -> list[str]:
    fig = [f["id"] for f in story.figures]
    ev = [e["id"] for e in story.events]
    qu = [q["id"] for q in story.quotes]
    src = [s["id"] for s in story.sources]
    pick = rng.choice
    links = [
        f"{_cap(words(rng, 4))} put the figure at [](figure:{pick(fig)}), {words(rng, 6)}.",
        f"{_cap(words(rng, 3))} [{words(rng, 3)}](figure:{pick(fig)}) {words(rng, 5)}.",
        f"By one count the total reached [](figure:{pick(fig)}) {words(rng, 4)}.",
        f"{_cap(words(rng, 5))} [{words(rng, 2)}](figure:{pick(fig)}).",
        f"On [](event:{pick(ev)}) {words(rng, 9)}.",
        f"{_cap(words(rng, 4))} [{words(rng, 3)}](event:{pick(ev)}) {words(rng, 4)}.",
        f"The first reports came [](event:{pick(ev)}), {words(rng, 6)}.",
        f"{_cap(words(rng, 6))} [{words(rng, 2)}](event:{pick(ev)}).",
        f"As one official put it: [](quote:{pick(qu)})",
        f"{_cap(words(rng, 5))} [{words(rng, 3)}](quote:{pick(qu)}) {words(rng, 3)}.",
        f"{_cap(words(rng, 3))} [{words(rng, 2)}](quote:{pick(qu)}).",
        f"{_cap(words(rng, 6))} [{words(rng, 3)}](source:{pick(src)}).",
        f"{_cap(words(rng, 4))} [{words(rng, 2)}](source:{pick(src)}) {words(rng, 5)}.",
        f"[{_cap(words(rng, 3))}](source:{pick(src)}) {words(rng, 8)}.",
        f"{_cap(words(rng, 5))} [{words(rng, 4)}](source:{pick(src)}) {words(rng, 2)}.",
    ]
    rng.shuffle(links)
    return links


def table(rng: random.Random) -> str:
    rows = ["| Measure | Low | High | Note |", "|---|---:|---:|---|"]
    for _ in range(4):
        low = rng.randint(10, 900)
        rows.append(f"| {title(rng, 2)} | {low:,} | {low * 3:,} | {words(rng, 3)} |")
    return "\n".join(rows)


def bullets(rng: random.Random) -> str:
    return "\n".join(f"- {sentence(rng, 5, 10)}" for _ in range(4))


def paragraph(rng: random.Random, links: list[str], n_links: int) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(3, 4))]
    for _ in range(n_links):
        if links:
            parts.insert(rng.randint(1, len(parts)), links.pop())
    return " ".join(parts)


def article(story) -> str:
    rng, i = story.rng, story.index
    links = fact_links(story, rng)
    blocks = [paragraph(rng, links, 2)]
    for section in range(4):
        blocks.append(f"## {title(rng, rng.randint(3, 5)).replace('*', '')}")
        for _ in range(3):
            blocks.append(paragraph(rng, links, 1))
        if section == 1 and i % 5 == 1:
            blocks.append(table(rng))
        if section == 2 and i % 3 == 2:
            blocks.append(bullets(rng))
    blocks[-1] += " " + " ".join(links)
    if i % 4 == 0:
        blocks[2] += "[^1]"
        blocks.append(f"[^1]: {sentences(rng, 1)}")
    return story.front_matter() + "\n" + "\n\n".join(blocks) + "\n"
