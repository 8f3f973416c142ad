"""Side-by-side quality, speed and memory of cleaner and its peers on one dataset.

Usage::

    pip install -e '.[bench]'
    python -m benchmarks.compare --dataset DIR [--out-json F] [--out-md F] [--only a,b]

``DIR`` is in the article-benchmark format (``ground-truth.json``,
``noisy-text.json``, ``html/<id>.html.gz``). Everything runs in this one
process, one timed pass per system, in the order of :data:`SYSTEMS`:

- HTML systems (cleaner HTML mode, trafilatura, resiliparse, readability-lxml,
  jusText, boilerpy3) get each page's HTML, decoded once by
  :func:`benchmarks.scoring.load_dataset` (UTF-8, errors replaced) and passed
  to every system as the same ``str``.
- Text systems (cleaner text mode, the C4-style line filter, the noisy text
  left as is) get the page's full visible text from ``noisy-text.json``.

Columns: F1 / precision / recall with the benchmark's shingle metric
(:mod:`benchmarks.scoring`); pages per CPU second and MB/s of input, from
``time.process_time`` around the extraction calls only (loading, decoding and
scoring are outside); speed ÷ cleaner's speed on the same kind of input (HTML
systems against cleaner HTML mode, text systems against cleaner text mode; when
``--only`` leaves HTML mode out, HTML systems are compared with text mode, and
the ``vs`` column says so). Each system first handles one page untimed, so one-off
set-up (compiling rules, loading stop lists) is not charged to the timed pass.

Memory is measured before the timed passes, for each system in a child
process forked from the still-small main process (in one shared process a
system run after another reuses the memory that one freed, and its growth
reads as ~0). In the child the system is imported, then two untimed passes:

- ``RSS peak``: growth of the peak resident set (``VmHWM``, reset through
  ``/proc/self/clear_refs``) over the RSS before the pass: everything the
  system needed at its worst page, C allocations included. Linux only.
- ``py peak``: peak of Python-heap allocations (``tracemalloc``) during the
  second pass. Memory that C code allocates with ``malloc`` (lxml,
  selectolax, resiliparse trees) is invisible to it.

A system whose package is not installed is listed as unavailable with the
reason instead of stopping the run. A page on which a system raises counts as an empty
prediction and is counted in ``errors``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing as mp
import os
import platform
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Literal

import cleaner
from benchmarks.scoring import c4_filter, load_dataset, score

Extractor = Callable[[str], str]
InputKind = Literal["html", "text"]

_MIB = 1024 * 1024
# Block-level tags after which readability's HTML summary gets a line break, so
# that words from adjacent paragraphs do not fuse into one token.
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "figure", "figcaption", "dd", "dt",
)  # fmt: skip


# Each loader imports its package lazily and returns the extractor:
# a function from the page's HTML (or noisy text) to the article text.


def _cleaner_text() -> Extractor:
    return lambda text: cleaner.clean(text, mode="text").text


def _cleaner_html() -> Extractor:
    return lambda html: cleaner.clean(html, mode="html").text


def _trafilatura() -> Extractor:
    import trafilatura

    # Defaults except comments: the benchmark's bodies never include reader comments.
    return lambda html: trafilatura.extract(html, include_comments=False) or ""


def _resiliparse() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html: extract_plain_text(html, main_content=True)


def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    def extract(html: str) -> str:
        summary = Document(html).summary()
        root = lxml.html.fromstring(summary)
        for el in root.iter(*_BLOCK_TAGS):
            el.tail = "\n" + (el.tail or "")
        return str(root.text_content())

    return extract


def _justext() -> Extractor:
    import justext

    # jusText needs a language's stop list; the dev set is mostly English and
    # the brief of this comparison is "documented default use", so English.
    stoplist = justext.get_stoplist("English")

    def extract(html: str) -> str:
        paragraphs = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def _boilerpy3() -> Extractor:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=False)
    return extractor.get_content


def _c4() -> Extractor:
    return c4_filter


def _noisy() -> Extractor:
    return lambda text: text


@dataclass(frozen=True)
class System:
    name: str
    kind: InputKind
    load: Callable[[], Extractor]
    package: str | None
    description: str


SYSTEMS: tuple[System, ...] = (
    System("cleaner-html", "html", _cleaner_html, "cleaner", "cleaner, mode='html'"),
    System("trafilatura", "html", _trafilatura, "trafilatura", "trafilatura.extract"),
    System(
        "resiliparse",
        "html",
        _resiliparse,
        "resiliparse",
        "resiliparse extract_plain_text(main_content=True)",
    ),
    System(
        "readability",
        "html",
        _readability,
        "readability-lxml",
        "readability-lxml Document.summary() → text",
    ),
    System("justext", "html", _justext, "jusText", "jusText, English stop list"),
    System("boilerpy3", "html", _boilerpy3, "boilerpy3", "boilerpy3 ArticleExtractor"),
    System("cleaner-text", "text", _cleaner_text, "cleaner", "cleaner, mode='text'"),
    System("c4", "text", _c4, None, "C4-style line filter (≥ 5 words, ends in punctuation)"),
    System("noisy", "text", _noisy, None, "full visible text, unchanged"),
)
REFERENCE: dict[InputKind, str] = {"html": "cleaner-html", "text": "cleaner-text"}


@dataclass
class Row:
    """One system's figures; ``status`` is ``ok`` or ``unavailable`` (see ``reason``)."""

    name: str
    kind: InputKind
    description: str
    version: str | None = None
    status: str = "ok"
    reason: str | None = None
    f1: float | None = None
    precision: float | None = None
    recall: float | None = None
    pages: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    cpu_s: float | None = None
    pages_per_cpu_s: float | None = None
    mb_per_s: float | None = None
    speed_ratio: float | None = None
    speed_ratio_vs: str | None = None
    py_peak_mib: float | None = None
    rss_peak_mib: float | None = None


def _version(package: str | None) -> str | None:
    if package is None:
        return None
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None



def _read_status_kib(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False where impossible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _timed_pass(fn: Extractor, docs: dict[str, str], row: Row) -> dict[str, str]:
    preds: dict[str, str] = {}
    gc.collect()
    cpu = 0.0
    for page_id, doc in docs.items():
        start = time.process_time()
        try:
            out = fn(doc)
        except Exception as exc:  # a peer failing on one page must not stop the run
            cpu += time.process_time() - start
            row.errors += 1
            if len(row.error_examples) < 3:
                row.error_examples.append(f"{page_id[:12]}: {type(exc).__name__}: {exc}"[:200])
            out = ""
        else:
            cpu += time.process_time() - start
        preds[page_id] = out
    row.cpu_s = cpu
    return preds


def _run_all(fn: Extractor, docs: dict[str, str]) -> None:
    for doc in docs.values():
        try:
            fn(doc)
        except Exception:  # already counted in the timed pass
            pass


def _measure_memory(system: System, docs: dict[str, str]) -> tuple[float | None, float]:
    """(RSS peak growth, tracemalloc peak) in MiB of one pass over ``docs``.

    Meant to run in a forked child: the system is imported there, then the
    peak RSS is reset and one untimed pass measured (its first page pays any
    one-off set-up, as it would in real use); a second pass runs under
    tracemalloc.
    """
    fn = system.load()
    gc.collect()
    rss_peak = None
    if _reset_peak_rss():
        before = _read_status_kib("VmRSS")
        _run_all(fn, docs)
        peak = _read_status_kib("VmHWM")
        if before is not None and peak is not None:
            rss_peak = max(0, peak - before) / 1024
    gc.collect()
    tracemalloc.start()
    try:
        _run_all(fn, docs)
        _, py_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rss_peak, py_peak / _MIB


def _memory_in_child(system: System, docs: dict[str, str]) -> tuple[float | None, float | None]:
    """Run :func:`_measure_memory` in a forked child so systems do not share a heap.

    In one process a system run after another reuses the memory that one
    freed, so its RSS growth reads as ~0. Without ``fork`` (not Linux/macOS)
    only the tracemalloc figure is measured, in this process.
    """
    if "fork" not in mp.get_all_start_methods():
        return None, _measure_memory(system, docs)[1]
    ctx = mp.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            sender.send(_measure_memory(system, docs))
        except Exception:  # unavailable system: run_system reports why
            sender.send((None, None))

    proc = ctx.Process(target=child)
    proc.start()
    result = receiver.recv() if receiver.poll(600) else (None, None)
    proc.join()
    return result


def run_system(system: System, docs: dict[str, str], truths: dict[str, str]) -> Row:
    """Load, warm up, time and score one system."""
    row = Row(system.name, system.kind, system.description, _version(system.package))
    try:
        fn = system.load()
    except ImportError as exc:
        row.status, row.reason = "unavailable", f"not installed ({exc}); pip install -e '.[bench]'"
        return row
    # One page untimed (warm-up); an error here is counted on that page in
    # the timed pass.
    with contextlib.suppress(Exception):
        fn(next(iter(docs.values())))
    preds = _timed_pass(fn, docs, row)
    s = score(preds, truths)
    row.f1, row.precision, row.recall = float(s["f1"]), float(s["precision"]), float(s["recall"])
    row.pages = len(docs)
    assert row.cpu_s is not None
    if row.cpu_s > 0:
        n_bytes = sum(len(d.encode("utf-8")) for d in docs.values())
        row.pages_per_cpu_s = len(docs) / row.cpu_s
        row.mb_per_s = n_bytes / row.cpu_s / 1e6
    return row


def _add_ratios(rows: list[Row]) -> None:
    speed = {r.name: r.pages_per_cpu_s for r in rows if r.pages_per_cpu_s}
    for row in rows:
        if row.pages_per_cpu_s is None or row.name == "noisy":
            continue
        ref = REFERENCE[row.kind]
        if ref not in speed:
            # HTML mode left out by --only: fall back to text mode.
            ref = REFERENCE["text"]
        if ref in speed:
            row.speed_ratio = row.pages_per_cpu_s / speed[ref]
            row.speed_ratio_vs = ref


def cleaner_revision() -> str:
    """The git commit cleaner was loaded from, ``+dirty`` with local changes to it."""
    root = Path(cleaner.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "cleaner", "rules"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (commit or "unknown") + ("+dirty" if dirty else "")


def machine() -> dict[str, str | int | None]:
    """Where the figures were measured: cores, CPU model, Python, platform."""
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def to_markdown(rows: list[Row], header: dict[str, object]) -> str:
    """The table as Markdown, unavailable systems listed below it with the reason."""
    lines = [
        f"Dataset: {header['dataset']} ({header['pages']} pages). "
        f"cleaner at {header['cleaner']}. Machine: {header['machine']}.",
        "",
        "| system | input | F1 | precision | recall | pages/CPU s | MB/s "
        "| speed ÷ cleaner | vs | py peak MiB | RSS peak MiB | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        if r.status != "ok":
            continue
        speed = "-" if r.name == "noisy" else _fmt(r.pages_per_cpu_s, ",.0f")
        mbs = "-" if r.name == "noisy" else _fmt(r.mb_per_s, ".2f")
        name = r.name + (f" {r.version}" if r.version and not r.name.startswith("cleaner") else "")
        lines.append(
            f"| {name} | {r.kind} | {_fmt(r.f1, '.3f')} | {_fmt(r.precision, '.3f')} "
            f"| {_fmt(r.recall, '.3f')} | {speed} | {mbs} | {_fmt(r.speed_ratio, '.2f')} "
            f"| {r.speed_ratio_vs or '-'} | {_fmt(r.py_peak_mib, '.1f')} "
            f"| {_fmt(r.rss_peak_mib, '.1f')} | {r.errors} |"
        )
    for r in rows:
        if r.status != "ok":
            lines.append(f"\nUnavailable: {r.name} - {r.reason}")
    for r in rows:
        if r.error_examples:
            lines.append(f"\nErrors of {r.name}: " + "; ".join(r.error_examples))
    return "\n".join(lines) + "\n"


def select(only: str | None) -> list[System]:
    """The systems named in ``only`` (comma-separated), or all of them."""
    if not only:
        return list(SYSTEMS)
    names = [n.strip() for n in only.split(",") if n.strip()]
    known = {s.name for s in SYSTEMS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown system(s) {unknown}; choose from {sorted(known)}")
    return [s for s in SYSTEMS if s.name in names]


def main(argv: list[str] | None = None) -> list[Row]:
    """Entry point; returns the rows for callers such as ``compare_text``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dataset", required=True, help="article-benchmark directory")
    parser.add_argument("--out-json", type=Path, help="write the results as JSON here")
    parser.add_argument("--out-md", type=Path, help="write the table as Markdown here")
    parser.add_argument("--only", help="comma-separated system names, e.g. cleaner-text,c4")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the memory passes (a third of the run)"
    )
    args = parser.parse_args(argv)

    systems = select(args.only)
    data = load_dataset(args.dataset)
    inputs: dict[InputKind, dict[str, str]] = {
        "html": {k: v for k, v in data.html.items() if k in data.truth},
        "text": {k: v for k, v in data.noisy.items() if k in data.truth},
    }
    # Memory first, each system in a child forked from this still-small
    # process, so no child inherits memory an earlier system freed.
    memory: dict[str, tuple[float | None, float | None]] = {}
    if not args.no_memory:
        for system in systems:
            if inputs[system.kind]:
                memory[system.name] = _memory_in_child(system, inputs[system.kind])
    rows: list[Row] = []
    for system in systems:
        docs = inputs[system.kind]
        if not docs:
            rows.append(
                Row(system.name, system.kind, system.description, status="unavailable",
                    reason=f"the dataset has no {system.kind} input")
            )  # fmt: skip
            continue
        row = run_system(system, docs, {k: data.truth[k] for k in docs})
        if row.status == "ok":
            row.rss_peak_mib, row.py_peak_mib = memory.get(system.name, (None, None))
        rows.append(row)
    _add_ratios(rows)

    host = machine()
    header: dict[str, object] = {
        "dataset": str(args.dataset),
        "pages": len(data.truth),
        "machine": ", ".join(f"{k} {v}" for k, v in host.items() if k != "platform"),
        "cleaner": cleaner_revision(),
    }
    table = to_markdown(rows, header)
    print(table)
    if args.out_md:
        args.out_md.write_text(table, encoding="utf-8")
    if args.out_json:
        payload = {
            "dataset": str(args.dataset),
            "pages": len(data.truth),
            "machine": host,
            "cleaner": header["cleaner"],
            "timing": "time.process_time around extraction calls only, after one warm-up page",
            "memory": {
                "py_peak_mib": "tracemalloc peak over a second pass (Python heap only)",
                "rss_peak_mib": "VmHWM growth over RSS before the timed pass (Linux)",
            },
            "systems": [asdict(r) for r in rows],
        }
        args.out_json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
