"""segment: the text becomes lines, one per paragraph.

Inputs separate paragraphs with blank lines or with single newlines; both
become paragraph boundaries. Runs of spaces and tabs inside a line fold to
one space (whitespace is layout, not text, so it is not recorded).

Hard-wrapped text (plain-text mail, wire copy, text from PDFs: every line cut
at a fixed width such as 72 or 80 characters) is joined back into
paragraphs first, else every line would be a fragment that the line rules
and the main-region step judge on its own. A text counts as hard-wrapped
when its longest line is 40 to 120 characters, at least half its text is in
lines within a fifth of that width, and most of those end mid-sentence. A line is
then joined to the next when the next line's first word would not have fit
after it (the wrapper had to break there); a blank line always ends a
paragraph. Joining turns a newline into a space: layout, not text.
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.stages import Stage

# Widths hard-wrapped text is set to (60-80, at most ~100) and lines that
# are near that width: see the module docstring.
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 120
_NEAR_WIDTH = 0.8
_MIN_LINES = 8
_SENTENCE_END = (".", "!", "?", '"', "”", "’", ":", ")")


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
        if _looks_wrapped(doc.lines):
            doc.lines = _unwrap([" ".join(raw_line.split()) for raw_line in text.split("\n")])
        doc.raw = ""
        doc.plain_raw = None


def _looks_wrapped(lines: list[str]) -> bool:
    """Whether ``lines`` (non-empty, whitespace folded) were cut at a fixed
    width: see the module docstring. Most texts stop at the first test."""
    if len(lines) < _MIN_LINES:
        return False
    width = max(map(len, lines))
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    near = [line for line in lines if len(line) >= _NEAR_WIDTH * width]
    # Half the text, not half the lines: menus and captions between wrapped
    # paragraphs are many short lines.
    if 2 * sum(map(len, near)) < sum(map(len, lines)):
        return False
    mid_sentence = sum(1 for line in near if not line.endswith(_SENTENCE_END))
    return 2 * mid_sentence > len(near)


def _unwrap(lines: list[str]) -> list[str]:
    """Join each line to the next when the next one's first word would not
    have fit after it; ``lines`` keep their blank lines (paragraph ends)."""
    width = max(map(len, lines))
    out: list[str] = []
    current = last = ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
        elif current and len(last) + 1 + len(line.split(" ", 1)[0]) > width:
            # A word broken after its hyphen ('long-' / 'term') is one word.
            hyphen = last.endswith("-") and len(last) > 1 and last[-2].isalpha()
            current += ("" if hyphen else " ") + line
        else:
            if current:
                out.append(current)
            current = line
        last = line
    if current:
        out.append(current)
    return out
