"""The adversarial table: every hostile input with its outcome, time and peak memory.

Run as ``python -m benchmarks.adversarial_table [--fast | --big] [--only SUBSTRING]``.

Each case of ``tests/adversarial/generate.py`` runs in a fresh subprocess
(``python -m tests.adversarial.generate run NAME``), so peak RSS is the
case's own: ``ru_maxrss`` of that process (input generation included) or, for
command-line cases, of the ``cleaner`` processes it started. A subprocess that
outlives its case's bound by 60 s is killed and shown as ``HANG``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tests.adversarial.generate import CASES

ROOT = Path(__file__).resolve().parent.parent


def run(name: str, bound: float) -> dict:
    cmd = [sys.executable, "-m", "tests.adversarial.generate", "run", name]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=bound + 60)
    except subprocess.TimeoutExpired:
        return {"name": name, "outcome": "HANG", "problems": ["hang"], "wall": bound + 60}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return {
            "name": name,
            "outcome": "CRASH",
            "problems": tail,
            "wall": time.perf_counter() - t0,
        }
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--fast", action="store_true", help="skip the big cases")
    ap.add_argument("--big", action="store_true", help="run only the big cases")
    ap.add_argument("--only", default="", help="run cases whose name contains this")
    args = ap.parse_args(argv)
    names = [
        n
        for n, c in CASES.items()
        if args.only in n and not (args.fast and c.big) and not (args.big and not c.big)
    ]
    print(
        f"{'case':<38}{'mode':<6}{'input':>10}  {'outcome':<40}{'s':>7}{'bound':>7}"
        f"{'peak MiB':>10}  result"
    )
    rows = []
    for name in names:
        r = run(name, CASES[name].seconds)
        rows.append(r)
        size = r.get("size")
        size_s = "-" if size is None else f"{size / 1e6:.2f}MB" if size >= 10_000 else f"{size}B"
        verdict = "pass" if not r["problems"] else "FAIL: " + "; ".join(r["problems"])
        print(
            f"{name:<38}{CASES[name].mode:<6}{size_s:>10}  {r['outcome']:<40}"
            f"{r.get('seconds', r.get('wall', 0)):>7.2f}{CASES[name].seconds:>7g}"
            f"{r.get('peak_rss_mib', 0):>10.1f}  {verdict}",
            flush=True,
        )
    crashes = sum(r["outcome"].startswith(("crash", "CRASH")) for r in rows)
    hangs = sum(r["outcome"] == "HANG" for r in rows)
    truncations = sum(any("truncation" in p for p in r["problems"]) for r in rows)
    failed = [r["name"] for r in rows if r["problems"]]
    slowest = max(rows, key=lambda r: r.get("seconds", 0))
    print(
        f"\n{len(rows)} cases: {len(rows) - len(failed)} as expected, {len(failed)} not"
        f"{' (' + ', '.join(failed) + ')' if failed else ''}; crashes/unexpected exceptions "
        f"{crashes}, hangs {hangs}, silent truncations {truncations}; max time "
        f"{slowest.get('seconds', 0):.2f} s ({slowest['name']}); max peak RSS "
        f"{max(r.get('peak_rss_mib', 0) for r in rows):.0f} MiB"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
