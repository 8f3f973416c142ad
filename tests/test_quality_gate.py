"""Quality gate: text and HTML mode on committed real pages must not lose F1.

The main sample is every 4th page of the article-extraction benchmark's
development half (22 pages, as full visible text and as the HTML page, with hand-written bodies,
MIT licence, see data/article-sample/LICENSE) plus the two seed articles
with their hand-checked golden text. Scored with the benchmark's shingle F1.
Raise the floor deliberately when quality improves; never lower it to make
a change pass.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cleaner
from benchmarks.scoring import load_dataset, page_scores, score

HERE = Path(__file__).parent
SAMPLE = HERE / "data" / "article-sample"
GOLDEN = HERE / "golden"

# Measured 2026-11-25: F1 0.8789 on this sample (0.8782 before the second
# written-set round: teaser labels in other languages, tip lines, short
# closing sentences; 0.8764 before META105 kept
# date lines past the head; 0.8749 before SB108-SB109; 0.8715 before
# SB105-SB107, CAP105-CAP106, MK106). Cleaning is deterministic, so the floor
# sits just below: switching off SB108 gives 0.8782, SB109 0.8780, SB105
# 0.8771, the caption rules (CAP) 0.8778, the sidebar rule (SB101) 0.8744,
# repeats (DUP) 0.8639 - each fails.
F1_FLOOR = 0.8785


def _sample() -> tuple[dict[str, str], dict[str, str]]:
    truth = json.loads((SAMPLE / "ground-truth.json").read_text(encoding="utf-8"))
    noisy = json.loads((SAMPLE / "noisy-text.json").read_text(encoding="utf-8"))
    inputs = {k: noisy[k]["articleBody"] for k in truth}
    expected = {k: v["articleBody"] for k, v in truth.items()}
    for path in sorted(GOLDEN.glob("*.input.txt")):
        name = path.name.removesuffix(".input.txt")
        inputs[name] = path.read_text(encoding="utf-8")
        expected[name] = (GOLDEN / f"{name}.expected.txt").read_text(encoding="utf-8")
    return inputs, expected


def quality(config: cleaner.Config | None = None) -> float:
    inputs, expected = _sample()
    preds = {k: cleaner.clean(v, mode="text", config=config).text for k, v in inputs.items()}
    return float(score(preds, expected)["f1"])


def test_text_mode_f1_on_committed_sample_stays_above_floor() -> None:
    f1 = quality()
    assert f1 >= F1_FLOOR, f"text-mode F1 {f1:.4f} fell below the pinned floor {F1_FLOOR}"


# HTML mode on the same 22 pages (html/<id>.html.gz). Measured 2026-11-25:
# F1 0.9751 (0.9740 before a header left last went and a table cell's
# <br>s counted its own text; 0.9576 before CAP101 left one- to three-word repeats alone: a
# results table of '0' and '1' cells is on this sample). Switching off
# captions (DOM110) gives 0.9722, headlines (DOM113) 0.9725, SB109 0.9744,
# main content (DOM201) 0.9482: each fails the floor. Link density (DOM202)
# off gives 0.9743 on these 22 pages, but 0.9622 against 0.9732 on all 88
# dev pages, so it stays.
HTML_F1_FLOOR = 0.9750


def html_quality(config: cleaner.Config | None = None) -> float:
    truth = json.loads((SAMPLE / "ground-truth.json").read_text(encoding="utf-8"))
    preds = {
        k: cleaner.clean(
            gzip.decompress((SAMPLE / "html" / f"{k}.html.gz").read_bytes()),
            mode="html",
            config=config,
        ).text
        for k in truth
    }
    return float(score(preds, {k: v["articleBody"] for k, v in truth.items()})["f1"])


def test_html_mode_f1_on_committed_pages_stays_above_floor() -> None:
    f1 = html_quality()
    assert f1 >= HTML_F1_FLOOR, f"HTML-mode F1 {f1:.4f} fell below the pinned floor {HTML_F1_FLOOR}"


def test_html_gate_catches_a_broken_caption_rule() -> None:
    assert html_quality(cleaner.Config(ignore=("DOM110",))) < HTML_F1_FLOOR


# Scripts written without spaces or without sentence marks: seven pages in
# Burmese, Chinese, Japanese and Thai from newspaper4k's test data (MIT
# licence, see data/other-scripts/LICENSE; the truth is newspaper's reviewed
# output), as title + visible text (benchmarks.outside_dataset). Measured
# 2026-11-25: F1 0.9336, every page's recall at least 0.81; before words()
# counted these scripts' letters (de83db1), 0.2295, with three pages at
# recall 0 (the main-region cut removed the whole article) and the others'
# menus all kept.
OTHER_SCRIPTS = HERE / "data" / "other-scripts"
OTHER_F1_FLOOR = 0.933
OTHER_RECALL_FLOOR = 0.8


def test_text_mode_keeps_articles_in_scripts_without_spaces() -> None:
    data = load_dataset(OTHER_SCRIPTS, html=False)
    preds = {k: cleaner.clean(v, mode="text").text for k, v in data.noisy.items()}
    expected = data.truth
    f1 = float(score(preds, expected)["f1"])
    assert f1 >= OTHER_F1_FLOOR, f"F1 {f1:.4f} on other scripts fell below {OTHER_F1_FLOOR}"
    for page in expected:
        _, recall = page_scores(preds[page], expected[page])
        assert recall is not None and recall >= OTHER_RECALL_FLOOR, (page, recall)
