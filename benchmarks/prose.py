"""Deterministic filler prose for benchmark corpora, drawn from a small word list."""

import random

WORDS = """
the a of to in and on for with by from at as after before during over under about near
officials ministry agency council army troops border river bridge city region village port
report reports reported said says statement briefing talks deal ceasefire aid supplies shells
drones convoy strike strikes attack defence line front lines crossing road rail power grid
winter spring summer autumn week month year night morning days weeks months since until
new old first last second third early late several many few some most more fewer other
government parliament president minister envoy spokesman analysts observers residents families
workers engineers doctors farmers traders sailors pilots volunteers monitors inspectors
costs prices budget loans exports imports fuel grain steel cables trucks ships trains
claimed denied confirmed disputed estimated counted moved sent opened closed held lost gained
signed rejected announced delayed expected promised warned urged agreed refused returned left
north south east west central coastal northern southern eastern western upper lower
quietly slowly sharply openly largely partly briefly mostly widely roughly nearly already
evidence records satellite images footage documents lists figures counts sources accounts
""".split()

CAPITALS = ["Eastbank", "Northport", "Riverside", "Kestrel", "Aldmoor", "Vesna", "Orlen", "Tavy"]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def title(rng: random.Random, n: int) -> str:
    text = words(rng, n)
    return text[0].upper() + text[1:]


def sentence(rng: random.Random, lo: int = 8, hi: int = 20) -> str:
    parts = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if len(parts) > 10 and rng.random() < 0.5:
        parts[rng.randint(4, len(parts) - 4)] += ","
    if rng.random() < 0.3:
        parts[rng.randint(1, len(parts) - 1)] = rng.choice(CAPITALS)
    if rng.random() < 0.1:
        i = rng.randint(1, len(parts) - 1)
        parts[i] = f"*{parts[i].rstrip(',')}*"
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def sentences(rng: random.Random, count: int) -> str:
    return " ".join(sentence(rng) for _ in range(count))


def name(rng: random.Random) -> str:
    first = rng.choice(["Mara", "Jon", "Ines", "Tae", "Olga", "Pavel", "Ana", "Kim", "Lea", "Omar"])
    last = rng.choice(["Lind", "Park", "Sokol", "Reyes", "Novak", "Hale", "Cho", "Berg", "Ivers"])
    return f"{first} {last}"
