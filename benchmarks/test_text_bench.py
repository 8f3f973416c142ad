"""Throughput benchmarks for text-mode cleaning (pytest-benchmark).

Runs on the bundled ``benchmarks/corpus`` by default; set ``CLEANER_BENCH_DATASET``
to an article-benchmark directory to also benchmark its ``noisy-text.json`` pages.
Run with ``pytest benchmarks --benchmark-enable``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

import cleaner
from benchmarks.scoring import c4_filter, load_dataset
from benchmarks.throughput import record

CORPUS_DIR = Path(__file__).parent / "corpus"


def _corpus() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))]


def _dataset_docs() -> list[str]:
    directory = os.environ.get("CLEANER_BENCH_DATASET")
    if not directory:
        pytest.skip("CLEANER_BENCH_DATASET not set")
    return list(load_dataset(directory, html=False).noisy.values())


def _clean_text(doc: str) -> str:
    return cleaner.clean(doc, mode="text").text


def _run(benchmark, fn: Callable[[str], str], docs: list[str]) -> None:
    """Benchmark ``fn`` over all ``docs`` per round and record throughput."""
    assert docs, "empty corpus"

    def process_all() -> int:
        return sum(len(fn(doc)) for doc in docs)

    if not benchmark.disabled:  # rules compiled and caches warm before the first timed round
        process_all()
    benchmark.extra_info["output_chars"] = benchmark(process_all)
    record(benchmark, docs)


def test_corpus_is_bundled() -> None:
    docs = _corpus()
    assert len(docs) >= 5
    assert all(len(d) > 1000 for d in docs)


@pytest.mark.benchmark(group="corpus")
def test_bench_cleaner_text_corpus(benchmark) -> None:
    _run(benchmark, _clean_text, _corpus())


@pytest.mark.benchmark(group="corpus")
def test_bench_c4_filter_corpus(benchmark) -> None:
    _run(benchmark, c4_filter, _corpus())


@pytest.mark.benchmark(group="dataset")
def test_bench_cleaner_text_dataset(benchmark) -> None:
    _run(benchmark, _clean_text, _dataset_docs())


@pytest.mark.benchmark(group="dataset")
def test_bench_c4_filter_dataset(benchmark) -> None:
    _run(benchmark, c4_filter, _dataset_docs())
