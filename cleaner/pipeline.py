"""Runs the stages over one document or many, and counts what happened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from cleaner.config import Config
from cleaner.document import Document, Mode, Result
from cleaner.errors import CleanerError, InputError, QuarantineError
from cleaner.rules import ruleset_for
from cleaner.stages import Stage
from cleaner.stages.blocks import BlocksStage
from cleaner.stages.boilerplate import BoilerplateStage
from cleaner.stages.decode import DecodeStage
from cleaner.stages.markup import MarkupStage
from cleaner.stages.metadata import MetadataStage
from cleaner.stages.normalize import NormalizeStage
from cleaner.stages.segment import SegmentStage

# The stages that work on lines, shared by both modes.
_LINE_STAGES: tuple[type[Stage], ...] = (
    MetadataStage,
    BoilerplateStage,
    BlocksStage,
    NormalizeStage,
)
TEXT_STAGES: tuple[type[Stage], ...] = (DecodeStage, MarkupStage, SegmentStage, *_LINE_STAGES)


def html_stage_types() -> tuple[type[Stage], ...]:
    """HTML mode: the page becomes paragraphs in the html stage; the text
    stages after segmentation then run on them as on any text. Imported on
    first use: a text-only run (most CLI and Spark jobs) never loads the
    HTML parser, which is a tenth of the CLI's start-up."""
    from cleaner.stages.html import HtmlStage

    return (DecodeStage, HtmlStage, *_LINE_STAGES)


# A full page announces itself within its first few KiB.
_PAGE_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_PAGE_SNIFF = 4096


def looks_like_page(raw: str | bytes) -> bool:
    """True when ``raw`` is a full HTML page rather than text."""
    head = raw[:_PAGE_SNIFF]
    data = head.encode("utf-8", "replace") if isinstance(head, str) else head
    return _PAGE_RE.search(data) is not None


@dataclass
class Stats:
    """Counts over a run; two Stats add up with ``+`` (pool workers, partitions)."""

    docs: int = 0
    ok: int = 0
    empty: int = 0
    quarantined: int = 0
    failed: int = 0
    removals: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        """Count one document with ``outcome`` (ok, empty, quarantined, failed)."""
        self.docs += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, result: Result) -> None:
        self.count(result.outcome)
        for code, n in result.removal_counts().items():
            self.removals[code] = self.removals.get(code, 0) + n

    def __iadd__(self, other: Stats) -> Stats:
        """Add ``other`` in place (a worker adds each record's counts)."""
        self.docs += other.docs
        self.ok += other.ok
        self.empty += other.empty
        self.quarantined += other.quarantined
        self.failed += other.failed
        for code, n in other.removals.items():
            self.removals[code] = self.removals.get(code, 0) + n
        return self

    def __add__(self, other: Stats) -> Stats:
        total = replace(self, removals=dict(self.removals))
        total += other
        return total


class Pipeline:
    """The stages for one config, built once and reused for every document.

    ``stand_ins`` puts a ready stage object in place of a stage type in both
    modes (the boilerplate learner stands in for the boilerplate stage).
    """

    def __init__(self, config: Config, stand_ins: dict[type[Stage], Stage] | None = None) -> None:
        self.config = config
        self.rules = ruleset_for(config)
        self.stand_ins = stand_ins or {}

    def _build(self, types: tuple[type[Stage], ...], mode: str) -> list[Stage]:
        rules = self.rules.for_mode(mode)
        return [self.stand_ins.get(t) or t(rules) for t in types]

    # Each mode's stages are built on first use: a run over text only never
    # pays for the HTML stages' selectors, nor the reverse.
    @cached_property
    def text_stages(self) -> list[Stage]:
        return self._build(TEXT_STAGES, "text")

    @cached_property
    def html_stages(self) -> list[Stage]:
        return self._build(html_stage_types(), "html")

    def run(self, raw: str | bytes, mode: Mode = "auto", source: str | None = None) -> Result:
        if mode not in ("auto", "text", "html"):
            raise CleanerError(f"mode must be 'auto', 'text' or 'html', got {mode!r}", code="E001")
        if not isinstance(raw, (str, bytes, bytearray)):
            raise InputError(
                f"input must be str or bytes, got {type(raw).__name__}; decode or convert it first",
                code="E201",
            )
        # For str input the limit counts characters: encoding only to measure
        # would copy every document.
        size = len(raw)
        if size > self.config.max_bytes:
            raise QuarantineError(
                "too_large",
                f"{size} bytes is over the {self.config.max_bytes}-byte limit (Config.max_bytes)",
            )
        if mode == "auto":
            mode = "html" if looks_like_page(raw) else "text"
        stages = self.html_stages if mode == "html" else self.text_stages
        if isinstance(raw, (bytes, bytearray)):
            doc = Document(raw="", mode=mode, source=bytes(raw))
        else:
            doc = Document(raw=raw, mode=mode)
        doc.source_id = source
        for stage in stages:
            stage.run(doc)
        return Result(doc.raw, doc.metadata, tuple(doc.removals), mode)


@lru_cache(maxsize=16)
def pipeline_for(config: Config) -> Pipeline:
    return Pipeline(config)
