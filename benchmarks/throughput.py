"""docs/s and MB/s of the throughput benchmarks, and their ratios, for the
summary pytest prints at the end of a benchmark run (see ``conftest.py``).

Each benchmark test calls :func:`record` after ``benchmark(...)``; the
figures come from the mean round time of that run. In one group, a row
named after the C4 filter is the yardstick the other rows are compared
with: the core issue's aim is text mode at 0.40 or more of its speed,
measured in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

C4_AIM = 0.40


@dataclass(frozen=True)
class Throughput:
    group: str
    name: str
    docs_per_s: float
    mb_per_s: float


RECORDED: list[Throughput] = []


def record(benchmark: Any, docs: list[str]) -> None:
    """Store docs/s and MB/s of ``docs`` in the benchmark's ``extra_info``
    (saved with ``--benchmark-autosave``) and for the end-of-run summary.
    Nothing is recorded when benchmarks are disabled (no timing)."""
    n_bytes = sum(len(d.encode("utf-8")) for d in docs)
    benchmark.extra_info["docs"] = len(docs)
    benchmark.extra_info["bytes"] = n_bytes
    stats = getattr(benchmark.stats, "stats", None)
    if stats is None or not stats.mean:
        return
    row = Throughput(
        benchmark.group or "", benchmark.name, len(docs) / stats.mean, n_bytes / stats.mean / 1e6
    )
    benchmark.extra_info["docs_per_s"] = row.docs_per_s
    benchmark.extra_info["mb_per_s"] = row.mb_per_s
    RECORDED.append(row)


def summary(rows: list[Throughput]) -> list[str]:
    """Lines of the summary: per group, each row's docs/s and MB/s, and its
    speed as a share of the group's C4-filter row when there is one."""
    lines: list[str] = []
    for group in dict.fromkeys(r.group for r in rows):
        members = [r for r in rows if r.group == group]
        c4 = next((r for r in members if "c4" in r.name), None)
        lines.append(f"group {group or '-'}:")
        for r in members:
            line = f"  {r.name:<48}{r.docs_per_s:>14,.1f} docs/s{r.mb_per_s:>12,.2f} MB/s"
            if c4 is not None and r is not c4:
                ratio = r.docs_per_s / c4.docs_per_s
                line += f"   {ratio:.3f} of C4's speed (aim {C4_AIM:.2f})"
            lines.append(line)
    return lines
