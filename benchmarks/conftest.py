"""Let ``pytest benchmarks --benchmark-only`` run despite the project's addopts.

``pyproject.toml`` adds ``--benchmark-disable`` so that benchmark bodies run
once, as plain tests, unless asked for; pytest-benchmark refuses that together
with ``--benchmark-only``. Asking for ``--benchmark-only`` is asking for the
benchmarks, so it implies ``--benchmark-enable`` here.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("benchmark_only", default=False):
        config.option.benchmark_enable = True
