"""Does memory stay flat over a long run? RSS over 100,000 documents.

Run as ``python -m benchmarks.rss_flat [--docs 100000] [--cli]``.

In-process: ``cleaner.clean`` (one pipeline, as in clean_many) over generated
documents (seeded; ~3 KB articles with boilerplate, every 10th one an HTML
page, every 50th one a hostile input that ends in a quarantine), RSS read from
/proc every 10,000 documents. Growth is measured from the first sample (after 10,000 documents,
once caches and allocator pools have filled) to the last; target <= 10 %.

``--cli`` also runs ``cleaner clean --jobs 2`` over the same documents as one
JSONL file and samples the RSS of the parent and of each worker every 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import cleaner
from benchmarks.cli_throughput import CLEANER, make_doc

PAGE = (
    "<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World | "
    "Sport</nav><article><h1>{title}</h1>{paras}</article><aside>Most read</aside>"
    "<footer>All rights reserved.</footer></body></html>"
)


def rss_mib(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def documents(n: int, seed: int = 7) -> Iterator[str | bytes]:
    rng = random.Random(seed)
    for i in range(n):
        doc = make_doc(rng) + f"\n\nStory number {i}."
        if i % 50 == 49:
            yield b"\x00" * 2000 + doc.encode()  # binary: quarantined
        elif i % 10 == 9:
            paras = "".join(f"<p>{p}</p>" for p in doc.split("\n\n"))
            yield PAGE.format(title=f"Story {i}", paras=paras)
        else:
            yield doc


def in_process(n: int, every: int) -> list[tuple[int, float]]:
    samples = []
    for done, raw in enumerate(documents(n), 1):
        try:
            cleaner.clean(raw)  # clean_many would stop at the first quarantine
        except cleaner.CleanerError:
            pass
        if done % every == 0 or done == n:
            samples.append((done, rss_mib()))
    return samples


def cli(n: int) -> list[tuple[float, float, list[float]]]:
    with tempfile.TemporaryDirectory(prefix="rss_") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        with open(src / "docs.jsonl", "w", encoding="utf-8") as fh:
            for i, raw in enumerate(documents(n)):
                text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
                fh.write(json.dumps({"id": i, "text": text}) + "\n")
        cmd = [str(CLEANER), "clean", str(src), "-o", str(Path(tmp) / "out"), "--jobs", "2"]
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
        t0 = time.perf_counter()
        samples = []
        while proc.poll() is None:
            time.sleep(0.5)
            try:
                children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                workers = [rss_mib(c) for c in children]
                parent = rss_mib(proc.pid)
            except (OSError, ValueError):
                continue
            if parent > 0:  # 0 once the process is exiting
                samples.append((time.perf_counter() - t0, parent, workers))
        return samples


def growth(first: float, last: float) -> str:
    return f"{first:.1f} -> {last:.1f} MiB ({(last - first) / first * 100:+.1f} %)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--every", type=int, default=10_000)
    ap.add_argument("--cli", action="store_true")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    samples = in_process(args.docs, args.every)
    print(f"in-process cleaner.clean, {args.docs} documents ({time.perf_counter() - t0:.1f} s)")
    print(f"{'docs':>8}{'RSS MiB':>10}")
    for done, rss in samples:
        print(f"{done:>8}{rss:>10.1f}")
    first, last = samples[0][1], samples[-1][1]
    ok = last <= first * 1.10
    print(
        f"growth from {samples[0][0]} docs: {growth(first, last)}; target <= 10 %: "
        f"{'met' if ok else 'NOT met'}"
    )

    if args.cli:
        cli_samples = cli(args.docs)
        print(f"\ncleaner clean --jobs 2, one JSONL file of {args.docs} records")
        print(f"{'s':>6}{'parent MiB':>12}  workers MiB")
        step = max(1, len(cli_samples) // 10)
        for t, parent, workers in cli_samples[::step] + cli_samples[-1:]:
            print(f"{t:>6.1f}{parent:>12.1f}  {' '.join(f'{w:.1f}' for w in workers)}")
        full = [s for s in cli_samples if len(s[2]) == 2]
        if len(full) >= 2:
            a, b = full[0], full[-1]
            print(f"parent {growth(a[1], b[1])}; workers {growth(max(a[2]), max(b[2]))}")
            ok = ok and b[1] <= a[1] * 1.10 and max(b[2]) <= max(a[2]) * 1.10
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
