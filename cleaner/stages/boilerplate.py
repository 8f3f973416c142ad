"""boilerplate: lines learned as boilerplate for the document's source.

Some junk only shows itself across documents: the menu, sidebar and footer
lines that a site prints under every article. ``cleaner learn`` (or
:func:`cleaner.spark.learn_boilerplate`) counts, per source, in how many
documents each line occurs and writes the frequent ones to a readable TOML
file (see :mod:`cleaner.boilerplate`). With that file as
``Config.boilerplate``, this stage removes those lines from documents of the
same source, each removal recorded with the file's rule code (``BP101``).

A document's source is what the caller passes as ``clean(..., source=...)``:
a URL stands for its host (without ``www.``), anything else for itself.
Lines match after case folding; the segment stage has already folded their
whitespace.

>>> learned = LearnedBoilerplate.from_toml('''
... code = "BP101"
... [[source]]
... name = "example.com"
... documents = 40
... lines = [{ docs = 40, text = "Most read" }]
... ''', "inline")
>>> learned.index()
{'example.com': frozenset({'most read'})}
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaner.document import Document
from cleaner.errors import ConfigError
from cleaner.rules import _CODE_RE, RuleSet
from cleaner.stages import Stage

CODE = "BP101"


def line_key(line: str) -> str:
    """What two lines must share to count as the same line."""
    return line.casefold()


def source_key(value: object) -> str | None:
    """The source a document belongs to, or None when it names none.

    >>> source_key("https://www.Dawn.com/news/1646"), source_key("dawn.com"), source_key(17)
    ('dawn.com', 'dawn.com', '17')
    >>> source_key(None), source_key("  "), source_key(True)
    (None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    if "://" in text:
        try:
            host = urlsplit(text).hostname
        except ValueError:
            host = None
        if host:
            text = host.removeprefix("www.")
    return text or None


@dataclass(frozen=True)
class SourceBoilerplate:
    """The learned lines of one source: (text, documents containing it)."""

    name: str
    documents: int
    lines: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LearnedBoilerplate:
    """A learned boilerplate file: per source, the lines to remove.

    ``min_docs`` and ``min_share`` are the thresholds it was learned with and
    ``documents`` the number of documents it was learned from; they are kept
    for the reader and do not change what the stage removes.
    """

    sources: tuple[SourceBoilerplate, ...]
    source_field: str | None = None
    min_docs: int = 0
    min_share: float = 0.0
    documents: int = 0
    code: str = CODE

    def index(self) -> dict[str, frozenset[str]]:
        """Source name -> the keys (:func:`line_key`) of its lines."""
        return {s.name: frozenset(line_key(t) for t, _ in s.lines) for s in self.sources}

    def to_toml(self) -> str:
        """The file text: a header of settings, then one ``[[source]]`` table each."""
        out = [
            "# Boilerplate learned by `cleaner learn`: per source, lines found in at least",
            "# min_docs documents and at least a min_share of that source's documents.",
            "# `docs` is the number of documents containing the line. Delete a line to",
            "# keep it. Use: cleaner clean ... --boilerplate FILE",
            f"code = {_toml_str(self.code)}",
        ]
        if self.source_field is not None:
            out.append(f"source_field = {_toml_str(self.source_field)}")
        out += [
            f"min_docs = {self.min_docs}",
            f"min_share = {self.min_share!r}",
            f"documents = {self.documents}",
        ]
        for src in self.sources:
            out += [
                "",
                "[[source]]",
                f"name = {_toml_str(src.name)}",
                f"documents = {src.documents}",
                "lines = [",
                *(f"  {{ docs = {n}, text = {_toml_str(t)} }}," for t, n in src.lines),
                "]",
            ]
        return "\n".join(out) + "\n"

    @classmethod
    def from_toml(cls, text: str, where: str) -> LearnedBoilerplate:
        """Parse a file's text; ``where`` names it in error messages."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"boilerplate file {where} cannot be read as TOML: {exc}", code="E132"
            ) from None

        def bad(what: str) -> ConfigError:
            return ConfigError(
                f"boilerplate file {where}: {what}; write it with `cleaner learn`", code="E133"
            )

        def number(table: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
            value = table.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, kind):
                raise bad(f"'{key}' must be a number, got {value!r}")
            return value

        code = data.get("code", CODE)
        if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
            raise bad(f"'code' must be a rule code like 'BP101', got {code!r}")
        field = data.get("source_field")
        if field is not None and not isinstance(field, str):
            raise bad(f"'source_field' must be a string, got {field!r}")
        raw_sources = data.get("source", [])
        if not isinstance(raw_sources, list) or not all(isinstance(x, dict) for x in raw_sources):
            raise bad("write each source as a [[source]] table")
        sources = []
        for i, raw in enumerate(raw_sources):
            name, lines = raw.get("name"), raw.get("lines", [])
            if not isinstance(name, str) or not isinstance(lines, list):
                raise bad(f"source #{i + 1} needs a string 'name' and a list 'lines'")
            parsed = []
            for line in lines:
                if not isinstance(line, dict) or not isinstance(line.get("text"), str):
                    raise bad(f"source {name!r}: each line is a table with a string 'text'")
                parsed.append((line["text"], number(line, "docs", int)))
            sources.append(SourceBoilerplate(name, number(raw, "documents", int), tuple(parsed)))
        return cls(
            tuple(sources),
            field,
            number(data, "min_docs", int),
            float(number(data, "min_share", (int, float))),
            number(data, "documents", int),
            code,
        )

    @classmethod
    def load(cls, path: str | Path) -> LearnedBoilerplate:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(
                f"boilerplate file {p} does not exist (Config.boilerplate / --boilerplate); "
                "write one with `cleaner learn`",
                code="E131",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"boilerplate file {p} cannot be read: {exc}", code="E132") from None
        return cls.from_toml(text, str(p))


def _toml_str(s: str) -> str:
    # A JSON string is a TOML basic string once DEL is escaped as well.
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


class BoilerplateStage(Stage):
    name = "boilerplate"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        path = rules.config.boilerplate
        learned = LearnedBoilerplate.load(path) if path else None
        self.code = learned.code if learned else CODE
        enabled = learned is not None and rules.config.enabled(self.code)
        self.index = learned.index() if learned is not None and enabled else {}

    def run(self, doc: Document) -> None:
        if not self.index:
            return
        source = source_key(doc.source_id)
        keys = self.index.get(source) if source is not None else None
        if keys:
            drop = {i: self.code for i, line in enumerate(doc.lines) if line_key(line) in keys}
            doc.drop_lines(drop, self.name)
