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

from collections.abc import Callable

from cleaner.document import SENTENCE_END, Document
from cleaner.stages import Stage

# Widths hard-wrapped text is set to (60-80, at most ~100) and lines that
# are near that width: see the module docstring.
WRAP_MIN_WIDTH = 40
WRAP_MAX_WIDTH = 120
_NEAR_WIDTH = 0.8
_MIN_LINES = 8
# A wrapped line ending so is not counted as ending a sentence: "'" also
# closes words (rock 'n'), and "…" often runs on into the next line.
_SENTENCE_END = tuple(c for c in SENTENCE_END if c not in ("'", "…"))


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
            fold: Callable[[str], str] = str.strip
        else:
            fold = _fold
        parts = text.split("\n")
        doc.lines = list(filter(None, map(fold, parts)))
        width = _wrap_width(doc.lines)
        if width:  # rare: fold again, keeping the blank lines that end paragraphs
            doc.lines = _unwrap(list(map(fold, parts)), width)
        doc.raw = ""
        doc.plain_raw = None


def _fold(line: str) -> str:
    """``line`` stripped, with each run of whitespace one space."""
    return " ".join(line.split())


def _wrap_width(lines: list[str]) -> int:
    """The width ``lines`` (non-empty, whitespace folded) were cut at, or 0
    when they do not look hard-wrapped: see the module docstring. Most texts
    stop at the first test."""
    if len(lines) < _MIN_LINES:
        return 0
    width = max(map(len, lines))
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return 0
    near = [line for line in lines if len(line) >= _NEAR_WIDTH * width]
    # Half the text, not half the lines: menus and captions between wrapped
    # paragraphs are many short lines.
    if 2 * sum(map(len, near)) < sum(map(len, lines)):
        return 0
    mid_sentence = sum(1 for line in near if not line.endswith(_SENTENCE_END))
    return width if 2 * mid_sentence > len(near) else 0


def _unwrap(lines: list[str], width: int) -> list[str]:
    """Join each line to the next when the next one's first word would not
    have fit after it within ``width``; ``lines`` keep their blank lines
    (paragraph ends)."""
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
