"""Warm preview rebuild: in one process, as `serve` does, edit one story and time the in-place rebuild
(told, as the preview's watcher tells it, which story folder changed).

    python benchmarks/preview_rebuild.py ROOT [--edits 5]

Prints JSON: the median and every time in seconds.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explainer.pipeline import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    root = args.root.resolve()
    story = sorted(p for p in (root / "content").iterdir() if p.is_dir())[0] / "article.md"
    original = story.read_bytes()
    out = Path(tempfile.mkdtemp(prefix="preview-bench-")) / "public"
    times = []
    try:
        build(root, out, drafts=True, search=False, in_place=True)
        for n in range(args.edits):
            story.write_bytes(original + f"\nA sentence added by edit {n}.\n".encode())
            started = time.perf_counter()
            build(root, out, drafts=True, search=False, in_place=True, only={story.parent.name})
            times.append(time.perf_counter() - started)
    finally:
        story.write_bytes(original)
    print(json.dumps({"median": statistics.median(times), "times": times}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
