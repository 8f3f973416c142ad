from __future__ import annotations

import pickle

import pytest

import cleaner
from cleaner.errors import ConfigError

PAGE = (
    "<!DOCTYPE html><html><head><title>Bridge to close | Town News</title>"
    '<meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>'
    "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<article><h1>Bridge to close</h1>"
    "<p>The council voted on Tuesday to close the bridge, which opened in 1962.</p>"
    "<p>Engineers found cracks in two of its piers, the council said.</p></article>"
    "<footer>© Town News</footer></body></html>"
)


def test_html_mode_returns_the_article_paragraphs_and_page_metadata() -> None:
    r = cleaner.clean(PAGE, mode="html")
    assert r.mode == "html"
    assert r.text == (
        "The council voted on Tuesday to close the bridge, which opened in 1962.\n\n"
        "Engineers found cracks in two of its piers, the council said."
    )
    # h1 wins over <title>, which carries the site name
    assert r.metadata == {"title": "Bridge to close", "published": "2024-05-01"}
    removed = {x.rule: x.text for x in r.removals}
    # The headline goes by its own rule; menu and footer lie outside the
    # article element, so main-content selection records them.
    assert removed["DOM113"] == "Bridge to close"
    assert removed["DOM201"] == "Home News\n© Town News"


def test_auto_mode_sends_full_pages_to_html_and_fragments_to_text() -> None:
    assert cleaner.clean("Text with <b>bold</b> word.").text == "Text with bold word."
    assert cleaner.clean(PAGE).mode == "html"
    assert cleaner.clean(PAGE.encode("utf-8")).text == cleaner.clean(PAGE, mode="html").text


def test_bad_mode_and_type_raise_cleaner_errors() -> None:
    with pytest.raises(cleaner.CleanerError, match="E001"):
        cleaner.clean("x", mode="pdf")  # type: ignore[arg-type]
    with pytest.raises(cleaner.InputError, match="E201"):
        cleaner.clean(42)  # type: ignore[arg-type]


def test_clean_many_is_lazy_and_matches_clean() -> None:
    docs = ["One paragraph.\n\nShare this article", "Another text."]
    results = cleaner.clean_many(iter(docs), mode="text")
    assert next(results).text == cleaner.clean(docs[0]).text == "One paragraph."
    assert next(results).text == "Another text."


def test_ignore_switches_rules_off_by_prefix() -> None:
    raw = "Body text here.\n\nShare this article"
    assert cleaner.clean(raw, config=cleaner.Config(ignore=("SB",))).text == raw
    assert cleaner.clean(raw).text == "Body text here."


def test_config_is_picklable_and_rejects_bad_prefixes() -> None:
    cfg = cleaner.Config(select=("CAP",), ignore=("CAP101",))
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    with pytest.raises(ConfigError, match="E101"):
        cleaner.Config(ignore=("C-1",))


def test_user_rule_file_adds_a_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "mine.toml"
    f.write_text(
        '[[rule]]\ncode = "USR001"\nstage = "blocks"\ndescription = "Donate prompt"\n'
        "pattern = '''^Donate now'''\nremove = [\"Donate now\"]\nkeep = [\"x\"]\n",
        encoding="utf-8",
    )
    r = cleaner.clean("Body.\n\nDonate now", config=cleaner.Config(rule_files=(str(f),)))
    assert r.text == "Body." and r.removals[-1].rule == "USR001"


def test_broken_rule_file_names_file_and_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bad.toml"
    f.write_text('[[rule]]\ncode = "USR001"\nstage = "blocks"\ndescription = "x"\npattern = "("\n')
    with pytest.raises(ConfigError, match=r"bad\.toml, rule USR001.*E117|E117.*bad\.toml"):
        cleaner.clean("x", config=cleaner.Config(rule_files=(str(f),)))


def test_latin1_bytes_decode_to_correct_text() -> None:
    assert cleaner.clean("Caf\u00e9 cr\u00e8me.".encode("latin-1")).text == "Café crème."


def test_entities_and_controls_are_decoded_and_recorded() -> None:
    r = cleaner.clean("Tom &amp; Jerry\u200b&nbsp;ran.")
    assert r.text == "Tom & Jerry ran."
    assert [x.rule for x in r.removals] == ["DEC101", "MK105"]
