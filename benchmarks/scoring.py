"""Article-benchmark metric: shingle-based precision/recall/F1 over pages.

Texts are tokenised into ``\\w+`` tokens and turned into multisets of
4-token shingles; per-page TP/FP/FN come from comparing the multisets.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
_C4_ENDINGS = (".", "!", "?", '"', "'", "\u201d")

Shingle = tuple[str, ...]


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Return the multiset of ``n``-token shingles of ``text``."""
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def counts(pred: str, truth: str) -> tuple[int, int, int]:
    """Return (TP, FP, FN) shingle counts of a prediction against the truth."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float | None, float | None]:
    """Per-page precision and recall from counts, with the benchmark's edge cases.

    FP == FN == 0 scores 1.0 for both; TP == FP == 0 gives precision 0 and
    TP == FN == 0 gives recall 0. Consequently ``None`` (page left out of the
    mean) cannot actually occur; it is kept in the type for the generic rule.
    """
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else (tp / (tp + fp) if tp + fp else None)
    recall = 0.0 if tp == fn == 0 else (tp / (tp + fn) if tp + fn else None)
    return precision, recall


def page_scores(pred: str, truth: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page (``None`` means: leave the page out)."""
    return precision_recall(*counts(pred, truth))


def score(preds: dict[str, str], truths: dict[str, str]) -> dict[str, float | int]:
    """Mean per-page precision/recall over ``truths`` and their F1.

    A page missing from ``preds`` counts as an empty prediction. Returns a
    dict with ``f1``, ``precision``, ``recall`` and ``pages``.
    """
    ps: list[float] = []
    rs: list[float] = []
    for page_id, truth in truths.items():
        p, r = page_scores(preds.get(page_id, ""), truth)
        if p is not None:
            ps.append(p)
        if r is not None:
            rs.append(r)
    precision = sum(ps) / len(ps) if ps else 0.0
    recall = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "pages": len(truths)}


def c4_filter(text: str) -> str:
    """C4-style line filter: keep lines of >= 5 words ending in terminal punctuation."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped.split()) >= 5 and stripped.endswith(_C4_ENDINGS):
            kept.append(stripped)
    return "\n".join(kept)


@dataclass(frozen=True)
class Dataset:
    """An article-benchmark dataset: per-id truth text, URL, noisy text and raw HTML."""

    truth: dict[str, str]
    urls: dict[str, str]
    noisy: dict[str, str]
    html: dict[str, str]


def load_dataset(directory: str | Path, html: bool = True) -> Dataset:
    """Load ``ground-truth.json``, ``noisy-text.json`` and (unless ``html`` is
    False) ``html/<id>.html.gz``.

    Missing noisy-text or HTML entries are simply absent from their dicts.
    """
    root = Path(directory)
    gt = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    noisy_path = root / "noisy-text.json"
    noisy_raw = json.loads(noisy_path.read_text(encoding="utf-8")) if noisy_path.exists() else {}
    pages: dict[str, str] = {}
    for page_id in gt if html else ():
        path = root / "html" / f"{page_id}.html.gz"
        if path.exists():
            pages[page_id] = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return Dataset(
        truth={k: v["articleBody"] for k, v in gt.items()},
        urls={k: v.get("url", "") for k, v in gt.items()},
        noisy={k: v["articleBody"] for k, v in noisy_raw.items()},
        html=pages,
    )
