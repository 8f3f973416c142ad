"""Every hostile input of tests/adversarial/generate.py ends in its expected
outcome within its time bound: no crash, no unexpected exception, no silent
truncation, output valid UTF-8 without NULs, inputs untouched.

The big cases (50 MB documents, a million nested elements, a 2 GiB gzip bomb)
run only in ``python -m benchmarks.adversarial_table``, which prints the table
with per-input time and peak memory.
"""

from __future__ import annotations

import faulthandler
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adversarial.generate import CASES, run_api, run_cli

FAST = sorted(name for name, case in CASES.items() if not case.big)
# A case stuck past this is a hang: dump every thread's stack and end the run
# (faulthandler's watchdog thread works even while C code holds the GIL).
HANG_SECONDS = 120


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()


def test_every_case_has_a_unique_name_a_bound_and_an_expectation() -> None:
    assert len(CASES) >= 60
    for case in CASES.values():
        assert case.expect and 0 < case.seconds <= 300
        assert not any(label.startswith("crash") for label in case.expect)


@pytest.mark.parametrize("name", FAST)
def test_hostile_input(name: str) -> None:
    case = CASES[name]
    raw = case.make()
    if case.mode == "cli":
        with tempfile.TemporaryDirectory(prefix="adv_") as tmp:
            outcome = run_cli(case, raw, Path(tmp))
    else:
        outcome = run_api(case, raw)
    assert not outcome.problems, f"{name}: {outcome.label}: {outcome.problems}"
