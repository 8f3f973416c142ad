"""Screen lines with the literal text a rule's regex cannot match without.

Most lines of an article match no rule, yet running every rule's regex on
every line is most of text mode's time. Each pattern is read once (by the
``re`` parser) for literal strings any match must contain: for a rule tried
at the line start, the strings a match must start with; for a rule searched
anywhere, strings a match must contain somewhere. A few fast scans of the
whole document find the lines holding such a string; only those lines are
then handed to the rule's own regex. The screen never changes a result: a
line it leaves out cannot match, and a rule with no usable literal is tried
on every line.

Case-insensitive rules are screened on the case-folded text with lower-case
ASCII literals. ``re`` also matches ``ı`` (dotless i) and ``İ`` to ``i``,
which case folding does not; text holding either is screened as if the rule
had no literal (see ``test_prefilter``).

>>> screen = LineScreen([(r"(?i)^share\\b", True), (r"pic\\.twitter\\.com/", False)])
>>> screen.candidates(["Share this", "An article line.", "see pic.twitter.com/x"])
[{0}, {2}]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Strings longer than this add little selectivity; sets larger than this cost
# more to scan than they save. Both bound the work done per pattern.
_MAX_LITERAL = 16
_MAX_STRINGS = 48
_MAX_STEPS = 20_000
# Characters at least this common (see _char_share) are poor regex starts:
# a match attempt (~60 ns) at each costs more than a str.find scan (0.65 ns
# per character).
_COMMON = 0.65 / 60
# A character class of at most this many characters is expanded to literals.
_MAX_CLASS = 4
# Characters ``re`` matches case-insensitively to an ASCII literal although
# their case folding is not that literal: dotless i, and İ (folds to i + U+0307).
FOLD_GUARD = ("\u0131", "\u0307")


@dataclass(frozen=True)
class Literals:
    """Strings one of which every match contains (``at_start``: starts with)."""

    strings: tuple[str, ...]
    folded: bool
    at_start: bool


class _GiveUp(Exception):
    pass


class _Reader:
    """Walks one parsed pattern; ``folded`` lower-cases ASCII literals."""

    def __init__(self, folded: bool) -> None:
        self.folded = folded
        self.steps = 0
        self.seen: dict[tuple[int, ...], set[str]] = {}

    def char(self, code: int) -> str | None:
        c = chr(code)
        if c == "\n":  # lines hold none: the screen scans text joined by "\n"
            return None
        if not self.folded:
            return c
        # Case-insensitive: only ASCII literals have a known case folding.
        return c.lower() if c.isascii() else None

    def chars(self, op: Any, av: Any) -> list[str] | None:
        """Characters a single-character item matches, if few and literal."""
        if op is sre.LITERAL:
            c = self.char(av)
            return None if c is None else [c]
        if op is not sre.IN:
            return None
        out: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                c = self.char(item_av)
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < _MAX_CLASS:
                for code in range(item_av[0], item_av[1] + 1):
                    c = self.char(code)
                    if c is None:
                        return None
                    out.add(c)
                continue
            else:
                return None
            if c is None:
                return None
            out.add(c)
        return sorted(out) if len(out) <= _MAX_CLASS else None

    def prefixes(self, items: list[Any], room: int = _MAX_LITERAL) -> set[str]:
        """Strings every match of ``items`` starts with; ``""`` means none known."""
        # Sequences recur (each suffix of a sequence, each branch's tail):
        # keyed by the parsed items themselves, which live as long as we do.
        key = (*map(id, items), room)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = self._prefixes(items, room)
        return found

    def _prefixes(self, items: list[Any], room: int) -> set[str]:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise _GiveUp
        if not items or room == 0:
            return {""}
        (op, av), rest = items[0], items[1:]
        chars = self.chars(op, av)
        if chars is not None and len(chars) == 1:
            # A run of single characters is one string: take it in one step.
            run = chars[0]
            while rest and len(run) < room:
                nxt = self.chars(*rest[0])
                if nxt is None or len(nxt) != 1:
                    break
                run += nxt[0]
                rest = rest[1:]
            try:
                tails = self.prefixes(rest, room - len(run))
            except _GiveUp:  # what follows is too varied: the run alone still holds
                return {run}
            return {run + t for t in tails}
        if chars is not None:
            try:
                tails = self.prefixes(rest, room - 1)
            except _GiveUp:
                return set(chars)
            # Already minimal: ``tails`` is, and strings with different first
            # characters cannot start with one another. Only the size cap of
            # _cap applies (sorting here was half the analysis time).
            if len(chars) * len(tails) > _MAX_STRINGS:
                raise _GiveUp
            return {c + t for c in chars for t in tails}
        if op is sre.AT:
            return self.prefixes(rest, room)
        if op is sre.SUBPATTERN:
            return self.prefixes(list(av[-1].data) + rest, room)
        if op is sre.ATOMIC_GROUP:
            return self.prefixes(list(av.data) + rest, room)
        if op is sre.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                out |= self.prefixes(list(branch.data) + rest, room)
            return self._cap(out)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            # After one copy of the body another may follow unless at most
            # one is allowed; then only the body's own prefix is known.
            once = self.prefixes(list(body.data) + (rest if high == 1 else []), room)
            if low == 0:
                once |= self.prefixes(rest, room)
            return self._cap(once)
        return {""}

    @staticmethod
    def _cap(strings: set[str]) -> set[str]:
        # A string that starts with another one in the set adds nothing.
        if "" in strings:
            return {""}
        kept = set(_minimal(strings, True))
        if len(kept) > _MAX_STRINGS:
            raise _GiveUp
        return kept

    def required(self, items: list[Any]) -> list[set[str]]:
        """Sets of strings one of which every match of ``items`` contains."""
        options: list[set[str]] = []
        for i, (op, av) in enumerate(items):
            found = self.prefixes(items[i:])
            if "" not in found:
                options.append(found)
            body: list[Any] | None = None
            if op is sre.SUBPATTERN:
                body = list(av[-1].data)
            elif op is sre.ATOMIC_GROUP:
                body = list(av.data)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
                body = list(av[2].data)
            if body is not None:
                options.extend(self.required(body))
            elif op is sre.BRANCH:
                union = _cover([self.required(list(branch.data)) for branch in av[1]])
                if union is not None:
                    options.append(union)
        return options


def _common_parts(strings: set[str]) -> set[str]:
    """Substrings (3+ characters) that every string of ``strings`` contains."""
    shortest = min(strings, key=len)
    parts = {shortest[a:b] for a in range(len(shortest)) for b in range(a + 3, len(shortest) + 1)}
    for s in strings:  # string by string, so that the set shrinks early
        parts = {p for p in parts if p in s}
        if not parts:
            break
    return parts


def _cover(branches: list[list[set[str]]]) -> set[str] | None:
    """Strings one of which every branch's matches contain: for each branch
    its cheapest set, unless one string several branches share is cheaper
    ("cookie" for "we use cookies" | "cookie policy")."""
    if any(not options for options in branches):
        return None
    best = [min(options, key=_cost) for options in branches]
    shared = [set().union(*(_common_parts(o) for o in options)) for options in branches]
    chosen: set[str] = set()
    left = set(range(len(branches)))

    def total(picked: set[str], rest: set[int]) -> float:
        return _cost(picked.union(*(best[b] for b in rest)))

    current = total(chosen, left)
    while left:
        trials = []
        counts = Counter(part for b in left for part in shared[b])
        for part, n in counts.items():
            if n < 2:  # a string only one branch holds is among its own sets
                continue
            rest = {b for b in left if part not in shared[b]}
            trials.append((total(chosen | {part}, rest), part, rest))
        if not trials:
            break
        cost, part, rest = min(trials)
        if cost >= current:
            break
        current, left = cost, rest
        chosen.add(part)
    chosen = chosen.union(*(best[b] for b in left))
    return chosen if len(chosen) <= _MAX_STRINGS else None


# Rough share of text positions holding a character (news prose; a letter
# counts as if words were random strings of frequent letters). Used only to
# rank literal sets against each other: the order matters, not the value.
def _char_share(c: str) -> float:
    if c == " ":
        return 0.18
    if "a" <= c <= "z":
        return 0.12
    if c.isupper() or c.isdigit():
        return 0.004
    if c in ".,":
        return 0.02
    return 0.003


@lru_cache(maxsize=4096)
def _share(s: str) -> float:
    share = 1.0
    for c in s:
        share *= _char_share(c)
    # Words this short are common ones ("on", "the"): far above the product.
    return share * 10 if len(s.strip()) < 4 else share


# Up to this many strings starting with a rare character get a str.find
# each; more share one regex scan (_finder, and _cost which models it).
_FIND_RARE = 3


def _split(strings: Iterable[str]) -> tuple[list[str], list[str]]:
    """Strings starting with a common character, and the others."""
    common: list[str] = []
    rare: list[str] = []
    for s in strings:
        (common if _char_share(s[0]) >= _COMMON else rare).append(s)
    return common, rare


def _cost(strings: set[str]) -> float:
    """Estimated nanoseconds per text character to screen with ``strings``
    (see ``_finder``; measured on the dev noisy text: a ``str.find`` scan
    0.65, a regex scan 2.8 plus 60 per match attempt) plus 2,000 (a rule
    check) per line let through."""
    common, rare = _split(strings)
    if len(rare) <= _FIND_RARE:
        # A few rare-first strings are found with str.find, but may yet
        # share another rule's regex scan: a little cheaper than the others.
        scan = 0.65 * len(common) + 0.6 * len(rare)
    else:
        scan = 0.65 * len(common) + 2.8 + 60 * sum(_char_share(c) for c in {s[0] for s in rare})
    return scan + 2000 * sum(_share(s) for s in strings)


def _minimal(strings: set[str], at_start: bool) -> tuple[str, ...]:
    """Drop strings that contain (or, at the start, begin with) a shorter one."""
    kept: list[str] = []
    for s in sorted(strings, key=lambda s: (len(s), s)):
        if not any(s.startswith(k) if at_start else k in s for k in kept):
            kept.append(s)
    return tuple(kept)


def _is_folded(items: list[Any], flags: int) -> bool:
    if flags & re.IGNORECASE:
        return True
    for op, av in items:
        if op is sre.SUBPATTERN and (av[1] & re.IGNORECASE or _is_folded(list(av[-1].data), 0)):
            return True
        if op is sre.ATOMIC_GROUP and _is_folded(list(av.data), 0):
            return True
        if op is sre.BRANCH and any(_is_folded(list(b.data), 0) for b in av[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and _is_folded(
            list(av[2].data), 0
        ):
            return True
    return False


@lru_cache(maxsize=1024)
def literals(pattern: str, at_start: bool) -> Literals | None:
    """The literal screen for ``pattern``, or None when it has none.

    ``at_start``: the pattern is applied with ``re.match`` (a line start).
    ``folded`` is set when the pattern is case-insensitive and a string has
    a case: "19" needs no case folding to be found.

    >>> literals(r"(?i)^(?:share|tweet)\\b", True)
    Literals(strings=('share', 'tweet'), folded=True, at_start=True)
    >>> literals(r"(?i)\\d (?:19|20)\\d\\d", False)
    Literals(strings=(' 19', ' 20'), folded=False, at_start=False)
    >>> literals(r"pic\\.twitter\\.com/\\w|https?://t\\.co/\\w", False).strings
    ('://t.co/', 'pic.twitter.com/')
    >>> literals(r".*", False) is None
    True
    """
    try:
        parsed = sre_parse.parse(pattern)
        items = list(parsed.data)
        folded = _is_folded(items, parsed.state.flags)
        reader = _Reader(folded)
        if at_start:
            found = reader.prefixes(items)
            if "" not in found:
                return _literals(_minimal(found, True), folded, True)
        options = reader.required(items)
    except Exception:  # the screen only saves time: a pattern it cannot read goes unscreened
        return None
    if not options:
        return None
    return _literals(_minimal(min(options, key=_cost), False), folded, False)


def _literals(strings: tuple[str, ...], folded: bool, at_start: bool) -> Literals:
    return Literals(strings, folded and any(map(_cased, strings)), at_start)


def _trie(strings: Iterable[str]) -> str:
    """A regex matching any of ``strings``, factored by first characters so
    the engine tries one branch per position instead of every string."""
    by_first: dict[str, set[str]] = {}
    for s in strings:
        by_first.setdefault(s[0], set()).add(s[1:])
    out = []
    for first in sorted(by_first):
        rests = by_first[first]
        if "" in rests:  # the shorter string is enough to mark the line
            out.append(re.escape(first))
        elif len(rests) == 1:
            out.append(re.escape(first) + re.escape(rests.pop()))
        else:
            out.append(re.escape(first) + "(?:" + _trie(rests) + ")")
    return "|".join(out)


def _cased(s: str) -> bool:
    return not s.isascii() or s.lower() != s.upper()


Finder = Callable[[str, int], int]


def _finder(strings: list[str]) -> list[Finder]:
    """Scans for ``strings``. One regex scan costs about three ``str.find``
    scans, plus a match attempt (~100 times a character step) wherever one
    of its first characters occurs: strings starting with a common character
    (a lower-case letter, a space) get a ``str.find`` each, the others share
    a regex when there are more than three of them."""
    common, rare = _split(strings)
    if len(rare) <= _FIND_RARE:
        common += rare
        rare = []
    finders: list[Finder] = [partial(_find, s) for s in common]
    if rare:
        finders.append(partial(_search, re.compile(_trie(rare)).search))
    return finders


def _find(needle: str, text: str, pos: int) -> int:
    return text.find(needle, pos)


def _search(search: Callable[[str, int], re.Match[str] | None], text: str, pos: int) -> int:
    m = search(text, pos)
    return -1 if m is None else m.start()


class LineScreen:
    """For each of a list of patterns, the lines it could possibly match.

    Patterns are ``(pattern, at_start)`` pairs. Lines must not contain
    ``"\n"`` (when one does, every line is a candidate).
    """

    def __init__(self, patterns: Sequence[tuple[str, bool]]) -> None:
        self.size = len(patterns)
        found = [literals(p, at_start) for p, at_start in patterns]
        self.unscreened = [i for i, lit in enumerate(found) if lit is None]
        # Three kinds of scan, each shared by the rules that use it: line
        # starts (one regex: the text's newlines are found fast), strings
        # anywhere in the text, and case-insensitive strings anywhere in the
        # case-folded text. A line a shared scan hits is then checked for
        # each rule's own strings, so a rule sees only its own lines.
        anywhere: dict[bool, set[str]] = {True: set(), False: set()}
        # Line-start rules: case-insensitive ones as (?i:) on the text, or,
        # where the case-folded text is at hand, as plain strings on it (half
        # the time: no case-insensitive matching).
        mixed: list[tuple[int, tuple[str, ...], bool]] = []
        folded_starts: list[tuple[int, tuple[str, ...], bool]] = []
        plain_starts: list[tuple[int, tuple[str, ...], bool]] = []
        self.text_rules: list[tuple[int, tuple[str, ...]]] = []
        self.folded_rules: list[tuple[int, tuple[str, ...]]] = []
        for i, lit in enumerate(found):
            if lit is None:
                continue
            if lit.at_start:
                mixed.append((i, lit.strings, lit.folded))
                (folded_starts if lit.folded else plain_starts).append((i, lit.strings, False))
                continue
            plain = tuple(s for s in lit.strings if not (lit.folded and _cased(s)))
            cased = tuple(s for s in lit.strings if lit.folded and _cased(s))
            anywhere[False].update(plain)
            anywhere[True].update(cased)
            if plain:
                self.text_rules.append((i, plain))
            if cased:
                self.folded_rules.append((i, cased))
        self.starts_mixed = _StartScan(mixed)
        self.starts_folded = _StartScan(folded_starts)
        self.starts_plain = _StartScan(plain_starts)
        self.text_finders = _finder(sorted(anywhere[False]))
        self.folded_finders = _finder(sorted(anywhere[True]))
        self.needs_fold = bool(self.folded_finders)

    def candidates(
        self,
        lines: list[str],
        text: str | None = None,
        folded: str | None = None,
        one_line_each: bool = False,
    ) -> list[set[int] | None]:
        """Per pattern, the indexes of lines it may match; None: every line.

        ``text`` is ``"\n" + "\n".join(lines)`` and ``folded`` its
        ``casefold()``, when the caller has them already; ``one_line_each``
        when it has checked that no line holds a "\n".
        """
        out: list[set[int] | None] = [set() for _ in range(self.size)]
        for i in self.unscreened:
            out[i] = None
        if text is None:
            text = "\n" + "\n".join(lines)
        if not one_line_each and text.count("\n") != len(lines):
            return [None] * self.size
        fold_ok = False
        if self.needs_fold or (folded is not None and self.starts_folded.rules):
            if folded is None:
                folded = text.casefold()
            fold_ok = not any(g in folded for g in FOLD_GUARD)
        if fold_ok and folded is not None:
            self.starts_folded.mark(folded, out)
            self.starts_plain.mark(text, out)
        else:
            self.starts_mixed.mark(text, out)
        if self.text_finders:
            _mark_hits(
                out, self.text_rules, _hits(text, self.text_finders, len(self.text_rules) > 1)
            )
        if self.folded_finders:
            if not fold_ok or folded is None:
                for i, _ in self.folded_rules:
                    out[i] = None
            else:
                hits = _hits(folded, self.folded_finders, len(self.folded_rules) > 1)
                _mark_hits(out, self.folded_rules, hits)
        return out

    def plan(
        self,
        lines: list[str],
        text: str | None = None,
        folded: str | None = None,
        one_line_each: bool = False,
    ) -> tuple[Sequence[int], list[set[int] | None]]:
        """The lines worth visiting, in order (those some pattern may match;
        all of them when a pattern is unscreened), and :meth:`candidates`."""
        screened = self.candidates(lines, text, folded, one_line_each)
        sets: list[set[int]] = []
        for found in screened:
            if found is None:
                return range(len(lines)), screened
            sets.append(found)
        return sorted(set().union(*sets)), screened


class _StartScan:
    """Line-start strings of rules (``(index, strings, case-insensitive)``),
    all found with one scan, then checked rule by rule."""

    def __init__(self, rules: list[tuple[int, tuple[str, ...], bool]]) -> None:
        self.rules = [(i, re.compile(_start_regex(strings, ci)).match) for i, strings, ci in rules]
        parts = [
            _start_regex({s for _, strings, c in rules if c == ci for s in strings}, ci)
            for ci in (True, False)
            if any(c == ci for _, _, c in rules)
        ]
        self.search = re.compile("|".join(parts)).search if parts else None

    def mark(self, text: str, out: list[set[int] | None]) -> None:
        if self.search is None:
            return
        for line, start in _start_hits(text, self.search):
            for i, match in self.rules:
                if match(text, start) is not None:
                    _add(out, i, line)


def _start_regex(strings: Iterable[str], case_insensitive: bool) -> str:
    found = _trie(strings)
    return "\n(?i:" + found + ")" if case_insensitive else "\n(?:" + found + ")"


def _mark_hits(
    out: list[set[int] | None], rules: list[tuple[int, tuple[str, ...]]], hits: dict[int, str]
) -> None:
    """Give each hit line to the rules whose own strings it holds."""
    if len(rules) == 1:  # the scan looked for this rule's strings only
        found = out[rules[0][0]]
        if found is not None:
            found.update(hits)
        return
    for line, part in hits.items():
        for i, strings in rules:
            if any(s in part for s in strings):
                _add(out, i, line)


def _add(out: list[set[int] | None], rule: int, line: int) -> None:
    found = out[rule]
    if found is not None:
        found.add(line)


def _start_hits(
    text: str, search: Callable[[str, int], re.Match[str] | None]
) -> list[tuple[int, int]]:
    """(line index, position of its leading "\n") of each line of ``text``
    ("\n" + lines) that ``search`` (a "\n..." regex) hits."""
    hits: list[tuple[int, int]] = []
    count = text.count
    counted = newlines = pos = 0
    while (m := search(text, pos)) is not None:
        start = m.start()
        newlines += count("\n", counted, start)
        hits.append((newlines, start))
        counted = pos = start + 1
        newlines += 1
    return hits


def _hits(text: str, finders: list[Finder], with_lines: bool = True) -> dict[int, str]:
    """Lines of ``text`` ("\n" + lines) holding a string that one of
    ``finders`` finds: line index -> the line (``""`` unless ``with_lines``:
    a scan for one rule's strings needs no second look at the line)."""
    hits: dict[int, str] = {}
    count = text.count
    find = text.find
    rfind = text.rfind
    for finder in finders:
        counted = newlines = pos = 0
        while (start := finder(text, pos)) >= 0:
            newlines += count("\n", counted, start)
            counted = start
            pos = find("\n", start + 1)
            if not with_lines:
                hits[newlines - 1] = ""
            elif newlines - 1 not in hits:
                hits[newlines - 1] = text[rfind("\n", 0, start) + 1 : pos if pos >= 0 else None]
            if pos < 0:
                break
    return hits
