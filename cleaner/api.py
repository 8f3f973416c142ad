"""The public surface: :func:`clean` and :func:`clean_many`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cleaner.config import Config
from cleaner.document import Mode, Result
from cleaner.pipeline import pipeline_for

_DEFAULT = Config()


def clean(
    raw: str | bytes,
    mode: Mode = "auto",
    config: Config | None = None,
    *,
    source: str | None = None,
) -> Result:
    """Clean one document.

    ``source`` names where the document comes from (its URL, or a site name):
    with a learned boilerplate file in ``config``, that source's lines go.

    >>> raw = "Title of the story\\nPublished September 14, 2021\\nThe body.\\nShare this article"
    >>> r = clean(raw)
    >>> r.text, r.metadata["published"]
    ('The body.', '2021-09-14')
    >>> [x.rule for x in r.removals]
    ['META101', 'META102', 'SB102']
    """
    return pipeline_for(config or _DEFAULT).run(raw, mode, source)


def clean_many(
    raws: Iterable[str | bytes], mode: Mode = "auto", config: Config | None = None
) -> Iterator[Result]:
    """Clean documents lazily, building the pipeline once."""
    pipeline = pipeline_for(config or _DEFAULT)
    for raw in raws:
        yield pipeline.run(raw, mode)
