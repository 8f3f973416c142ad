"""The benchmark run's throughput summary (benchmarks/throughput.py)."""

from __future__ import annotations

from types import SimpleNamespace

from benchmarks.throughput import RECORDED, Throughput, record, summary


def test_summary_gives_each_row_its_share_of_the_c4_rows_speed() -> None:
    rows = [
        Throughput("dataset", "test_bench_cleaner_text_dataset", 1_500.0, 14.0),
        Throughput("dataset", "test_bench_c4_filter_dataset", 10_000.0, 93.0),
        Throughput("html-mode", "test_bench_cleaner_html_mode", 500.0, 20.0),
    ]
    lines = summary(rows)
    assert lines[0] == "group dataset:"
    assert "1,500.0 docs/s" in lines[1] and "14.00 MB/s" in lines[1]
    assert lines[1].endswith("0.150 of C4's speed (aim 0.40)")
    # The yardstick itself, and a group without one, get no ratio.
    assert "of C4" not in lines[2]
    assert lines[3] == "group html-mode:" and "of C4" not in lines[4]


def _fake_benchmark(mean: float | None) -> SimpleNamespace:
    stats = None if mean is None else SimpleNamespace(stats=SimpleNamespace(mean=mean))
    return SimpleNamespace(group="g", name="test_x", extra_info={}, stats=stats)


def test_record_takes_docs_and_bytes_per_second_from_the_mean_round() -> None:
    before = len(RECORDED)
    bench = _fake_benchmark(0.5)
    try:
        record(bench, ["abc", "é"])  # 3 + 2 UTF-8 bytes
        assert RECORDED[-1] == Throughput("g", "test_x", 4.0, 10 / 1e6)
        assert bench.extra_info["docs_per_s"] == 4.0
    finally:  # the real run's summary must not show this row
        del RECORDED[before:]


def test_record_without_timing_keeps_counts_but_no_rates() -> None:
    before = len(RECORDED)
    bench = _fake_benchmark(None)  # --benchmark-disable: the body ran once, untimed
    record(bench, ["abc"])
    assert bench.extra_info == {"docs": 1, "bytes": 3}
    assert len(RECORDED) == before
