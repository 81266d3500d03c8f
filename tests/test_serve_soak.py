"""The preview survives 500 cycles of breaking and fixing a file, without dying or growing in memory."""

import subprocess
import sys
import textwrap

from helpers import ROOT, make_project

SOAK = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from explainer.serve import Preview

    root = Path(sys.argv[1])
    figures = root / "content/bridge/figures.yaml"
    good = figures.read_text()
    preview = Preview(root, root.parent / "preview" / "public")

    def rss_kib():
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * 4

    preview.rebuild()
    samples, outcomes = [], []
    for cycle in range(500):
        broken = cycle % 2 == 0
        figures.write_text(good.replace("value: 90\\n", "value: [90\\n") if broken else good)
        preview.rebuild({"bridge"} if preview.ok else None)
        outcomes.append(preview.ok)
        if cycle in (49, 499):
            samples.append(rss_kib())
    print(json.dumps({"samples": samples, "ok": outcomes[1::2], "broken": outcomes[0::2],
                      "errors": [p["message"] for p in preview.status()["errors"]]}))
""")


def test_500_break_and_fix_cycles(tmp_path):
    root = make_project(tmp_path)
    result = subprocess.run([sys.executable, "-c", SOAK, str(root)], capture_output=True, text=True, timeout=600,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    import json
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(report["ok"]) and not any(report["broken"])  # every fix rebuilds, every break is caught
    growth_mib = (report["samples"][1] - report["samples"][0]) / 1024
    assert growth_mib <= 20, f"preview grew by {growth_mib:.1f} MiB over 450 cycles"
