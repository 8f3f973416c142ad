"""How the blocks steps share out section headers, with every rule on.

Each rule's own examples run it alone (test_rule_examples.py); these run the
whole pipeline, where one step could take a line another step needs.
"""

from __future__ import annotations

import cleaner

PROSE = [
    "The council voted on Tuesday to keep the ferry running for another ten years, "
    "after a long debate about its cost to the town and the state of its hull.",
    "Repairs will cost about two million euros over five years, the harbour master "
    "told members, and the work will start in the spring once the summer timetable ends.",
    "Members also agreed to review the fares in two years and to ask the regional "
    "government for help with the cost of a new engine for the older of the two boats.",
]


def _by_rule(result: cleaner.Result) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for removal in result.removals:
        found.setdefault(removal.rule, []).append(removal.text)
    return found


def test_a_read_more_header_inside_the_article_goes_with_its_headlines() -> None:
    # No line rule takes the bare "Read more" first: it heads the block.
    block = ["Read more", "Bridge plan dropped again after costs soar", "Harbour master to retire"]
    text = "\n".join([PROSE[0], *block, PROSE[1], PROSE[2]])
    result = cleaner.clean(text, mode="text")
    assert _by_rule(result) == {"SB108": block}
    assert result.text == "\n\n".join(PROSE)


def test_a_related_block_at_the_end_stays_the_sidebar_rules() -> None:
    tail = ["Related", "Bridge plan dropped again after costs soar", "Harbour master to retire"]
    text = "\n".join([*PROSE, *tail])
    assert _by_rule(cleaner.clean(text, mode="text")) == {"SB101": tail}


def test_a_long_list_under_a_header_is_not_an_inline_block() -> None:
    # More than max_lines (8) short lines: SB108 leaves them (to TXT101).
    items = [f"Item number {i}" for i in range(10)]
    text = "\n".join([PROSE[0], "Most read", *items, PROSE[1], PROSE[2]])
    assert "SB108" not in _by_rule(cleaner.clean(text, mode="text"))
