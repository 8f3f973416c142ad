"""metadata: headline, dateline and "Published …" lines become metadata.

Prefix rules match at the start of a line (``re.match``); the matched part
is removed and, when the rule names a ``field``, its ``value`` group (or the
whole match) is stored, dates as ISO. A rule whose field is a date does not
fire when no date can be read, so "Published in 1998, the book …" stays,
nor when the date sits in a sentence ("Published on May 5, 2022, the report
found …"; see ``cleaner.dates.is_dateline``). A date that reads both ways
(04/05/2021, under an English label or none) is a dateline still: the line
goes and no date is stored. Under a label in another language it reads
day first. A dateline joined to a byline on one line ("Jane Doe · Posted:
Feb 12, 2024") goes whole.
Only the first lines of a document fill metadata; the same lines further
down are removed without overwriting it, except by a rule with
``head_only`` (META105, a bare date line), which acts only there; its date
is ``published`` when no other line gives one.
"""

from __future__ import annotations

import re

from cleaner.dates import ambiguous, is_dateline, parse_date
from cleaner.document import FULL_STOP, SCRIPT_STOPS, Document, words
from cleaner.prefilter import LineScreen
from cleaner.rules import Rule, RuleSet
from cleaner.stages import Stage

DATE_FIELDS = frozenset({"published", "updated", "date"})
# A bare date line among the first lines (META105): the article's date, but
# stored as "published" only when no line or page tag names one ("Published
# …" further down, or an HTML page's article:published_time, wins).
BARE_DATE = "date"
# A headline does not end like a sentence or a clause: full stops, colons,
# semicolons and commas, in other scripts too (CJK and full-width, Arabic
# commas and semicolon, and the scripts' full stops of SCRIPT_STOPS).
_TERMINAL = (
    *FULL_STOP,
    *(":", ";", ","),
    *("。", "．", "，", "、", "：", "；", "،", "؛"),
    *SCRIPT_STOPS,
)


class MetadataStage(Stage):
    name = "metadata"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        # (rule, its regex, whether it acts only among the first lines)
        self.prefixes: list[tuple[Rule, re.Pattern[str], bool]] = [
            (r, re.compile(r.pattern or ""), bool(r.param("head_only", False)))
            for r in rules.active("metadata", "prefix")
        ]
        self.headline = rules.first("metadata", "headline")
        # Prefix rules are tried only on lines that start with (or hold) the
        # literal text their patterns need; see cleaner.prefilter. Rules
        # acting only among the first lines have a screen of their own, run
        # on those lines alone: screening the whole text for them (META105:
        # "19", "20") found thousands of lines they may not act on.
        self.groups = [
            [i for i, (_, _, head_only) in enumerate(self.prefixes) if head_only == flag]
            for flag in (False, True)
        ]
        self.screens = [
            LineScreen([(self.prefixes[i][0].pattern or "", True) for i in group])
            for group in self.groups
        ]

    def run(self, doc: Document) -> None:
        lines = doc.lines
        drop: dict[int, str] = {}
        if self.prefixes:
            head = self.headline.param("head_lines", 8) if self.headline else 8
            screened: list[set[int] | None] = [None] * len(self.prefixes)
            visit: set[int] = set()
            scopes = (lines, lines[:head])
            for group, screen, scope in zip(self.groups, self.screens, scopes, strict=True):
                if group:
                    todo, found = screen.plan(scope, one_line_each=True)
                    visit.update(todo)
                    for i, candidates in zip(group, found, strict=True):
                        screened[i] = candidates
            todo = sorted(visit)
            bare: str | None = None
            rules = list(zip(self.prefixes, screened, strict=True))
            for i in todo:
                line = lines[i]
                # Metadata lines are short; a long line is prose, whatever its start.
                if len(line) > 300:
                    continue
                # Once a prefix is cut off, the rest of the line is new text
                # the screen has not seen: later rules are then all tried.
                cut = False
                for (rule, rx, head_only), candidates in rules:
                    if not cut and candidates is not None and i not in candidates:
                        continue
                    if head_only and i >= head:
                        continue
                    m = rx.match(line)
                    if m is None:
                        continue
                    value: str | None = m.groupdict().get("value") or m.group(0)
                    if rule.field in DATE_FIELDS:
                        dated, value = _dateline(m, line)
                        if not dated:
                            continue
                    if value is not None and rule.field and i < head:
                        if rule.field != BARE_DATE:
                            doc.metadata.setdefault(rule.field, value.strip())
                        elif bare is None:
                            bare = value
                    rest = line[m.end() :].strip()
                    if rest:
                        doc.remove(rule.code, self.name, line[: m.end()].strip())
                        lines[i] = line = rest
                        cut = True
                    else:
                        drop[i] = rule.code
                        break
            self._joined(doc, lines[:head], drop)
            if bare is not None:
                doc.metadata.setdefault("published", bare)
        if self.headline is not None:
            self._headline(doc, drop)
        doc.drop_lines(drop, self.name)

    def _joined(self, doc: Document, head: list[str], drop: dict[int, str]) -> None:
        """Datelines joined to a byline on one line: "Emily Chung · CBC News ·
        Posted: Feb 12, 2024 4:00 AM EST", "TNN / Updated: Jul 18, 2023".
        Among the first lines, a line whose parts (split at " · ", " | ",
        " / ", " • ") are a dateline and short names goes whole, and the date
        is stored as the dateline's rule says."""
        for i, line in enumerate(head):
            if i in drop or len(line) > 300 or _JOINS.search(line) is None:
                continue
            found: tuple[Rule, str | None] | None = None
            names_only = True
            for part in _JOINS.split(line):
                hit = self._date_part(part) if found is None else None
                if hit is not None:
                    found = hit
                elif words(part) > _NAME_PART_WORDS:
                    names_only = False
                    break
            if found is None or not names_only:
                continue
            rule, value = found
            if value is not None:
                field = "published" if rule.field == BARE_DATE else rule.field
                doc.metadata.setdefault(field or "published", value)
            drop[i] = rule.code

    def _date_part(self, part: str) -> tuple[Rule, str | None] | None:
        """The date rule that ``part`` is a dateline of, whole, and its date."""
        for rule, rx, _ in self.prefixes:
            if rule.field not in DATE_FIELDS:
                continue
            m = rx.match(part)
            if m is not None and m.end() == len(part):
                dated, value = _dateline(m, part)
                if dated:
                    return rule, value
        return None

    def _headline(self, doc: Document, drop: dict[int, str]) -> None:
        rule = self.headline
        assert rule is not None
        # drop holds indexes of lines, so the lines left are the others.
        if len(doc.lines) - len(drop) < rule.param("min_lines", 3):
            return
        kept = (i for i in range(len(doc.lines)) if i not in drop)
        first = next(kept, None)
        if first is None:  # only with min_lines < 1 and every line dropped
            return
        line = doc.lines[first]
        # A section label ("Health") or a breadcrumb ("Home / World / Asia")
        # above the headline: the headline is the line after it, unless that
        # is a menu ("Markets Companies Tech Economy"; a headline in title
        # case after a label is then missed, not a menu taken for it).
        # A label is one word by words(): a Chinese or Japanese headline has
        # no spaces, but many words. After one, a question or exclamation
        # is more likely a lede than a headline.
        least = rule.param("min_words", 2)
        if words(line) < least or _breadcrumb(line):
            first = next(kept, None)
            if first is None:
                return
            line = doc.lines[first]
            if all(w[0].isupper() for w in line.split(" ")) or line.endswith(("?", "!")):
                return
        if not (least <= words(line) <= rule.param("max_words", 20)):
            return
        # A headline starts with a capital or a digit, or a letter of a
        # script without case (Chinese, Arabic, Hindi, Thai …).
        c = line[0]
        if line.endswith(_TERMINAL) or not (c.isupper() or c.isdigit() or _caseless(c)):
            return
        if "title" not in doc.metadata:
            doc.metadata["title"] = line
        drop[first] = rule.code


# Words of English datelines' labels ("Last updated on"): a label of other
# words is in a language that writes the day first (04/05/2021 is 4 May).
_ENGLISH_LABEL = frozenset(
    "published posted issued updated last first on at by "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)
_LABEL_WORD = re.compile(r"[^\W\d_]+")


def _day_first(label: str) -> bool:
    """Whether a dateline's label ("Actualizado:", "Posted on") is not English.

    >>> _day_first("Actualizado: "), _day_first("Last updated on "), _day_first("")
    (True, False, False)
    """
    return any(w not in _ENGLISH_LABEL for w in _LABEL_WORD.findall(label.casefold()))


_CRUMB = re.compile(r" [/>›»|] ")
_CRUMB_FIRST_WORDS = 3


def _breadcrumb(line: str) -> bool:
    """Three or more parts joined by " / ", " > ", " › ", " » " or " | ", the
    first of a few words: a breadcrumb or a menu ("Home / World / Asia"), not
    a page title ("Floods hit the coast again | News | Site").

    >>> _breadcrumb("Home / India News / Karnataka polls")
    True
    >>> _breadcrumb("A long headline of many words | News | Site")
    False
    """
    joins = _CRUMB.findall(line, 0, 300)
    return len(joins) >= 2 and words(_CRUMB.split(line, 1)[0]) <= _CRUMB_FIRST_WORDS


def _dateline(m: re.Match[str], line: str) -> tuple[bool, str | None]:
    """Whether a date rule's match ``m`` in ``line`` is a dateline, and its
    date as ISO (None when it reads both ways, 04/05/2021)."""
    value = m.groupdict().get("value") or m.group(0)
    # A date in a sentence ('Published on May 5, 2022, the report found …')
    # is not a dateline.
    if not is_dateline(value):
        return False, None
    label = line[: m.start("value")] if "value" in m.re.groupindex else ""
    iso = parse_date(value, day_first=_day_first(label))
    # 04/05/2021 under an English label or none: a dateline still, but its
    # date unknown.
    if iso is None and not ambiguous(value):
        return False, None
    return True, iso


# What joins a byline's parts on one line, and how long a part besides the
# dateline may be (a name, an outlet, a section, "3 min read").
_JOINS = re.compile(" (?:·|\\||/|•) ")
_NAME_PART_WORDS = 5


def _caseless(c: str) -> bool:
    """A letter of a script without case.

    >>> _caseless("中"), _caseless("ب"), _caseless("a"), _caseless("-")
    (True, True, False, False)
    """
    return c.isalpha() and c.lower() == c.upper()
