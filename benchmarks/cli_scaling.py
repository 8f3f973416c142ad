"""--jobs 2 against --jobs 1 on a shared machine: best of alternating runs.

Run as ``python -m benchmarks.cli_scaling [--records 10000] [--repeat 5]``.

``benchmarks.cli_throughput`` times each setting once, so a neighbour's load
during one run decides the ratio. Here ``cleaner clean`` runs ``--repeat``
times at each setting, alternating, over the same JSONL input (4 files,
seeded ~3 KB articles), and the fastest run of each setting is compared. The
fixed cost of a run (start-up, imports, building the rule set; measured on an
empty input) is shown too: it is paid once whatever the number of workers, so
it bounds the end-to-end ratio. The package is byte-compiled first, as a
pip install does: where PYTHONDONTWRITEBYTECODE is set, an editable install
would otherwise compile its sources on every start.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cli_throughput import CLEANER, write_inputs


def wall(src: Path, out: Path, jobs: int) -> float:
    cmd = [str(CLEANER), "clean", str(src), "-o", str(out), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    import cleaner

    compileall.compile_dir(Path(cleaner.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="cli_scale_") as tmp:
        base = Path(tmp)
        write_inputs(base / "src", args.records, args.seed)
        (base / "empty").mkdir()
        times: dict[int, list[float]] = {0: [], 1: [], 2: []}
        for rep in range(args.repeat):
            times[0].append(wall(base / "empty", base / f"e{rep}", 1))
            for jobs in (1, 2):
                times[jobs].append(wall(base / "src", base / f"o{jobs}-{rep}", jobs))
    fixed, one, two = min(times[0]), min(times[1]), min(times[2])
    print(
        f"{args.records} JSONL records, best of {args.repeat} alternating runs, "
        f"load average at the end {os.getloadavg()[0]:.2f}"
    )
    print(f"fixed cost (empty input): {fixed:.2f} s")
    for jobs, best in ((1, one), (2, two)):
        runs = " ".join(f"{t:.2f}" for t in times[jobs])
        print(
            f"--jobs {jobs}: best {best:.2f} s = {args.records / best:.0f} docs/s  (runs: {runs})"
        )
    print(
        f"scaling jobs 2 / jobs 1: {one / two:.2f}x end to end; "
        f"{(one - fixed) / (two - fixed):.2f}x without the fixed cost"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
