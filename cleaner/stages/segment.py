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
        folded = (" ".join(raw_line.split()) for raw_line in doc.raw.split("\n"))
        doc.lines = [line for line in folded if line]
        doc.raw = ""
