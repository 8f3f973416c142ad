"""How cleaner's speed scales with processes and with document size.

Usage: ``python -m benchmarks.scaling [--modes text,html] [--out-json F]``

Documents are built from committed real text (``tests/data/article-sample``:
22 benchmark pages, MIT licence): paragraphs of the hand-written article
bodies, interleaved with junk lines (menu items, footers, "Related" entries:
the lines of the pages' visible text that are not in the article). Each
document is a seeded shuffle, so documents differ. HTML mode gets the same
content as a page: junk in ``<nav>``/``<ul>`` link lists, paragraphs in
``<p>`` inside ``<article>``.

1. **Processes** – docs/s over the same 800 documents of ~10 KB with a pool of
   1 and 2 worker processes (``multiprocessing``, fork, chunks of 20; wall
   time, including sending documents to the workers and results back), best
   of 3 with the pool sizes' runs interleaved; and docs per worker CPU second,
   which shows whether workers slow each other down. The machine's load
   average is printed too: on a shared machine the second core may be busy.
2. **Size** – CPU time (``time.process_time``) per document at 1 KB, 10 KB,
   100 KB and 1 MB, about 4 MB of input per size (at least 3 documents),
   best of 3; ms per document and ms per KB. Linear growth means ms per KB
   stays flat from 10 KB up (at 1 KB the fixed cost per document shows).

The pipeline is built and warmed up before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import time
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import Any

import cleaner

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "article-sample"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
# ~4 MB of input per size: long enough (~0.5 s) that timer noise stays small.
BYTES_PER_SIZE = 4_000_000
POOL_DOCS = 800
POOL_DOC_SIZE = 10_000
# Paragraphs shorter than this are headings or captions, not article prose.
MIN_PARAGRAPH = 80


def material() -> tuple[list[str], list[str]]:
    """(article paragraphs, junk lines) from the committed benchmark sample."""
    truth = json.loads((SAMPLE / "ground-truth.json").read_text(encoding="utf-8"))
    noisy = json.loads((SAMPLE / "noisy-text.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for v in truth.values()]
    paragraphs = [
        p.strip() for b in bodies for p in b.split("\n") if len(p.strip()) >= MIN_PARAGRAPH
    ]
    all_truth = "\n".join(bodies)
    junk = [
        line.strip()
        for v in noisy.values()
        for line in v["articleBody"].split("\n")
        if line.strip() and line.strip() not in all_truth
    ]
    return paragraphs, junk


def _units(seed: int, paragraphs: list[str], junk: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Endless paragraphs, each followed by 0-3 junk lines."""
    rng = random.Random(seed)
    while True:
        yield rng.choice(paragraphs), rng.sample(junk, rng.randint(0, 3))


def text_doc(size: int, seed: int, paragraphs: list[str], junk: list[str]) -> str:
    """A noisy text document of ``size`` bytes or a little less (cut at a character)."""
    parts: list[str] = []
    total = 0
    for para, lines in _units(seed, paragraphs, junk):
        for part in (para, *lines):
            parts.append(part)
            total += len(part.encode()) + 1
        if total >= size:
            break
    return "\n".join(parts).encode()[:size].decode(errors="ignore")


def html_doc(size: int, seed: int, paragraphs: list[str], junk: list[str]) -> str:
    """An HTML page of about ``size`` bytes (whole elements) with the same kind of content."""
    title = escape(paragraphs[seed % len(paragraphs)][:60])
    nav = "".join(f'<li><a href="/s/{i}">{escape(x)}</a></li>' for i, x in enumerate(junk[:8]))
    head = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><nav><ul>{nav}</ul></nav><article><h1>{title}</h1>"
    )
    tail = f"</article><footer><p>{escape(junk[-1])}</p></footer></body></html>"
    body: list[str] = []
    total = len(head.encode()) + len(tail.encode())
    for i, (para, lines) in enumerate(_units(seed, paragraphs, junk)):
        block = f"<p>{escape(para)}</p>"
        if lines:
            items = "".join(f'<li><a href="/r/{i}">{escape(x)}</a></li>' for x in lines)
            block += f'<ul class="related">{items}</ul>'
        body.append(block)
        total += len(block.encode())
        if total >= size:
            break
    return head + "".join(body) + tail


Builder = Callable[[int, int, list[str], list[str]], str]
BUILDERS: dict[str, Builder] = {"text": text_doc, "html": html_doc}


_MODE = "text"


def _init_worker(mode: str) -> None:
    global _MODE
    _MODE = mode
    cleaner.clean("warm up", mode="text")


def _clean_cpu(doc: str) -> float:
    """Clean one document in a worker; return the worker CPU seconds it took."""
    start = time.process_time()
    cleaner.clean(doc, mode=_MODE)  # type: ignore[arg-type]
    return time.process_time() - start


def with_processes(docs: list[str], mode: str, counts: tuple[int, ...] = (1, 2)) -> dict[int, Any]:
    """Per pool size: best-of-3 wall docs/s, and docs per worker CPU second.

    The pools' runs are interleaved (1, 2, 1, 2, …) so that a change in the
    machine's load during the run hits every pool size alike. Docs per worker
    CPU second staying equal across pool sizes means the workers do not slow
    each other down; the wall figure then only lacks what free cores lack.
    """
    ctx = mp.get_context("fork")
    pools = {n: ctx.Pool(n, initializer=_init_worker, initargs=(mode,)) for n in counts}
    best: dict[int, dict[str, float]] = {
        n: {"docs_per_s": 0.0, "docs_per_cpu_s": 0.0} for n in counts
    }
    try:
        for n, pool in pools.items():
            pool.map(_clean_cpu, docs[: n * 4], chunksize=1)  # warm up every worker
        for _ in range(3):
            for n, pool in pools.items():
                start = time.perf_counter()
                cpu = pool.map(_clean_cpu, docs, chunksize=20)
                elapsed = time.perf_counter() - start
                b = best[n]
                b["docs_per_s"] = max(b["docs_per_s"], len(docs) / elapsed)
                b["docs_per_cpu_s"] = max(b["docs_per_cpu_s"], len(docs) / sum(cpu))
    finally:
        for pool in pools.values():
            pool.close()
            pool.join()
    return best


def cpu_ms_per_doc(docs: list[str], mode: str) -> float:
    """Best-of-3 CPU milliseconds per document, one process."""
    cleaner.clean(docs[0], mode=mode)  # type: ignore[arg-type]
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for doc in docs:
            cleaner.clean(doc, mode=mode)  # type: ignore[arg-type]
        best = min(best, time.process_time() - start)
    return best * 1000 / len(docs)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--modes", default="text,html", help="comma-separated: text, html")
    parser.add_argument("--out-json", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--sizes",
        default=",".join(str(x) for x in SIZES),
        help="document sizes in bytes, comma-separated (default: 1 KB to 1 MB)",
    )
    parser.add_argument(
        "--no-processes", action="store_true", help="only the document-size figures"
    )
    args = parser.parse_args(argv)

    paragraphs, junk = material()
    sizes_wanted = [int(x) for x in args.sizes.split(",") if x.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    results: dict[str, object] = {
        "cpus": os.cpu_count(),
        "loadavg_before": os.getloadavg(),
    }

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n")
    procs: dict[str, dict[int, Any]] = {}
    if not args.no_processes:
        kb = POOL_DOC_SIZE // 1000
        print(f"## Processes ({POOL_DOCS} docs of ~{kb} KB, wall time, best of 3)\n")
        print("| mode | processes | docs/s (wall) | speed-up | docs per worker CPU s |")
        print("|---|---:|---:|---:|---:|")
        for mode in modes:
            docs = [
                BUILDERS[mode](POOL_DOC_SIZE, seed, paragraphs, junk) for seed in range(POOL_DOCS)
            ]
            procs[mode] = with_processes(docs, mode)
            one = procs[mode][1]["docs_per_s"]
            for n, r in procs[mode].items():
                rate, per_cpu = r["docs_per_s"], r["docs_per_cpu_s"]
                print(f"| {mode} | {n} | {rate:,.0f} | {rate / one:.2f} | {per_cpu:,.0f} |")
    results["processes"] = procs

    print("\n## Document size (one process, CPU time, best of 3)\n")
    print("| mode | size | docs | mean bytes | ms/doc | ms/KB |")
    print("|---|---:|---:|---:|---:|---:|")
    sizes: dict[str, list[dict[str, float]]] = {}
    for mode in modes:
        sizes[mode] = []
        for size in sizes_wanted:
            n = max(3, BYTES_PER_SIZE // size)
            docs = [BUILDERS[mode](size, seed, paragraphs, junk) for seed in range(n)]
            mean_bytes = sum(len(d.encode()) for d in docs) / n
            ms = cpu_ms_per_doc(docs, mode)
            per_kb = ms / (mean_bytes / 1000)
            sizes[mode].append(
                {
                    "size": size,
                    "docs": n,
                    "mean_bytes": mean_bytes,
                    "ms_per_doc": ms,
                    "ms_per_kb": per_kb,
                }
            )
            row = f"| {mode} | {size // 1000:,} KB | {n} | {mean_bytes:,.0f} | {ms:.3f}"
            print(f"{row} | {per_kb:.4f} |")
    results["sizes"] = sizes
    results["loadavg_after"] = os.getloadavg()
    if args.out_json:
        args.out_json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
