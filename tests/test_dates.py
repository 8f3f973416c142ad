"""cleaner.dates: which dates are read, and how much text is looked at."""

from __future__ import annotations

import pytest

from cleaner.dates import ambiguous, is_dateline, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Publié le 14 septembre 2021 à 10h15", "2021-09-14"),
        ("Veröffentlicht am 14. März 2021", "2021-03-14"),
        ("Publicado el 5 de mayo del 2021", "2021-05-05"),
        ("Опубликовано 14 сентября 2021", "2021-09-14"),
        ("2021年9月14日 10:30", "2021-09-14"),
        ("2021년 9월 14일", "2021-09-14"),
        ("14/09/2021", "2021-09-14"),
        ("09/14/2021", "2021-09-14"),
    ],
)
def test_dates_in_other_languages_and_forms_are_read(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_an_ambiguous_or_impossible_date_is_passed_over_for_the_next() -> None:
    assert parse_date("04/05/2021") is None
    assert parse_date("04/05/2021, updated 14/09/2021") == "2021-09-14"
    assert parse_date("31 February 2021 or 1 March 2021") == "2021-03-01"


def test_english_words_are_not_month_names() -> None:
    # Short forms in other languages that are English words are left out.
    assert parse_date("Sold out 14, 2021") is None
    assert parse_date("the report set 5 2021") is None
    assert not is_dateline("May 5, 2022, the report found widespread fraud.")


def test_only_the_start_of_a_long_value_is_read() -> None:
    # Dates come in short values; a page's megabyte attribute is not scanned.
    assert parse_date("2021-09-14" + " filler" * 1000) == "2021-09-14"
    assert parse_date(" filler" * 1000 + "2021-09-14") is None


def test_a_numeric_date_that_reads_both_ways_needs_the_day_first_hint() -> None:
    assert parse_date("04/05/2021") is None
    assert parse_date("04/05/2021", day_first=True) == "2021-05-04"
    # Over 12 the order is plain either way; equal numbers read the same.
    assert parse_date("14/05/2021", day_first=False) == "2021-05-14"
    assert parse_date("05/14/2021", day_first=True) == "2021-05-14"
    assert parse_date("05/05/2021") == "2021-05-05"
    assert ambiguous("04/05/2021 - 10:45") and not ambiguous("05/05/2021")
