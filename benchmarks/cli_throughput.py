"""Throughput and memory of ``cleaner clean`` on JSONL input.

Run as ``python -m benchmarks.cli_throughput --records 10000``.

Writes 4 JSONL files totalling N records (~3 KB article-like texts, seeded),
runs the CLI with ``--jobs 1`` and ``--jobs 2`` (fresh OUTDIR each), and
reports wall time, docs/s and peak RSS.  Then runs 2*N records at
``--jobs 1`` to show how peak RSS grows with input size.

Peak RSS is sampled with psutil (max single-process RSS and max summed RSS of
the process tree, every 20 ms) when psutil is installed; ``ru_maxrss`` from
``getrusage(RUSAGE_CHILDREN)`` is also shown, but it is a running maximum over
all children so far, so it can only grow from one run to the next.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # pragma: no cover
    psutil = None

CLEANER = Path(sys.executable).with_name("cleaner")

WORDS = (
    "the council market government report city police minister said year new people "
    "week officials plan public health school water energy court business election "
    "local national river bridge budget community study researchers according data"
).split()
BOILERPLATE = [
    "Share this article",
    "Follow us on Twitter",
    "Sign up for our newsletter",
    "Advertisement",
    "Click here to subscribe",
    "Read more:",
    "All rights reserved.",
]


def headline(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).title()


def paragraph(rng: random.Random) -> str:
    """Two to six made-up sentences of 6 to 18 words."""
    sents = []
    for _ in range(rng.randint(2, 6)):
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
        sents.append(s[0].upper() + s[1:] + ".")
    return " ".join(sents)


def make_doc(rng: random.Random, target: int = 3000) -> str:
    parts = [headline(rng)]
    size = len(parts[0])
    while size < target:
        para = paragraph(rng)
        parts.append(para)
        size += len(para) + 2
        if rng.random() < 0.3:
            parts.append(rng.choice(BOILERPLATE))
    parts.append(rng.choice(BOILERPLATE))
    return "\n\n".join(parts)


def write_inputs(src: Path, n: int, seed: int, files: int = 4) -> int:
    src.mkdir(parents=True)
    rng = random.Random(seed)
    total = 0
    for f in range(files):
        count = n // files + (1 if f < n % files else 0)
        with open(src / f"part{f}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(count):
                rec = {
                    "id": f"{f}-{i}",
                    "url": f"https://example.com/{f}/{i}",
                    "text": make_doc(rng),
                }
                fh.write(json.dumps(rec) + "\n")
        total += (src / f"part{f}.jsonl").stat().st_size
    return total


def run(src: Path, out: Path, jobs: int) -> dict[str, float]:
    cmd = [str(CLEANER), "clean", str(src), "-o", str(out), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_proc = peak_tree = 0
    if psutil is not None:
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                try:
                    procs = [root, *root.children(recursive=True)]
                    rss = []
                    for p in procs:
                        try:
                            rss.append(p.memory_info().rss)
                        except psutil.Error:
                            pass
                    if rss:
                        peak_proc = max(peak_proc, max(rss))
                        peak_tree = max(peak_tree, sum(rss))
                except psutil.Error:
                    pass
                time.sleep(0.02)
        except psutil.Error:
            pass
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"cleaner exited {proc.returncode}: {err.decode()[-500:]}")
    ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB (Linux)
    return {
        "wall": wall,
        "peak_proc_mb": peak_proc / 2**20,
        "peak_tree_mb": peak_tree / 2**20,
        "ru_maxrss_mb": ru,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    n = args.records

    with tempfile.TemporaryDirectory(prefix="cli_tp_") as tmp:
        base = Path(tmp)
        size1 = write_inputs(base / "src1", n, args.seed)
        size2 = write_inputs(base / "src2", 2 * n, args.seed)
        rows = []
        for label, src, recs, jobs in (
            ("N", base / "src1", n, 1),
            ("N", base / "src1", n, 2),
            ("2N", base / "src2", 2 * n, 1),
        ):
            r = run(src, base / f"out_{label}_{jobs}", jobs)
            rows.append((label, recs, jobs, r))

    print(
        f"input: 4 JSONL files, N={n} records ({size1 / 2**20:.1f} MiB), "
        f"2N={2 * n} ({size2 / 2**20:.1f} MiB); psutil={'yes' if psutil else 'no'}"
    )
    print(
        f"{'input':<6}{'records':>9}{'jobs':>6}{'wall s':>9}{'docs/s':>10}"
        f"{'peak proc MiB':>15}{'peak tree MiB':>15}{'ru_maxrss MiB':>15}"
    )
    for label, recs, jobs, r in rows:
        print(
            f"{label:<6}{recs:>9}{jobs:>6}{r['wall']:>9.2f}{recs / r['wall']:>10.1f}"
            f"{r['peak_proc_mb']:>15.1f}{r['peak_tree_mb']:>15.1f}{r['ru_maxrss_mb']:>15.1f}"
        )
    d1 = rows[0][1] / rows[0][3]["wall"]
    d2 = rows[1][1] / rows[1][3]["wall"]
    print(f"scaling jobs 2 / jobs 1: {d2 / d1:.2f}x ({d1:.1f} -> {d2:.1f} docs/s)")
    key = "peak_proc_mb" if psutil else "ru_maxrss_mb"
    a, b = rows[0][3][key], rows[2][3][key]
    print(
        f"peak RSS at jobs 1: N {a:.1f} MiB -> 2N {b:.1f} MiB "
        f"(growth {b - a:+.1f} MiB, x{b / a:.2f})"
        if a
        else "peak RSS unavailable"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
