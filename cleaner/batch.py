"""Batch runs for ``cleaner clean``: worker processes under a watchdog.

The parent process owns a few worker processes and feeds each one job at a
time over a pipe: a whole ``.txt``/``.html`` file, or a chunk of consecutive
lines of a JSONL file. Before each document a worker writes the document's
index and start time into memory shared with the parent. The parent waits on
the pipes with a short timeout and kills a worker whose current document has
run past the deadline, records that document as quarantined (``timeout``),
starts a new worker and sends it the rest of the chunk. A worker that dies
(``os._exit``, a segfault in C code, the OOM killer) is handled the same way,
with the document recorded as failed (``worker_crashed``). No signal is ever
delivered inside the cleaning code, so C extensions are never interrupted
half-way through; they are only ever ended with their whole process.

Each worker caps its own address space with ``RLIMIT_AS`` (``--max-memory``);
a document that runs into the cap raises ``MemoryError`` in the worker and is
recorded as quarantined (``memory``).

JSONL files are read by the parent and split into chunks so that one big file
keeps every worker busy. Cleaned chunks come back in any order and are written
in input order into a temporary file that replaces the output once the whole
file is done, so the output is byte-identical for any number of workers and
``--resume`` keeps its meaning (an output that exists is complete).

Test hook: when the environment variable ``CLEANER_TEST_FAULTS`` is set to a
marker string M, a document containing ``M:hang`` sleeps forever, one with
``M:crash`` ends its worker with ``os._exit(70)``, one with ``M:raise`` raises
RuntimeError (as a bug in cleaner would) and one with ``M:memory`` allocates
until it hits the memory cap. Without the variable nothing checks.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, Any, cast

from cleaner.cli import (
    STDIN,
    STDOUT,
    FileOutcome,
    Options,
    Task,
    _record_error,
    clean_jsonl_line,
    commit_temp,
    discard_temp,
    file_failure,
    no_temp,
    process_file,
    temp_beside,
)
from cleaner.config import Config
from cleaner.errors import CleanerError, QuarantineError
from cleaner.pipeline import Stats

FAULT_ENV = "CLEANER_TEST_FAULTS"

# Records per JSONL chunk. 64 records of ~3 KB are ~100-200 ms of work: small
# enough that two workers stay busy on one file and a timed-out chunk costs
# little to redo, large enough that pipe traffic stays under 1 % of the time.
CHUNK_RECORDS = 64
# A chunk also ends once it holds this many bytes, so huge records travel alone.
CHUNK_BYTES = 1024 * 1024
# How often the parent looks at the workers' clocks when nothing else happens.
_POLL_SECONDS = 0.05


# ---------------------------------------------------------------- errors


class ErrorLog:
    """Every error entry of a run, kept on disk in an anonymous temporary
    file rather than in memory: a run over millions of records with many bad
    ones keeps a flat memory. Entries are added per input file (its index in
    the run) in that file's order, and read back in file order.
    """

    def __init__(self, directory: str | None = None) -> None:
        """``directory``: where the anonymous file lives (the run's OUTDIR,
        known to be writable); the system's temporary directory if None or
        not yet there. Raises CleanerError [E404] when neither can hold it."""
        where = directory if directory and os.path.isdir(directory) else None
        try:
            # Anonymous where the system allows (O_TMPFILE); otherwise made
            # under a name and unlinked at once, a name like the run's other
            # temporary files so that a later run sweeps it should this one
            # die in between.
            self._fh = tempfile.TemporaryFile(dir=where, prefix=".errors.", suffix=".tmp")
        except OSError as exc:
            raise no_temp("file for the run's error list", exc) from None
        # file index -> [(start, end, entries)] byte ranges of the temp file
        self._ranges: dict[int, list[tuple[int, int, int]]] = {}
        self.count = 0

    def add(self, index: int, errors: list[dict[str, Any]]) -> None:
        if not errors:
            return
        data = b"".join(json.dumps(e, ensure_ascii=False).encode("utf-8") + b"\n" for e in errors)
        start = self._fh.seek(0, os.SEEK_END)
        self._fh.write(data)
        self._ranges.setdefault(index, []).append((start, start + len(data), len(errors)))
        self.count += len(errors)

    def forget(self, index: int) -> None:
        """Drop what file ``index`` logged (the file failed as a whole)."""
        self.count -= sum(n for _, _, n in self._ranges.pop(index, []))

    def lines(self) -> Iterator[bytes]:
        """Each entry as one line of JSON (with its newline), in file order."""
        for index in sorted(self._ranges):
            for start, end, _ in self._ranges[index]:
                pos = start
                while pos < end:  # line by line: a range can be a whole file's
                    self._fh.seek(pos)
                    line = self._fh.readline()
                    pos += len(line)
                    yield line

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(json.loads, self.lines())

    def close(self) -> None:
        self._fh.close()


# ---------------------------------------------------------------- jobs


@dataclass
class Job:
    """One unit of work: a whole txt/html file (``lines`` None) or a JSONL chunk."""

    task_index: int
    seq: int
    task: Task
    lines: list[bytes] | None = None
    first_line: int = 1
    # Documents already decided by the parent (timed out or crashed a worker):
    # chunk index -> (outcome, reason, message).
    decided: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    crashes: int = 0


@dataclass
class JobResult:
    task_index: int
    seq: int
    data: bytes
    outcome: FileOutcome


# ---------------------------------------------------------------- worker side


def _limit_memory(max_memory: int | None) -> None:
    if max_memory:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            max_memory = min(max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, hard))


def _inject_fault(doc: bytes, marker: bytes) -> None:
    """The test hook of the module docstring; only called when FAULT_ENV is set."""
    if marker + b":hang" in doc:
        while True:
            time.sleep(3600)
    if marker + b":crash" in doc:
        os._exit(70)
    if marker + b":raise" in doc:
        raise RuntimeError("injected fault")
    if marker + b":memory" in doc:
        if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
            raise MemoryError("injected (no --max-memory cap to run into)")
        hog = []
        while True:  # bytes(n) is calloc'ed: address space without touching pages
            hog.append(bytes(64 * 1024 * 1024))


def _run_job(job: Job, opts: Options, status: Any, marker: bytes | None) -> JobResult:
    out = FileOutcome()

    def start(i: int) -> None:
        status[0] = i
        status[1] = time.monotonic()

    if job.lines is None:
        task = job.task
        start(0)
        try:
            if marker:
                _inject_fault(Path(task.src).read_bytes(), marker)
            out = process_file(task, opts)
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            out = FileOutcome()
            _record_unexpected(out, exc, task.label, None)
        status[1] = 0.0
        return JobResult(job.task_index, job.seq, b"", out)

    parts: list[bytes] = []
    for i, raw_line in enumerate(job.lines):
        lineno = job.first_line + i
        if not raw_line.strip():
            continue  # not a record
        if i in job.decided:
            outcome, reason, message = job.decided[i]
            out.fail(job.task.label, lineno, reason, message, outcome)
            continue
        start(i)
        record = FileOutcome()  # merged only once the record is done: one outcome
        try:
            if marker:
                _inject_fault(raw_line, marker)
            cleaned = clean_jsonl_line(raw_line, lineno, opts, job.task.label, record)
        except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
            cleaned, record = None, FileOutcome()
            _record_unexpected(record, exc, job.task.label, lineno)
        status[1] = 0.0
        _merge(out, record)
        if cleaned is not None:
            parts.append(cleaned)
    return JobResult(job.task_index, job.seq, b"".join(parts), out)


def _merge(into: FileOutcome, record: FileOutcome) -> None:
    into.stats += record.stats
    into.errors.extend(record.errors)


def _record_unexpected(out: FileOutcome, exc: Exception, file: str, line: int | None) -> None:
    """MemoryError (the --max-memory cap) is a quarantine; anything else is a bug
    in cleaner, recorded as failed with its type instead of ending the worker."""
    if isinstance(exc, MemoryError):
        q = QuarantineError("memory", "cleaning it needed more memory than --max-memory allows")
        _record_error(out, q, file, line)
        return
    message = f"[E403] internal error {type(exc).__name__}: {exc}; please report it"
    out.fail(file, line, "internal_error", message[:500])


def _worker_main(conn: Connection, status: Any, opts: Options, max_memory: int | None) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what happens.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(max_memory)
    marker = os.environ.get(FAULT_ENV, "").encode() or None
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(_run_job(job, opts, status, marker))


# ---------------------------------------------------------------- parent side


def _context() -> Any:
    # fork: a new worker inherits the already built rule set and starts in a
    # few milliseconds, which matters when workers are replaced.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, ctx: Any, opts: Options, max_memory: int | None) -> None:
        self.conn, child = ctx.Pipe()
        # [index of the current document in the job, its start on the monotonic
        # clock or 0.0 when idle]; written only by the worker.
        self.status = ctx.Array("d", 2, lock=False)
        self.proc = ctx.Process(
            target=_worker_main, args=(child, self.status, opts, max_memory), daemon=True
        )
        self.proc.start()
        child.close()
        self.job: Job | None = None

    def send(self, job: Job) -> None:
        self.status[0] = 0
        self.status[1] = 0.0
        self.job = job
        self.conn.send(job)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class _Output:
    """The in-order writer of one JSONL output: a temporary file until complete."""

    def __init__(self, task: Task, index: int, log: ErrorLog) -> None:
        self.task = task
        self.index = index
        self.log = log
        self.dst = Path(task.dst)
        self.tmp: Path | None = None  # None: the output is stdout, a stream
        self.gz: gzip.GzipFile | None = None
        if task.dst == STDOUT:
            self.fh: IO[bytes] = sys.stdout.buffer
        else:
            self.fh, self.tmp = temp_beside(self.dst)
            if task.kind == "jsonl.gz":
                self.gz = gzip.GzipFile(fileobj=self.fh, mode="wb", mtime=0, filename="")
        self.next_seq = 0
        self.chunks: int | None = None  # known once the input is read to the end
        self.pending: dict[int, JobResult] = {}
        self.outcome = FileOutcome()
        self.aborted: FileOutcome | None = None

    def add(self, res: JobResult) -> None:
        if self.aborted is not None:
            return
        self.pending[res.seq] = res
        while self.next_seq in self.pending:
            r = self.pending.pop(self.next_seq)
            (self.gz or self.fh).write(r.data)
            # Errors go to the log as they come, in order; only counts stay.
            self.outcome.stats += r.outcome.stats
            self.log.add(self.index, r.outcome.errors)
            self.next_seq += 1
        if self.tmp is None:  # a reader at the other end of the pipe gets each chunk
            self.fh.flush()

    @property
    def done(self) -> bool:
        return self.aborted is not None or (
            self.chunks is not None and self.next_seq == self.chunks
        )

    def finish(self) -> FileOutcome:
        if self.aborted is not None:
            return self.aborted
        if self.tmp is None:
            self.fh.flush()
            return self.outcome
        if self.gz is not None:
            self.gz.close()
        commit_temp(self.fh, self.tmp, self.dst)
        return self.outcome

    def abort(self, outcome: FileOutcome) -> None:
        """Give up on the whole file: no output, ``outcome`` instead of its
        records. A stream keeps what it has written: its records count, and
        ``outcome`` is added to them."""
        self.pending.clear()
        if self.tmp is None:
            with contextlib.suppress(Exception):
                self.fh.flush()
            self.aborted = FileOutcome(self.outcome.stats + outcome.stats, outcome.errors)
            return
        self.aborted = outcome
        self.log.forget(self.index)
        with contextlib.suppress(Exception):
            if self.gz is not None:
                self.gz.close()
        discard_temp(self.fh, self.tmp)


_LONG_LINE = "the JSONL line is over {} bytes, more than a record within Config.max_bytes needs"


def record_line_cap(config: Config) -> int:
    """Longest JSONL line read into memory: the longest line a record whose text
    is within Config.max_bytes can need (12 bytes per character: a JSON-escaped
    surrogate pair), plus 1 MiB for the other fields."""
    return 12 * config.max_bytes + 1024 * 1024


# What reading a JSONL input can raise besides CleanerError: I/O errors and a
# truncated or corrupt gzip stream.
READ_ERRORS = (OSError, EOFError, gzip.BadGzipFile, zlib.error)


def open_jsonl(stack: contextlib.ExitStack, src: str | Path, kind: str) -> IO[bytes]:
    """The bytes of a JSONL input (stdin, a plain or a gzip file), closed
    with ``stack``. Reading them may raise READ_ERRORS."""
    if src == STDIN:
        return sys.stdin.buffer
    if kind == "jsonl.gz":
        return cast(IO[bytes], stack.enter_context(gzip.open(src, "rb")))
    return stack.enter_context(open(src, "rb"))


def read_lines(stream: IO[bytes], line_cap: int, total_cap: int | None) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for a line over ``line_cap``, which is skipped
    without holding it in memory. Over ``total_cap`` bytes in all (a gzip bomb)
    raises QuarantineError."""
    total = 0

    def read(limit: int) -> bytes:
        nonlocal total
        data = stream.readline(limit)
        total += len(data)
        if total_cap is not None and total > total_cap:
            raise QuarantineError(
                "decompression_bomb",
                f"decompressed input is over the {total_cap}-byte limit (--max-decompressed)",
            )
        return data

    while True:
        line = read(line_cap + 1)
        if not line:
            return
        if len(line) <= line_cap:
            yield line
            continue
        while not line.endswith(b"\n"):
            line = read(1024 * 1024)
            if not line:
                break
        yield None


def run_batch(
    tasks: list[Task],
    opts: Options,
    jobs: int,
    timeout: float | None,
    max_memory: int | None,
    on_file_done: Callable[[int, FileOutcome], None],
    log: ErrorLog,
) -> None:
    """Clean every task; call ``on_file_done(task_index, outcome)`` once per
    task. Every error goes to ``log``: a JSONL file's record errors while
    the file is written, the others when its task is done."""
    ctx = _context()
    outputs: dict[int, _Output] = {}
    retry: deque[Job] = deque()
    # Jobs handed out but not yet written: bounds memory when one chunk is slow
    # (up to the deadline) while the others finish.
    in_flight_cap = 4 * jobs + 4
    in_flight = 0

    def done(index: int, outcome: FileOutcome) -> None:
        log.add(index, outcome.errors)
        on_file_done(index, outcome)

    def finish_output(index: int) -> None:
        outp = outputs.pop(index)
        try:
            result = outp.finish()
        except OSError as exc:
            outp.abort(file_failure(outp.task, exc))
            result = outp.aborted  # type: ignore[assignment]
        done(index, result)

    def jobs_of(index: int, task: Task) -> Iterator[Job]:
        if task.kind in ("txt", "html"):
            yield Job(index, 0, task)
            return
        try:
            outp = _Output(task, index, log)
        except OSError as exc:
            done(index, file_failure(task, exc))
            return
        outputs[index] = outp
        seq = 0
        try:
            with contextlib.ExitStack() as stack:
                stream = open_jsonl(stack, task.src, task.kind)
                total_cap = opts.max_decompressed if task.kind == "jsonl.gz" else None
                chunk: list[bytes] = []
                decided: dict[int, tuple[str, str, str]] = {}
                size, first = 0, 1
                line_cap = record_line_cap(opts.config)
                for lineno, line in enumerate(read_lines(stream, line_cap, total_cap), 1):
                    if outp.aborted is not None:
                        break
                    if line is None:
                        decided[len(chunk)] = (
                            "quarantined",
                            "too_large",
                            str(QuarantineError("too_large", _LONG_LINE.format(line_cap))),
                        )
                        line = b"-"  # a stand-in: the record is decided already
                    chunk.append(line)
                    size += len(line)
                    if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
                        yield Job(index, seq, task, chunk, first, decided)
                        seq += 1
                        chunk, size, first, decided = [], 0, lineno + 1, {}
                if chunk and outp.aborted is None:
                    yield Job(index, seq, task, chunk, first, decided)
                    seq += 1
        except (CleanerError, *READ_ERRORS) as exc:
            outp.abort(file_failure(task, exc))
        outp.chunks = seq
        if outp.done:
            finish_output(index)

    def all_jobs() -> Iterator[Job]:
        for index, task in enumerate(tasks):
            yield from jobs_of(index, task)

    source = all_jobs()
    source_done = False
    workers = [_Worker(ctx, opts, max_memory) for _ in range(max(1, jobs))]

    def deliver(res: JobResult) -> None:
        nonlocal in_flight
        in_flight -= 1
        if res.task_index in outputs:
            outp = outputs[res.task_index]
            outp.add(res)
            if outp.done:
                finish_output(res.task_index)
        elif tasks[res.task_index].kind in ("txt", "html"):
            done(res.task_index, res.outcome)

    def settle(job: Job, index: int, outcome: str, reason: str, message: str) -> None:
        """Record document ``index`` of ``job`` as decided and re-run the rest."""
        if job.lines is None:
            out = FileOutcome()
            out.fail(job.task.label, None, reason, message, outcome)
            deliver(JobResult(job.task_index, job.seq, b"", out))
            return
        job.decided[index] = (outcome, reason, message)
        retry.appendleft(job)

    def replace(w: _Worker, i: int) -> None:
        w.kill()
        workers[i] = _Worker(ctx, opts, max_memory)

    try:
        while True:
            for w in workers:
                if w.job is not None:
                    continue
                job: Job | None = None
                if retry:
                    job = retry.popleft()
                elif not source_done and in_flight < in_flight_cap:
                    job = next(source, None)
                    if job is None:
                        source_done = True
                    else:
                        in_flight += 1
                if job is None:
                    break
                try:
                    w.send(job)
                except (BrokenPipeError, OSError):
                    retry.appendleft(job)
                    w.job = None
                    replace(w, workers.index(w))
            busy = [w for w in workers if w.job is not None]
            if not busy:
                if source_done and not retry:
                    break
                continue
            ready = wait(
                [w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=_POLL_SECONDS
            )
            now = time.monotonic()
            for i, w in enumerate(workers):
                job = w.job
                if job is None:
                    continue
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        res = w.conn.recv() if w.conn.poll() else None
                    except (EOFError, OSError):
                        res = None
                    if res is not None:
                        w.job = None
                        deliver(res)
                        continue
                    # The worker died without an answer.
                    w.proc.join(timeout=1)
                    code = w.proc.exitcode
                    started = w.status[1] > 0
                    index = int(w.status[0])
                    w.job = None
                    replace(w, i)
                    message = str(
                        CleanerError(
                            f"worker process exited with status {code} while cleaning it; "
                            "the run went on with a new worker",
                            code="E402",
                        )
                    )
                    if started:
                        settle(job, index, "failed", "worker_crashed", message)
                    else:
                        # Died outside any document: retry once, then blame the
                        # job's documents; a job that still kills workers with
                        # all its documents decided means workers cannot run.
                        job.crashes += 1
                        if job.crashes >= 3:
                            raise CleanerError(
                                f"worker processes keep dying ({message}); is --max-memory "
                                "too small for a worker to start?",
                                code="E401",
                            )
                        if job.crashes == 2 and job.lines is None:
                            settle(job, 0, "failed", "worker_crashed", message)
                            continue
                        if job.crashes == 2:
                            _fail_job(job, message)
                        retry.appendleft(job)
                    continue
                started_at = w.status[1]
                if timeout and started_at > 0 and now - started_at > timeout:
                    index = int(w.status[0])
                    w.job = None
                    replace(w, i)
                    settle(
                        job,
                        index,
                        "quarantined",
                        "timeout",
                        str(
                            QuarantineError(
                                "timeout", f"cleaning took longer than {timeout:g} s (--timeout)"
                            )
                        ),
                    )
    finally:
        for w in workers:
            if w.job is None:
                w.stop()
            else:
                w.kill()
        for outp in outputs.values():  # only left when the run was interrupted
            outp.abort(FileOutcome())


def _fail_job(job: Job, message: str) -> None:
    """Every undecided record of chunk ``job`` fails: its worker died outside any record."""
    for i, line in enumerate(job.lines or ()):
        if i not in job.decided and line.strip():
            job.decided[i] = ("failed", "worker_crashed", message)


def check_counts(stats: Stats) -> None:
    """Every record has exactly one outcome: in = ok + empty + quarantined + failed."""
    total = stats.ok + stats.empty + stats.quarantined + stats.failed
    if total != stats.docs:  # pragma: no cover - a bug, reported loudly
        print(
            f"cleaner: internal error: {stats.docs} records in but {total} outcomes counted",
            file=sys.stderr,
        )
        raise AssertionError("outcome counts do not add up")
