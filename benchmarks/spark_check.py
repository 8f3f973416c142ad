"""Spark and local cleaning agree on every record of a dataset.

    python -m benchmarks.spark_check --dataset ../shared/data/article-benchmark-dev

On a local[2] session, for every page of the dataset (its noisy text, and
its HTML from ``html/`` when present, both in mode auto) plus poison rows (a
null, a page nested too deep to parse), compares ``clean_dataframe`` with
``cleaner.clean``: clean_text, metadata, removals, and error against the
raised CleanerError. Then builds the multi-site corpus of
``benchmarks.boilerplate_sites`` from the same dataset, learns boilerplate
locally and with ``learn_boilerplate`` and compares the two rules files and
the cleaned text with the learned file applied. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cleaner
from benchmarks import boilerplate_sites
from benchmarks.scoring import Dataset, load_dataset
from cleaner.boilerplate import Learner

POISON = [
    ("poison:null", None),
    ("poison:too-deep", "<html><body>" + "<div>" * 100_000),
]


def spark_session(cores: int = 2) -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def dataset_records(data: Dataset) -> list[tuple[str, str | None]]:
    records: list[tuple[str, str | None]] = [
        (f"text:{k}", v) for k, v in sorted(data.noisy.items())
    ]
    records += [(f"html:{k}", v) for k, v in sorted(data.html.items())]
    return records + POISON


def local_row(text: str | None, config: cleaner.Config, source: str | None = None) -> tuple:
    try:
        r = cleaner.clean(text, config=config, source=source)  # type: ignore[arg-type]
    except cleaner.CleanerError as exc:
        return (None, None, None, str(exc))
    return (r.text, r.metadata, r.removal_counts(), None)


def compare(rows: list[Any], want: dict[str, tuple], key: str) -> list[str]:
    bad = []
    for row in rows:
        got = (row["clean_text"], row["metadata"], row["removals"], row["error"])
        if got != want[row[key]]:
            bad.append(row[key])
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, required=True)
    args = ap.parse_args(argv)
    from cleaner.spark import clean_dataframe, learn_boilerplate

    spark = spark_session()
    failures = 0

    data = load_dataset(args.dataset)
    records = dataset_records(data)
    config = cleaner.Config()
    want = {rid: local_row(text, config) for rid, text in records}
    df = spark.createDataFrame(records, "id string, text string").repartition(2)
    start = time.perf_counter()
    rows = clean_dataframe(df).collect()
    seconds = time.perf_counter() - start
    bad = compare(rows, want, "id")
    errors = sorted(r["id"] for r in rows if r["error"] is not None)
    print(
        f"dataset: {len(rows)}/{len(records)} rows out; identical on "
        f"{len(rows) - len(bad)}/{len(records)} (clean_text, metadata, removals, error); "
        f"rows with error: {errors}; {seconds:.1f}s"
    )
    failures += len(bad) + (len(rows) != len(records))

    sites = boilerplate_sites.build(data)
    site_rows = [(r.url, r.text) for r in sites]
    sdf = spark.createDataFrame(site_rows, "url string, text string").repartition(2)
    learned = learn_boilerplate(sdf, text_col="text", source_col="url")
    local = Learner()
    for url, text in site_rows:
        local.add(text, url)
    same_file = learned.to_toml() == local.result(source_field="url").to_toml()
    lines = sum(len(s.lines) for s in learned.sources)
    print(
        f"multi-site corpus: {len(site_rows)} pages, {len(learned.sources)} sources, "
        f"{lines} learned lines; Spark and local rules files identical: {same_file}"
    )
    failures += not same_file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "boilerplate.toml"
        path.write_text(learned.to_toml(), encoding="utf-8")
        bp_config = cleaner.Config(boilerplate=str(path))
        want = {url: local_row(text, bp_config, url) for url, text in site_rows}
        rows = clean_dataframe(sdf, boilerplate=learned).collect()
    bad = compare(rows, want, "url")
    removed = sum((r["removals"] or {}).get("BP101", 0) for r in rows)
    print(
        f"multi-site corpus with boilerplate: identical on {len(rows) - len(bad)}/"
        f"{len(site_rows)}; BP101 removals: {removed}"
    )
    failures += len(bad)
    spark.stop()
    print("OK" if not failures else f"FAILED: {failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
