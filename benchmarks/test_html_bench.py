"""Benchmarks of HTML mode, the HTML parsers alone, and each stage alone.

Inputs are committed, so this runs on a fresh clone: the five pages in
``benchmarks/corpus/html`` (see its README) and the text documents in
``benchmarks/corpus``. Every benchmark records ``docs_per_s`` and ``mb_per_s``
(input bytes, UTF-8) in ``extra_info``.

Run and keep results to compare later runs with::

    pytest benchmarks --benchmark-only --benchmark-autosave    # saves .benchmarks/…/0001_*.json
    pytest benchmarks --benchmark-only --benchmark-compare     # compares with the latest save
    pytest benchmarks --benchmark-only --benchmark-compare=0001 --benchmark-compare-fail=mean:10%

(``--benchmark-compare-fail`` makes the run fail when a mean got 10 % slower.)
Without ``--benchmark-only``/``--benchmark-enable`` the project's default
``--benchmark-disable`` runs each body once, as a plain test.
"""

from __future__ import annotations

import copy
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

import cleaner
from benchmarks.scoring import page_scores
from benchmarks.test_text_bench import CORPUS_DIR, _corpus
from benchmarks.throughput import record
from cleaner.config import Config
from cleaner.document import Document
from cleaner.pipeline import Pipeline
from cleaner.stages import Stage

HTML_DIR = CORPUS_DIR / "html"


# The first words of each page's article (benchmark ground truth), in file order.
ARTICLE_STARTS = (
    "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다.",
    "has confirmed traces of water vapor above the surface of Jupiter's icy moon Europa.",
    "Audi has revealed the second production model in its e-tron all-electric range",
    "Experience is thrilled to have Junior Gaspard, long time ExpApper",
    "Two United States service members have been killed in a helicopter crash in Afghanistan",
)


def _page_paths() -> list[Path]:
    return sorted(HTML_DIR.glob("*.html.gz"))


def _pages() -> list[str]:
    return [gzip.decompress(p.read_bytes()).decode("utf-8") for p in _page_paths()]


def test_html_corpus_is_bundled() -> None:
    pages = _pages()
    assert len(pages) == 5
    assert all(page.lstrip().lower().startswith(("<!doctype", "<html")) for page in pages)


# -- HTML mode end to end -------------------------------------------------------


@pytest.mark.benchmark(group="html-mode")
def test_bench_cleaner_html_mode(benchmark: Any) -> None:
    pages = _pages()

    def clean_all() -> list[str]:
        return [cleaner.clean(page, mode="html").text for page in pages]

    if not benchmark.disabled:  # rules compiled, HTML stage loaded before the first timed round
        clean_all()
    texts = benchmark(clean_all)
    record(benchmark, pages)
    # A sanity floor, not the quality gate: an extraction that came out empty
    # or kept the whole page must not be timed as if it worked. Per page, at
    # least half of the output is article and half of the article is output.
    truth = json.loads((HTML_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [truth[p.name.removesuffix(".html.gz")]["articleBody"] for p in _page_paths()]
    for text, body in zip(texts, bodies, strict=True):
        precision, recall = page_scores(text, body)
        assert precision is not None and precision >= 0.5
        assert recall is not None and recall >= 0.5


# -- the parser alone: text of <body>, no cleaning ------------------------------


def _lexbor_text(html: str) -> str:
    body = LexborHTMLParser(html).body
    return body.text() if body is not None else ""


# selectolax (Lexbor, the parser cleaner uses; its old Modest backend was
# removed in selectolax 1.0) against BeautifulSoup with the stdlib parser.
PARSERS: dict[str, Callable[[str], str]] = {
    "selectolax-lexbor": _lexbor_text,
    "bs4-html.parser": lambda html: BeautifulSoup(html, "html.parser").get_text(),
}


@pytest.mark.benchmark(group="parser")
@pytest.mark.parametrize("parser", list(PARSERS))
def test_bench_parser_body_text(benchmark: Any, parser: str) -> None:
    pages = _pages()
    to_text = PARSERS[parser]

    def parse_all() -> list[str]:
        return [to_text(page) for page in pages]

    texts = benchmark(parse_all)
    record(benchmark, pages)
    # Each parser got the article out of every page: its hand-written first
    # words (from the benchmark's ground truth) are in the text.
    for text, phrase in zip(texts, ARTICLE_STARTS, strict=True):
        assert phrase in " ".join(text.split())


# -- each stage alone -----------------------------------------------------------


def _stages(mode: str) -> list[Stage]:
    return list(getattr(Pipeline(Config()), f"{mode}_stages"))


def _stage_ids(mode: str) -> list[str]:
    return [f"{i}-{s.name}" for i, s in enumerate(_stages(mode))]


def _documents_before(
    stages: list[Stage], index: int, raws: list[bytes], mode: str
) -> list[Document]:
    """Documents in the state the stage at ``index`` receives them.

    Built from bytes, as the pipeline builds them from a file's content, so
    that the decode stage has its real work to do.
    """
    docs = [Document(raw="", mode=mode, source=raw) for raw in raws]  # type: ignore[arg-type]
    for doc in docs:
        for stage in stages[:index]:
            stage.run(doc)
    return docs


def _bench_stage(benchmark: Any, mode: str, stage_id: str, texts: list[str]) -> None:
    stages = _stages(mode)
    raws = [t.encode("utf-8") for t in texts]
    index = int(stage_id.split("-", 1)[0])
    stage = stages[index]
    prepared = _documents_before(stages, index, raws, mode)

    def setup() -> tuple[tuple[list[Document]], dict[str, Any]]:
        # Stages change the document in place: each round gets fresh copies,
        # made outside the timed part.
        return (copy.deepcopy(prepared),), {}

    def run_stage(docs: list[Document]) -> list[Document]:
        for doc in docs:
            stage.run(doc)
        return docs

    out = benchmark.pedantic(run_stage, setup=setup, rounds=30, iterations=1)
    record(benchmark, texts)
    # The stage measured alone is the stage of the pipeline: finishing the
    # documents with the later stages gives exactly what clean() returns.
    for doc in out:
        for later in stages[index + 1 :]:
            later.run(doc)
    assert [d.raw for d in out] == [cleaner.clean(r, mode=mode).text for r in raws]  # type: ignore[arg-type]


@pytest.mark.benchmark(group="stage-text")
@pytest.mark.parametrize("stage_id", _stage_ids("text"))
def test_bench_text_stage(benchmark: Any, stage_id: str) -> None:
    _bench_stage(benchmark, "text", stage_id, _corpus())


@pytest.mark.benchmark(group="stage-html")
@pytest.mark.parametrize("stage_id", _stage_ids("html"))
def test_bench_html_stage(benchmark: Any, stage_id: str) -> None:
    _bench_stage(benchmark, "html", stage_id, _pages())
