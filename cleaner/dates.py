"""Parse the dates news pages print into ISO ``YYYY-MM-DD``.

>>> parse_date("September 14, 2021")
'2021-09-14'
>>> parse_date("Updated 02 May, 2024")
'2024-05-02'
>>> parse_date("2021-09-14T10:00:00Z")
'2021-09-14'
>>> parse_date("Tue 14 Sept. 2021 10:15 PKT")
'2021-09-14'
>>> parse_date("the 14th") is None
True
>>> parse_date("14 de septiembre de 2021"), parse_date("14. September 2021")
('2021-09-14', '2021-09-14')
>>> parse_date("14 сентября 2021"), parse_date("2021年9月14日")
('2021-09-14', '2021-09-14')
>>> parse_date("14/09/2021"), parse_date("09/14/2021"), parse_date("04/05/2021")
('2021-09-14', '2021-09-14', None)
>>> parse_date("14 JUİN 2021"), parse_date("ſep 14, 2021")
(None, None)
>>> parse_date("04/05/2021 (updated 14/09/2021)")
'2021-09-14'
>>> is_dateline("Nov 19, 2019 at 8:59 pm EST")
True
>>> is_dateline("May 5, 2022, the report found widespread fraud.")
False
"""

from __future__ import annotations

import re
from datetime import date
from itertools import islice

# Month names and their usual abbreviations, as dates print them: English,
# French, German, Dutch, Spanish, Portuguese, Italian, Russian (genitive:
# "14 сентября 2021"). A form shared by two languages names the same month.
# Left out: short forms that are English words ("out" for outubro, "set",
# "ago", "mag", "gen") and "marco" (março without its cedilla: a name).
_MONTH_FORMS = (
    # (English forms, other languages' forms), January to December
    ("jan january", "janv janvier januar jänner januari enero ene janeiro gennaio января янв"),
    (
        "feb february",
        "fév févr février februar februari febrero fevereiro fev febbraio февраля фев",
    ),
    ("mar march", "mars märz maart mrt marzo março марта"),
    ("apr april", "avr avril abril abr aprile апреля"),
    ("may", "mai mei mayo maio maggio мая"),
    ("jun june", "juin juni junio junho giugno июня"),
    ("jul july", "juil juillet juli julio julho luglio lug июля"),
    ("aug august", "août augustus agosto августа авг"),
    ("sep sept september", "septembre septiembre setiembre setembro settembre сентября сен"),
    ("oct october", "octobre oktober okt octubre outubro ottobre ott октября"),
    ("nov november", "novembre noviembre novembro ноября"),
    ("dec december", "déc décembre dezember dez diciembre dic dezembro dicembre декабря дек"),
)
MONTHS = {form: n for n, forms in enumerate(_MONTH_FORMS, 1) for form in " ".join(forms).split()}
# Longest first, so "september" is taken whole rather than as "sep".
MONTH_NAME = "(?:" + "|".join(sorted(MONTHS, key=lambda f: (-len(f), f))) + r")\.?"
_ISO = re.compile(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MDY = re.compile(rf"\b({MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
# "14 September 2021", "14th of September", "14. September 2021" (German),
# "1er septembre 2021" (French), "14 de septiembre de 2021", "5 de mayo del
# 2021" (Spanish, Portuguese).
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?({MONTH_NAME}),?\s+(?:del?\s+)?"
    r"((?:19|20)\d\d)\b",
    re.I,
)
_EURO = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
# Chinese and Japanese 2021年9月14日, Korean 2021년 9월 14일.
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
# 14/09/2021 or 09/14/2021: read only when the order is plain (one of the two
# numbers is over 12); 04/05/2021 is April or May and stays unread.
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")


def _month(word: str) -> int:
    """The month ``word`` names, or 0. With re.I a month pattern also
    matches "İ" and "ſ" for i and s ("JUİN"), which lower-case to no name."""
    return MONTHS.get(word.lower().rstrip("."), 0)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# Matches of one form read before giving up on it.
_TRIES = 4
# Dates are read from short values: a dateline (metadata lines are at most
# 300 characters), a meta or time attribute, a JSON-LD field.
_MAX_CHARS = 1000


def _read(order: str, a: str, b: str, c: str, day_first: bool = False) -> str | None:
    if order == "ymd":
        return _iso(int(a), int(b), int(c))
    if order == "mdy":
        return _iso(int(c), _month(a), int(b))
    if order == "dmy":
        return _iso(int(c), _month(b), int(a))
    if order == "d.m.y" or int(a) > 12 >= int(b):
        return _iso(int(c), int(b), int(a))
    if int(b) > 12 >= int(a):
        return _iso(int(c), int(a), int(b))
    if day_first or int(a) == int(b):
        return _iso(int(c), int(b), int(a))
    return None


_FORMS = (
    (_ISO, "ymd"),
    (_CJK, "ymd"),
    (_MDY, "mdy"),
    (_DMY, "dmy"),
    (_EURO, "d.m.y"),
    (_SLASH, "d/m/y"),
)


def parse_date(text: str, day_first: bool = False) -> str | None:
    """The first date in ``text`` as ISO, or None if there is none. A match
    that is no date (31 February, 04/05/2021 read either way unless
    ``day_first``: the text is in a language that writes the day first) is
    passed over for the next one, up to _TRIES per form. Only the first
    _MAX_CHARS characters are read: a page's meta content of megabytes took
    seconds to scan six times."""
    text = text[:_MAX_CHARS]
    best: tuple[int, str] | None = None
    for rx, order in _FORMS:
        for m in islice(rx.finditer(text), _TRIES):
            if best is not None and m.start() >= best[0]:
                break
            a, b, c = m.groups()
            iso = _read(order, a, b, c, day_first)
            if iso is not None:
                best = (m.start(), iso)
                break
    return best[1] if best else None


def ambiguous(text: str) -> bool:
    """Whether ``text`` starts with a numeric date that reads both ways
    (04/05/2021: April or May).

    >>> ambiguous("04/05/2021 - 10:45"), ambiguous("14/05/2021"), ambiguous("May 4")
    (True, False, False)
    """
    m = _SLASH.match(text.strip()[:_MAX_CHARS])
    return m is not None and int(m[1]) <= 12 and int(m[2]) <= 12 and int(m[1]) != int(m[2])


_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
# English names only: other languages' short forms include words ("set",
# "out", "mag") a sentence uses, and a full date in any language is gone
# before this test.
_EN_MONTH = "(?:" + "|".join(f for english, _ in _MONTH_FORMS for f in english.split()) + ")"
_MONTH_OR_DAY = re.compile(rf"(?:{_EN_MONTH}|{_WEEKDAY})$", re.I)
# Lower-case words a dateline carries besides dates and times ('at 8:59 pm',
# 'Updated an hour ago', 'on', zone names written in lower case).
_DATELINE_WORDS = frozenset(
    "a an and at on by ago hour hours minute minutes min mins day days week weeks "
    "am pm updated published posted last first est edt cst cdt mst mdt pst pdt gmt bst utc "
    "cet cest ist pkt".split()
)
# What a dateline is made of besides words: dates of every form, and times.
_DATELINE_PARTS = (*(rx for rx, _ in _FORMS), _TIME)
# A dateline holds at most this many other lower-case words; a sentence that
# mentions a date ('May 5, 2022, the report found widespread fraud') more.
_MAX_PROSE_WORDS = 2


def is_dateline(text: str) -> bool:
    """Whether ``text``, which holds a date, is a dateline: dates, times,
    zones, names (capitalised) and a few short words, not a sentence."""
    for rx in _DATELINE_PARTS:
        text = rx.sub(" ", text)
    prose = [
        w
        for w in _WORD.findall(text)
        if w.islower()
        and len(w) > 1
        and w not in _DATELINE_WORDS
        and _MONTH_OR_DAY.match(w) is None
    ]
    return len(prose) <= _MAX_PROSE_WORDS
