"""segment: the text becomes lines, one per paragraph.

Inputs separate paragraphs with blank lines or with single newlines; both
become paragraph boundaries. Runs of spaces and tabs inside a line fold to
one space (whitespace is layout, not text, so it is not recorded).
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.stages import Stage


class SegmentStage(Stage):
    name = "segment"

    def run(self, doc: Document) -> None:
        lines: list[str] = []
        gaps: list[bool] = []
        gap = False
        for raw_line in doc.raw.split("\n"):
            line = " ".join(raw_line.split())
            if not line:
                gap = True
                continue
            lines.append(line)
            gaps.append(gap)
            gap = False
        doc.lines = lines
        doc.gaps = gaps
        doc.raw = ""
