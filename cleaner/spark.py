"""Clean, and learn boilerplate, on Spark DataFrames (``pip install 'cleaner[spark]'``).

::

    from cleaner.spark import clean_dataframe, learn_boilerplate

    learned = learn_boilerplate(df, text_col="text", source_col="url")
    out = clean_dataframe(df, text_col="text", boilerplate=learned)

Rows travel to Python as Arrow batches (``mapInArrow``). Each Python worker
builds the pipeline once (:func:`cleaner.clean` keeps it per config) and
reuses it for every row of every batch. A row that cannot be cleaned (None,
not text, a document that raises) gets its message in ``error`` and nulls in
the result columns; the job goes on, so rows out = rows in.

pyspark is imported only when these functions run; without it they raise a
:class:`~cleaner.CleanerError` that says what to install.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.api import clean
from cleaner.boilerplate import MIN_DOCS, MIN_SHARE, DocumentLines, check_thresholds, select
from cleaner.config import Config
from cleaner.document import Mode
from cleaner.errors import CleanerError
from cleaner.stages.boilerplate import LearnedBoilerplate, source_key

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

RESULT_COLUMNS = ("metadata", "removals", "error")
_INSTALL_HINT = "install it with: pip install 'cleaner[spark]' (pyspark with pyarrow and pandas)"


def _require_pyspark() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise CleanerError(
            f"cleaner.spark needs pyspark and pyarrow, which are missing ({exc.name}); "
            + _INSTALL_HINT,
            code="E501",
        ) from None


def _shipped_boilerplate(
    boilerplate: str | Path | LearnedBoilerplate | None, config: Config
) -> LearnedBoilerplate | None:
    """The learned file to apply: the argument, else the config's file."""
    if isinstance(boilerplate, LearnedBoilerplate):
        return boilerplate
    path = boilerplate if boilerplate is not None else config.boilerplate
    return LearnedBoilerplate.load(path) if path is not None else None


def _worker_config(config: Config, boilerplate_toml: str | None) -> Config:
    """The config on a worker: the learned file travels as text with the job
    (executors need not see the driver's files) and is written once per
    worker machine under a name given by its content."""
    if boilerplate_toml is None:
        return config.with_(boilerplate=None)
    digest = hashlib.sha256(boilerplate_toml.encode("utf-8")).hexdigest()[:20]
    path = Path(tempfile.gettempdir()) / f"cleaner-boilerplate-{digest}.toml"
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != boilerplate_toml:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(boilerplate_toml, encoding="utf-8")
        os.replace(tmp, path)
    return config.with_(boilerplate=str(path))


def _error_text(exc: Exception) -> str:
    if isinstance(exc, CleanerError):
        return str(exc)
    return f"[E500] unexpected {type(exc).__name__} while cleaning: {exc}"


def clean_rows(
    texts: list[Any], sources: list[Any], mode: Mode, config: Config
) -> tuple[list[str | None], list[Any], list[Any], list[str | None]]:
    """The four result columns for one batch: text, metadata and removals as
    (key, value) lists, and errors. A row that raises gets only an error."""
    out: list[str | None] = []
    metas: list[list[tuple[str, str]] | None] = []
    removals: list[list[tuple[str, int]] | None] = []
    errors: list[str | None] = []
    for raw, src in zip(texts, sources, strict=True):
        try:
            result = clean(raw, mode, config, source=source_key(src))
        except Exception as exc:  # one bad row must not fail the job
            out.append(None)
            metas.append(None)
            removals.append(None)
            errors.append(_error_text(exc))
            continue
        out.append(result.text)
        metas.append(list(result.metadata.items()))
        removals.append(list(result.removal_counts().items()))
        errors.append(None)
    return out, metas, removals, errors


def clean_dataframe(
    df: DataFrame,
    text_col: str = "text",
    output_col: str = "clean_text",
    mode: Mode = "auto",
    config: Config | None = None,
    boilerplate: str | Path | LearnedBoilerplate | None = None,
    source_col: str | None = None,
) -> DataFrame:
    """``df`` with ``output_col`` (the cleaned text), ``metadata``
    (map<string,string>), ``removals`` (map<string,int>, per rule code) and
    ``error`` (string, null when fine) added.

    ``clean_text`` equals ``cleaner.clean(text, mode, config, source=...).text``.
    ``boilerplate``: a learned file (path, or what :func:`learn_boilerplate`
    returns); ``source_col`` names the column with each row's source and
    defaults to the ``source_field`` the file was learned with.
    An ``output_col`` equal to ``text_col`` replaces the text.
    """
    _require_pyspark()
    import pyarrow as pa
    from pyspark.sql import types as T

    cfg = config or Config()
    learned = _shipped_boilerplate(boilerplate, cfg)
    src_col = source_col or (learned.source_field if learned is not None else None)
    _check_columns(df, text_col, src_col)
    clash = [c for c in RESULT_COLUMNS if c in df.columns or c == output_col]
    if clash:
        raise CleanerError(
            f"clean_dataframe adds columns {list(RESULT_COLUMNS)}, but {clash} already "
            "exist or are the output_col; rename or drop them first",
            code="E504",
        )
    kept = [f for f in df.schema.fields if f.name != output_col]
    schema = T.StructType(
        [
            *kept,
            T.StructField(output_col, T.StringType()),
            T.StructField("metadata", T.MapType(T.StringType(), T.StringType())),
            T.StructField("removals", T.MapType(T.StringType(), T.IntegerType())),
            T.StructField("error", T.StringType()),
        ]
    )
    kept_names = [f.name for f in kept]
    names = [f.name for f in schema.fields]
    toml = learned.to_toml() if learned is not None else None

    def clean_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        worker_cfg = _worker_config(cfg, toml)
        meta_type = pa.map_(pa.string(), pa.string())
        removals_type = pa.map_(pa.string(), pa.int32())
        for batch in batches:
            texts = batch.column(text_col).to_pylist()
            sources = batch.column(src_col).to_pylist() if src_col else [None] * len(texts)
            out, metas, removals, errors = clean_rows(texts, sources, mode, worker_cfg)
            columns = [batch.column(n) for n in kept_names] + [
                pa.array(out, pa.string()),
                pa.array(metas, meta_type),
                pa.array(removals, removals_type),
                pa.array(errors, pa.string()),
            ]
            yield pa.RecordBatch.from_arrays(columns, names=names)

    return df.mapInArrow(clean_batches, schema)


def learn_boilerplate(
    df: DataFrame,
    text_col: str = "text",
    source_col: str = "url",
    mode: Mode = "auto",
    config: Config | None = None,
    min_docs: int = MIN_DOCS,
    min_share: float = MIN_SHARE,
) -> LearnedBoilerplate:
    """Learn per-source boilerplate from ``df`` by aggregation.

    Gives the same file as ``cleaner learn`` (:class:`cleaner.boilerplate.Learner`)
    on the same documents: lines are read by the same code on the workers,
    counted per (source, line) by Spark, and chosen on the driver by the same
    function. Write it with ``Path(...).write_text(learned.to_toml())``.
    """
    _require_pyspark()
    import pyarrow as pa
    from pyspark.sql import functions as F

    check_thresholds(min_docs, min_share)
    _check_columns(df, text_col, source_col)
    cfg = config or Config()

    # One row per (document, distinct line), plus one with a null key per
    # document so that the same aggregation counts a source's documents.
    def line_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        lines_of = _document_lines(cfg, mode)
        for batch in batches:
            srcs: list[str] = []
            keys: list[str | None] = []
            texts: list[str | None] = []
            for raw, value in zip(
                batch.column(text_col).to_pylist(),
                batch.column(source_col).to_pylist(),
                strict=True,
            ):
                got = lines_of.of(raw, value)
                if got is None:
                    continue
                src, lines = got
                srcs.append(src)
                keys.append(None)
                texts.append(None)
                for key, text in lines.items():
                    srcs.append(src)
                    keys.append(key)
                    texts.append(text)
            yield pa.RecordBatch.from_arrays(
                [pa.array(col, pa.string()) for col in (srcs, keys, texts)],
                names=["source", "key", "text"],
            )

    rows = (
        df.select(text_col, source_col)
        .mapInArrow(line_batches, "source string, key string, text string")
        .groupBy("source", "key")
        .agg(F.count(F.lit(1)).alias("docs"), F.min("text").alias("text"))
        .where(F.col("key").isNull() | (F.col("docs") >= min_docs))
        .collect()
    )
    doc_counts = {r["source"]: r["docs"] for r in rows if r["key"] is None}
    found = [(r["source"], r["text"], r["docs"]) for r in rows if r["key"] is not None]
    return select(doc_counts, found, min_docs, min_share, source_col)


@lru_cache(maxsize=4)
def _document_lines(config: Config, mode: Mode) -> DocumentLines:
    """One line reader (and its pipeline) per worker process, kept across tasks."""
    return DocumentLines(config, mode)


def _check_columns(df: DataFrame, text_col: str, source_col: str | None) -> None:
    for what, col in (("text_col", text_col), ("source_col", source_col)):
        if col is not None and col not in df.columns:
            raise CleanerError(
                f"{what} {col!r} is not a column of the DataFrame (columns: {df.columns})",
                code="E502",
            )


__all__ = ["clean_dataframe", "learn_boilerplate"]
