"""The decode stage's plain-text check."""

from __future__ import annotations

import cleaner
from cleaner.stages.decode import _SPACE_RE, ATTENTION_RE, CONTROL_RE

EVERYTHING = "".join(map(chr, range(0x110000)))
ATTENTION = frozenset(ATTENTION_RE.findall(EVERYTHING))


def test_every_attention_character_is_unprintable() -> None:
    # The decode stage takes text that str.isprintable passes (newlines made
    # spaces) as plain without running ATTENTION_RE: that is only sound if
    # no character ATTENTION_RE finds is printable.
    found = ATTENTION - {"\n"}
    assert len(found) > 100  # the class itself, not an empty match
    assert [hex(ord(c)) for c in found if c.isprintable()] == []


def test_attention_characters_are_exactly_the_controls_and_the_spaces() -> None:
    # Decode marks text plain without a last scan once it has removed the
    # controls and folded the spaces: only sound if nothing else is left.
    assert ATTENTION == set("".join(CONTROL_RE.findall(EVERYTHING))) | set(
        _SPACE_RE.findall(EVERYTHING)
    )


def test_unprintable_text_still_gets_cleaned() -> None:
    raw = "First\u00a0line of the article.\n\nSecond\u200b line\tof it."
    r = cleaner.clean(raw, "text")
    assert r.text == "First line of the article.\n\nSecond line of it."
    assert [x.text for x in r.removals if x.stage == "decode"] == ["\u200b"]


def test_printable_non_ascii_text_is_left_alone() -> None:
    raw = "Der Straßenbahn-Fahrer sagte: „Ich weiß es nicht.“\nΚαλημέρα κόσμε, τι κάνεις;"
    r = cleaner.clean(raw, "text")
    assert r.text == raw.replace("\n", "\n\n")
    assert r.removals == ()


def test_legacy_charsets_are_detected_not_read_as_windows_1252() -> None:
    # chardet is a core dependency: without a detector bs4 falls back to
    # windows-1252 and these come out as mojibake ("Ïðèâåò", "ÕâÊÇ").
    cases = {
        "cp1251": "Правительство объявило сегодня о новых мерах поддержки фермеров.",
        "koi8_r": "Правительство объявило сегодня о новых мерах поддержки фермеров.",
        "shift_jis": "政府は本日、農家への新たな支援策を発表しました。",
        "gbk": "政府今天宣布了支持农民的新措施。",
        "latin-1": "Le gouvernement a annoncé aujourd'hui des mesures très attendues.",
    }
    for charset, text in cases.items():
        assert cleaner.clean(text.encode(charset), "text").text == text, charset


def test_control_characters_are_all_dropped_and_recorded_in_order() -> None:
    from cleaner.stages.decode import CONTROL_RE, drop_chars

    few = "\x00\u200b\ufeff"
    many = "".join(chr(c) for c in range(0x0E, 0x1A)) + "\ud800\udfff"  # 14 distinct
    for controls in (few, many):
        raw = "".join(f"Word{i}{c} " for i, c in enumerate(controls)) + "end of the line."
        assert drop_chars(raw, set(controls)) == CONTROL_RE.sub("", raw)
        r = cleaner.clean(raw, "text")
        assert r.text == " ".join(f"Word{i}" for i in range(len(controls))) + " end of the line."
        decode = [x for x in r.removals if x.stage == "decode"]
        expected = controls.encode("utf-8", "backslashreplace").decode("utf-8")
        assert [(x.rule, x.text) for x in decode] == [("DEC101", expected)]
