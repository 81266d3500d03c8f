"""Benchmark the generator against the bare-script floor, Hugo, Pelican and MkDocs, at several sizes."""

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import peersenv
import tools as tools_module
from corpus import PROJECT, cached_corpus
from report import Row, marginal_table, table, targets_block
from tools import ORDER, Context, Scenario, scenarios, versions

HERE = Path(__file__).resolve().parent
MEASURE = HERE / "measure.py"
PEER_TOOLS = {"pelican", "mkdocs", "pagefind"}


def tool_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(scenario: Scenario, log: Path) -> dict:
    scenario.before()
    done = subprocess.run(
        [sys.executable, str(MEASURE), "--log", str(log), "--cwd", str(scenario.cwd), "--", *scenario.command],
        capture_output=True, text=True, env=tool_env())
    if done.returncode != 0:
        return {"rc": done.returncode, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def failure(result: dict, log: Path) -> str:
    lines = [line.strip() for line in log.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    last = (result.get("error") or errors[-1:] or lines[-1:] or [""])[0][:160]
    return f"exit {result['rc']}: {last}; log: {log}"


def measure_once(scenario: Scenario, row: Row, log: Path, timed: bool) -> None:
    """One run of a scenario into its row; a failed run marks the row and ends its measuring."""
    try:
        result = run_once(scenario, log)
    finally:
        scenario.after()
    if result["rc"] != 0:
        row.status = failure(result, log)
        row.times = []
    elif timed:
        row.times.append(result["wall"])
        row.cpu.append(result["cpu"])
        row.system.append(result["system"])
        row.peak_kib = max(row.peak_kib, result["peak_kib"])
        row.tree_kib = max(row.tree_kib, result["tree_kib"])


def annotate(rows: list[Row], n: int) -> None:
    warm = next((r for r in rows if r.n == n and r.tool == "explainer" and r.kind == "clean" and r.ok), None)
    for row in rows:
        if row.n == n and row.tool == "explainer" and row.kind == "cold" and row.ok and warm:
            row.note = f"cold cache: {(row.median - warm.median) / n * 1000:+.2f} ms/story"


def run_size(ctx: Context, tools: list[str], n: int, args, logs: Path) -> list[Row]:
    """Each scenario once per round, in the same order every round, so that a drift in the machine's speed
    slows every tool alike instead of whichever tool happened to be measured while it lasted."""
    rows: list[Row] = []
    measured: list[tuple[Scenario, Row, Path]] = []
    broken = None
    rounds = args.warmup + args.repeat
    # the first round makes each scenario when it is reached: Pagefind indexes whatever was built before it
    for scenario in scenarios(ctx, tools, n):
        if scenario.tool == "explainer" and broken:
            scenario.skip = broken
        row = Row(n, scenario.label, scenario.tool, scenario.kind, status=scenario.skip)
        rows.append(row)
        if row.status:
            continue
        log = logs / f"{scenario.tool}-{scenario.kind}-n{n}.log"
        log.write_text("")
        print(f"  N={n} round 1/{rounds}: {scenario.label} …", file=sys.stderr, flush=True)
        measure_once(scenario, row, log, timed=args.warmup == 0)
        if row.status:
            broken = _mark_failed(row, broken)
        else:
            measured.append((scenario, row, log))
    for index in range(1, rounds):
        print(f"  N={n} round {index + 1}/{rounds} …", file=sys.stderr, flush=True)
        for scenario, row, log in measured:
            if row.tool == "explainer" and broken and row.status is None:
                row.status = broken
            if row.status is None:
                measure_once(scenario, row, log, timed=index >= args.warmup)
                if row.status:
                    broken = _mark_failed(row, broken)
    if "explainer" in tools and not broken:
        rows.append(preview_rebuild(ctx, n))
    annotate(rows, n)
    return rows


def _mark_failed(row: Row, broken: str | None) -> str | None:
    """Word a failed row's status; a failed generator row makes the generator's other rows unavailable."""
    if row.tool == "explainer":
        if not row.status.startswith("not available"):
            row.status = f"not available ({row.status})"
        return broken or "not available (see above)"
    if not row.status.startswith(("not ", "skipped")):
        row.status = f"failed ({row.status})"
    return broken


def preview_rebuild(ctx: Context, n: int) -> Row:
    """The preview's warm rebuild after one edit, timed inside one process as `serve` runs it."""
    row = Row(n, "explainer, preview rebuild after one edit", "explainer", "preview")
    root = cached_corpus(ctx.work, n, ctx.seed)
    print(f"  N={n} {row.label} …", file=sys.stderr, flush=True)
    done = subprocess.run([ctx.python, str(HERE / "preview_rebuild.py"), str(root)], capture_output=True, text=True,
                          env=tool_env())
    if done.returncode != 0:
        row.status = f"failed ({(done.stderr.strip().splitlines() or [''])[-1][:120]})"
        return row
    result = json.loads(done.stdout)
    row.times, row.cpu = result["times"], result["times"]
    return row


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--tools", default="explainer,floor1,floor2,pagefind,hugo,pelican,mkdocs")
    parser.add_argument("--quick", action="store_true", help="N=1,100, one run each")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=HERE / "work")
    parser.add_argument("--python", default=str(PROJECT / ".venv" / "bin" / "python"),
                        help="interpreter for the generator and the floor script")
    parser.add_argument("--no-install", action="store_true", help="never create the peers' venv")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "1,100", 1
    if not Path(args.python).exists():
        args.python = sys.executable
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = [t for t in args.tools.split(",") if t]
    unknown = set(tools) - set(ORDER)
    if unknown:
        sys.exit(f"unknown tools: {', '.join(sorted(unknown))} (known: {', '.join(ORDER)})")
    work = args.workdir.resolve()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    ctx = Context(work, args.python, args.seed, not args.no_install)
    tools_module.TRASH = work / "trash"
    tools_module.empty_trash()
    if PEER_TOOLS & set(tools):
        ctx.peers_ready = peersenv.ensure(work, ctx.install)
    for n in sizes:
        cached_corpus(work, n, args.seed)
    found = versions(ctx, tools)
    load = os.getloadavg()[0]
    print(f"tools: {', '.join(f'{k} {v}' for k, v in found.items())} · {os.cpu_count()} cores · "
          f"load {load:.2f} at start · median of {args.repeat} after {args.warmup} warm-up")
    if load > 0.5:
        print("warning: the machine is busy; wall times and ratios are unreliable (CPU times less so)")
    rows: list[Row] = []
    try:
        for n in sizes:
            size_rows = run_size(ctx, tools, n, args, logs)
            rows.extend(size_rows)
            print()
            print(table(rows, n, f"N = {n}"), flush=True)
    finally:
        tools_module.empty_trash()
    extra = marginal_table(rows)
    if extra:
        print()
        print(extra)
    print()
    print(targets_block(rows))
    print(f"load {os.getloadavg()[0]:.2f} at end")
    results = work / "results"
    results.mkdir(exist_ok=True)
    data = {"versions": found, "sizes": sizes, "repeat": args.repeat, "warmup": args.warmup,
            "load": load, "rows": [asdict(r) for r in rows]}
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"results-{stamp}.json", "latest.json"):
        (results / name).write_text(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
