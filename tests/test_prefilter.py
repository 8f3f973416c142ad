"""The literal screen must never leave out a line a rule matches."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.prefilter import FOLD_GUARD, LineScreen, literals
from cleaner.rules import is_anchored, load_rules

LINE_RULES = [r for r in load_rules() if r.kind in ("line", "prefix")]
# Rule kinds applied with re.match: prefix rules, and anchored line rules.
PATTERNS = [(r.pattern or "", r.kind == "prefix" or is_anchored(r)) for r in LINE_RULES]
SCREEN = LineScreen(PATTERNS)


def _matches(pattern: str, at_start: bool, line: str) -> bool:
    rx = re.compile(pattern)
    return (rx.match(line) if at_start else rx.search(line)) is not None


def _assert_screen_keeps_matches(lines: list[str]) -> None:
    for (pattern, at_start), found in zip(PATTERNS, SCREEN.candidates(lines), strict=True):
        for i, line in enumerate(lines):
            if _matches(pattern, at_start, line):
                assert found is None or i in found, (pattern, line)


def test_a_line_prefix_set_comes_from_the_alternatives_at_the_start() -> None:
    lit = literals(r"(?i)^(?:share (?:this|on)\b.{0,60}|tweet)$", True)
    assert lit is not None
    assert lit.strings == ("tweet", "share on", "share this") and lit.folded and lit.at_start


def test_branches_sharing_a_word_are_screened_by_that_word() -> None:
    lit = literals(r"(?i)^.{0,120}\b(?:we use cookies|cookie (?:policy|settings))", True)
    assert lit is not None
    assert lit.strings == ("cookie",) and not lit.at_start


def test_a_small_class_expands_and_case_sensitive_text_is_kept_as_written() -> None:
    lit = literals(r"[Ff]1", False)
    assert lit is not None
    assert lit.strings == ("F1", "f1") and not lit.folded


def test_a_start_too_varied_to_spell_out_is_screened_by_its_first_characters() -> None:
    # 60 words after '<', in both cases, overflow the string cap; the '<'
    # every match starts with is still a screen.
    words = "|".join(f"{c}{i:02d}x" for c in "abcdefghij" for i in range(6))
    lit = literals(rf"^<(?i:{words})>$", True)
    assert lit is not None
    assert lit.strings == ("<",) and lit.at_start


def test_a_pattern_without_required_literals_has_no_screen() -> None:
    assert literals(r"^\S.{0,80}$", True) is None
    assert literals(r"(?:abc)?\d+", False) is None


def test_every_bundled_rule_has_a_screen() -> None:
    # A rule with no literal runs its regex on every line of every document:
    # one such rule (spelled with every wording of its verb, over the string
    # cap) once made text mode 1.5x slower. Write a new rule so it has one.
    unscreened = [LINE_RULES[i].code for i in SCREEN.unscreened]
    assert unscreened == []


def test_every_line_a_rule_matches_is_a_candidate_on_the_rule_examples() -> None:
    lines = [
        line
        for r in LINE_RULES
        for ex in (*r.remove, *r.keep)
        for line in ex.text.split("\n")
        if line
    ]
    _assert_screen_keeps_matches(lines)
    _assert_screen_keeps_matches([x.upper() for x in lines])
    # Characters re matches case-insensitively to ASCII letters.
    _assert_screen_keeps_matches([x.replace("i", "ı").replace("s", "ſ") for x in lines])
    _assert_screen_keeps_matches([x.replace("I", "İ").replace("k", "\u212a") for x in lines])


_WORDS = [
    "Share", "this", "Photo:", "Reuters", "AFP/File", "—", "(@", "pic.twitter.com/x",
    "Published", "Updated", "date", "2021-09-14", "By", "John", "Smith", "cookies",
    "posted by", "on", "Mon,", "Sep", "14,", "2021", "ı", "İ", "ſ", "K", "x", ".", ")",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=8), min_size=1, max_size=6))
def test_every_line_a_rule_matches_is_a_candidate_on_mixed_words(
    words: list[list[str]],
) -> None:
    _assert_screen_keeps_matches([" ".join(w) for w in words])
    _assert_screen_keeps_matches(["".join(w) for w in words])


def test_fold_guard_covers_every_character_re_folds_onto_ascii_otherwise() -> None:
    # A line screened on case-folded text must hold, where re matched an
    # ASCII literal case-insensitively, that literal in lower case.
    any_ascii = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    for code in range(0x80, sys.maxunicode + 1):
        x = chr(code)
        # re folds case only between characters that have a case mapping.
        if x.lower() == x.upper() == x or any_ascii.fullmatch(x) is None:
            continue
        for c in map(chr, range(0x80)):
            if re.fullmatch(re.escape(c), x, re.IGNORECASE):
                folded = x.casefold()
                assert folded == c.lower() or any(g in folded for g in FOLD_GUARD), (x, c)


def test_case_folding_keeps_newlines_where_they_are() -> None:
    for code in range(sys.maxunicode + 1):
        x = chr(code)
        if x != "\n":
            assert "\n" not in x.casefold()
