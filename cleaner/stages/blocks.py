"""blocks: whole lines that are not article text.

Steps, in order: line rules (one master regex), a trailing sidebar run,
captions repeated within a few lines, paragraphs repeated anywhere, and last the
main-region cut that keeps the densest run of prose.
"""

from __future__ import annotations

import re

from cleaner.document import Document
from cleaner.rules import RuleSet, is_anchored, master_regex
from cleaner.stages import Stage

# Boilerplate lines are short; a longer line is prose and is not scanned by
# line rules, which also bounds regex work per line (1,000 chars covers the
# longest embedded-tweet lines seen in the seeds and dev pages).
MAX_RULE_LINE = 1000
_END_PUNCT = (".", "!", "?", '"', "”", "’", "'", ")", "…", ":")


def _key(line: str) -> str:
    return line.casefold()


class BlocksStage(Stage):
    name = "blocks"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        # Rules anchored at the line start share one master regex tried at
        # position 0 only; the others are searched one by one. Measured on the
        # dev noisy text (15k lines): one master regex of all rules 0.108 s,
        # each rule alone 0.059 s, this split 0.056 s; an alternation of
        # unanchored patterns loses the engine's skip-ahead on a first char.
        line_rules = rules.active("blocks", "line")
        self.master = master_regex([r for r in line_rules if is_anchored(r)])
        self.searched = [
            (r.code, re.compile(r.pattern or "")) for r in line_rules if not is_anchored(r)
        ]
        self.nearby = rules.first("blocks", "repeated_nearby")
        self.repeated = rules.first("blocks", "repeated_paragraph")
        self.sidebar = rules.first("blocks", "sidebar_tail")
        self.region = rules.first("blocks", "main_region")
        if self.sidebar is not None:
            self.headers = frozenset(h.casefold() for h in self.sidebar.param("headers", []))

    def run(self, doc: Document) -> None:
        if self.master is not None or self.searched:
            match = self.master.match if self.master is not None else None
            searched = self.searched
            drop: dict[int, str] = {}
            for i, line in enumerate(doc.lines):
                if len(line) > MAX_RULE_LINE:
                    continue
                m = match(line) if match is not None else None
                if m is not None:
                    drop[i] = m.lastgroup or ""
                    continue
                for code, rx in searched:
                    if rx.search(line) is not None:
                        drop[i] = code
                        break
            doc.drop_lines(drop, self.name)
        # The sidebar step runs before the repeat steps: headlines printed
        # twice are part of what makes a tail look like a sidebar.
        if self.sidebar is not None:
            self._sidebar(doc)
        if self.nearby is not None:
            self._nearby(doc)
        if self.repeated is not None:
            self._repeated(doc)
        if self.region is not None:
            self._region(doc)

    def _nearby(self, doc: Document) -> None:
        rule = self.nearby
        assert rule is not None
        window = rule.param("window", 3)
        max_words = rule.param("max_words", 80)
        drop: dict[int, str] = {}
        keys = [_key(x) for x in doc.lines]
        for i, k in enumerate(keys):
            for j in range(max(0, i - window), i):
                if keys[j] == k and len(doc.lines[i].split()) <= max_words:
                    drop[i] = drop[j] = rule.code
                    break
        doc.drop_lines(drop, self.name)

    def _repeated(self, doc: Document) -> None:
        rule = self.repeated
        assert rule is not None
        seen: set[str] = set()
        drop: dict[int, str] = {}
        for i, line in enumerate(doc.lines):
            k = _key(line)
            if k in seen:
                drop[i] = rule.code
            else:
                seen.add(k)
        doc.drop_lines(drop, self.name)

    def _sidebar(self, doc: Document) -> None:
        rule = self.sidebar
        assert rule is not None
        short = rule.param("short_words", 12)
        long_words = rule.param("long_words", 60)
        share = rule.param("short_share", 0.5)
        min_before = rule.param("min_prose_before", 50)
        lines = doc.lines
        counts_all = [len(x.split()) for x in lines]
        prose_before = 0
        for i in range(1, len(lines)):
            prev = counts_all[i - 1]
            if prev >= short and lines[i - 1].endswith(_END_PUNCT):
                prose_before += prev
            if lines[i].rstrip(":").casefold() not in self.headers:
                continue
            tail = lines[i + 1 :]
            counts = counts_all[i + 1 :]
            # A sidebar follows the article: menus that carry the same headers
            # sit before it, with little or no prose above them.
            if not tail or prose_before < max(min_before, sum(counts)):
                continue
            if max(counts) > long_words:
                continue
            if sum(1 for c in counts if c <= short) >= share * len(counts):
                doc.drop_lines({j: rule.code for j in range(i, len(lines))}, self.name)
                return

    def _region(self, doc: Document) -> None:
        """Keep the run of lines with the most prose (maximum-sum segment).

        A prose line (enough words, ending like a sentence) scores its word
        count; any other line scores a fixed penalty. Lines outside the best
        run are menus, footers and teasers around the article.
        """
        rule = self.region
        assert rule is not None
        min_words = rule.param("min_words", 6)
        penalty = rule.param("penalty", 8)
        lines = doc.lines
        if len(lines) < rule.param("min_lines", 4):
            return
        best = cur = 0.0
        best_start = best_end = start = 0
        for i, line in enumerate(lines):
            w = line.count(" ") + 1
            score = w if w >= min_words and line.endswith(_END_PUNCT) else -penalty
            if cur <= 0:
                cur, start = score, i
            else:
                cur += score
            if cur >= best and cur > 0:
                best, best_start, best_end = cur, start, i + 1
        if best <= 0:
            return
        drop = {i: rule.code for i in range(len(lines)) if i < best_start or i >= best_end}
        doc.drop_lines(drop, self.name)
