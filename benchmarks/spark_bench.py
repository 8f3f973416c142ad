"""Throughput: Spark local[2] against ``cleaner clean --jobs 2`` on the same JSONL.

    python -m benchmarks.spark_bench --records 10000

Writes N JSONL records (default 10,000) in 8 files, cycling through real
texts that ship with the project: the noisy text of the 22 committed
benchmark pages, the two seed inputs and the five benchmark corpus
articles (~6 KB on average). Then, --runs times each (default 3), alternating:

- CLI: ``cleaner clean IN -o OUT --jobs 2`` as a subprocess (wall time,
  including its start-up);
- Spark: read the JSONL with a given schema, ``clean_dataframe``, write JSON
  (wall time of that job on a session started beforehand; the session
  start-up is printed on its own).

Both write every cleaned record, with the cleaned text in place of the
input text. docs/s for each and the Spark/CLI ratio (best runs) are
printed. Both use mode text.

On a shared machine wall time also measures the neighbours' load, so the
CPU time of each run is printed too (CLI: its process tree; Spark: the JVM
and its Python workers, from /proc), with docs per CPU-second: that ratio
does not move with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.cli_throughput import CLEANER
from benchmarks.spark_check import spark_session

ROOT = Path(__file__).resolve().parent.parent
FILES = 8


def texts() -> list[str]:
    noisy = json.loads((ROOT / "tests/data/article-sample/noisy-text.json").read_text("utf-8"))
    out = [v["articleBody"] for _, v in sorted(noisy.items())]
    out += [p.read_text("utf-8") for p in sorted((ROOT / "tests/golden").glob("*.input.txt"))]
    out += [p.read_text("utf-8") for p in sorted((ROOT / "benchmarks/corpus").glob("*.txt"))]
    return out


def write_inputs(src: Path, n: int) -> int:
    """N records over FILES files; returns the total bytes written."""
    pool = texts()
    src.mkdir(parents=True)
    handles = [open(src / f"part{f}.jsonl", "w", encoding="utf-8") for f in range(FILES)]
    try:
        for i in range(n):
            rec = {"id": i, "url": f"https://site{i % 7}.example/{i}", "text": pool[i % len(pool)]}
            handles[i % FILES].write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        for h in handles:
            h.close()
    return sum(p.stat().st_size for p in src.iterdir())


def tree_cpu(root: int) -> float:
    """CPU seconds of process ``root`` and its descendants, reaped ones included."""
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parent[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += [c for c, p in parent.items() if p == pid]
    return total / os.sysconf("SC_CLK_TCK")


def run_cli(src: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one CLI run."""
    shutil.rmtree(out, ignore_errors=True)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(CLEANER), "clean", str(src), "-o", str(out), "--jobs", "2", "--mode", "text"],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def run_spark(spark: Any, src: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one Spark job (JVM and Python workers)."""
    from cleaner.spark import clean_dataframe

    shutil.rmtree(out, ignore_errors=True)
    jvm = spark.sparkContext._gateway.proc.pid
    cpu = tree_cpu(jvm)
    start = time.perf_counter()
    df = spark.read.schema("id long, url string, text string").json(str(src))
    # output_col="text": the cleaned text replaces the input, as the CLI writes it.
    clean_dataframe(df, output_col="text", mode="text").write.json(str(out))
    wall, cpu = time.perf_counter() - start, tree_cpu(jvm) - cpu
    print(f"  (Spark job: {df.rdd.getNumPartitions()} input partitions)")
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3, help="runs of each, alternating")
    # 8 MB input splits make the 67 MB 10 tasks instead of Spark's 2 here, so
    # one slow task cannot leave a core idle for long (see docs/spark.md).
    ap.add_argument(
        "--split-mb", type=int, default=8, help="spark.sql.files.maxPartitionBytes (0: default)"
    )
    args = ap.parse_args(argv)
    n = args.records
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        size = write_inputs(src, n)
        print(f"{n} records, {size / 1e6:.1f} MB in {FILES} JSONL files")
        start = time.perf_counter()
        spark = spark_session(2)
        if args.split_mb:
            spark.conf.set("spark.sql.files.maxPartitionBytes", f"{args.split_mb}m")
        print(f"Spark session start-up: {time.perf_counter() - start:.1f}s (not counted)")
        cli, spk = [], []
        for _ in range(args.runs):
            cli.append(run_cli(src, Path(tmp) / "cli-out"))
            spk.append(run_spark(spark, src, Path(tmp) / "spark-out"))
        written = sum(
            1 for p in (Path(tmp) / "spark-out").glob("*.json") for _ in p.open(encoding="utf-8")
        )
        spark.stop()
    assert written == n, (written, n)
    for name, runs in (("cleaner clean --jobs 2", cli), ("Spark local[2]", spk)):
        print(f"{name}:")
        for wall, cpu in runs:
            rates = f"{n / wall:6.0f} docs/s  {cpu:5.1f} CPU-s  {n / cpu:4.0f} docs/CPU-s"
            print(f"  {wall:5.1f}s wall  {rates}")
    best = min(w for w, _ in cli) / min(w for w, _ in spk)
    per_cpu = min(c for _, c in cli) / min(c for _, c in spk)
    print(f"Spark / CLI: {best:.2f} in docs/s (best runs), {per_cpu:.2f} in docs per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
