"""Every rule's own examples run as tests: a rule and its examples are the
whole contribution (no new test code per rule)."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.rules import Example, Rule, load_rules

RULES = load_rules()


def _run_alone(rule: Rule, example: Example) -> list[str]:
    config = cleaner.Config(select=(rule.code,))
    result = cleaner.clean(example.text, mode=example.mode, config=config)
    return [r.text for r in result.removals if r.rule == rule.code]


def _cases(kind: str) -> list[object]:
    return [
        pytest.param(rule, ex, id=f"{rule.code}-{i}")
        for rule in RULES
        for i, ex in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize(("rule", "example"), _cases("remove"))
def test_rule_removes_its_remove_examples(rule: Rule, example: Example) -> None:
    expected = list(example.removed) if example.removed is not None else [example.text.strip()]
    assert _run_alone(rule, example) == expected


@pytest.mark.parametrize(("rule", "example"), _cases("keep"))
def test_rule_leaves_its_keep_examples(rule: Rule, example: Example) -> None:
    assert _run_alone(rule, example) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_remove_and_keep_examples(rule: Rule) -> None:
    assert rule.remove, f"{rule.code} has no 'remove' examples"
    assert rule.keep, f"{rule.code} has no 'keep' examples"


def test_rule_codes_are_unique_and_prefixed_by_family() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    families = {"DEC", "MK", "META", "CAP", "EMB", "SB", "DUP", "TXT", "DOM", "BP"}
    assert {c.rstrip("0123456789") for c in codes} <= families
