"""segment: paragraphs from blank lines, single newlines and hard wrapping."""

from __future__ import annotations

import textwrap

import cleaner
from cleaner.stages.segment import _wrap_width

PROSE = [
    "The council voted on Tuesday to keep the ferry running for another ten years, after a "
    "long debate about its cost to the town and the state of its hull, which inspectors "
    "found worse than the last report had said.",
    "Repairs will cost about two million euros over five years, the harbour master told "
    "members, and the work will start in the spring once the summer timetable ends and the "
    "older of the two boats can be taken out of the water.",
    "Members also agreed to review the fares in two years and to ask the regional government "
    "for help with the cost of a new engine for the older boat, which was built in 1971 and "
    "has run between the two villages every day since.",
]


def _wrapped(width: int) -> str:
    """PROSE hard-wrapped at ``width``, a blank line between paragraphs."""
    return "\n\n".join(textwrap.fill(p, width) for p in PROSE)


def test_a_hard_wrapped_article_comes_back_as_its_paragraphs() -> None:
    for width in (60, 72, 80):
        wrapped = _wrapped(width)
        assert wrapped.count("\n") > 3 * len(PROSE)  # really wrapped
        result = cleaner.clean(wrapped, mode="text")
        assert result.text == "\n\n".join(PROSE), width
        assert not result.removals


def test_without_unwrapping_the_same_article_would_lose_most_lines() -> None:
    # Why the step exists: line by line, the wrapped fragments look like
    # menu items to the main-region step.
    wrapped = _wrapped(72)
    lines = [line for line in wrapped.split("\n") if line]
    assert _wrap_width(lines)
    assert not _wrap_width(PROSE * 3)  # long paragraph lines are not wrapped text


def test_a_word_broken_after_its_hyphen_is_joined_without_a_space() -> None:
    text = _wrapped(72)
    # A compound word split over two lines: 'long-' at the end of a full
    # line, 'term' at the start of the next.
    first = "The council said on Tuesday that it had agreed a new plan for the long-"
    assert len(first) == 71  # 'term' would not have fit in 72 columns
    para = first + "\nterm future of the ferry, which has run since 1921."
    result = cleaner.clean(text + "\n\n" + para, mode="text")
    assert "plan for the long-term future of the ferry" in result.text


def test_short_lines_at_a_fixed_width_are_not_joined() -> None:
    # A list in wrapped text: each next item would have fit after the one
    # before, so the breaks are the author's.
    items = ["- ferry fares", "- bus lanes", "- school meals", "- the new bridge"]
    body = (
        textwrap.fill(PROSE[0], 72) + "\n" + "\n".join(items) + "\n" + textwrap.fill(PROSE[1], 72)
    )
    result = cleaner.clean(body, mode="text")
    for item in items:
        assert item in result.text.split("\n\n") or item in [r.text for r in result.removals]


def test_scraped_text_with_long_paragraph_lines_is_left_as_it_is() -> None:
    lines = [
        "Home",
        "World",
        "Business",
        *PROSE,
        "Share this article",
        "Contact us",
        "Terms",
        "Privacy",
    ]
    assert not _wrap_width(lines)
