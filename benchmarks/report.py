"""Tables of benchmark results: one per N, marginal costs across N, and the targets of the performance issue."""

from dataclasses import dataclass, field
from statistics import median

MIB = 1024


@dataclass
class Row:
    n: int
    label: str
    tool: str
    kind: str
    status: str | None = None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    system: list[float] = field(default_factory=list)  # the kernel's part of `cpu`
    peak_kib: int = 0
    tree_kib: int = 0
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status is None and bool(self.times)

    @property
    def median(self) -> float:
        return median(self.times)


def find(rows: list[Row], n: int, tool: str, kind: str = "clean") -> Row | None:
    for row in rows:
        if row.n == n and row.tool == tool and row.kind == kind and row.ok:
            return row
    return None


def ratio_note(rows: list[Row], row: Row) -> str:
    if row.tool in ("explainer", "pagefind") or not row.ok:
        return ""
    mine = find(rows, row.n, "explainer", row.kind)
    return f"{mine.median / row.median:.2f}×" if mine else ""


def round_ratios(rows: list[Row], row: Row) -> list[float]:
    """The generator's time over this tool's, round by round: runs are interleaved, so the i-th runs of both
    came minutes apart at most, and the spread of these shows how far one run's ratio can be trusted."""
    if row.tool in ("explainer", "pagefind") or not row.ok:
        return []
    mine = find(rows, row.n, "explainer", row.kind)
    return _paired(mine, row) if mine else []


def _paired(first: Row, second: Row) -> list[float]:
    """The first row's time over the second's, round by round; nothing unless both have the same rounds."""
    if len(first.times) != len(second.times) or len(second.times) < 2:
        return []
    return [a / b for a, b in zip(first.times, second.times, strict=True)]


def _rounds_text(ratios: list[float]) -> str:
    return "rounds " + " ".join(f"{r:.2f}" for r in ratios) if ratios else ""


def table(rows: list[Row], n: int, header: str) -> str:
    lines = [header,
             f"{'tool':<40} {'median':>9} {'ms/story':>9} {'peak RSS':>10} {'tree RSS':>10} {'CPU':>9} "
             f"{'explainer ÷ tool':>17}  note"]
    for row in (r for r in rows if r.n == n):
        if not row.ok:
            lines.append(f"{row.label:<40} {row.status}")
            continue
        lines.append(
            f"{row.label:<40} {row.median:>7.3f} s {row.median / n * 1000:>9.2f} "
            f"{row.peak_kib / MIB:>6.1f} MiB {row.tree_kib / MIB:>6.1f} MiB {median(row.cpu):>7.2f} s "
            f"{ratio_note(rows, row):>17}  {'  '.join(filter(None, [_rounds_text(round_ratios(rows, row)), row.note]))}"
        )
    return "\n".join(lines).rstrip()


def marginal(rows: list[Row], tool: str, lo: int, hi: int) -> float | None:
    a, b = find(rows, lo, tool), find(rows, hi, tool)
    return (b.median - a.median) / (hi - lo) * 1000 if a and b else None


def marginal_table(rows: list[Row]) -> str:
    lines = [f"{'marginal cost per added story, ms':<40} {'100→1000':>9} {'1000→5000':>10} {'ratio':>7}"]
    tools = list(dict.fromkeys(r.tool for r in rows if r.kind == "clean"))
    for tool in tools:
        early, late = marginal(rows, tool, 100, 1000), marginal(rows, tool, 1000, 5000)
        if early is None and late is None:
            continue
        cells = [f"{early:>9.2f}" if early is not None else f"{'—':>9}",
                 f"{late:>10.2f}" if late is not None else f"{'—':>10}",
                 f"{late / early:>7.2f}" if early and late is not None else f"{'—':>7}"]
        lines.append(f"{tool:<40} {' '.join(cells)}")
    return "\n".join(lines) if len(lines) > 1 else ""


def _check(ok: bool, text: str) -> tuple[str, str]:
    return ("PASS" if ok else "FAIL", text)


def _skip(why: str, what: str) -> tuple[str, str]:
    return ("SKIP", f"{what}: {why}")


def targets(rows: list[Row]) -> list[tuple[str, str]]:
    out = []
    one, floor_one = find(rows, 1, "explainer"), find(rows, 1, "floor1")
    what = "one story within 1.5× of the bare script (aim 1.3×)"
    if one and floor_one:
        r = one.median / floor_one.median
        out.append(_check(r <= 1.5, f"{what}: {one.median:.3f} s vs floor1 {floor_one.median:.3f} s = {r:.2f}×"))
    else:
        out.append(_skip("needs explainer and floor1 at N=1", what))

    big = find(rows, 1000, "explainer")
    for tool, limit, what in [("floor2", 1.3, "1000 stories within 1.3× of the bare script on 2 processes"),
                              ("pelican", 2.0, "1000 stories at least 2× faster than Pelican")]:
        peer = find(rows, 1000, tool)
        if big and peer:
            faster = tool == "pelican"  # this target asks how many times faster the generator is
            r = peer.median / big.median if faster else big.median / peer.median
            rounds = _rounds_text([1 / x if faster else x for x in round_ratios(rows, peer)])
            out.append(_check(r >= limit if faster else r <= limit,
                              f"{what}: {big.median:.2f} s vs {peer.median:.2f} s = {r:.2f}×" + " faster" * faster
                              + (f" ({rounds})" if rounds else "")))
        else:
            out.append(_skip(f"needs explainer and {tool} at N=1000", what))
    bare, pelican = find(rows, 1000, "floor2"), find(rows, 1000, "pelican")
    if bare and pelican:
        # what the same target asks of the bare script, which runs no check and writes one file a story
        rounds = _rounds_text(_paired(pelican, bare))
        out.append(("INFO", f"the bare script on 2 processes is {pelican.median / bare.median:.2f}× faster than "
                            f"Pelican at 1000" + (f" ({rounds})" if rounds else "")))

    for n, limit in [(1000, 100), (5000, 150)]:
        row, what = find(rows, n, "explainer"), f"{n} stories: peak RSS at most {limit} MiB"
        if row:
            peak = row.peak_kib / MIB
            out.append(_check(peak <= limit, f"{what}: {peak:.1f} MiB (tree {row.tree_kib / MIB:.1f} MiB)"))
        else:
            out.append(_skip(f"needs explainer at N={n}", what))

    early, late = marginal(rows, "explainer", 100, 1000), marginal(rows, "explainer", 1000, 5000)
    what = "cost per added story flat within ±15% from 1000 to 5000"
    if early and late is not None:
        r = late / early
        out.append(_check(abs(r - 1) <= 0.15,
                          f"{what}: {early:.2f} ms (100→1000) vs {late:.2f} ms (1000→5000) = {r:.2f}"))
    else:
        out.append(_skip("needs explainer at N=100, 1000 and 5000", what))

    row, what = find(rows, 1000, "explainer", "rebuild"), "no-change rebuild of 1000 stories at most 1.0 s"
    out.append(_check(row.median <= 1.0, f"{what}: {row.median:.2f} s") if row
               else _skip("needs explainer at N=1000", what))

    cold, warm = find(rows, 1000, "explainer", "cold"), big
    what = "cold image cache costs at most 15 ms per story (1000 stories, 2 cores)"
    if cold and warm:
        extra = (cold.median - warm.median) / 1000 * 1000
        out.append(_check(extra <= 15, f"{what}: +{extra:.2f} ms per story"))
    else:
        out.append(_skip("needs explainer at N=1000", what))

    preview, what = find(rows, 1000, "explainer", "preview"), "preview rebuild after editing one of 1000 stories at most 150 ms"
    out.append(_check(preview.median <= 0.150, f"{what}: {preview.median * 1000:.0f} ms") if preview
               else _skip("needs explainer at N=1000", what))
    edit = find(rows, 1000, "explainer", "edit")
    if edit:
        out.append(("INFO", f"a full `build` after editing one story of 1000 takes {edit.median:.2f} s"))
    hugo = find(rows, 1000, "hugo")
    if big and hugo:
        out.append(("INFO", f"aim, beat Hugo at 1000: explainer {big.median:.2f} s vs hugo {hugo.median:.2f} s "
                            f"= {big.median / hugo.median:.2f}×"))
    for n in (1000, 5000):
        index = find(rows, n, "pagefind", "index")
        if index:
            out.append(("INFO", f"Pagefind index at {n}: {index.median:.2f} s, peak RSS "
                                f"{index.peak_kib / MIB:.1f} MiB ({index.label})"))
    return out


def targets_block(rows: list[Row]) -> str:
    return "\n".join(["targets"] + [f"  {status:<4}  {text}" for status, text in targets(rows)])
