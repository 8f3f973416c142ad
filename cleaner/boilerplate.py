"""Learn per-source boilerplate: lines that recur across a source's documents.

CCNet and dolma drop lines that repeat across a corpus; here the repeats are
counted per source (a site) and written out as a rules file a person can read
and edit before it is applied. Two passes:

1. learn (:class:`Learner`, ``cleaner learn``, or
   :func:`cleaner.spark.learn_boilerplate`): take each document's lines as the
   boilerplate stage sees them (after segmentation and metadata), count each
   distinct line once per document, per source. A line is boilerplate for a
   source when at least ``min_docs`` of the source's documents contain it and
   those are at least ``min_share`` of them.
2. apply: ``Config(boilerplate=FILE)`` runs the boilerplate stage
   (:mod:`cleaner.stages.boilerplate`), which removes them as ``BP101``.

Counting documents rather than occurrences is what keeps real text that
merely repeats: a statement quoted by two articles of a site is in two
documents, however often each quotes it.

>>> learner = Learner()
>>> for i in range(6):
...     _ = learner.add(f"Story number {i} is here.\\nMost read\\nAbout us", "https://site.example/a")
>>> _ = learner.add("Another story.", "https://other.example/b")
>>> learned = learner.result()
>>> [(s.name, s.documents, s.lines) for s in learned.sources]
[('site.example', 6, (('About us', 6), ('Most read', 6)))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cleaner.config import Config
from cleaner.document import Document, Mode
from cleaner.errors import CleanerError, ConfigError
from cleaner.pipeline import Pipeline
from cleaner.rules import ruleset_for
from cleaner.stages import Stage
from cleaner.stages.boilerplate import (
    BoilerplateStage,
    LearnedBoilerplate,
    SourceBoilerplate,
    line_key,
    source_key,
)

# Defaults chosen with `python -m benchmarks.boilerplate_sites --sweep` on 192
# pages of 8 sites built from the dev set's real bodies and real page chrome
# (table in docs/spark.md). min_docs 5 / min_share 0.2 removes 97.3 % of the
# repeated template lines and 0.00 % of article text. min_docs 2 or 3 also
# takes a statement three articles of a small site quote (0.53 % of article
# text at share 0.2); min_docs 10 misses weekly blocks (91.4 %); share 0.3
# misses blocks that change each quarter of a site's pages (88.8 %). Shares
# 0.05-0.2 tie there; 0.2 is the largest that keeps those blocks, and a
# larger share protects more real text that a story cluster repeats.
MIN_DOCS = 5
MIN_SHARE = 0.2


class DocumentLines(Stage):
    """The distinct lines of one document as the boilerplate stage sees them.

    Stands in for the boilerplate stage of its own pipeline: it takes the
    lines and leaves none for the stages after it, which then have no work.
    """

    name = "boilerplate"

    def __init__(self, config: Config | None = None, mode: Mode = "auto") -> None:
        cfg = (config or Config()).with_(boilerplate=None)
        super().__init__(ruleset_for(cfg).for_mode("text"))
        # Each mode's stages are still built on first use: learning from text
        # never loads the HTML parser.
        self.pipeline = Pipeline(cfg, stand_ins={BoilerplateStage: self})
        self.mode = mode
        self._lines: list[str] = []

    def run(self, doc: Document) -> None:
        self._lines, doc.lines = doc.lines, []

    def __call__(self, raw: str | bytes, mode: Mode | None = None) -> dict[str, str]:
        """Line key -> the line (the smallest spelling when several share a key).

        Raises CleanerError when the document cannot be cleaned.
        """
        self._lines = []
        self.pipeline.run(raw, mode or self.mode)
        out: dict[str, str] = {}
        for line in self._lines:
            key = line_key(line)
            seen = out.get(key)
            if seen is None or line < seen:
                out[key] = line
        return out


    def of(
        self, raw: str | bytes, source: object, mode: Mode | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """``(source, lines)`` of one document for learning, or None when it
        names no source or cannot be cleaned: local and Spark learning both
        count documents through here."""
        src = source_key(source)
        if src is None:
            return None
        try:
            return src, self(raw, mode)
        except CleanerError:
            return None


def check_thresholds(min_docs: int, min_share: float) -> None:
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 1:
        raise ConfigError(f"min_docs must be an integer >= 1, got {min_docs!r}", code="E134")
    if not 0.0 <= min_share <= 1.0:
        raise ConfigError(f"min_share must be between 0 and 1, got {min_share!r}", code="E134")


def select(
    doc_counts: Mapping[str, int],
    lines: Iterable[tuple[str, str, int]],
    min_docs: int = MIN_DOCS,
    min_share: float = MIN_SHARE,
    source_field: str | None = None,
) -> LearnedBoilerplate:
    """The learned file from counts: ``doc_counts`` per source and, for each
    distinct line of a source, ``(source, line, documents containing it)``.

    Local and Spark learning both end here, so they write the same file.
    """
    check_thresholds(min_docs, min_share)
    chosen: dict[str, list[tuple[str, int]]] = {}
    for source, text, docs in lines:
        if docs >= min_docs and docs >= min_share * doc_counts[source]:
            chosen.setdefault(source, []).append((text, docs))
    sources = tuple(
        SourceBoilerplate(
            name, doc_counts[name], tuple(sorted(chosen[name], key=lambda x: (-x[1], x[0])))
        )
        for name in sorted(chosen)
    )
    return LearnedBoilerplate(
        sources, source_field, min_docs, float(min_share), sum(doc_counts.values())
    )


class Learner:
    """Counts lines per source over documents added one at a time.

    Holds every distinct line of the corpus in memory: fine for a few
    hundred thousand documents; beyond that learn on Spark.
    """

    def __init__(self, config: Config | None = None, mode: Mode = "auto") -> None:
        self.lines_of = DocumentLines(config, mode)
        self.docs: dict[str, int] = {}
        # (source, line key) -> documents containing it, and its spelling
        self.counts: dict[tuple[str, str], int] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.skipped = 0

    def add(self, raw: str | bytes, source: object, mode: Mode | None = None) -> bool:
        """Count one document; False (and counted as skipped) when it has no
        source or cannot be cleaned. ``mode`` overrides the learner's mode."""
        got = self.lines_of.of(raw, source, mode)
        if got is None:
            self.skipped += 1
            return False
        src, lines = got
        self.docs[src] = self.docs.get(src, 0) + 1
        counts, texts = self.counts, self.texts
        for key, text in lines.items():
            k = (src, key)
            n = counts.get(k, 0)
            counts[k] = n + 1
            if n == 0 or text < texts[k]:
                texts[k] = text
        return True

    def result(
        self,
        min_docs: int = MIN_DOCS,
        min_share: float = MIN_SHARE,
        source_field: str | None = None,
    ) -> LearnedBoilerplate:
        lines = ((k[0], self.texts[k], n) for k, n in self.counts.items())
        return select(self.docs, lines, min_docs, min_share, source_field)
