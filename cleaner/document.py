"""The working state of one document and what cleaning returns.

A :class:`Document` flows through the stages. Stages only ever remove text
and each removal leaves a :class:`Removal` with the rule code that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from typing import Literal, NamedTuple, TypeVar

Mode = Literal["auto", "text", "html"]
Outcome = Literal["ok", "empty"]
T = TypeVar("T")


class Removal(NamedTuple):
    """One piece of text a rule removed.

    A named tuple rather than a frozen dataclass: pages lose thousands of
    menu lines each, and a frozen dataclass took twice as long to build.

    >>> Removal("CAP102", "blocks", "A caption. — AFP/File")
    Removal(rule='CAP102', stage='blocks', text='A caption. — AFP/File')
    """

    rule: str
    stage: str
    text: str


@dataclass(frozen=True, slots=True)
class Result:
    """What :func:`cleaner.clean` returns.

    ``text`` is the article body: paragraphs separated by exactly one blank
    line, no leading or trailing whitespace on any line or on the whole.
    ``metadata`` holds ``title`` and ``published`` (ISO ``YYYY-MM-DD``) when the
    input carries them. ``removals`` lists every removal in pipeline order.
    """

    text: str
    metadata: dict[str, str]
    removals: tuple[Removal, ...]
    mode: Literal["text", "html"]

    @property
    def outcome(self) -> Outcome:
        """``"empty"`` when nothing of the article is left, else ``"ok"``."""
        return "ok" if self.text else "empty"

    def removal_counts(self) -> dict[str, int]:
        """Number of removals per rule code, in first-seen order."""
        counts: dict[str, int] = {}
        for r in self.removals:
            counts[r.rule] = counts.get(r.rule, 0) + 1
        return counts


# What a line of prose ends with: a sentence's end, a closing quote or
# bracket, an ellipsis, a colon before a quote or list; in other scripts
# their full stops and question marks (CJK and full-width 。．！？, Devanagari
# । ॥, Burmese ။, Ethiopic ።, Arabic and Urdu ؟ ۔, Khmer ។, Armenian ։,
# Tibetan །) and CJK closing quotes and brackets 」』）. » and “ close French
# and German quotes, but also end link labels ("More news »"): they count
# only after a sentence's own end (« … usagers. », „… geworden.“).
# A full stop, maybe inside closing quotes: how a sentence ends and a
# headline does not.
FULL_STOP = (".", '."', ".”", ".’")
# Full stops of scripts other than Latin and CJK (also what a headline
# does not end with, metadata._TERMINAL).
SCRIPT_STOPS = ("।", "॥", "။", "።", "۔", "។", "։", "།")
SENTENCE_END = (
    *(".", "!", "?", '"', "”", "’", "'", ")", "…", ":"),
    *("。", "．", "！", "？", "」", "』", "）", "؟"),
    *SCRIPT_STOPS,
    *(end + space + quote for end in ".!?…" for space in ("", " ") for quote in "»“"),
)
# Scripts written without spaces between words, where a line's spaces do
# not count its words: Han and kana (a Chinese word is one or two
# characters) and Thai, Lao, Tibetan, Burmese, Khmer (a word is a syllable
# or two, each a few code points with its vowel and tone marks).
_HAN_KANA = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_KANA_PER_WORD = 2
_SOUTHEAST = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
_SOUTHEAST_PER_WORD = 4
# Both in one character class: one test per character, not two.
_UNSPACED = re.compile("[" + _HAN_KANA.pattern[1:-1] + _SOUTHEAST.pattern[1:-1] + "]")
# Thai and Lao mark no sentence end: a line of prose ends in a letter.
UNPUNCTUATED = ("\u0e00", "\u0eff")


def words(line: str) -> int:
    """The number of words in ``line`` (stripped, single-spaced): its spaces
    + 1, plus, in scripts written without spaces, an estimate from its
    length.

    >>> words("Prices rose again."), words("物价再次上涨，统计局周二表示。")
    (3, 7)
    """
    n = line.count(" ") + 1
    if line.isascii() or _UNSPACED.search(line) is None:
        return n
    # subn counts without a string object per character found (findall's
    # list held 5 MB of Han as 5 million strings).
    dense = _HAN_KANA.subn("", line)[1] // _HAN_KANA_PER_WORD
    return n + dense + _SOUTHEAST.subn("", line)[1] // _SOUTHEAST_PER_WORD


@dataclass(slots=True)
class Document:
    """Mutable working state while the stages run.

    ``source`` holds undecoded input bytes until the decode stage has run.
    Before the segment stage the content is ``raw`` (one string); from it on,
    it is ``lines``: one entry per paragraph line, already stripped, words
    separated by single spaces (a line has its spaces + 1 words, see
    :func:`words` for scripts written without spaces), no "\\n" in any.
    ``source_id`` is where the document comes from, as the caller named it
    (a URL or a site name): learned boilerplate applies per source.
    ``plain_raw`` is ``raw`` itself (the same object) once a stage has
    checked that it holds no control characters and no whitespace but
    spaces, tabs and newlines; any stage that replaces ``raw`` drops the claim
    without knowing of it, as the object is then a different one.
    """

    raw: str
    mode: Literal["text", "html"] = "text"
    source: bytes | None = None
    source_id: str | None = None
    lines: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    plain_raw: str | None = None

    def remove(self, rule: str, stage: str, text: str) -> None:
        """Record that ``rule`` removed ``text`` in ``stage``."""
        self.removals.append(Removal(rule, stage, text))

    def drop_lines(self, drop: dict[int, str], stage: str) -> list[int]:
        """Remove the lines whose indexes are keys of ``drop`` (value: rule code).

        Removals are recorded in document order. Returns the dropped indexes
        in order, for a caller keeping a list parallel to the lines.
        """
        if not drop:
            return []
        lines = self.lines
        order = sorted(drop)
        # tuple.__new__ straight from C skips the named tuple's Python-level
        # __new__: a third of the time for pages that drop thousands of lines.
        self.removals.extend(
            map(
                partial(tuple.__new__, Removal),
                zip(map(drop.__getitem__, order), repeat(stage), map(lines.__getitem__, order)),
            )
        )
        self.lines = without(lines, order)
        return order


def without(items: list[T], order: list[int]) -> list[T]:
    """``items`` without the indexes of ``order`` (sorted, distinct): the
    kept runs between them are copied whole, not item by item."""
    kept: list[T] = []
    start = 0
    for i in order:
        if i > start:
            kept += items[start:i]
        start = i + 1
    kept += items[start:]
    return kept
