"""blocks: whole lines that are not article text.

Steps, in order: line rules, a trailing sidebar run, captions repeated within
a few lines, paragraphs repeated anywhere, and last the main-region cut that
keeps the densest run of prose.

The steps work on the whole document at once where they can: the text is
joined and case-folded once, a literal screen (:mod:`cleaner.prefilter`)
hands each line rule only the lines it can match, and repeats are found
with dicts of case-folded lines rather than by comparing lines pairwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import ne

from cleaner.document import (
    FULL_STOP,
    SENTENCE_END,
    UNPUNCTUATED,
    Document,
    without,
    words,
)
from cleaner.prefilter import LineScreen
from cleaner.rules import Rule, RuleSet, is_anchored
from cleaner.stages import Stage

# Boilerplate lines are short; a longer line is prose and is not scanned by
# line rules, which also bounds regex work per line (1,000 chars covers the
# longest embedded-tweet lines seen in the seeds and dev pages).
MAX_RULE_LINE = 1000
# The last character of a line that may be prose (TXT101): that of a
# sentence's end, or a Thai or Lao letter, as those scripts mark no sentence
# end. Of the endings longer than one character (". »") the line is checked
# whole.
_LAST_OF_END = "".join(sorted({end[-1] for end in SENTENCE_END}))
_CHECK_WHOLE = "".join(sorted({end[-1] for end in SENTENCE_END if len(end) > 1}))
_PROSE_LAST = re.compile(
    "[" + re.escape(_LAST_OF_END) + UNPUNCTUATED[0] + "-" + UNPUNCTUATED[1] + "]"
)
# A teaser cut off mid-sentence ("… said the government will restore it
# as soon as it is...") is not prose, however long; a sentence's own end
# before the ellipsis ("… and may face further discipline....") is, and so
# is the Chinese ellipsis "……", which ends sentences.
_CUT = ("...", "…")
_CUT_AFTER_END = ("....", ".…", "?...", "?…", "!...", "!…", "……")
# A short sentence that may close an article ends in a full stop (FULL_STOP)
# and starts with a capital or an opening quote. Not ? or !: after an
# article those are the page's ("Was this article helpful?", "Thanks for
# reading!").
_OPENING = "\"“‘'"
# Teasers are listed one after another, or with a date or a byline between.
_TEASER_GAP = 3
# A sentence, not a headline: headlines end without a full stop, or in ? or !.
_PROSE_END = (*FULL_STOP, ".'", ".)", ":", ";", "…")
# Metadata that marks the text's first lines as an article's head (a
# dateline or byline under the headline), not a page's menu.
_DATED = frozenset({"published", "updated", "author"})


class BlocksStage(Stage):
    name = "blocks"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        # Rules anchored at the line start are tried there (re.match), the
        # others searched; anchored rules take precedence, then file order.
        # The screen runs a rule only on lines holding text it cannot match
        # without: on the dev noisy text (15k lines) the line rules took
        # ~70 ms run on every line, ~15 ms screened (10 of them the scans).
        # A stable sort: anchored rules first, each group in file order.
        ordered = sorted(
            ((r, is_anchored(r)) for r in rules.active("blocks", "line")), key=lambda ra: not ra[1]
        )
        self.line_rules = []
        for r, anchored in ordered:
            rx = re.compile(r.pattern or "")
            self.line_rules.append((r.code, rx.match if anchored else rx.search))
        self.screen = LineScreen([(r.pattern or "", anchored) for r, anchored in ordered])
        self.nearby = rules.first("blocks", "repeated_nearby")
        self.repeated = rules.first("blocks", "repeated_paragraph")
        self.sidebar = rules.first("blocks", "sidebar_tail")
        self.comments = rules.first("blocks", "comments_tail")
        self.inline = rules.first("blocks", "inline_related")
        if self.comments is not None:
            self.comments_match = re.compile(self.comments.pattern or "").match
            self.comments_screen = LineScreen([(self.comments.pattern or "", True)])
        self.region = rules.first("blocks", "main_region")
        # Sidebar headers that may head links inside the article (SB101's
        # links_header_prefixes), and how many headlines such a block has
        # at most (SB108's max_lines).
        self.links_headers = tuple(
            h.casefold()
            for h in (self.sidebar.param("links_header_prefixes", []) if self.sidebar else [])
        )
        self.links_block = self.inline.param("max_lines", 8) if self.inline else 8
        # The header lines of the sidebar and inline steps, found in one pass.
        self.header_lines = _HeaderLines([_Headers.of(self.sidebar), _Headers.of(self.inline)])

    def run(self, doc: Document) -> None:
        lines = doc.lines
        text = "\n" + "\n".join(lines)
        folded = text.casefold()
        # No line holds a "\n" (Document.lines) and case folding keeps every
        # "\n": the folded text's lines are the lines' keys.
        keys = folded.split("\n")[1:]
        # First, as it can drop a long tail the other steps then skip.
        if self.comments is not None:
            cut = self._comments(doc, text, folded)
            if cut is not None:
                keys = keys[:cut]
                # The texts lose the same tail; each line starts at a "\n".
                text = text[: sum(map(len, doc.lines)) + cut]
                folded = folded[: sum(map(len, keys)) + cut]
        if self.line_rules:
            keys = self._line_rules(doc, keys, text, folded)
        if self.sidebar is not None or self.inline is not None:
            side, inline = self.header_lines(keys, folded)
            # The sidebar step runs before the repeat steps: headlines printed
            # twice are part of what makes a tail look like a sidebar.
            if self.sidebar is not None and side:
                keys = self._sidebar(doc, keys, side)
            # After the sidebar step, which takes a trailing sidebar's header
            # (and only cuts a tail: the headers above keep their indexes);
            # before the repeat steps, which take a header printed twice.
            if self.inline is not None and inline:
                keys = self._inline_related(doc, keys, [i for i in inline if i < len(keys)])
        # Both repeat steps start from the lines seen before; when the first
        # removes nothing, the second reuses its list.
        repeats: list[int] | None = None
        if self.nearby is not None:
            repeats = _repeats(keys)
            kept = self._nearby(doc, keys, repeats)
            repeats, keys = (repeats if kept is keys else None), kept
        if self.repeated is not None:
            self._repeated(doc, _repeats(keys) if repeats is None else repeats)
        if self.region is not None:
            self._region(doc)

    def _line_rules(self, doc: Document, keys: list[str], text: str, folded: str) -> list[str]:
        lines = doc.lines
        todo, screened = self.screen.plan(lines, text, folded, one_line_each=True)
        rules = list(zip(self.line_rules, screened, strict=True))
        drop: dict[int, str] = {}
        for i in todo:
            line = lines[i]
            if len(line) > MAX_RULE_LINE:
                continue
            for (code, test), candidates in rules:
                if (candidates is None or i in candidates) and test(line) is not None:
                    drop[i] = code
                    break
        return _drop(doc, drop, self.name, keys)

    def _nearby(self, doc: Document, keys: list[str], repeats: list[int]) -> list[str]:
        rule = self.nearby
        assert rule is not None
        window = rule.param("window", 3)
        min_words = rule.param("min_words", 1)
        max_words = rule.param("max_words", 80)
        drop: dict[int, str] = {}
        lines = doc.lines
        for i in repeats:
            k = keys[i]
            for j in range(max(0, i - window), i):
                if keys[j] == k and min_words <= words(lines[i]) <= max_words:
                    drop[i] = drop[j] = rule.code
                    break
        return _drop(doc, drop, self.name, keys)

    def _repeated(self, doc: Document, repeats: list[int]) -> None:
        rule = self.repeated
        assert rule is not None
        doc.drop_lines(dict.fromkeys(repeats, rule.code), self.name)

    def _sidebar(self, doc: Document, keys: list[str], headers: list[int]) -> list[str]:
        rule = self.sidebar
        assert rule is not None
        # The first line never counts as a header (nothing comes before it).
        found = [i for i in headers if i > 0]
        if not found:
            return keys
        short = rule.param("short_words", 12)
        long_words = rule.param("long_words", 60)
        share = rule.param("short_share", 0.5)
        min_before = rule.param("min_prose_before", 50)
        lines = doc.lines
        n = len(lines)
        prose_before = 0
        seen = 0
        tail_from = -1
        tail_words: list[int] = []
        tail_max: list[int] = []
        tail_short: list[int] = []
        for i in found:
            prose_before += _prose_words(lines[seen:i], short)
            seen = i
            # A sidebar follows the article: menus that carry the same headers
            # sit before it, with little or no prose above them.
            if prose_before < min_before:
                continue
            # A header left last, its links gone (an HTML page's link list).
            if i == n - 1:
                doc.drop_lines({i: rule.code}, self.name)
                return keys[:i]
            if tail_from < 0:
                # Totals over "this line and all below", once: a page of
                # header lines is then linear, not quadratic, to test.
                tail_from = i + 1
                below = list(map(words, reversed(lines[tail_from:])))
                tail_words = list(accumulate(below))[::-1]
                tail_max = list(accumulate(below, max))[::-1]
                tail_short = list(accumulate(c <= short for c in below))[::-1]
            k = i + 1 - tail_from
            if prose_before < tail_words[k] or tail_max[k] > long_words:
                continue
            if keys[i].startswith(self.links_headers) and _goes_on(
                lines, i + 1, short, self.links_block
            ):
                continue
            if tail_short[k] >= share * (n - i - 1):
                doc.drop_lines({j: rule.code for j in range(i, n)}, self.name)
                return keys[:i]
        return keys

    def _inline_related(self, doc: Document, keys: list[str], found: list[int]) -> list[str]:
        """A block of links to other stories inside the text: a header
        (one of ``found``: "Related articles", "Don't miss", "More in
        Politics"), a few headlines (``min_words`` to ``short_words`` words,
        not ending in a full stop or colon) and then a line of prose (one
        that does end so, or is longer). A short line that is neither, a
        menu item or a product name, ends the block unremoved."""
        rule = self.inline
        assert rule is not None
        max_lines = rule.param("max_lines", 8)
        least = rule.param("min_words", 4)
        most = rule.param("short_words", 20)
        lines = doc.lines
        n = len(lines)
        drop: dict[int, str] = {}
        for i in found:
            if i in drop:
                continue
            # The header, up to max_lines headlines and the prose line: at
            # most max_lines + 1 lines looked at per header, so linear.
            end = min(n, i + max_lines + 2)
            j = i + 1
            while (
                j < end and not lines[j].endswith(_PROSE_END) and least <= words(lines[j]) <= most
            ):
                j += 1
            # The line that ended the run must be prose: it ends like a
            # sentence, or it is longer than a headline.
            if i + 1 < j < end and (lines[j].endswith(_PROSE_END) or words(lines[j]) > most):
                drop.update(dict.fromkeys(range(i, j), rule.code))
        return _drop(doc, drop, self.name, keys)

    def _comments(self, doc: Document, text: str, folded: str) -> int | None:
        """Cut a reader-comments section: from a comments header ("12
        Comments", "Leave a Reply", "Join the discussion") with enough prose
        above it to the end. Returns the header's index when it cut.

        The prose test keeps share bars and menus ("Facebook | Twitter |
        Comments") near the top of a page from cutting the article below.
        """
        rule = self.comments
        assert rule is not None
        lines = doc.lines
        candidates, _ = self.comments_screen.plan(lines, text, folded, one_line_each=True)
        min_before = rule.param("min_prose_before", 150)
        prose_words = rule.param("prose_words", 12)
        prose_before = seen = 0
        for i in candidates:
            if i == 0 or not self.comments_match(lines[i]):
                continue
            prose_before += _prose_words(lines[seen:i], prose_words)
            seen = i
            if prose_before >= min_before:
                doc.drop_lines(dict.fromkeys(range(i, len(lines)), rule.code), self.name)
                return i
        return None

    def _region(self, doc: Document) -> None:
        """Keep the run of lines with the most prose (maximum-sum segment).

        A prose line (enough words, ending like a sentence) scores its word
        count; any other line scores a fixed penalty. Lines outside the best
        run are menus, footers and teasers around the article. In Thai and
        Lao, which mark no sentence end, a line counts as prose by length
        alone: ``unpunctuated_factor`` times ``min_words`` words. Lines cut
        off mid-sentence with an ellipsis, two or more near each other, are
        a list of teasers, not prose.
        """
        rule = self.region
        assert rule is not None
        min_words = rule.param("min_words", 6)
        penalty = rule.param("penalty", 8)
        lines = doc.lines
        if len(lines) < rule.param("min_lines", 4):
            return
        # One character per line, its last: a regex over them finds the
        # lines that may be prose without a Python step for every line.
        lasts = "".join([line[-1] for line in lines])
        long_words = min_words * rule.param("unpunctuated_factor", 4)
        first, last = UNPUNCTUATED
        prose: list[tuple[int, int]] = []  # (line index, words)
        cut: list[int] = []  # places in prose of lines cut off by an ellipsis
        for m in _PROSE_LAST.finditer(lasts):
            i = m.start()
            line = lines[i]
            if lasts[i] in _CHECK_WHOLE and not line.endswith(SENTENCE_END):
                continue
            w = words(line)
            if w < (long_words if first <= lasts[i] <= last else min_words):
                continue
            if line.endswith(_CUT) and not line.endswith(_CUT_AFTER_END):
                cut.append(len(prose))
            prose.append((i, w))
        # Teasers come in lists: a line cut off mid-sentence is one when
        # another is at most _TEASER_GAP lines away; a lone paragraph that
        # trails off is prose.
        teasers: set[int] = set()
        for a, b in pairwise(cut):
            if prose[b][0] - prose[a][0] <= _TEASER_GAP:
                teasers.update((a, b))
        # The maximum-sum run (Kadane's algorithm), visiting prose lines
        # only: the k other lines since the last prose line cost k * penalty
        # at once, which is what adding -penalty k times would give.
        best = cur = 0
        best_start = best_end = start = 0
        prev = -1
        for k, (i, w) in enumerate(prose):
            if k in teasers:
                continue
            cur -= (i - prev - 1) * penalty
            if cur <= 0:
                cur, start = w, i
            else:
                cur += w
            prev = i
            if cur >= best:
                best, best_start, best_end = cur, start, i + 1
        if best <= 0:
            return
        best_end = _short_ending(lines, best_end, rule.param("tail_lines", 2))
        lead = 0
        if "title" in doc.metadata and not _DATED.isdisjoint(doc.metadata):
            lead = _standfirst(lines, min(best_start, rule.param("standfirst_lines", 3)), min_words)
        outside = chain(range(lead, best_start), range(best_end, len(lines)))
        doc.drop_lines(dict.fromkeys(outside, rule.code), self.name)


def _short_ending(lines: list[str], end: int, most: int) -> int:
    """``end`` moved past up to ``most`` lines after it that are short
    sentences ("He declined to comment.", "No one was hurt."): an article's
    last paragraph may be too short to count as prose by itself."""
    stop = min(len(lines), end + most)
    while end < stop and _short_sentence(lines[end]):
        end += 1
    return end


# A page's notices that sit where a standfirst does: addressed to the
# reader ("You have reached your limit of free articles"), or about the
# article itself ("This article is more than 5 years old").
_READER = frozenset({"you", "your", "you're", "you’re"})
_NOTICE_STARTS = ("This article", "This story", "This content", "This page")


def _standfirst(lines: list[str], most: int, min_words: int) -> int:
    """How many of the first ``most`` lines are a standfirst: sentences of
    ``min_words`` words or more that the headline stood over ("Officials
    warn the toll could rise as rescuers search the hills")."""
    n = 0
    while n < most:
        line = lines[n]
        if (
            words(line) < min_words
            or not (line[0].isupper() or line[0].isdigit() or line[0] in _OPENING)
            or line.endswith((":", *_CUT))
            or " / " in line
            or " | " in line
            or _capitalised_share(line) >= 0.5
            or line.startswith(_NOTICE_STARTS)
            or not _READER.isdisjoint(line.casefold().split(" "))
        ):
            break
        n += 1
    return n


def _capitalised_share(line: str) -> float:
    """The share of a line's words that start with a capital: names, a
    byline ("Helen Carter North of England correspondent") or a headline in
    title case, against a sentence."""
    parts = line.split(" ")
    return sum(p[:1].isupper() for p in parts) / len(parts)


def _short_sentence(line: str) -> bool:
    return (
        line.endswith(FULL_STOP)
        and not line.endswith(_CUT)
        and " " in line
        and (line[0].isupper() or line[0] in _OPENING)
    )


def _goes_on(lines: list[str], start: int, short: int, most: int) -> bool:
    """Whether the article goes on below a links block starting at
    ``start``: up to ``most`` headlines (short lines), then two paragraphs
    in a row (longer than ``short`` words, ending like a sentence, not cut
    off). A sidebar's teasers come one at a time, between headlines and
    dates."""
    end = min(len(lines), start + most)
    j = start
    while j < end and words(lines[j]) <= short:
        j += 1
    pair = lines[j : j + 2]
    return len(pair) == 2 and all(
        words(line) > short and line.endswith(SENTENCE_END) and not line.endswith(_CUT)
        for line in pair
    )


def _prose_words(lines: list[str], min_words: int) -> int:
    """Words in the prose lines of ``lines``: lines of ``min_words`` words or
    more that end like a sentence."""
    ending = compress(lines, map(str.endswith, lines, repeat(SENTENCE_END)))
    return sum(w for w in map(words, ending) if w >= min_words)


def _drop(doc: Document, drop: dict[int, str], stage: str, keys: list[str]) -> list[str]:
    """Drop lines from ``doc`` and return ``keys`` without theirs."""
    if not drop:
        return keys
    return without(keys, doc.drop_lines(drop, stage))


def _repeats(keys: list[str]) -> list[int]:
    """Indexes of keys seen at a smaller index, in order."""
    n = len(keys)
    # Built from the end, so each key keeps the index it was first seen at.
    first = dict(zip(reversed(keys), range(n - 1, -1, -1), strict=True))
    if len(first) == n:
        return []
    return list(compress(range(n), map(ne, map(first.__getitem__, keys), range(n))))


# What a section header may end with besides its name: a colon, an
# ellipsis or an arrow pointing to the links ("You might also like …",
# "More news »").
_HEADER_TAILS = (":", "…", " …", "...", " ...", "»", " »", "›", " ›", " >", "→", " →")


@dataclass(frozen=True)
class _Headers:
    """A rule's section headers: whole lines (case-folded), and prefixes
    ("more from ") of lines of at most ``prefix_words`` words."""

    names: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    prefix_words: int = 0

    @classmethod
    def of(cls, rule: Rule | None) -> _Headers:
        if rule is None:
            return cls()
        return cls(
            frozenset(h.casefold() for h in rule.param("headers", [])),
            tuple(h.casefold() for h in rule.param("header_prefixes", [])),
            rule.param("prefix_max_words", 8),
        )


class _HeaderLines:
    """Finds the header lines of several rules' :class:`_Headers` in one
    pass over a document's keys."""

    def __init__(self, specs: Sequence[_Headers]) -> None:
        self.specs = specs
        self.decorated = [
            frozenset(h + tail for h in spec.names for tail in _HEADER_TAILS) for spec in specs
        ]
        prefixes = sorted({p for spec in specs for p in spec.prefixes})
        self.prefixes = tuple(prefixes)
        # One scan of the folded text tells whether any line starts with a
        # prefix; most documents have none and skip the per-key test.
        self.starts = re.compile("\n(?:" + "|".join(map(re.escape, prefixes)) + ")").search

    def __call__(self, keys: list[str], folded: str) -> list[list[int]]:
        """Per spec, the indexes of keys that are one of its headers once
        trailing colons (or one of ``_HEADER_TAILS``) are stripped, or that
        start with one of its prefixes and have at most its ``prefix_words``
        words.

        ``folded`` is a case-folded text holding every key as a line (it may
        also hold lines already dropped: it is only a quick test for "::" and
        for a line starting with a prefix).
        """
        present = set(keys)
        two_colons = "::" in folded
        wanted: list[set[str]] = []
        for spec, decorated in zip(self.specs, self.decorated, strict=True):
            names = set(spec.names.intersection(present))
            names.update(decorated.intersection(present))
            if two_colons:
                names.update(k for k in present if k.endswith(":") and k.rstrip(":") in spec.names)
            wanted.append(names)
        if self.prefixes and self.starts(folded) is not None:
            starting = list(compress(keys, map(str.startswith, keys, repeat(self.prefixes))))
            for spec, names in zip(self.specs, wanted, strict=True):
                if spec.prefixes:
                    names.update(
                        k
                        for k in starting
                        if k.startswith(spec.prefixes) and k.count(" ") < spec.prefix_words
                    )
        union = set().union(*wanted)
        if not union:
            return [[] for _ in wanted]
        found = list(compress(range(len(keys)), map(union.__contains__, keys)))
        return [[i for i in found if keys[i] in names] for names in wanted]
