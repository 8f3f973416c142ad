"""The metadata stage over whole documents: which line gives the title and
the published date when several could."""

from __future__ import annotations

import cleaner

BODY = (
    "The council voted on Tuesday to keep the ferry running for another ten years.\n"
    "Repairs will cost about two million euros over five years, the harbour master said.\n"
    "Members also agreed to review the fares in two years, the mayor said.\n"
)


def test_a_bare_date_line_under_the_headline_is_the_published_date() -> None:
    r = cleaner.clean("Council keeps the ferry\nTuesday, May 14, 2024\n" + BODY, mode="text")
    assert r.metadata == {"title": "Council keeps the ferry", "published": "2024-05-14"}
    # Removals in document order.
    assert [(x.rule, x.text) for x in r.removals] == [
        ("META101", "Council keeps the ferry"),
        ("META105", "Tuesday, May 14, 2024"),
    ]


def test_a_published_line_wins_over_a_bare_date_line() -> None:
    raw = "Council keeps the ferry\n02 May, 2024\nPublished May 14, 2024\n" + BODY
    assert cleaner.clean(raw, mode="text").metadata["published"] == "2024-05-14"


def test_a_bare_date_far_down_is_not_the_published_date() -> None:
    raw = "Council keeps the ferry\n" + BODY * 3 + "May 14, 2024\n" + BODY
    assert "published" not in cleaner.clean(raw, mode="text").metadata


def test_the_headline_under_a_section_label_or_breadcrumb_is_the_title() -> None:
    for label in ("Politics", "Home / News / Politics", "Home > News > Politics"):
        r = cleaner.clean(label + "\nCouncil keeps the ferry running\n" + BODY, mode="text")
        assert r.metadata.get("title") == "Council keeps the ferry running", label
        assert label not in r.text


def test_a_menu_under_a_label_is_not_taken_for_the_headline() -> None:
    r = cleaner.clean("MENU\nNews Sport Business Culture\n" + BODY, mode="text")
    assert "title" not in r.metadata


def test_a_numeric_date_reads_day_first_under_a_label_in_another_language() -> None:
    r = cleaner.clean("Council keeps the ferry\nActualizado: 12/03/2024 - 10:45\n" + BODY, "text")
    assert r.metadata["updated"] == "2024-03-12"
    r = cleaner.clean("Council keeps the ferry\nPublié le 04/05/2024\n" + BODY, "text")
    assert r.metadata["published"] == "2024-05-04"


def test_a_dateline_whose_date_reads_both_ways_goes_without_a_date() -> None:
    for line in ("Issued on: 12/01/2023 - 17:05", "04/05/2021"):
        r = cleaner.clean("Council keeps the ferry\n" + line + "\n" + BODY, "text")
        assert "published" not in r.metadata, line
        assert [x.rule for x in r.removals if x.text == line] in (["META102"], ["META105"])


def test_a_dateline_joined_to_a_byline_goes_whole_and_gives_the_date() -> None:
    line = "Emily Chung · CBC News · Posted: Feb 12, 2024 4:00 AM EST | Last Updated: February 12"
    r = cleaner.clean("Council keeps the ferry\n" + line + "\n" + BODY, "text")
    assert r.metadata["published"] == "2024-02-12"
    assert ("META102", line) in [(x.rule, x.text) for x in r.removals]
    # A part longer than a name: a sentence that holds a date, not a byline.
    line = "The vote / held on Feb 12, 2024 after a long debate about the ferry and its cost"
    r = cleaner.clean("Council keeps the ferry\n" + line + "\n" + BODY, "text")
    assert "published" not in r.metadata
