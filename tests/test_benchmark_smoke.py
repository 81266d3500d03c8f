"""Smoke test of the benchmark at N=5: the floor script and the generator, no peers, nothing installed."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
ROW = re.compile(r"^(?P<label>\S.*?)\s+(?P<median>\d+\.\d+) s\s+(?P<ms>\d+\.\d+)\s+"
                 r"(?P<peak>\d+\.\d) MiB\s+(?P<tree>\d+\.\d) MiB", re.M)
FACT_LINK = re.compile(r"\]\((figure|event|quote|source):([a-z0-9-]+)\)")


def run_benchmark(workdir: Path, tools: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "5", "--repeat", "1", "--warmup", "0",
         "--tools", tools, "--workdir", str(workdir), "--no-install"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def numeric_rows(output: str) -> dict[str, re.Match]:
    return {match["label"]: match for match in ROW.finditer(output)}


def assert_numeric(rows: dict[str, re.Match], label: str, output: str) -> None:
    assert label in rows, output
    assert float(rows[label]["median"]) > 0
    assert float(rows[label]["ms"]) > 0
    assert float(rows[label]["peak"]) > 0
    assert float(rows[label]["tree"]) > 0


def test_floor_rows_have_numbers(tmp_path):
    output = run_benchmark(tmp_path, "floor1,floor2")
    assert "N = 5" in output
    rows = numeric_rows(output)
    assert_numeric(rows, "floor1 (bare script, 1 process)", output)
    assert_numeric(rows, "floor2 (bare script, 2 processes)", output)
    assert "targets" in output
    assert (tmp_path / "results" / "latest.json").is_file()
    pages = sorted((tmp_path / "out" / "floor1-n5").glob("*/index.html"))
    assert len(pages) == 5


@pytest.mark.skipif(not (ROOT / "build.py").exists(), reason="the generator's build.py does not exist yet")
def test_explainer_rows_have_numbers(tmp_path):
    output = run_benchmark(tmp_path, "explainer,floor1")
    rows = numeric_rows(output)
    for label in ("explainer", "explainer, cold image cache", "explainer, no-change rebuild",
                  "explainer, one story edited", "floor1 (bare script, 1 process)"):
        assert_numeric(rows, label, output)
    assert re.search(r"^explainer, cold image cache .*cold cache: [+-]\d+\.\d+ ms/story", output, re.M)


def test_corpus_is_deterministic_and_self_consistent(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    from corpus import write_corpus

    first, second = write_corpus(tmp_path / "a", 3), write_corpus(tmp_path / "b", 3)
    for path in sorted((first / "content").rglob("*.*")):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()
    for story in sorted((first / "content").iterdir()):
        load = lambda name: yaml.load((story / name).read_text(), Loader=yaml.CSafeLoader)  # noqa: E731, B023
        records = {"source": load("sources.yaml"), "event": load("timeline.yaml"),
                   "figure": load("figures.yaml"), "quote": load("quotes.yaml")}
        ids = {kind: {r["id"] for r in items} for kind, items in records.items()}
        assert (len(ids["event"]), len(ids["figure"]), len(ids["quote"]), len(ids["source"])) == (20, 6, 5, 8)
        links = FACT_LINK.findall((story / "article.md").read_text())
        assert len(links) == 15 and {kind for kind, _ in links} == set(ids)
        assert all(ident in ids[kind] for kind, ident in links)
        cited = {q["source"] for q in records["quote"]}
        cited |= {s for e in records["event"] for s in e["sources"]}
        cited |= {s for f in records["figure"] for e in f["estimates"] for s in e["sources"]}
        assert cited == ids["source"]


def test_each_round_s_ratio_is_reported_beside_the_median(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    from report import Row, table, targets_block

    rows = [Row(1000, "explainer", "explainer", "clean", times=[7.65, 10.14, 8.36], cpu=[1.0] * 3),
            Row(1000, "floor2 (bare script, 2 processes)", "floor2", "clean", times=[6.73, 6.26, 6.41], cpu=[1.0] * 3),
            Row(1000, "pelican", "pelican", "clean", times=[10.91, 13.43, 11.61], cpu=[1.0] * 3),
            Row(1000, "hugo", "hugo", "clean", times=[5.0], cpu=[1.0])]
    lines = table(rows, 1000, "N = 1000").splitlines()
    assert re.search(r"^floor2 .* 1\.30×\s+rounds 1\.14 1\.62 1\.30$", "\n".join(lines), re.M)
    assert re.search(r"^hugo .*1\.67×\s*$", "\n".join(lines), re.M)  # one round: no spread to show
    block = targets_block(rows)
    assert "= 1.30× (rounds 1.14 1.62 1.30)" in block
    assert "= 1.39× faster (rounds 1.43 1.32 1.39)" in block
    # the same Pelican target, as the bare script meets it: 11.61 / 6.41, and round by round
    assert "the bare script on 2 processes is 1.81× faster than Pelican at 1000 (rounds 1.62 2.15 1.81)" in block
