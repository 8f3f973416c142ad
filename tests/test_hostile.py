"""Hostile text: only CleanerError may come out, and work stays linear.

Time bounds live in benchmarks; here each input must simply finish (pytest's
own run time would show a quadratic blow-up on these sizes) and give text.
"""

from __future__ import annotations

import re

import pytest

import cleaner
from cleaner.rules import load_rules

HOSTILE = {
    "empty": "",
    "invalid_utf8": b"\xff\xfe\xfa text \xc3\x28 more",
    "nuls_1mb": "\x00" * 1_000_000,
    "single_line_5mb": "word " * 1_000_000,
    "spaces_80k": " " * 80_000,
    "lt_100k": "<" * 100_000,
    "repeated_lines_100k": "The same line again.\n" * 100_000,
    # Each header heads a block SB108 removes: 99,000 lines, 66,000 of them SB108's.
    "related_blocks_100k": "Related\nCouncil keeps the ferry\nThe vote was close.\n" * 33_000,
    "unclosed_tag_run": "<a " * 50_000,
    "unclosed_comment": "<!-- " * 20_000 + "text",
    "unclosed_script": "Intro.\n<script>" + "x" * 1_000_000,
    # Scripts without spaces: words are counted from the letters (words()),
    # on lines that differ (identical ones go as repeats before TXT101 runs).
    "han_line_5mb": "中" * 5_000_000,
    "han_lines_4mb": "".join(f"第{i}段" + "中文" * 100 + "。\n" for i in range(20_000)),
    "thai_lines_100k": "".join(f"ภาษาไทย{i} " + "ภาษาราชการ" * 8 + "\n" for i in range(100_000)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gives_text_or_cleaner_error(name: str) -> None:
    try:
        result = cleaner.clean(HOSTILE[name], mode="text")
    except cleaner.CleanerError:
        return
    assert "\x00" not in result.text
    result.text.encode("utf-8")


def test_nul_bytes_as_bytes_are_quarantined_as_binary() -> None:
    with pytest.raises(cleaner.QuarantineError) as info:
        cleaner.clean(b"\x00" * 1_000_000, mode="text")
    assert info.value.reason == "binary"


def test_unclosed_script_content_never_reaches_output() -> None:
    result = cleaner.clean("Intro text here.\n<script>var secret = 1;", mode="text")
    assert result.text == "Intro text here."
    assert result.removals[0].rule == "MK102"


def test_lines_repeated_back_to_back_all_go_and_every_copy_is_recorded() -> None:
    # A line repeated within a few lines is a caption (CAP101): all copies go,
    # and none goes unrecorded.
    result = cleaner.clean("The same line again.\n" * 1000, mode="text")
    assert result.text == "" and result.outcome == "empty"
    assert len(result.removals) == 1000
    assert {r.rule for r in result.removals} == {"CAP101"}


ATTACKS = ["a" * 50_000, " " * 80_000, "— " * 20_000, "(" * 50_000, "word " * 10_000 + "(@x"]


@pytest.mark.parametrize(
    "rule", [r for r in load_rules() if r.kind in ("line", "prefix")], ids=lambda r: r.code
)
def test_every_regex_rule_runs_on_attack_strings(rule) -> None:  # type: ignore[no-untyped-def]
    rx = re.compile(rule.pattern or "") if rule.kind == "line" else None
    for attack in ATTACKS:
        if rx is not None:
            rx.search(attack[:1000])
        else:
            re.match(rule.pattern or "", attack[:300])
