"""Crash-safety check for ``cleaner clean --resume``: SIGKILL it repeatedly.

Run as ``python -m benchmarks.cli_kill --docs 2000 --kills 20``.

Builds a tree of small .txt documents, makes a reference output with one
uninterrupted run, then starts ``cleaner clean SRC -o OUT --resume --jobs 2``
and SIGKILLs its whole process group at a random moment, ``--kills`` times,
before a final resume run to completion.  Then it counts leftover temporary
files (``.NAME.*.tmp``, as made by ``cli._atomic_write``), partial/differing
outputs and missing/extra outputs against the reference.  Exits 1 on any
mismatch.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cli_throughput import BOILERPLATE, CLEANER, headline, paragraph


def make_doc(rng: random.Random, paragraphs: tuple[int, int] = (3, 8)) -> str:
    lines = [headline(rng)]
    for _ in range(rng.randint(*paragraphs)):
        lines.append(paragraph(rng))
        if rng.random() < 0.3:
            lines.append(rng.choice(BOILERPLATE))
    if rng.random() < 0.6:
        lines.append(rng.choice(BOILERPLATE))
    return "\n\n".join(lines) + "\n"


def build_tree(src: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(n):
        d = src / f"d{i % 20:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"doc{i:05d}.txt").write_text(make_doc(rng), encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (p.name.startswith(".") and p.name.endswith(".tmp"))
    }


def run_cli(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CLEANER), "clean", str(src), "-o", str(out), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cli_kill_") as tmp:
        base = Path(tmp)
        src, ref, out = base / "src", base / "ref", base / "out"
        build_tree(src, args.docs, args.seed)

        t0 = time.perf_counter()
        r = run_cli(src, ref)
        ref_time = time.perf_counter() - t0
        if r.returncode != 0:
            print(f"reference run failed (exit {r.returncode}): {r.stderr.decode()[-500:]}")
            return 1

        rng = random.Random(args.seed + 1)
        killed_before_exit = 0
        rcs: list[int] = []
        for _ in range(args.kills):
            # Spread the kills over the whole job: each resumed run gets a
            # share of the work time (plus ~0.4 s of interpreter start-up),
            # so most kills land while files are being written.
            delay = rng.uniform(0.05, 0.4 + 2 * ref_time / args.kills)
            proc = subprocess.Popen(
                [str(CLEANER), "clean", str(src), "-o", str(out), "--resume", "--jobs", "2"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                proc.wait(timeout=delay)
                rcs.append(proc.returncode)
            except subprocess.TimeoutExpired:
                killed_before_exit += 1
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        done_before_final = len(tree(out)) if out.exists() else 0

        tmp_after_kills = sorted(str(p.relative_to(out)) for p in out.rglob(".*.tmp"))
        # compare what the killed runs left behind (before the final run fixes anything)
        ref_tree = tree(ref)
        partial_after_kills = [
            k for k, v in tree(out).items() if k in ref_tree and ref_tree[k] != v
        ]

        final = run_cli(src, out, "--resume", "--jobs", "2")
        leftover_tmp = sorted(str(p.relative_to(out)) for p in out.rglob(".*.tmp"))
        got = tree(out)
        partial = sorted(k for k, v in got.items() if k in ref_tree and ref_tree[k] != v)
        missing = sorted(set(ref_tree) - set(got))
        extra = sorted(set(got) - set(ref_tree))
        equal = not partial and not missing and not extra

    print(
        f"docs={args.docs} ref_outputs={len(ref_tree)} ref_time={ref_time:.2f}s "
        f"kills={args.kills} killed_mid_run={killed_before_exit} "
        f"outputs_before_final={done_before_final} final_exit={final.returncode} "
        f"tmp_after_kills={len(tmp_after_kills)} leftover_tmp={len(leftover_tmp)} "
        f"partial_after_kills={len(partial_after_kills)} partial={len(partial)} "
        f"missing={len(missing)} extra={len(extra)} tree_equal={equal}"
    )
    for label, items in (
        ("leftover tmp", leftover_tmp),
        ("partial", partial),
        ("missing", missing),
        ("extra", extra),
    ):
        if items:
            print(f"  {label} (first 5): {items[:5]}")
    ok = equal and not leftover_tmp and final.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
