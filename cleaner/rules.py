"""Load, validate and compile the rules in ``rules/`` (and users' rule files).

A rule file is TOML with one ``[[rule]]`` table per rule::

    [[rule]]
    code = "SB102"                 # stable: family prefix + 3 digits
    stage = "blocks"               # which stage applies it
    kind = "line"                  # how: a line regex, or a built-in detector
    description = "Share / follow / subscribe prompts"
    pattern = '''(?i)^share (this|on)\\b'''
    remove = ["Share this article"]          # text the rule must remove
    keep = ["Shares in the company rose."]   # text it must leave alone

``kind = "line"`` rules remove a whole line when ``pattern`` is found in it
(``re.search``). A stage screens its line rules together: ``cleaner.prefilter``
finds the lines holding each rule's literal text in a few whole-text scans,
and a rule's regex runs only on those lines.
Other kinds name a built-in detector; their tunable numbers sit in ``params``.
HTML rules (``kind = "selector"``) carry a CSS ``selector`` instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleaner.config import Config
from cleaner.errors import RuleError

# Installed wheels carry the rules inside the package (hatch force-include);
# a source checkout or editable install reads the project's rules/ directly.
_PACKAGED = Path(__file__).resolve().parent / "_rules"
BUNDLED_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "rules"

STAGES = ("decode", "html", "markup", "segment", "metadata", "blocks", "boilerplate", "normalize")

# Kinds whose behaviour is code in a stage; the rule file gives code, params
# and examples. Each stage module registers the kinds it implements here.
KINDS = {
    "line",
    "prefix",
    "selector",
    "chars",
    "markup_tag",
    "markup_raw",
    "markup_comment",
    "markup_artefact",
    "entities",
    "headline",
    "repeated_nearby",
    "repeated_paragraph",
    "sidebar_tail",
    "comments_tail",
    "inline_related",
    "main_region",
    "main_content",
    "link_density",
    "title_repeat",
    "unclosed_raw",
}

_CODE_RE = re.compile(r"[A-Z]{2,6}[0-9]{3}")


@dataclass(frozen=True)
class Example:
    """A ``remove`` or ``keep`` example. ``removed`` optionally pins the exact
    texts the rule must remove from ``text`` (default: the whole text)."""

    text: str
    removed: tuple[str, ...] | None = None
    mode: str = "text"


@dataclass(frozen=True)
class Rule:
    code: str
    stage: str
    kind: str
    description: str
    source: str
    pattern: str | None = None
    selector: str | None = None
    field: str | None = None
    params: tuple[tuple[str, Any], ...] = ()
    aliases: tuple[str, ...] = ()
    # The input forms the rule applies to ("text", "html"); both by default.
    modes: tuple[str, ...] = ("text", "html")
    remove: tuple[Example, ...] = ()
    keep: tuple[Example, ...] = ()

    def param(self, name: str, default: Any) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default


@dataclass(frozen=True)
class RuleSet:
    """All loaded rules, in file order, with the enabled ones per stage."""

    rules: tuple[Rule, ...]
    config: Config = field(default_factory=Config)
    # When set, only rules whose ``modes`` include it are active.
    mode: str | None = None

    def for_mode(self, mode: str) -> RuleSet:
        """The same rules, restricted to those that apply to ``mode``."""
        return RuleSet(self.rules, self.config, mode)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def get(self, code: str) -> Rule | None:
        for r in self.rules:
            if r.code == code or code in r.aliases:
                return r
        return None

    def active(self, stage: str, kind: str | None = None) -> list[Rule]:
        """Enabled rules of ``stage`` (and ``kind``), in file order."""
        return [
            r
            for r in self.rules
            if r.stage == stage
            and (kind is None or r.kind == kind)
            and (self.mode is None or self.mode in r.modes)
            and self.config.enabled(r.code, r.aliases)
        ]

    def first(self, stage: str, kind: str) -> Rule | None:
        found = self.active(stage, kind)
        return found[0] if found else None


def _examples(raw: Any, where: str, key: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(f"{where}: '{key}' must be a list of examples", code="E111")
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            removed = item.get("removed")
            out.append(
                Example(
                    item["text"],
                    tuple(removed) if removed is not None else None,
                    str(item.get("mode", "text")),
                )
            )
        else:
            raise RuleError(
                f"{where}: each '{key}' example is a string or a table with 'text'",
                code="E111",
            )
    return tuple(out)


def _parse_rule(raw: dict[str, Any], source: str, index: int) -> Rule:
    where = f"{source}, rule #{index + 1}"
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
        raise RuleError(
            f"{where}: 'code' must be 2-6 capital letters and 3 digits (like 'CAP101'), "
            f"got {code!r}",
            code="E112",
        )
    where = f"{source}, rule {code}"
    stage = raw.get("stage")
    if stage not in STAGES:
        raise RuleError(f"{where}: 'stage' must be one of {STAGES}, got {stage!r}", code="E113")
    kind = raw.get("kind", "line")
    if kind not in KINDS:
        raise RuleError(
            f"{where}: 'kind' must be one of {sorted(KINDS)}, got {kind!r}", code="E114"
        )
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise RuleError(f"{where}: a rule needs a 'description'", code="E115")
    pattern = raw.get("pattern")
    if kind in ("line", "prefix", "comments_tail"):
        if not isinstance(pattern, str) or not pattern:
            raise RuleError(f"{where}: a {kind} rule needs a 'pattern'", code="E116")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise RuleError(
                f"{where}: 'pattern' is not a valid regex: {exc}", code="E117"
            ) from None
        if compiled.groupindex and kind == "line":
            raise RuleError(
                f"{where}: line patterns may not use named groups (?P<...>); use (?:...) instead",
                code="E118",
            )
    selector = raw.get("selector")
    if kind == "selector" and (not isinstance(selector, str) or not selector.strip()):
        raise RuleError(f"{where}: a selector rule needs a CSS 'selector'", code="E116")
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise RuleError(f"{where}: 'params' must be a table", code="E119")
    known = {
        "code",
        "stage",
        "kind",
        "description",
        "pattern",
        "selector",
        "field",
        "params",
        "aliases",
        "modes",
        "remove",
        "keep",
    }
    modes = raw.get("modes", ["text", "html"])
    if not isinstance(modes, list) or not modes or not set(modes) <= {"text", "html"}:
        raise RuleError(f"{where}: 'modes' must be a list of 'text' and/or 'html'", code="E124")
    unknown = set(raw) - known
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}", code="E120")
    return Rule(
        code=code,
        stage=stage,
        kind=kind,
        description=description.strip(),
        source=source,
        pattern=pattern,
        selector=selector,
        field=raw.get("field"),
        params=tuple(sorted(params.items())),
        aliases=tuple(raw.get("aliases", ())),
        modes=tuple(modes),
        remove=_examples(raw.get("remove"), where, "remove"),
        keep=_examples(raw.get("keep"), where, "keep"),
    )


def parse_rule_file(path: Path) -> list[Rule]:
    """Read one rule file; errors name the file and the rule."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"rule file {path} does not exist", code="E121") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"rule file {path} cannot be read as TOML: {exc}", code="E122") from None
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise RuleError(f"rule file {path}: use [[rule]] tables", code="E122")
    return [_parse_rule(r, str(path), i) for i, r in enumerate(raw_rules)]


def bundled_rule_files() -> list[Path]:
    return sorted(BUNDLED_DIR.glob("*.toml"))


def load_rules(extra_files: Iterable[str | Path] = ()) -> tuple[Rule, ...]:
    """All bundled rules, then the rules of ``extra_files``; codes must be unique."""
    rules: list[Rule] = []
    for path in [*bundled_rule_files(), *(Path(p) for p in extra_files)]:
        rules.extend(parse_rule_file(path))
    seen: dict[str, str] = {}
    for r in rules:
        for c in (r.code, *r.aliases):
            if c in seen:
                raise RuleError(
                    f"rule code {c} is defined twice: in {seen[c]} and {r.source}; "
                    "give the new rule its own code",
                    code="E123",
                )
            seen[c] = r.source
    return tuple(rules)


@lru_cache(maxsize=32)
def ruleset_for(config: Config) -> RuleSet:
    """The compiled rule set for ``config`` (cached: configs are frozen)."""
    return RuleSet(load_rules(config.rule_files), config)


_GLOBAL_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def is_anchored(rule: Rule) -> bool:
    """Whether the rule's pattern starts with ``^`` (after any global flags)."""
    pattern = rule.pattern or ""
    m = _GLOBAL_FLAGS.match(pattern)
    return pattern[m.end() if m else 0 :].startswith("^")
