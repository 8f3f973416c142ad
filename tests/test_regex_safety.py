"""Every regex runs in linear time on attack strings; a slow one is named.

Covers each ``pattern`` of rules/*.toml (searched at every position, as line
rules are) and the module-level regexes of the stages, which scan whole
documents. The time bound is scaled from a calibration run on this machine: a
regex that tries every position and fails at once. A linear pattern costs a
small constant times that; a quadratic one on 80,000 characters costs about
10,000 times more, so the bound (200x + 50 ms) separates them without being
sensitive to load. When google-re2 is installed, every rule pattern must also
compile under RE2 (no backreferences or lookarounds: guaranteed linear).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import cleaner.stages
from cleaner.rules import load_rules

RULES = [r for r in load_rules() if r.pattern]

ATTACKS: dict[str, str] = {
    "spaces_80k": " " * 80_000,
    "words_50k": "word " * 50_000,
    "lt_100k": "<" * 100_000,
    "gt_lt_50k": "<>" * 50_000,
    "dashes_80k": "—-" * 40_000,
    "dots_100k": "." * 100_000,
    "pipes_commas_80k": "|," * 40_000,
    "parens_50k": "(" * 50_000,
    "nested_looking_50k": "((a)" * 12_500,
    "tags_open_50k": "<a " * 16_000,
    "quotes_50k": "\"'" * 25_000,
    "at_words_40k": "@w (@w) " * 5_000,
    "digits_80k": "2021 09 14 " * 7_000,
    "caps_words_50k": "By Jane Doe and " * 3_000,
    "published_40k": "Published on " * 3_000,
    "amp_hash_80k": "&#" * 40_000,
    "newlines_in_spaces": ("  \t " * 1000 + "\n") * 20,
    "tag_of_spaces_80k": "<div" + " " * 80_000 + ">",
}

CALIBRATION = re.compile(r"[^\s\S]")  # never matches: one step per position
# How many times the calibration a linear regex may take; see the docstring.
FACTOR = 200
SLACK = 0.05


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def timed(fn, bound: float) -> float:  # type: ignore[no-untyped-def]
    """One timing; over ``bound``, the best of three more. A pause of the
    shared machine is not a slow regex; a super-linear one is slow every time."""
    took = best_of(1, fn)
    return took if took <= bound else best_of(3, fn)


@pytest.fixture(scope="module")
def bounds() -> dict[str, float]:
    return {
        name: FACTOR * best_of(3, lambda s=s: CALIBRATION.search(s)) + SLACK
        for name, s in ATTACKS.items()
    }


def own_attacks(pattern: str, examples: list[str]) -> dict[str, str]:
    """Near misses built from the rule's own examples, repeated to ~80k chars."""
    out = {}
    for i, ex in enumerate(examples[:3]):
        for variant, piece in (("as is", ex), ("no last char", ex[:-1]), ("spaced", ex + " ")):
            if piece:
                out[f"example{i} {variant}"] = piece * (80_000 // len(piece) + 1)
    return out


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_pattern_is_linear_on_attack_strings(rule, bounds: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
    rx = re.compile(rule.pattern)
    slow = []
    examples = [e.text for e in (*rule.remove, *rule.keep)]
    cases = {**ATTACKS, **own_attacks(rule.pattern, examples)}
    for name, s in cases.items():
        bound = bounds.get(name) or max(bounds.values())
        took = timed(lambda s=s: rx.search(s), bound)
        if took > bound:
            slow.append(f"{name}: {took:.2f} s > {bound:.2f} s")
    assert not slow, f"rule {rule.code} is not linear: {slow}"


def stage_regexes() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for mod in pkgutil.iter_modules(cleaner.stages.__path__):
        module = importlib.import_module(f"cleaner.stages.{mod.name}")
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((f"{mod.name}.{attr}", value))
    return found


STAGE_REGEXES = stage_regexes()
# Used only with .match at a position the scanner has reached (markup: the rest
# of a tag after each '<'), never searched: checked with match.
ANCHORED = {"markup._TAG_REST_RE", "markup._EMPTY_BETWEEN"}


def test_the_stage_regexes_are_found() -> None:
    names = {n for n, _ in STAGE_REGEXES}
    assert {"markup._TOKEN_RE", "markup._ENTITY_RE", "decode.CONTROL_RE"} <= names
    assert ANCHORED <= names


@pytest.mark.parametrize("name,rx", STAGE_REGEXES, ids=[n for n, _ in STAGE_REGEXES])
def test_stage_regex_is_linear_on_attack_strings(
    name: str, rx: re.Pattern[str], bounds: dict[str, float]
) -> None:
    slow = []
    for attack, s in ATTACKS.items():
        # finditer: the stages scan whole documents, match after match.
        # Many matches cost more than one failed try each: allow 4x more.
        bound = 4 * bounds[attack]
        if name in ANCHORED:
            took = timed(lambda s=s: rx.match(s), bound)
        else:
            took = timed(lambda s=s: sum(1 for _ in rx.finditer(s)), bound)
        if took > bound:
            slow.append(f"{attack}: {took:.2f} s > {bound:.2f} s")
    assert not slow, f"{name} is not linear: {slow}"


def test_a_quadratic_pattern_is_caught(bounds: dict[str, float]) -> None:
    """The check can fail: a classic quadratic search blows the bound."""
    rx = re.compile(r"\s+$")  # retried from every space of a run that ends in a letter
    s = ATTACKS["spaces_80k"][:20_000] + "x"
    took = best_of(1, lambda: rx.search(s))
    assert took > bounds["spaces_80k"] / 4


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_pattern_compiles_under_re2(rule) -> None:  # type: ignore[no-untyped-def]
    re2 = pytest.importorskip("re2", reason="google-re2 not installed (pip install google-re2)")
    try:
        re2.compile(rule.pattern)
    except Exception as exc:  # noqa: BLE001 - re2 raises its own error type
        pytest.fail(f"rule {rule.code}: pattern does not compile under RE2: {exc}")
