"""The pipeline's stages, one module each, in pipeline order.

A stage is built once per configuration from the rule set and then run on
many documents: ``Stage(rules).run(doc)``. It removes text only through
``doc.remove`` / ``doc.drop_lines`` so that every removal is recorded.
"""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Document
from cleaner.rules import RuleSet


class Stage:
    """Base class: subclasses set ``name`` and implement ``run``."""

    name: ClassVar[str]

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def run(self, doc: Document) -> None:
        raise NotImplementedError
