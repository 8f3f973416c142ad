"""One frozen, picklable configuration object.

Rules are switched on and off by code prefix, as in ruff: the longest prefix
in ``select`` or ``ignore`` that matches a rule's code decides; a code that no
prefix matches is on when ``select`` is empty.

>>> cfg = Config(ignore=("CAP",), select=("CAP102",))
>>> cfg.enabled("CAP101"), cfg.enabled("CAP102"), cfg.enabled("SB101")
(False, True, False)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from cleaner.errors import ConfigError

# 50 MiB: the largest documents seen in news crawls are a few MB; anything
# bigger is almost surely not an article and is quarantined as too_large.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Config:
    """How to clean. Build it once and pass it to every call.

    select / ignore: rule code prefixes (``"CAP"``, ``"SB101"``).
    rule_files: extra rule files (TOML, same format as ``rules/``) to load
    after the bundled ones.
    boilerplate: a learned per-source boilerplate file (``cleaner learn``).
    max_bytes: inputs larger than this are quarantined as ``too_large``.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    boilerplate: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        for name in ("select", "ignore", "rule_files"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        for prefix in (*self.select, *self.ignore):
            if not prefix or not prefix.replace("_", "").isalnum():
                raise ConfigError(
                    f"rule code prefix {prefix!r} is not valid: use letters and digits "
                    "such as 'CAP' or 'SB101' (see `cleaner rules`)",
                    code="E101",
                )
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ConfigError(
                f"max_bytes must be a positive integer, got {self.max_bytes!r}", code="E102"
            )

    def enabled(self, code: str, aliases: tuple[str, ...] = ()) -> bool:
        """Whether the rule ``code`` (or one of its old ``aliases``) is switched on."""
        best_len = -1
        best_on = not self.select
        for names, on in ((self.select, True), (self.ignore, False)):
            for prefix in names:
                for c in (code, *aliases):
                    if c.startswith(prefix) and len(prefix) > best_len:
                        best_len, best_on = len(prefix), on
        return best_on

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Read a config from a TOML file with a ``[cleaner]`` table.

        Relative ``rule_files`` and ``boilerplate`` paths are taken relative
        to the config file.
        """
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {p} does not exist", code="E103") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"config file {p} cannot be read as TOML: {exc}", code="E104"
            ) from None
        table = data.get("cleaner", data)
        known = {f.name for f in fields(cls)}
        unknown = set(table) - known
        if unknown:
            raise ConfigError(
                f"config file {p}: unknown key(s) {sorted(unknown)}; known keys are "
                f"{sorted(known)}",
                code="E105",
            )
        kwargs: dict[str, Any] = dict(table)
        base = p.parent
        if "rule_files" in kwargs:
            files = kwargs["rule_files"]
            files = [files] if isinstance(files, str) else files
            kwargs["rule_files"] = tuple(str(base / f) for f in files)
        if kwargs.get("boilerplate"):
            kwargs["boilerplate"] = str(base / kwargs["boilerplate"])
        for key in ("select", "ignore"):
            if key in kwargs and isinstance(kwargs[key], str):
                kwargs[key] = tuple(x.strip() for x in kwargs[key].split(",") if x.strip())
        return cls(**kwargs)
