"""A 1,000-document batch with one injected hang and one injected crash.

Run as ``python -m benchmarks.fault_injection [--docs 1000] [--timeout 5]``.

Runs the ``cleaner`` CLI as a subprocess with ``CLEANER_TEST_FAULTS`` set
(see :mod:`cleaner.batch`) over two layouts of the same 1,000 articles — one
JSONL file and a directory of ``.txt`` files — at ``--jobs 1`` and ``--jobs 2``.
Document 333 sleeps forever, document 666 ends its worker with ``os._exit``.
Expected for every run: exit 1, 998 ok, 1 quarantined (timeout), 1 failed
(worker_crashed), counts adding up, and the run finishing in about the time
of the clean documents plus one deadline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cli_throughput import CLEANER
from cleaner.batch import FAULT_ENV

MARK = "@@FAULT@@"
FAULTS = {333: "hang", 666: "crash"}


def article(i: int) -> str:
    return (
        f"Harbour ferry timetable changes, part {i}\n\n"
        f"The ferry service {i} will run every twenty minutes from Monday, the operator said.\n\n"
        "Passengers welcomed the change but asked for more evening sailings.\n\n"
        "Share this article\n\nFollow us on Twitter"
    )


def texts(n: int) -> list[str]:
    out = []
    for i in range(n):
        t = article(i)
        if i in FAULTS:
            t += f" {MARK}:{FAULTS[i]}"
        out.append(t)
    return out


def run(src: Path, out: Path, jobs: int, timeout: float) -> tuple[int, dict, list, float]:
    report = out.with_suffix(".report.json")
    cmd = [str(CLEANER), "clean", str(src), "-o", str(out), "--jobs", str(jobs)]
    cmd += ["--timeout", str(timeout), "--report", str(report)]
    env = dict(os.environ, **{FAULT_ENV: MARK})
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - t0
    rep = json.loads(report.read_text())
    return proc.returncode, rep["summary"], rep["errors"], wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=5.0)
    args = ap.parse_args(argv)
    docs = texts(args.docs)
    bad = 0
    print(f"{args.docs} documents, hang at #333, crash at #666, --timeout {args.timeout:g}")
    print(
        f"{'layout':<8}{'jobs':>5}{'exit':>6}{'records':>9}{'ok':>6}{'quar':>6}{'failed':>8}"
        f"{'sum ok':>8}{'wall s':>8}  recorded"
    )
    with tempfile.TemporaryDirectory(prefix="faults_") as tmp:
        base = Path(tmp)
        (base / "jsonl").mkdir()
        with open(base / "jsonl" / "docs.jsonl", "w", encoding="utf-8") as fh:
            for i, t in enumerate(docs):
                fh.write(json.dumps({"id": i, "text": t}) + "\n")
        (base / "txt").mkdir()
        for i, t in enumerate(docs):
            (base / "txt" / f"{i:05d}.txt").write_text(t, encoding="utf-8")
        for layout in ("jsonl", "txt"):
            for jobs in (1, 2):
                rc, s, errors, wall = run(
                    base / layout, base / f"out-{layout}-{jobs}", jobs, args.timeout
                )
                adds_up = s["records"] == s["ok"] + s["empty"] + s["quarantined"] + s["failed"]
                recorded = ", ".join(
                    f"{Path(e['file']).name}{':' + str(e['line']) if e['line'] else ''} "
                    f"{e['reason']}"
                    for e in errors
                )
                print(
                    f"{layout:<8}{jobs:>5}{rc:>6}{s['records']:>9}{s['ok']:>6}"
                    f"{s['quarantined']:>6}{s['failed']:>8}{'yes' if adds_up else 'NO':>8}"
                    f"{wall:>8.2f}  {recorded}"
                )
                expected = (1, args.docs, args.docs - 2, 1, 1)
                got = (rc, s["records"], s["ok"], s["quarantined"], s["failed"])
                bad += got != expected or not adds_up
    print("all runs as expected" if not bad else f"{bad} run(s) NOT as expected")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
