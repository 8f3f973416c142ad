"""normalize: the body as paragraphs separated by exactly one blank line."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.stages import Stage


class NormalizeStage(Stage):
    name = "normalize"

    def run(self, doc: Document) -> None:
        # Lines were stripped and their inner whitespace folded by segment.
        doc.raw = "\n\n".join(doc.lines)
