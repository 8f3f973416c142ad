"""Where text mode's time goes, next to the bare C4 filter, in one run.

Usage: ``python -m benchmarks.text_budget --dataset DIR [--repeat 10]``

Over the dataset's noisy texts (``noisy-text.json``), best of ``--repeat``
passes, CPU time (``time.process_time``):

- ``c4``: :func:`benchmarks.scoring.c4_filter`, the issue's yardstick.
- ``cleaner``: ``cleaner.clean(text, "text")``, and the same pipeline's
  stages timed one by one.
- ``whole-text passes``: only the passes over the whole text that text mode's
  design makes and that run in C: the printable check, splitting into lines,
  the two joins (metadata, blocks), case folding, and every literal scan of
  the line screens (metadata; blocks: line rules and comments headers) run
  to the end of the text (``str.count`` for a
  string, ``findall`` for a regex). No rule is applied, no line looked at in
  Python. This is a floor for the design, not a pipeline: what any rewrite
  of the rule logic would still pay unless it reads the text fewer times.

It answers the question the core issue leaves open (text mode's speed as a
share of the C4 filter's; aim 0.40): how much of the gap is rule logic in
Python, and how much is reading the text at all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import cleaner
from benchmarks.scoring import c4_filter, load_dataset
from cleaner.config import Config
from cleaner.document import Document
from cleaner.pipeline import pipeline_for


def best_ms(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best * 1000


def scan_passes(config: Config) -> Callable[[str], None]:
    """The whole-text passes of the text pipeline's design, without its logic."""
    stages = {s.name: s for s in pipeline_for(config).text_stages}
    # The metadata screen over the whole text (its head-only rules' screen
    # reads the first lines only).
    meta = stages["metadata"].screens[0]  # type: ignore[attr-defined]
    blocks = [
        getattr(stages["blocks"], name)
        for name in ("comments_screen", "screen")
        if hasattr(stages["blocks"], name)
    ]

    def scans(screen: Any, text: str, folded: str | None) -> None:
        # As LineScreen.candidates: start scans on the folded text when there
        # is one, else the mixed-case scan on the text; then the literal scans.
        if folded is None:
            starts = [(screen.starts_mixed, text)]
        else:
            starts = [(screen.starts_folded, folded), (screen.starts_plain, text)]
        for start, on in starts:
            if start.search is not None:
                len(start.search.__self__.findall(on))
        for finders, on in ((screen.text_finders, text), (screen.folded_finders, folded)):
            for f in finders:
                target = f.args[0]
                if isinstance(target, str):
                    on.count(target)
                else:  # a bound regex search
                    len(target.__self__.findall(on))

    def run(raw: str) -> None:
        raw.replace("\n", " ").isprintable()
        lines = list(filter(None, map(str.strip, raw.split("\n"))))
        # metadata: its screen needs no case folding
        text = "\n" + "\n".join(lines)
        scans(meta, text, text.casefold() if meta.needs_fold else None)
        # blocks: the folded text is also split into the lines' keys
        text = "\n" + "\n".join(lines)
        folded = text.casefold()
        folded.split("\n")
        for screen in blocks:
            scans(screen, text, folded)
        "\n\n".join(lines)

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args(argv)
    docs = list(load_dataset(args.dataset, html=False).noisy.values())
    if not docs:
        print(f"no noisy-text.json entries in {args.dataset}", file=sys.stderr)
        return 2
    config = Config()
    for raw in docs:  # rules compiled, caches warm
        cleaner.clean(raw, "text", config)
    stages = pipeline_for(config).text_stages
    per_stage = dict.fromkeys((s.name for s in stages), float("inf"))
    for _ in range(args.repeat):
        spent = dict.fromkeys(per_stage, 0.0)
        for raw in docs:
            doc = Document(raw=raw, mode="text")
            for stage in stages:
                t0 = time.process_time()
                stage.run(doc)
                spent[stage.name] += time.process_time() - t0
        for name, s in spent.items():
            per_stage[name] = min(per_stage[name], s * 1000)
    passes = scan_passes(config)
    c4 = best_ms(lambda: [c4_filter(d) for d in docs], args.repeat)
    full = best_ms(lambda: [cleaner.clean(d, "text", config) for d in docs], args.repeat)
    floor = best_ms(lambda: [passes(d) for d in docs], args.repeat)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"{len(docs)} noisy texts, {mb:.2f} MB, best of {args.repeat} passes, CPU ms")
    print(f"{'c4 filter':<22}{c4:>8.2f}")
    print(f"{'cleaner text mode':<22}{full:>8.2f}   speed vs c4 {c4 / full:.3f}")
    for name, ms in per_stage.items():
        print(f"  {name:<20}{ms:>8.2f}")
    print(f"{'whole-text passes':<22}{floor:>8.2f}   speed vs c4 {c4 / floor:.3f} (a floor)")
    print(
        f"aim 0.40 of c4 = {c4 / 0.40:.2f} ms: after the passes, "
        f"{c4 / 0.40 - floor:.2f} ms would be left for all rule logic "
        f"(it takes {full - floor:.2f} ms now)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
