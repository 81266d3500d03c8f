"""Run one command; print its wall time, its largest process's peak RSS and its tree's peak summed RSS as JSON.

Run in a fresh process for every measurement, so that RUSAGE_CHILDREN covers that command alone.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
INTERVAL = 0.02


def tree_rss_kib(root: int) -> int:
    """Summed RSS of root and its descendants; children have higher pids than their parents."""
    pids = sorted(int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) >= root)
    tree, total = {root}, 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if pid == root or int(fields[1]) in tree:
            tree.add(pid)
            total += int(fields[21]) * PAGE_KIB
    return total


def sample(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], tree_rss_kib(pid))
        done.wait(INTERVAL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True)
    parser.add_argument("--cwd")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with open(args.log, "ab") as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=args.cwd, stdout=log, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
        done, peak = threading.Event(), [0]
        sampler = threading.Thread(target=sample, args=(child.pid, done, peak), daemon=True)
        sampler.start()
        rc = child.wait()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": rc, "wall": wall, "peak_kib": usage.ru_maxrss, "tree_kib": peak[0],
                      "cpu": usage.ru_utime + usage.ru_stime, "system": usage.ru_stime}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
