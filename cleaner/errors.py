"""Errors that cleaner raises on purpose.

Every message starts with a stable code in brackets (``[E101]``), says what
went wrong and what to do about it. Callers catch :class:`CleanerError`.
"""

from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class ConfigError(CleanerError):
    """A configuration value, a rule file or a rule code is invalid."""

    code = "E100"


class RuleError(ConfigError):
    """A rule file cannot be loaded or a rule is malformed."""

    code = "E110"


class InputError(CleanerError):
    """The input itself cannot be cleaned (wrong type, unusable content)."""

    code = "E200"


class QuarantineError(InputError):
    """The input was set aside without cleaning it, for a stated reason.

    ``reason`` is one of the documented quarantine reasons (``too_large``,
    ``binary``, ``too_deep``, ``too_many_attributes``, ``decompression_bomb``,
    ``timeout``, ...). Batch runs record it as the record's outcome.
    """

    code = "E300"

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(f"quarantined ({reason}): {message}")
