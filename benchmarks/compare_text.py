"""Compare text-mode extraction quality and speed on an article-benchmark dataset.

Usage: ``python -m benchmarks.compare_text --dataset DIR``

One process, one pass per method, CPU time (``time.process_time``) for speed.
Prints a Markdown table to stdout and writes nothing else.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import cleaner
from benchmarks.scoring import c4_filter, load_dataset, score


def _raw(text: str) -> str:
    return text


def _cleaner_text(text: str) -> str:
    return cleaner.clean(text, mode="text").text


def run_method(fn: Callable[[str], str], docs: dict[str, str]) -> tuple[dict[str, str], float]:
    """Apply ``fn`` to every doc; return predictions and CPU seconds spent."""
    preds: dict[str, str] = {}
    start = time.process_time()
    for page_id, text in docs.items():
        preds[page_id] = fn(text)
    return preds, time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    """Entry point: score raw text, ``c4_filter`` and cleaner text mode."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True, help="article-benchmark directory")
    args = parser.parse_args(argv)

    data = load_dataset(args.dataset)
    docs = {k: v for k, v in data.noisy.items() if k in data.truth}
    methods: list[tuple[str, Callable[[str], str]]] = [
        ("raw noisy text", _raw),
        ("c4_filter", c4_filter),
        ("cleaner (mode=text)", _cleaner_text),
    ]
    speeds: dict[str, float] = {}
    print(f"Dataset: {args.dataset} ({len(docs)} pages with noisy text)\n")
    print("| method | F1 | precision | recall | docs/s (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, fn in methods:
        preds, cpu = run_method(fn, docs)
        truths = {k: data.truth[k] for k in docs}
        s = score(preds, truths)
        speeds[name] = len(docs) / cpu if cpu > 0 else float("inf")
        print(
            f"| {name} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} "
            f"| {speeds[name]:,.0f} |"
        )
    ratio = speeds["cleaner (mode=text)"] / speeds["c4_filter"]
    print(f"\ncleaner speed / c4_filter speed: {ratio:.3f}x")


if __name__ == "__main__":
    main()
