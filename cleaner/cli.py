"""Command line: ``cleaner clean``, ``cleaner learn``, ``cleaner rules``, ``cleaner explain``.

Uses only the public API (:func:`cleaner.clean`, :class:`cleaner.Config`, the
errors) plus :class:`cleaner.pipeline.Stats` to add up counts across workers.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner import CleanerError, Config, QuarantineError, Result, clean
from cleaner.boilerplate import MIN_DOCS, MIN_SHARE, Learner, check_thresholds
from cleaner.pipeline import Stats
from cleaner.stages.boilerplate import LearnedBoilerplate, source_key

DEFAULT_MAX_DECOMPRESSED = 1024**3  # 1 GiB
# Per-document deadline in batch runs. A 3 KB article takes ~1 ms and the
# largest accepted input (50 MiB) a few seconds; 30 s only cuts off real hangs.
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MEMORY_MB = 4096

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command line; reported with exit code 2."""


# ---------------------------------------------------------------- file kinds


def kind_of(path: Path) -> str | None:
    """``txt``, ``html``, ``jsonl`` or ``jsonl.gz``; None for files we skip."""
    name = path.name.lower()
    if name.endswith((".jsonl.gz", ".json.gz")):
        return "jsonl.gz"
    if name.endswith((".jsonl", ".json")):
        return "jsonl"
    if name.endswith(".txt"):
        return "txt"
    if name.endswith((".html", ".htm")):
        return "html"
    return None


def output_rel(rel: Path, kind: str) -> Path:
    if kind == "html":
        return rel.with_suffix(".txt")
    return rel


# ---------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    src: str
    dst: str
    kind: str
    # What errors call the input when ``src`` is not its name (stdin spooled
    # to a file); such an input has no folder to name its source.
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.src


# Task.src / Task.dst of standard input and output: a JSONL stream read from
# stdin is written, record chunk by record chunk, to stdout.
STDIN, STDOUT = "<stdin>", "-"


@dataclass
class Options:
    config: Config
    mode: str = "auto"
    text_field: str = "text"
    output_field: str | None = None
    max_decompressed: int = DEFAULT_MAX_DECOMPRESSED
    # The record field naming each record's source (learned boilerplate).
    source_field: str | None = None


@dataclass
class FileOutcome:
    stats: Stats = field(default_factory=Stats)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(
        self, file: str, line: int | None, reason: str, message: str, outcome: str = "failed"
    ) -> None:
        """Count one document as ``outcome`` (failed or quarantined) and say why."""
        self.stats.count(outcome)
        self.errors.append(_error(file, line, reason, message, outcome))


def _error(
    file: str, line: int | None, reason: str, message: str, outcome: str = "failed"
) -> dict[str, Any]:
    """One report entry: where, the record's outcome (failed or quarantined) and why."""
    return {"file": file, "line": line, "outcome": outcome, "reason": reason, "message": message}


def _reason(exc: CleanerError) -> str:
    return exc.reason if isinstance(exc, QuarantineError) else exc.code


def _record_error(out: FileOutcome, exc: CleanerError, file: str, line: int | None) -> None:
    outcome = "quarantined" if isinstance(exc, QuarantineError) else "failed"
    out.fail(file, line, _reason(exc), str(exc), outcome)


def file_failure(task: Task, exc: BaseException) -> FileOutcome:
    """The outcome of a whole file that could not be read or written."""
    out = FileOutcome()
    if isinstance(exc, CleanerError):
        _record_error(out, exc, task.label, None)
    else:
        out.fail(task.label, None, "io_error", str(exc))
    return out


def _cleaner_meta(result: Result | None, outcome: str) -> dict[str, Any]:
    return {
        "title": result.metadata.get("title") if result else None,
        "published": result.metadata.get("published") if result else None,
        "removals": result.removal_counts() if result else {},
        "outcome": outcome,
    }


def parse_record(raw_line: bytes, text_field: str) -> tuple[dict[str, Any] | None, str, str]:
    """(record, "", "") for a JSON object with a string ``text_field``, else
    (None, reason, message)."""
    try:
        record = json.loads(raw_line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, "malformed_json", str(exc)
    if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
        message = f"record has no string field {text_field!r} (--text-field)"
        return None, "missing_field", message
    return record, "", ""


def clean_jsonl_line(
    raw_line: bytes, lineno: int, opts: Options, name: str, out: FileOutcome
) -> bytes | None:
    """The cleaned JSONL line (UTF-8) for one non-blank input line, or None
    when it yields no record.

    A malformed line, a record without the text field or one that raises a
    CleanerError is counted and reported in ``out``.
    """
    record, reason, message = parse_record(raw_line, opts.text_field)
    if record is None:
        out.fail(name, lineno, reason, message)
        return None
    try:
        result = clean(
            record[opts.text_field],
            opts.mode,  # type: ignore[arg-type]
            opts.config,
            source=source_key(record.get(opts.source_field)) if opts.source_field else None,
        )
    except CleanerError as exc:
        _record_error(out, exc, name, lineno)
        return None
    out.stats.add(result)
    record[opts.output_field or opts.text_field] = result.text
    record["cleaner"] = _cleaner_meta(result, result.outcome)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate escaped in another field ("\ud800") is valid JSON
        # but not UTF-8: written escaped, as it came, the record stays whole.
        return (json.dumps(record) + "\n").encode("ascii")


def temp_beside(dst: Path) -> tuple[IO[bytes], Path]:
    """A new temporary file next to ``dst``, open for writing, named as
    _TEMP_NAME expects: a later run sweeps it if this one is killed."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.", suffix=".tmp")
    return os.fdopen(fd, "wb"), Path(tmp)


def commit_temp(fh: IO[bytes], tmp: Path, dst: Path) -> None:
    """Make ``tmp``, written through ``fh``, the file ``dst``: on disk first,
    then renamed over it, so ``dst`` is complete or absent."""
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()
    os.replace(tmp, dst)


def discard_temp(fh: IO[bytes], tmp: Path) -> None:
    """Close and remove ``tmp``, an output given up before it was complete."""
    with contextlib.suppress(Exception):
        fh.close()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def no_temp(what: str, exc: OSError) -> CleanerError:
    """The error for a temporary ``what`` the system would not create."""
    return CleanerError(
        f"cannot create a temporary {what} ({exc}); set TMPDIR to a writable directory",
        code="E404",
    )


def _atomic_write(dst: Path, fill: Callable[[IO[bytes]], object]) -> None:
    fh, tmp = temp_beside(dst)
    try:
        fill(fh)
        commit_temp(fh, tmp, dst)
    except BaseException:
        discard_temp(fh, tmp)
        raise


def file_mode(kind: str, mode: str) -> str:
    """The mode a file is cleaned in: an .html file is a page unless the
    user chose a mode; anything else goes by ``mode``."""
    return "html" if kind == "html" and mode == "auto" else mode


def process_file(task: Task, opts: Options) -> FileOutcome:
    """Clean one .txt or .html file into its output (JSONL files are split into
    record chunks by :mod:`cleaner.batch`)."""
    out = FileOutcome()
    src, dst = Path(task.src), Path(task.dst)
    try:
        data = src.read_bytes()
        mode = file_mode(task.kind, opts.mode)
        try:
            # A file's source is its folder's name (crawl/<site>/<page>.txt).
            source = None if task.name else src.parent.name
            result = clean(data, mode, opts.config, source=source)  # type: ignore[arg-type]
        except CleanerError as exc:
            _record_error(out, exc, task.label, None)
            return out
        text = result.text + "\n" if result.text else ""
        _atomic_write(dst, lambda fh: fh.write(text.encode("utf-8")))
        out.stats.add(result)
    except OSError as exc:
        out = file_failure(task, exc)
    return out


# ---------------------------------------------------------------- collecting inputs


def files_under(directory: Path) -> Iterator[Path | None]:
    """The regular files under ``directory`` in sorted order; None for each
    entry skipped (not a regular file, or a symlink out of the tree)."""
    root = directory.resolve()
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames.sort()
        for fname in sorted(filenames):
            fp = Path(dirpath) / fname
            if fp.is_symlink() and not fp.resolve().is_relative_to(root):
                yield None
            elif not fp.is_file():
                yield None
            else:
                yield fp


def collect(inputs: list[str], outdir: Path) -> tuple[list[Task], int, list[dict[str, Any]]]:
    """Tasks for every input file, the number of skipped files, and collisions."""
    out_res = outdir.resolve()
    tasks: list[Task] = []
    skipped = 0
    errors: list[dict[str, Any]] = []
    claimed: dict[Path, str] = {}

    def add(path: Path, rel: Path) -> None:
        nonlocal skipped
        kind = kind_of(path)
        if kind is None:
            skipped += 1
            return
        dst = outdir / output_rel(rel, kind)
        key = dst.resolve()
        if key in claimed:
            errors.append(
                _error(
                    str(path),
                    None,
                    "output_collision",
                    f"{dst} is also the output of {claimed[key]}; rename one of them",
                )
            )
            return
        claimed[key] = str(path)
        tasks.append(Task(str(path), str(dst), kind))

    for inp in inputs:
        p = Path(inp)
        if not p.exists():
            raise UsageError(f"input {inp} does not exist")
        root = p.resolve()
        if p.is_dir():
            if out_res == root or out_res.is_relative_to(root):
                raise UsageError(
                    f"output directory {outdir} is (inside) the input directory {inp}; "
                    "choose an output directory outside the input"
                )
            for fp in files_under(p):
                if fp is None:
                    skipped += 1
                else:
                    add(fp, fp.relative_to(p))
        else:
            add(p, Path(p.name))
    return tasks, skipped, errors


# ---------------------------------------------------------------- commands


def _config_from(args: argparse.Namespace) -> Config:
    cfg = Config.from_file(args.config) if args.config else Config()
    changes: dict[str, Any] = {}
    if args.select:
        changes["select"] = tuple(c.strip() for c in args.select.split(",") if c.strip())
    if args.ignore:
        changes["ignore"] = tuple(c.strip() for c in args.ignore.split(",") if c.strip())
    if args.boilerplate:
        changes["boilerplate"] = args.boilerplate
    cfg = cfg.with_(**changes) if changes else cfg
    clean("", "text", cfg)  # build the rule set now: a bad rule file is a usage error (exit 2)
    return cfg


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int) -> Any:
    """A tqdm bar of files done when stderr is a terminal. Otherwise (logs,
    pipes, ETL jobs) nothing to draw, so tqdm is not even imported: that is
    a fifth of the start-up of a short run."""
    if not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr)


def _summary(stats: Stats, files: int, skipped: int, seconds: float) -> dict[str, Any]:
    return {
        "files": files,
        "skipped_files": skipped,
        "records": stats.docs,
        "ok": stats.ok,
        "empty": stats.empty,
        "quarantined": stats.quarantined,
        "failed": stats.failed,
        "removals": dict(sorted(stats.removals.items())),
        "seconds": round(seconds, 3),
        "docs_per_second": round(stats.docs / seconds, 1) if seconds > 0 else None,
    }


def _print_summary(s: dict[str, Any]) -> None:
    err = sys.stderr
    print(
        f"files: {s['files']} (skipped {s['skipped_files']})  records: {s['records']}  "
        f"ok: {s['ok']}  empty: {s['empty']}  quarantined: {s['quarantined']}  "
        f"failed: {s['failed']}",
        file=err,
    )
    if s["removals"]:
        print("removals: " + ", ".join(f"{k}={v}" for k, v in s["removals"].items()), file=err)
    print(f"{s['seconds']}s, {s['docs_per_second']} docs/s", file=err)


def _clean_stdin(args: argparse.Namespace, opts: Options) -> int:
    """stdin to stdout, through the same worker processes, deadline and
    memory cap as a directory run. JSONL streams: records are read, cleaned
    and written chunk by chunk, in order. A single txt/html document is
    spooled to a temporary file (at most Config.max_bytes + 1 bytes are read;
    more is quarantined as too_large) and its cleaned text copied out."""
    start = time.perf_counter()
    if args.input_format == "jsonl":
        return _run(args, opts, [Task(STDIN, STDOUT, "jsonl")], 0, [], start)
    try:
        spool = tempfile.TemporaryDirectory(prefix="cleaner-stdin-")
    except OSError as exc:
        raise no_temp("directory for stdin", exc) from None
    with spool as tmp:
        src, dst = Path(tmp) / "in", Path(tmp) / "out.txt"
        src.write_bytes(sys.stdin.buffer.read(opts.config.max_bytes + 1))
        code = _run(args, opts, [Task(str(src), str(dst), args.input_format, STDIN)], 0, [], start)
        if dst.exists():
            sys.stdout.buffer.write(dst.read_bytes())
            sys.stdout.flush()
    return code


# What _atomic_write's mkstemp names look like: ".<output name>.<8 random chars>.tmp".
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def _sweep_stale_temps(outdir: Path) -> None:
    """Remove temporary files a killed earlier run left in OUTDIR.

    Called once a run has finished, when none of its own writes is open.
    """
    if not outdir.is_dir():
        return
    for dirpath, _dirs, files in os.walk(outdir):
        for name in files:
            if _TEMP_NAME.match(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, name))


def cmd_clean(args: argparse.Namespace) -> int:
    config = _config_from(args)
    opts = Options(
        config=config,
        mode=args.mode,
        text_field=args.text_field,
        output_field=args.output_field,
        max_decompressed=args.max_decompressed,
        source_field=_source_field(args.source_field, config),
    )
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no deadline) or a number of seconds")
    if args.max_memory < 0:
        raise UsageError("--max-memory must be 0 (no cap) or a number of MiB")
    if args.inputs == ["-"]:
        if not args.input_format:
            raise UsageError("reading stdin (-) needs --input-format txt|html|jsonl")
        return _clean_stdin(args, opts)
    if "-" in args.inputs:
        raise UsageError("- (stdin) cannot be combined with other inputs")
    if not args.output:
        raise UsageError("clean needs -o OUTDIR (or - to read stdin)")
    outdir = Path(args.output)
    start = time.perf_counter()
    tasks, skipped, errors = collect(args.inputs, outdir)
    if args.resume:
        todo = [t for t in tasks if not Path(t.dst).exists()]
        skipped += len(tasks) - len(todo)
        tasks = todo
    code = _run(args, opts, tasks, skipped, errors, start, str(outdir))
    _sweep_stale_temps(outdir)
    return code


def _run(
    args: argparse.Namespace,
    opts: Options,
    tasks: list[Task],
    skipped: int,
    errors: list[dict[str, Any]],
    start: float,
    outdir: str | None = None,
) -> int:
    """Clean ``tasks`` in worker processes, then print the summary and write
    the report; ``errors`` are those found before (walking the inputs)."""
    from cleaner.batch import ErrorLog, check_counts, run_batch

    total = Stats(docs=len(errors), failed=len(errors))
    # Errors are listed in input order whatever the worker count: the log
    # reads them back file by file.
    log = ErrorLog(outdir)
    bar = _progress_bar(len(tasks))

    def file_done(index: int, outcome: FileOutcome) -> None:
        nonlocal total
        total = total + outcome.stats
        bar.update(1)

    try:
        run_batch(
            tasks,
            opts,
            args.jobs,
            args.timeout or None,
            args.max_memory * 1024 * 1024 if args.max_memory else None,
            file_done,
            log,
        )
        check_counts(total)
        seconds = time.perf_counter() - start
        summary = _summary(total, len(tasks), skipped, seconds)
        _print_summary(summary)
        n_errors = len(errors) + log.count
        for e in itertools.islice(itertools.chain(errors, log), 20):
            loc = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
            print(f"  {loc}: {e['reason']}: {e['message']}", file=sys.stderr)
        if n_errors > 20:
            print(f"  ... and {n_errors - 20} more (see --report)", file=sys.stderr)
        if args.report:
            report = Path(args.report)
            _atomic_write(report, lambda fh: _write_report(fh, summary, errors, log.lines()))
    finally:
        bar.close()
        log.close()
    return EXIT_FAILED if total.failed else EXIT_OK


def _write_report(
    fh: IO[bytes], summary: dict[str, Any], first: list[dict[str, Any]], logged: Iterable[bytes]
) -> None:
    """The --report JSON: the summary indented, then one error per line
    (``first``, then the logged lines as they are), streamed: a run with
    millions of errors never holds them in memory."""
    head = json.dumps(summary, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    fh.write(('{\n  "summary": ' + head + ',\n  "errors": [').encode("utf-8"))
    entries = itertools.chain(
        (json.dumps(e, ensure_ascii=False).encode("utf-8") for e in first),
        (line.rstrip(b"\n") for line in logged),
    )
    sep = b"\n    "
    for entry in entries:
        fh.write(sep + entry)
        sep = b",\n    "
    fh.write(b"\n  ]\n}\n" if sep != b"\n    " else b"]\n}\n")


def cmd_rules(args: argparse.Namespace) -> int:
    from cleaner.rules import load_rules

    rules = load_rules()
    if args.code:
        chosen = [r for r in rules if r.code == args.code or args.code in r.aliases]
        if not chosen:
            chosen = [r for r in rules if r.code.startswith(args.code)]
        if not chosen:
            raise UsageError(f"no rule with code {args.code!r}; run `cleaner rules` to list them")
        for r in chosen:
            print(f"{r.code}  [{r.stage}]  {r.description}")
            for ex in r.remove:
                print(f"  removes: {ex.text!r}")
            for ex in r.keep:
                print(f"  keeps:   {ex.text!r}")
            print()
        return EXIT_OK
    for r in rules:
        print(f"{r.code:<10} {r.stage:<10} {r.description}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    try:
        result = clean(data, args.mode)
    except CleanerError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    colour = sys.stdout.isatty()
    red, dim, reset = ("\033[31m", "\033[2m", "\033[0m") if colour else ("", "", "")
    for r in result.removals:
        print(f"{red}[{r.rule}]{reset} {dim}{r.text}{reset}")
    print()
    print("-" * 20 + " cleaned text " + "-" * 20)
    print(result.text)
    return EXIT_OK


# ---------------------------------------------------------------- boilerplate

DEFAULT_SOURCE_FIELD = "url"


def _source_field(flag: str | None, config: Config) -> str | None:
    """--source-field, else the field the boilerplate file was learned with."""
    if flag or config.boilerplate is None:
        return flag
    return LearnedBoilerplate.load(config.boilerplate).source_field or DEFAULT_SOURCE_FIELD


def _input_files(inputs: list[str]) -> Iterator[Path | None]:
    for inp in inputs:
        p = Path(inp)
        if not p.exists():
            raise UsageError(f"input {inp} does not exist")
        if p.is_dir():
            yield from files_under(p)
        else:
            yield p


def _learn_record(learner: Learner, raw_line: bytes | None, args: argparse.Namespace) -> None:
    if raw_line is not None and not raw_line.strip():
        return
    # None: a line over the record cap; then malformed, or no text field.
    record = None if raw_line is None else parse_record(raw_line, args.text_field)[0]
    if record is None:
        learner.skipped += 1
        return
    learner.add(record[args.text_field], record.get(args.source_field))


def cmd_learn(args: argparse.Namespace) -> int:
    from cleaner.batch import READ_ERRORS, open_jsonl, read_lines, record_line_cap

    config = Config.from_file(args.config) if args.config else Config()
    line_cap = record_line_cap(config)
    check_thresholds(args.min_docs, args.min_share)
    learner = Learner(config, args.mode)
    files = skipped_files = 0
    for path in _input_files(args.inputs):
        kind = None if path is None else kind_of(path)
        if path is None or kind is None:  # a skipped entry, or not an input kind
            skipped_files += 1
            continue
        files += 1
        try:
            if kind in ("txt", "html"):
                # Like `clean`: a file's source is its folder's name.
                mode = file_mode(kind, args.mode)
                learner.add(path.read_bytes(), path.parent.name, mode)  # type: ignore[arg-type]
                continue
            with contextlib.ExitStack() as stack:
                fh = open_jsonl(stack, path, kind)
                for raw_line in read_lines(fh, line_cap, args.max_decompressed):
                    _learn_record(learner, raw_line, args)
        except (*READ_ERRORS, QuarantineError) as exc:
            print(f"cleaner: {path}: not read: {exc}", file=sys.stderr)
    learned = learner.result(args.min_docs, args.min_share, args.source_field)
    data = learned.to_toml().encode("utf-8")
    _atomic_write(Path(args.output), lambda fh: fh.write(data))
    lines = sum(len(src.lines) for src in learned.sources)
    print(
        f"files: {files} (skipped {skipped_files})  documents: {learned.documents} "
        f"(skipped {learner.skipped})  sources with boilerplate: {len(learned.sources)}  "
        f"lines: {lines} -> {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleaner", description="Remove boilerplate from scraped news articles."
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("clean", help="clean files or directories into OUTDIR")
    c.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, or - for stdin")
    c.add_argument("-o", "--output", metavar="OUTDIR")
    c.add_argument("--mode", choices=["auto", "text", "html"], default="auto")
    c.add_argument("--jobs", type=int, default=1)
    c.add_argument("--text-field", default="text")
    c.add_argument("--output-field", default=None)
    c.add_argument("--report", metavar="FILE")
    c.add_argument("--resume", action="store_true", help="skip inputs whose output exists")
    c.add_argument("--select", metavar="CODES", help="comma-separated rule code prefixes")
    c.add_argument("--ignore", metavar="CODES", help="comma-separated rule code prefixes")
    c.add_argument("--config", metavar="FILE", help="TOML config with a [cleaner] table")
    c.add_argument("--input-format", choices=["txt", "html", "jsonl"])
    c.add_argument(
        "--max-decompressed",
        type=int,
        default=DEFAULT_MAX_DECOMPRESSED,
        help="cap on decompressed bytes per .gz input (default 1 GiB)",
    )
    c.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per-document deadline; a document over it is quarantined as timeout "
        f"(default {DEFAULT_TIMEOUT:g}; 0: none)",
    )
    c.add_argument(
        "--max-memory",
        type=int,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help="address-space cap per worker process in MiB; a document over it is "
        f"quarantined as memory (default {DEFAULT_MAX_MEMORY_MB}; 0: none)",
    )
    c.add_argument(
        "--boilerplate", metavar="FILE", help="learned boilerplate file (from `cleaner learn`)"
    )
    c.add_argument(
        "--source-field",
        metavar="FIELD",
        help="JSONL field naming each record's source (a URL stands for its host); "
        "default: the field the boilerplate file was learned with",
    )
    c.set_defaults(func=cmd_clean)

    lr = sub.add_parser(
        "learn", help="learn per-source boilerplate lines from files or directories"
    )
    lr.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories")
    lr.add_argument("-o", "--output", metavar="FILE", required=True, help="rules file to write")
    lr.add_argument(
        "--source-field",
        default=DEFAULT_SOURCE_FIELD,
        metavar="FIELD",
        help="JSONL field naming each record's source; a URL stands for its host "
        f"(default {DEFAULT_SOURCE_FIELD}); .txt/.html files: their folder's name",
    )
    lr.add_argument("--text-field", default="text")
    lr.add_argument(
        "--min-docs",
        type=int,
        default=MIN_DOCS,
        help=f"a line must be in at least this many documents of a source (default {MIN_DOCS})",
    )
    lr.add_argument(
        "--min-share",
        type=float,
        default=MIN_SHARE,
        help=f"... and in at least this share of the source's documents (default {MIN_SHARE:g})",
    )
    lr.add_argument("--mode", choices=["auto", "text", "html"], default="auto")
    lr.add_argument("--config", metavar="FILE", help="TOML config with a [cleaner] table")
    lr.add_argument("--max-decompressed", type=int, default=DEFAULT_MAX_DECOMPRESSED)
    lr.set_defaults(func=cmd_learn)

    r = sub.add_parser("rules", help="list rules, or show one rule with examples")
    r.add_argument("code", nargs="?")
    r.set_defaults(func=cmd_rules)

    e = sub.add_parser("explain", help="show every removal of one file, then the cleaned text")
    e.add_argument("file")
    e.add_argument("--mode", choices=["auto", "text", "html"], default="auto")
    e.set_defaults(func=cmd_explain)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "build_parser", "process_file", "Task", "Options"]
