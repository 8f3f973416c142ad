"""Whole documents against hand-checked expected output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner

GOLDEN = Path(__file__).parent / "golden"
NAMES = sorted(p.name.removesuffix(".input.txt") for p in GOLDEN.glob("*.input.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_golden_document(name: str) -> None:
    result = cleaner.clean((GOLDEN / f"{name}.input.txt").read_bytes())
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert result.text + "\n" == (GOLDEN / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert result.metadata == expected["metadata"]
    assert [r.rule for r in result.removals] == expected["removal_codes"]


def test_seed_000_keeps_exactly_the_article_paragraphs() -> None:
    result = cleaner.clean((GOLDEN / "000_5ba545d7e59b12f4.input.txt").read_text(encoding="utf-8"))
    assert result.text.startswith(
        "Prime Minister Imran Khan and Russian President Vladimir Putin exchanged views"
    )
    assert result.text.endswith("such as the Arabian Monsoon maritime drill.")
    assert result.metadata["title"].startswith("Russia's Putin, PM Imran discuss Afghanistan")
    assert result.metadata["published"] == "2021-09-14"
    captions = [r for r in result.removals if r.text.endswith("— AFP/File")]
    assert len(captions) == 2
    sidebar = [r.text for r in result.removals if r.rule == "SB101"]
    assert sidebar[0] == "Opinion"
    assert sidebar[-1].startswith("Yet the struggle to secure a living wage")


def test_seed_002_drops_bookmark_spans_and_tweet_only() -> None:
    raw = (GOLDEN / "002_05641a37872730fa.input.txt").read_text(encoding="utf-8")
    result = cleaner.clean(raw)
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0].startswith("ISLAMABAD: Prime Minister Imran Khan has received")
    assert result.metadata["published"] == "2021-09-14"
    source_paragraphs = [p.strip() for p in raw.split("\n\n") if p.strip()]
    # 12 paragraphs in, minus the bookmark-span line and the tweet.
    assert len(source_paragraphs) == 12 and len(paragraphs) == 10
    assert "pic.twitter.com" not in result.text and "<span" not in result.text
    assert {r.rule for r in result.removals} == {"MK104", "META104", "EMB101"}


def test_output_format_has_single_blank_lines_and_no_edge_whitespace() -> None:
    result = cleaner.clean("  First   paragraph here.  \n\n\n\n Second\tone.\n")
    assert result.text == "First paragraph here.\n\nSecond one."
