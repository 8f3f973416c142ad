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
>>> is_dateline("Nov 19, 2019 at 8:59 pm EST")
True
>>> is_dateline("May 5, 2022, the report found widespread fraud.")
False
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MDY = re.compile(rf"\b({MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_NAME}),?\s+((?:19|20)\d\d)\b", re.I
)
_EURO = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")

# Any of the forms above, for patterns in rule files that need "a date here".
DATE_PATTERN = (
    rf"(?:(?:19|20)\d\d[-/.]\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME},?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d)"
)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, or None if there is none."""
    best: tuple[int, str] | None = None
    for rx, order in ((_ISO, "ymd"), (_MDY, "mdy"), (_DMY, "dmy"), (_EURO, "dmy#")):
        m = rx.search(text)
        if m is None or (best is not None and m.start() >= best[0]):
            continue
        a, b, c = m.groups()
        if order == "ymd":
            iso = _iso(int(a), int(b), int(c))
        elif order == "mdy":
            iso = _iso(int(c), MONTHS[a[:3].lower()], int(b))
        elif order == "dmy":
            iso = _iso(int(c), MONTHS[b[:3].lower()], int(a))
        else:
            iso = _iso(int(c), int(b), int(a))
        if iso is not None:
            best = (m.start(), iso)
    return best[1] if best else None


_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTH_OR_DAY = re.compile(rf"(?:{MONTH_NAME}|{_WEEKDAY})$", re.I)
# Lower-case words a dateline carries besides dates and times ('at 8:59 pm',
# 'Updated an hour ago', 'on', zone names written in lower case).
_DATELINE_WORDS = frozenset(
    "a an and at on by ago hour hours minute minutes min mins day days week weeks "
    "am pm updated published posted last first est edt cst cdt mst mdt pst pdt gmt bst utc "
    "cet cest ist pkt".split()
)
# A dateline holds at most this many other lower-case words; a sentence that
# mentions a date ('May 5, 2022, the report found widespread fraud') more.
_MAX_PROSE_WORDS = 2


def is_dateline(text: str) -> bool:
    """Whether ``text``, which holds a date, is a dateline: dates, times,
    zones, names (capitalised) and a few short words, not a sentence."""
    for rx in (_ISO, _MDY, _DMY, _EURO, _TIME):
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
