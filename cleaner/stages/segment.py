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
        text = doc.raw
        if doc.plain_raw is text:
            # Spaces and tabs are the only whitespace within lines
            # (Document.plain_raw): folding a line is collapsing runs of
            # spaces and stripping it, which str methods do for the whole
            # text at C speed.
            if "\t" in text:
                text = text.replace("\t", " ")
            while "  " in text:
                text = text.replace("  ", " ")
            doc.lines = list(filter(None, map(str.strip, text.split("\n"))))
        else:
            folded = (" ".join(raw_line.split()) for raw_line in text.split("\n"))
            doc.lines = [line for line in folded if line]
        doc.raw = ""
        doc.plain_raw = None
