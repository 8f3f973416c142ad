"""Tests of the article-benchmark metric with hand-computed examples."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.scoring import c4_filter, counts, page_scores, score, shingles


def test_shingles_are_a_multiset_of_four_token_windows() -> None:
    assert shingles("a b c d a b c d") == Counter(
        {
            ("a", "b", "c", "d"): 2,
            ("b", "c", "d", "a"): 1,
            ("c", "d", "a", "b"): 1,
            ("d", "a", "b", "c"): 1,
        }
    )


def test_shingles_tokenise_unicode_words_and_drop_punctuation() -> None:
    assert shingles("Café, naïve — über: straße!") == Counter(
        {("Café", "naïve", "über", "straße"): 1}
    )


def test_fewer_than_four_tokens_give_no_shingles() -> None:
    assert shingles("only three words") == Counter()


def test_identical_texts_score_one() -> None:
    text = "The council approved the new budget on Tuesday evening after a long debate."
    assert page_scores(text, text) == (1.0, 1.0)
    assert score({"x": text}, {"x": text}) == {
        "f1": 1.0,
        "precision": 1.0,
        "recall": 1.0,
        "pages": 1,
    }


def test_disjoint_texts_score_zero() -> None:
    assert page_scores("one two three four five", "six seven eight nine ten") == (0.0, 0.0)
    assert score({"x": "one two three four"}, {"x": "five six seven eight"})["f1"] == 0.0


def test_known_counts_one_shared_shingle() -> None:
    # truth: abcd, bcde; pred: abcd, bcdx -> TP=1, FP=1, FN=1
    assert counts("a b c d x", "a b c d e") == (1, 1, 1)
    assert page_scores("a b c d x", "a b c d e") == (0.5, 0.5)


def test_known_counts_extra_prediction() -> None:
    # pred: abcd, bcde, cdef; truth: abcd, bcde -> TP=2, FP=1, FN=0
    assert counts("a b c d e f", "a b c d e") == (2, 1, 0)
    p, r = page_scores("a b c d e f", "a b c d e")
    assert p == pytest.approx(2 / 3)
    assert r == 1.0


def test_repeated_shingles_count_by_minimum() -> None:
    # pred: abcd x2, bcda, cdab, dabc; truth: abcd -> TP=1, FP=4, FN=0
    assert counts("a b c d a b c d", "a b c d") == (1, 4, 0)
    assert page_scores("a b c d a b c d", "a b c d") == (0.2, 1.0)
    # truth holds abcd twice too -> both copies match: TP=2, FP=3, FN=4
    assert counts("a b c d a b c d", "a b c d a b c d x") == (5, 0, 1)
    assert counts("a b c d a b c d", "a b c d z a b c d") == (2, 3, 4)


def test_edge_fp_fn_zero_is_perfect_even_when_both_empty() -> None:
    assert counts("", "") == (0, 0, 0)
    assert page_scores("", "") == (1.0, 1.0)
    assert page_scores("too short", "tiny") == (1.0, 1.0)


def test_edge_empty_prediction_precision_zero() -> None:
    # TP = FP = 0, FN = 1
    assert counts("", "a b c d") == (0, 0, 1)
    assert page_scores("", "a b c d") == (0.0, 0.0)


def test_edge_empty_truth_recall_zero() -> None:
    # TP = FN = 0, FP = 1
    assert counts("a b c d", "") == (0, 1, 0)
    assert page_scores("a b c d", "") == (0.0, 0.0)


def test_score_averages_pages_and_missing_prediction_counts_as_empty() -> None:
    truths = {"p1": "a b c d e", "p2": "w x y z", "p3": "q r s t"}
    preds = {"p1": "a b c d x", "p2": "w x y z"}
    # p1: (0.5, 0.5); p2: (1, 1); p3 missing -> (0, 0)
    result = score(preds, truths)
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.5)
    assert result["f1"] == pytest.approx(0.5)
    assert result["pages"] == 3


def test_score_f1_is_harmonic_mean_of_means() -> None:
    # p1: P=2/3, R=1; p2: P=1/5, R=1 -> P=13/30, R=1
    truths = {"p1": "a b c d e", "p2": "a b c d"}
    preds = {"p1": "a b c d e f", "p2": "a b c d a b c d"}
    result = score(preds, truths)
    p = (2 / 3 + 1 / 5) / 2
    assert result["precision"] == pytest.approx(p)
    assert result["recall"] == pytest.approx(1.0)
    assert result["f1"] == pytest.approx(2 * p / (p + 1))


def test_score_of_nothing_is_zero() -> None:
    assert score({}, {}) == {"f1": 0.0, "precision": 0.0, "recall": 0.0, "pages": 0}


def test_c4_filter_keeps_long_terminated_lines_only() -> None:
    text = "\n".join(
        [
            "Home | World | Sport | Business",
            "The mayor announced a new plan for the harbour on Monday.",
            "Share this",
            "Is this the end of the old ferry service?",
            "Four words end here.",
            '  "We will rebuild the pier by spring," she said.  ',
            "She called it \u201cthe best option we have.\u201d",
            "Residents asked whether the fares would rise soon",
            "Photo: a view of the harbour at dawn (Reuters)",
            "It was, they said, 'a long time coming.'",
        ]
    )
    assert c4_filter(text) == "\n".join(
        [
            "The mayor announced a new plan for the harbour on Monday.",
            "Is this the end of the old ferry service?",
            '"We will rebuild the pier by spring," she said.',
            "She called it \u201cthe best option we have.\u201d",
            "It was, they said, 'a long time coming.'",
        ]
    )


def test_c4_filter_of_empty_text_is_empty() -> None:
    assert c4_filter("") == ""
