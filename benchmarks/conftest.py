"""Let ``pytest benchmarks --benchmark-only`` run despite the project's addopts,
and print the throughput summary at the end of a benchmark run.

``pyproject.toml`` adds ``--benchmark-disable`` so that benchmark bodies run
once, as plain tests, unless asked for; pytest-benchmark refuses that together
with ``--benchmark-only``. Asking for ``--benchmark-only`` is asking for the
benchmarks, so it implies ``--benchmark-enable`` here.
"""

from __future__ import annotations

import pytest

from benchmarks.throughput import RECORDED, summary


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("benchmark_only", default=False):
        config.option.benchmark_enable = True


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """docs/s, MB/s and the ratio to the C4 filter, after pytest-benchmark's
    tables (which give times and rounds per second only)."""
    if RECORDED:
        terminalreporter.section("throughput")
        for line in summary(RECORDED):
            terminalreporter.write_line(line)
