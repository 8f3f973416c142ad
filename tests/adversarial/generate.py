"""Hostile inputs for the reliability suite, generated on demand.

Nothing large is committed: every input is built from a seed when a case runs.
Each :class:`Case` names the outcomes it may end in and a time bound.

Outcome labels: ``ok``, ``empty``, ``quarantined:<reason>``,
``error:<code>`` (a CleanerError that is not a quarantine), and for the
command line a ``+``-joined list of per-record labels with counts
(``failed:missing_field*4+ok*2``). Anything else — an exception that is not a
CleanerError — is labelled ``crash:<type>`` and never expected.

An ``ok`` outcome must also keep ``case.keeps`` (the article's last sentence,
or a decoded word): an ok result that lost it is a *silent truncation*.

    python -m tests.adversarial.generate list        # names, one per line
    python -m tests.adversarial.generate run NAME    # one JSON line: outcome, seconds, peak RSS
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cleaner

ART = (
    "Harbour bridge to reopen in spring\n\n"
    "The mayor said the harbour bridge would reopen in spring after repairs costing two "
    "million euros, ending three years of detours for commuters.\n\n"
    "Engineers found corrosion in the steel deck in 2021 and closed the crossing to cars, "
    "though cyclists could still use a narrow lane on the eastern side.\n\n"
    "Residents had waited three years for the crossing to be fixed, the council said."
)
# The article's last sentence: whatever comes before it, an ok result keeps it.
SENTINEL = "Residents had waited three years for the crossing to be fixed"
MB = 1_000_000
MIB = 1024 * 1024

Raw = str | bytes


@dataclass(frozen=True)
class Case:
    name: str
    mode: str  # "text", "html", "auto" for cleaner.clean; "cli" for `cleaner clean`
    make: Callable[[], Raw]
    expect: frozenset[str]
    seconds: float  # time bound for cleaning (input generation not counted)
    keeps: str | None = SENTINEL
    big: bool = False  # only in benchmarks/adversarial_table.py, not in make test
    file_name: str = ""  # cli: name of the input file
    cli_args: tuple[str, ...] = ()


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


def prose(size: int, seed: int = 1) -> str:
    """Article-like paragraphs of about ``size`` characters, ending with ART."""
    rng = _rng(seed)
    words = (
        "the council said on tuesday that new figures showed a rise in traffic across the "
        "harbour while engineers warned repairs would take longer than planned and cost more"
    ).split()
    parts: list[str] = []
    total = 0
    while total < size - len(ART):
        sent = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 20))) for _ in range(4)]
        para = ". ".join(s.capitalize() for s in sent) + "."
        parts.append(para)
        total += len(para) + 2
    parts.append(ART)
    return "\n\n".join(parts)


def one_line(size: int) -> str:
    sentence = "The council said traffic across the harbour rose again this year. "
    return sentence * (size // len(sentence)) + SENTINEL + "."


def nested(depth: int, closed: bool = True) -> str:
    page = "<html><body>" + "<div>" * depth + "<p>" + ART.replace("\n\n", "</p><p>") + "</p>"
    return page + ("</div>" * depth + "</body></html>" if closed else "")


def attr_bomb(n: int) -> str:
    attrs = " ".join(f'data-a{i}="x"' for i in range(n))
    return f"<html><body><div {attrs}><p>" + ART.replace("\n\n", "</p><p>") + "</p></div>"


def huge_attr(size: int, spaces: str = "") -> str:
    value = "x" * size
    return (
        f'<html><body><div{spaces} title="{value}"{spaces}><p>'
        + ART.replace("\n\n", "</p><p>")
        + "</p></div>"
    )


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _rng(2).randbytes(20_000)


def pdf_bytes() -> bytes:
    head = b"%PDF-1.7\n1 0 obj\n<< /Length 20000 /Filter /FlateDecode >>\nstream\n"
    return head + _rng(3).randbytes(20_000) + b"\nendstream\nendobj\n%%EOF\n"


def gzip_html_bytes() -> bytes:
    return gzip.compress(nested(3).encode("utf-8"), mtime=0)


def with_word(word: str) -> str:
    return ART.replace("two million euros", f"two million euros ({word})")


def mojibake() -> bytes:
    once = with_word("café crème").encode("utf-8")
    return once.decode("latin-1").encode("utf-8")  # UTF-8 read as Latin-1, saved again


def meta(charset: str) -> str:
    return f'<meta charset="{charset}">\n' + with_word("café")


def gzip_bomb(decompressed: int, newline: bool) -> bytes:
    """Repeated gzip members: ~1 KiB each on disk, 1 MiB each unpacked."""
    block = (b'{"text": "' + b"a" * 1000 + b'"}\n') * 1000 if newline else b"\0" * MIB
    member = gzip.compress(block[:MIB], compresslevel=9, mtime=0)
    return member * (decompressed // MIB)


def _articles_gzip() -> bytes:
    """50 article records as JSONL, gzipped (reproducibly: no mtime)."""
    return gzip.compress(jsonl([{"text": ART}] * 50), mtime=0)


def truncated_gzip() -> bytes:
    data = _articles_gzip()
    return data[: len(data) // 2]


def corrupt_gzip() -> bytes:
    data = bytearray(_articles_gzip())
    for i in range(12, 16):  # inside the first deflate block header: zlib.error
        data[i] ^= 0xFF
    return bytes(data)


def jsonl(records: list[object], trailing_newline: bool = True) -> bytes:
    """One line per record; a bytes record is written as it is (e.g. invalid UTF-8)."""
    lines = [r if isinstance(r, bytes) else json.dumps(r).encode("utf-8") for r in records]
    return b"\n".join(lines) + (b"\n" if trailing_newline else b"")


def jsonl_fields(huge: int) -> bytes:
    return jsonl(
        [
            {"id": "ok", "text": ART},
            {"id": "huge-text", "text": prose(huge)},
            {"id": "huge-other", "text": ART, "html": "<p>" + "y" * huge + "</p>"},
            {"id": "missing"},
            {"id": "int", "text": 42},
            {"id": "null", "text": None},
            {"id": "list", "text": ["a", "b"]},
            {"id": "nested", "text": {"body": ART}},
            ["not", "an", "object"],
        ]
    )


def _cli(counts: dict[str, int]) -> frozenset[str]:
    return frozenset({"+".join(f"{k}*{v}" for k, v in sorted(counts.items()))})


OKE = frozenset({"ok", "empty"})
OK = frozenset({"ok"})
BINARY = frozenset({"quarantined:binary"})
DEEP = frozenset({"ok", "quarantined:too_deep"})


def _cases() -> list[Case]:
    c: list[Case] = []
    add = c.append

    # Sizes: 0 B to 50 MB, and just over the limit.
    add(Case("empty_0B", "text", lambda: b"", frozenset({"empty"}), 1, keeps=None))
    add(Case("one_byte", "text", lambda: b"a", OKE, 1, keeps=None))
    add(Case("article_1KB", "text", lambda: ART.encode(), OK, 1))
    add(Case("prose_1MB", "text", lambda: prose(MB).encode(), OK, 10))
    add(Case("prose_10MB", "text", lambda: prose(10 * MB).encode(), OK, 60, big=True))
    add(Case("prose_50MB", "text", lambda: prose(50 * MB).encode(), OK, 300, big=True))
    add(
        Case(
            "over_limit_50MiB+1",
            "text",
            lambda: b"a" * (50 * MIB + 1),
            frozenset({"quarantined:too_large"}),
            5,
            keeps=None,
        )
    )
    add(Case("single_line_5MB", "text", lambda: one_line(5 * MB), OK, 20))
    add(Case("single_line_50MB", "text", lambda: one_line(50 * MB), OK, 300, big=True))
    add(Case("single_line_5MB_html", "html", lambda: one_line(5 * MB), OK, 20))

    # Binary and NULs.
    add(Case("random_bytes_1MB", "text", lambda: _rng(4).randbytes(MB), BINARY, 5, keeps=None))
    add(Case("random_bytes_1MB_html", "html", lambda: _rng(4).randbytes(MB), BINARY, 5))
    add(Case("nul_bytes_1MB", "text", lambda: b"\0" * MB, BINARY, 5, keeps=None))
    add(Case("nul_str_1MB", "text", lambda: "\0" * MB, OKE | BINARY, 5, keeps=None))
    add(Case("nuls_in_prose", "text", lambda: ART.replace(" ", " \0"), OK, 1))
    for name, make in (("png", png_bytes), ("pdf", pdf_bytes), ("gzip", gzip_html_bytes)):
        for mode in ("text", "html"):
            add(Case(f"{name}_bytes_{mode}", mode, make, BINARY, 5, keeps=None))
        add(
            Case(
                f"{name}_named_html",
                "cli",
                make,
                _cli({"quarantined:binary": 1}),
                30,
                keeps=None,
                file_name="page.html",
            )
        )

    # Markup left open before the article. In text mode it removes its own
    # line; in html mode it ends where page markup resumes, and with no
    # markup after it takes the rest, recorded as DOM100 (so "empty" with the
    # article in a removal, never silent).
    left_open = {"script": "<script>var a = 1;", "comment": "<!-- ad slot", "style": "<style>p {}"}
    for what, opener in left_open.items():
        add(Case(f"unclosed_{what}_text", "text", lambda o=opener: f"{o}\n{ART}", OK, 1))
        add(Case(f"unclosed_{what}_html", "html", lambda o=opener: f"{o}\n{ART}", OKE, 1))
        add(
            Case(
                f"unclosed_{what}_page_html",
                "html",
                lambda o=opener: f"<html><body>{o}\n<p>" + ART.replace("\n\n", "</p><p>"),
                OK,
                1,
            )
        )

    # Deep nesting and attribute bombs.
    for depth, big in ((300, False), (1000, False), (10_000, False), (100_000, False)):
        add(Case(f"nested_{depth}_text", "text", lambda d=depth: nested(d), OK, 10, big=big))
        expect = OK if depth <= 1000 else DEEP
        add(Case(f"nested_{depth}_html", "html", lambda d=depth: nested(d), expect, 10, big=big))
    add(Case("nested_1000000_text", "text", lambda: nested(1_000_000), OK, 120, big=True))
    add(Case("nested_1000000_html", "html", lambda: nested(1_000_000), DEEP, 120, big=True))
    add(Case("unclosed_nested_100000_html", "html", lambda: nested(100_000, False), DEEP, 10))
    add(Case("unclosed_nested_100000_text", "text", lambda: nested(100_000, False), OK, 10))
    many = frozenset({"ok", "quarantined:too_many_attributes"})
    add(Case("attr_bomb_100000_html", "html", lambda: attr_bomb(100_000), many, 10))
    add(Case("attr_bomb_100000_text", "text", lambda: attr_bomb(100_000), OK, 10))
    add(Case("attr_value_10MB_html", "html", lambda: huge_attr(10 * MB), OK, 30))
    add(Case("tag_of_spaces_1MB_html", "html", lambda: huge_attr(0, " " * MB), OK, 10))
    add(Case("tag_of_spaces_1MB_text", "text", lambda: huge_attr(0, " " * MB), OK, 10))
    add(Case("attr_value_10MB_text", "text", lambda: huge_attr(10 * MB), OK, 30))

    # Encodings (bytes unless noted): the decoded word must come out right.
    add(
        Case(
            "utf8_bom", "text", lambda: b"\xef\xbb\xbf" + with_word("café").encode(), OK, 1, "café"
        )
    )
    add(Case("utf16le_bom", "text", lambda: with_word("café").encode("utf-16"), OK, 1, "café"))
    add(
        Case(
            "utf16be_bom",
            "text",
            lambda: b"\xfe\xff" + with_word("café").encode("utf-16-be"),
            OK,
            1,
            "café",
        )
    )
    add(Case("latin1_plain", "text", lambda: with_word("café").encode("latin-1"), OK, 1, "café"))
    add(
        Case(
            "cp1252_quotes_euro",
            "text",
            lambda: with_word("“now” €5").encode("cp1252"),
            OK,
            1,
            "“now” €5",
        )
    )
    add(
        Case(
            "charset_honest_latin1",
            "text",
            lambda: meta("iso-8859-1").encode("latin-1"),
            OK,
            1,
            "café",
        )
    )
    add(
        Case(
            "charset_lying_utf8_is_latin1",
            "text",
            lambda: meta("utf-8").encode("latin-1"),
            OK,
            1,
            "café",
        )
    )
    add(
        Case(
            "charset_lying_latin1_is_utf8",
            "text",
            lambda: meta("iso-8859-1").encode(),
            OK,
            1,
            "café",
        )
    )
    add(
        Case(
            "charset_lying_html",
            "html",
            lambda: ("<html><head>" + meta("utf-8") + "</head><body><p>x</p></body></html>").encode(
                "latin-1"
            ),
            OK,
            5,
            "café",
        )
    )
    # Double-encoded text is passed through as it is (not repaired, not lost).
    add(Case("mojibake_double_utf8", "text", mojibake, OK, 1, "cafÃ©"))
    add(Case("lone_surrogates_str", "text", lambda: with_word("\ud800x\udfff"), OK, 1))
    add(
        Case(
            "invalid_utf8_bytes",
            "text",
            lambda: with_word("\udcff").encode("utf-8", "surrogateescape"),
            OK,
            1,
        )
    )

    # Regex attack strings, each followed by the article.
    attacks: dict[str, str] = {
        "spaces_80k": " " * 80_000,
        "tabs_newlines_1M": "\t\n" * 500_000,
        "repeated_word_50k": "data " * 50_000,
        "repeated_line_50k": "Share this article\n" * 50_000,
        "lt_100k": "<" * 100_000,
        "unclosed_tags_50k": "<a " * 50_000,
        "open_comments_20k": "<!--" * 20_000,
        "amp_100k": "&" * 100_000,
        "entity_starts_50k": "&#" * 50_000,
        "dashes_100k": "-" * 100_000,
        "dots_100k": "." * 100_000,
        "pipes_100k": "|" * 100_000,
        "parens_50k": "(" * 50_000 + ")" * 50_000,
        "brackets_50k": "[" * 50_000,
        "published_50k": "Published " * 50_000,
        "photo_credit_50k": "Photo: " * 50_000,
        "urls_20k": "http://x.co/" * 20_000,
        "digits_100k": "2021-09-14 " * 10_000,
        "at_hash_50k": "@#" * 50_000,
    }
    for name, junk in attacks.items():
        add(Case(f"regex_{name}", "text", lambda j=junk: j + "\n\n" + ART, OKE, 10))
    add(Case("regex_lt_100k_html", "html", lambda: "<" * 100_000 + ART, OKE, 10, keeps=None))

    # Command line: gzip bombs and truncated gzip, JSONL fields.
    bomb_args = ("--max-decompressed", str(20 * MIB))
    add(
        Case(
            "gzip_bomb_lines",
            "cli",
            lambda: gzip_bomb(64 * MIB, newline=True),
            _cli({"quarantined:decompression_bomb": 1}),
            60,
            keeps=None,
            file_name="bomb.jsonl.gz",
            cli_args=bomb_args,
        )
    )
    add(
        Case(
            "gzip_bomb_one_line",
            "cli",
            lambda: gzip_bomb(64 * MIB, newline=False),
            _cli({"quarantined:decompression_bomb": 1}),
            30,
            keeps=None,
            file_name="bomb.jsonl.gz",
            cli_args=bomb_args,
        )
    )
    add(
        Case(
            "gzip_bomb_2GiB_default_cap",
            "cli",
            lambda: gzip_bomb(2048 * MIB, newline=False),
            _cli({"quarantined:decompression_bomb": 1}),
            120,
            keeps=None,
            file_name="bomb.jsonl.gz",
            big=True,
        )
    )
    add(
        Case(
            "truncated_gzip",
            "cli",
            truncated_gzip,
            _cli({"failed:io_error": 1}),
            30,
            keeps=None,
            file_name="cut.jsonl.gz",
        )
    )
    add(
        Case(
            "corrupt_gzip",
            "cli",
            corrupt_gzip,
            _cli({"failed:io_error": 1}),
            30,
            keeps=None,
            file_name="bad.jsonl.gz",
        )
    )
    fields = {"ok": 3, "failed:missing_field": 6}
    add(
        Case(
            "jsonl_fields_1MB",
            "cli",
            lambda: jsonl_fields(MB),
            _cli(fields),
            30,
            keeps=None,
            file_name="f.jsonl",
        )
    )
    add(
        Case(
            "jsonl_fields_60MB",
            "cli",
            lambda: jsonl_fields(60 * MB),
            _cli({"ok": 2, "quarantined:too_large": 1, "failed:missing_field": 6}),
            120,
            keeps=None,
            file_name="f.jsonl",
            big=True,
        )
    )
    add(
        Case(
            "jsonl_bad_utf8_and_no_final_newline",
            "cli",
            lambda: jsonl([{"text": ART}, b'{"text": "caf\xe9"}', {"text": ART}], False),
            _cli({"ok": 2, "failed:malformed_json": 1}),
            30,
            keeps=None,
            file_name="b.jsonl",
        )
    )
    add(Case("txt_0B", "cli", lambda: b"", _cli({"empty": 1}), 30, keeps=None, file_name="e.txt"))
    return c


CASES: dict[str, Case] = {case.name: case for case in _cases()}


# ---------------------------------------------------------------- running


def label_of(exc: BaseException) -> str:
    if isinstance(exc, cleaner.QuarantineError):
        return f"quarantined:{exc.reason}"
    if isinstance(exc, cleaner.CleanerError):
        return f"error:{exc.code}"
    return f"crash:{type(exc).__name__}"


@dataclass
class Outcome:
    label: str
    seconds: float
    problems: list[str]  # empty when the case behaved as expected


def run_api(case: Case, raw: Raw) -> Outcome:
    original = raw[:1000], len(raw)
    t0 = time.perf_counter()
    try:
        result = cleaner.clean(raw, case.mode)  # type: ignore[arg-type]
    except BaseException as exc:  # noqa: BLE001 - the label says what it was
        label, text = label_of(exc), None
    else:
        label, text = result.outcome, result.text
        removed = "\n".join(r.text for r in result.removals)
    seconds = time.perf_counter() - t0
    problems = check(case, label, seconds)
    if text is not None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append("output is not valid UTF-8")
        if "\0" in text:
            problems.append("output holds NUL")
        if label == "ok" and case.keeps and case.keeps not in text:
            problems.append(f"silent truncation: {case.keeps!r} missing from the output")
        if label == "empty" and case.keeps and case.keeps not in removed:
            problems.append("silent truncation: output empty, the article in no removal")
    if (raw[:1000], len(raw)) != original:
        problems.append("input modified")
    return Outcome(label, seconds, problems)


def run_cli(case: Case, raw: Raw, tmp: Path, in_process: bool = True) -> Outcome:
    src = tmp / "in"
    src.mkdir()
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    (src / case.file_name).write_bytes(data)
    report = tmp / "report.json"
    argv = ["clean", str(src), "-o", str(tmp / "out"), "--report", str(report), *case.cli_args]
    t0 = time.perf_counter()
    if in_process:
        from cleaner.cli import main

        rc = main(argv)
        stderr = ""
    else:
        cli = Path(sys.executable).with_name("cleaner")
        proc = subprocess.run([str(cli), *argv], capture_output=True, text=True)
        rc, stderr = proc.returncode, proc.stderr
    seconds = time.perf_counter() - t0
    problems: list[str] = []
    if "Traceback" in stderr:
        problems.append("traceback on stderr")
    if not report.exists():
        return Outcome(f"crash:exit{rc}", seconds, [*problems, "no report written"])
    rep = json.loads(report.read_text())
    s = rep["summary"]
    counts: Counter[str] = Counter({"ok": s["ok"], "empty": s["empty"]})
    counts.update(f"{e['outcome']}:{e['reason']}" for e in rep["errors"])
    label = "+".join(f"{k}*{v}" for k, v in sorted(counts.items()) if v)
    problems += check(case, label, seconds)
    if s["records"] != s["ok"] + s["empty"] + s["quarantined"] + s["failed"]:
        problems.append("counts do not add up")
    if rc != (1 if s["failed"] else 0):
        problems.append(f"exit status {rc}")
    if list(tmp.rglob("*.tmp")):
        problems.append("temporary files left")
    if (src / case.file_name).read_bytes() != data:
        problems.append("input modified")
    return Outcome(label, seconds, problems)


def check(case: Case, label: str, seconds: float) -> list[str]:
    problems = []
    expected = case.expect
    if label not in expected:
        problems.append(f"outcome {label}, expected {' or '.join(sorted(expected))}")
    if seconds > case.seconds:
        problems.append(f"took {seconds:.1f} s, bound {case.seconds:g} s")
    return problems


def run_case(case: Case, in_process: bool = True) -> tuple[Outcome, int]:
    """Run one case; also returns the input size in bytes."""
    raw = case.make()
    size = len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw)
    if case.mode == "cli":
        with tempfile.TemporaryDirectory(prefix="adv_") as tmp:
            return run_cli(case, raw, Path(tmp), in_process), size
    return run_api(case, raw), size


def main(argv: list[str]) -> int:
    if argv[:1] == ["list"]:
        for name, case in CASES.items():
            print(name, case.mode, "big" if case.big else "fast")
        return 0
    if len(argv) == 2 and argv[0] == "run":
        case = CASES[argv[1]]
        if case.mode != "cli":  # build the pipeline first: time the cleaning only
            run_api(Case("warm-up", case.mode, bytes, OKE, 60), b"")
        outcome, size = run_case(case, in_process=False)
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        print(
            json.dumps(
                {
                    "name": case.name,
                    "mode": case.mode,
                    "size": size,
                    "expected": sorted(case.expect),
                    "outcome": outcome.label,
                    "seconds": round(outcome.seconds, 3),
                    "bound": case.seconds,
                    "peak_rss_mib": round(peak / 1024, 1),
                    "problems": outcome.problems,
                }
            )
        )
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
