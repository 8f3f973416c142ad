"""cleaner.spark on a local[2] session: the same text as cleaner.clean for
every row, bad rows isolated in ``error``, rows out = rows in."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import cleaner
import cleaner.spark as spark_module
from cleaner.spark import clean_dataframe

HERE = Path(__file__).parent
ROOT = HERE.parent


def corpus() -> list[tuple[str, str]]:
    """(id, text): the committed benchmark pages' noisy text, the seeds, the
    examples, and the synthetic multi-site pages."""
    noisy = json.loads((HERE / "data" / "article-sample" / "noisy-text.json").read_text())
    docs = [(k, v["articleBody"]) for k, v in sorted(noisy.items())]
    for path in sorted((HERE / "golden").glob("*.input.txt")):
        docs.append((path.name, path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "examples").glob("*.txt")):
        docs.append((path.name, path.read_text(encoding="utf-8")))
    with open(HERE / "data" / "boilerplate-sites.jsonl", encoding="utf-8") as fh:
        docs += [(r["url"], r["text"]) for r in map(json.loads, fh)]
    return docs


def test_clean_dataframe_gives_clean_text_metadata_and_removals_of_clean(spark: Any) -> None:
    docs = corpus()
    df = spark.createDataFrame(docs, "id string, text string").repartition(2)
    rows = {r["id"]: r for r in clean_dataframe(df).collect()}
    assert len(rows) == len(docs)
    for doc_id, text in docs:
        want = cleaner.clean(text)
        row = rows[doc_id]
        assert row["error"] is None, doc_id
        assert row["clean_text"] == want.text, doc_id
        assert row["metadata"] == want.metadata, doc_id
        assert row["removals"] == want.removal_counts(), doc_id


def test_output_columns_and_types(spark: Any) -> None:
    df = spark.createDataFrame([("a", "Body.")], "id string, text string")
    out = clean_dataframe(df, mode="text")
    assert out.dtypes == [
        ("id", "string"),
        ("text", "string"),
        ("clean_text", "string"),
        ("metadata", "map<string,string>"),
        ("removals", "map<string,int>"),
        ("error", "string"),
    ]


def test_poison_rows_fill_error_and_every_row_comes_out(spark: Any) -> None:
    rows = [
        ("ok", "Published September 14, 2021\nThe body text.\nShare this article"),
        ("none", None),
        ("too_large", "A long document. " * 20),
        ("ok2", "Another body."),
    ]
    df = spark.createDataFrame(rows, "id string, text string").repartition(2)
    out = clean_dataframe(df, config=cleaner.Config(max_bytes=200))
    got = {r["id"]: r for r in out.collect()}
    assert out.count() == len(rows)
    assert got["ok"]["clean_text"] == "The body text."
    assert got["ok"]["metadata"] == {"published": "2021-09-14"}
    assert got["ok"]["removals"] == {"META102": 1, "SB102": 1}
    assert got["ok2"]["error"] is None
    assert got["none"]["error"].startswith("[E201] input must be str or bytes, got NoneType")
    assert got["too_large"]["error"].startswith("[E300] quarantined (too_large)")
    for bad in ("none", "too_large"):
        assert got[bad]["clean_text"] is None
        assert got[bad]["metadata"] is None and got[bad]["removals"] is None


def test_a_text_column_that_is_not_text_is_an_error_on_each_row(spark: Any) -> None:
    df = spark.createDataFrame([(1,), (2,), (None,)], "text int")
    got = clean_dataframe(df).collect()
    assert len(got) == 3
    assert [r["error"][:40] for r in got] == [
        "[E201] input must be str or bytes, got i",
        "[E201] input must be str or bytes, got i",
        "[E201] input must be str or bytes, got N",
    ]


def test_a_binary_text_column_is_decoded_like_bytes(spark: Any) -> None:
    raw = "Café crème.".encode("latin-1")
    df = spark.createDataFrame([(bytearray(raw),)], "text binary")
    assert clean_dataframe(df).first()["clean_text"] == cleaner.clean(raw).text == "Café crème."


def test_output_col_may_replace_the_text(spark: Any) -> None:
    df = spark.createDataFrame([("x", "Body.\nShare this article")], "id string, text string")
    out = clean_dataframe(df, output_col="text")
    assert out.columns == ["id", "text", "metadata", "removals", "error"]
    assert out.first()["text"] == "Body."


def test_missing_columns_and_clashing_names_are_cleaner_errors(spark: Any) -> None:
    df = spark.createDataFrame([("x", "e")], "body string, error string")
    with pytest.raises(cleaner.CleanerError, match=r"E502.*text_col 'text'"):
        clean_dataframe(df)
    with pytest.raises(cleaner.CleanerError, match=r"E504.*\['error'\]"):
        clean_dataframe(df, text_col="body")


def test_a_row_that_raises_unexpectedly_gets_a_coded_error(monkeypatch: Any) -> None:
    real = spark_module.clean

    def clean(raw: Any, *args: Any, **kwargs: Any) -> cleaner.Result:
        if raw == "boom":
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(spark_module, "clean", clean)
    out, metas, removals, errors = spark_module.clean_rows(
        ["Body.", "boom"], [None, None], "auto", cleaner.Config()
    )
    assert out == ["Body.", None] and metas == [[], None] and removals == [[], None]
    assert errors == [
        None,
        "[E500] unexpected RecursionError while cleaning: maximum recursion depth exceeded",
    ]


def test_without_pyspark_the_error_says_how_to_install_it(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(cleaner.CleanerError, match=r"E501.*pip install 'cleaner\[spark\]'"):
        clean_dataframe(None)  # type: ignore[arg-type]
