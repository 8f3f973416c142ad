"""Batch runs: one outcome per record, deadlines, crashes and memory caps.

Faults are injected with the CLEANER_TEST_FAULTS hook of cleaner.batch: a
document containing ``<marker>:hang`` sleeps forever in its worker,
``<marker>:crash`` ends its worker with os._exit, ``<marker>:memory``
allocates until the --max-memory cap stops it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import batch
from cleaner.cli import main

MARK = "@@FAULT@@"


def article(i: int) -> str:
    return (
        f"Council approves budget number {i}\n\n"
        f"The council approved budget {i} on Tuesday after a long debate about roads.\n\n"
        f"Members said the plan {i} would cut costs for local schools.\n\n"
        "Share this article"
    )


def write_jsonl(path: Path, n: int, faults: dict[int, str] | None = None) -> list[dict]:
    recs = []
    for i in range(n):
        text = article(i)
        if faults and i in faults:
            text += f" {MARK}:{faults[i]}"
        recs.append({"id": i, "text": text})
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return recs


def summary_line_counts(err: str) -> dict[str, int]:
    m = re.search(
        r"records: (\d+)  ok: (\d+)  empty: (\d+)  quarantined: (\d+)  failed: (\d+)", err
    )
    assert m, err
    names = ("records", "ok", "empty", "quarantined", "failed")
    return dict(zip(names, map(int, m.groups()), strict=True))


def assert_counts_add_up(report: Path, err: str) -> dict:
    rep = json.loads(report.read_text())
    s = rep["summary"]
    assert s["records"] == s["ok"] + s["empty"] + s["quarantined"] + s["failed"]
    # Every quarantined or failed record has exactly one report entry saying so.
    outcomes = [e["outcome"] for e in rep["errors"]]
    assert (outcomes.count("quarantined"), outcomes.count("failed")) == (
        s["quarantined"],
        s["failed"],
    )
    assert len(outcomes) == s["quarantined"] + s["failed"]
    line = summary_line_counts(err)
    assert line == {k: s[k] for k in line}
    return s


def test_hang_crash_and_memory_in_jsonl_are_recorded_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(batch.FAULT_ENV, MARK)
    src = tmp_path / "in"
    src.mkdir()
    # 200 records span four chunks; the faults sit in different chunks.
    recs = write_jsonl(src / "a.jsonl", 200, {10: "hang", 70: "crash", 150: "memory"})
    outs = {}
    for jobs in ("1", "2"):
        out, report = tmp_path / f"out{jobs}", tmp_path / f"r{jobs}.json"
        t0 = time.monotonic()
        rc = main(
            ["clean", str(src), "-o", str(out), "--jobs", jobs, "--timeout", "1"]
            + ["--max-memory", "1024", "--report", str(report)]
        )
        assert time.monotonic() - t0 < 60
        assert rc == 1
        s = assert_counts_add_up(report, capsys.readouterr().err)
        assert (s["records"], s["ok"], s["quarantined"], s["failed"]) == (200, 197, 2, 1)
        errs = [(e["line"], e["reason"]) for e in json.loads(report.read_text())["errors"]]
        assert errs == [(11, "timeout"), (71, "worker_crashed"), (151, "memory")]
        got = [json.loads(x) for x in (out / "a.jsonl").read_text().splitlines()]
        assert [r["id"] for r in got] == [i for i in range(200) if i not in (10, 70, 150)]
        assert got[0]["text"] == cleaner.clean(recs[0]["text"]).text
        assert not list(out.rglob("*.tmp"))
        outs[jobs] = (out / "a.jsonl").read_bytes()
    assert outs["1"] == outs["2"]


def test_hanging_and_crashing_txt_files_get_no_output_and_others_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(batch.FAULT_ENV, MARK)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        extra = {2: f" {MARK}:hang", 4: f" {MARK}:crash"}.get(i, "")
        (src / f"t{i}.txt").write_text(article(i) + extra, encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "r.json"
    rc = main(
        ["clean", str(src), "-o", str(out), "--jobs", "2", "--timeout", "1"]
        + [
            "--report",
            str(report),
        ]
    )
    assert rc == 1
    s = assert_counts_add_up(report, capsys.readouterr().err)
    assert (s["records"], s["ok"], s["quarantined"], s["failed"]) == (6, 4, 1, 1)
    assert sorted(p.name for p in out.iterdir()) == ["t0.txt", "t1.txt", "t3.txt", "t5.txt"]
    errs = {(Path(e["file"]).name, e["reason"]) for e in json.loads(report.read_text())["errors"]}
    assert errs == {("t2.txt", "timeout"), ("t4.txt", "worker_crashed")}
    # --resume retries exactly the two files that have no output.
    rc = main(["clean", str(src), "-o", str(out), "--resume", "--timeout", "1"])
    assert summary_line_counts(capsys.readouterr().err)["records"] == 2


def test_markers_do_nothing_without_the_hook(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    write_jsonl(src, 3, {1: "crash"})
    assert main(["clean", str(src), "-o", str(tmp_path / "out")]) == 0
    assert len((tmp_path / "out" / "a.jsonl").read_text().splitlines()) == 3


def test_every_record_has_one_outcome_with_every_kind_of_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    lines = [json.dumps({"text": article(0)}), "{broken", json.dumps({"id": 1}), ""]
    lines += [json.dumps({"text": "Share this article"}), json.dumps({"text": 5})]
    (src / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(src / "bomb.jsonl.gz", "wt") as fh:
        fh.write((json.dumps({"text": article(1)}) + "\n") * 50)
    good = gzip.compress((json.dumps({"text": article(2)}) + "\n").encode() * 20)
    (src / "truncated.jsonl.gz").write_bytes(good[: len(good) // 2])
    (src / "nul.txt").write_bytes(b"\x00" * 100)
    (src / "ok.txt").write_text(article(3), encoding="utf-8")
    (src / "sub" / "ok.txt").write_text(article(4), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    out, report = tmp_path / "out", tmp_path / "r.json"
    rc = main(
        ["clean", str(src), "-o", str(out), "--report", str(report)]
        + [
            "--max-decompressed",
            "2000",
            "--jobs",
            "2",
        ]
    )
    assert rc == 1
    s = assert_counts_add_up(report, capsys.readouterr().err)
    reasons = sorted(e["reason"] for e in json.loads(report.read_text())["errors"])
    assert reasons == [
        "binary",
        "decompression_bomb",
        "io_error",
        "malformed_json",
        "missing_field",
        "missing_field",
    ]
    # mixed.jsonl: 5 records (blank line is none) -> 1 ok, 1 empty, 3 failed;
    # bomb: 1 quarantined; truncated: 1 failed; nul: quarantined; ok x2; empty.
    assert (s["records"], s["ok"], s["empty"], s["quarantined"], s["failed"]) == (
        11,
        3,
        2,
        2,
        4,
    )
    assert not (out / "bomb.jsonl.gz").exists()
    assert not (out / "truncated.jsonl.gz").exists()


def test_big_jsonl_split_in_chunks_is_identical_for_1_and_2_jobs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    recs = write_jsonl(src / "big.jsonl", 5 * batch.CHUNK_RECORDS + 7)
    with gzip.open(src / "big.jsonl.gz", "wb") as fh:
        fh.write((src / "big.jsonl").read_bytes())
    for jobs in ("1", "2"):
        assert main(["clean", str(src), "-o", str(tmp_path / jobs), "--jobs", jobs]) == 0
    for name in ("big.jsonl", "big.jsonl.gz"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    got = [json.loads(x) for x in (tmp_path / "2" / "big.jsonl").read_text().splitlines()]
    assert [r["text"] for r in got] == [cleaner.clean(r["text"]).text for r in recs]


def test_bad_timeout_and_memory_values_are_usage_errors(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    write_jsonl(src, 1)
    assert main(["clean", str(src), "-o", str(tmp_path / "o"), "--timeout", "-1"]) == 2
    assert main(["clean", str(src), "-o", str(tmp_path / "o"), "--max-memory", "-5"]) == 2


def test_jsonl_line_too_long_for_any_record_is_quarantined_without_reading_it_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[cleaner]\nmax_bytes = 1000\n")
    cap = batch.record_line_cap(cleaner.Config(max_bytes=1000))
    src = tmp_path / "in"
    src.mkdir()
    lines = [
        json.dumps({"id": 0, "text": article(0)}),
        json.dumps({"id": 1, "text": "a" * (cap + 10)}),
        json.dumps({"id": 2, "text": article(2)}),
    ]
    (src / "a.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(src / "b.jsonl.gz", "wt") as fh:
        fh.write("\n".join(lines))  # the long line is also the last, unterminated one
    out, report = tmp_path / "out", tmp_path / "r.json"
    rc = main(["clean", str(src), "-o", str(out), "--config", str(cfg), "--report", str(report)])
    assert rc == 0
    s = assert_counts_add_up(report, capsys.readouterr().err)
    assert (s["records"], s["ok"], s["quarantined"]) == (6, 4, 2)
    errs = [
        (Path(e["file"]).name, e["line"], e["reason"])
        for e in json.loads(report.read_text())["errors"]
    ]
    assert errs == [("a.jsonl", 2, "too_large"), ("b.jsonl.gz", 2, "too_large")]
    for name in ("a.jsonl", "b.jsonl.gz"):
        data = (out / name).read_bytes()
        text = gzip.decompress(data) if name.endswith(".gz") else data
        assert [json.loads(x)["id"] for x in text.splitlines()] == [0, 2]


def test_an_unexpected_exception_is_recorded_as_internal_error_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(batch.FAULT_ENV, MARK)
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "a.jsonl", 5, {2: "raise"})
    (src / "t.txt").write_text(article(9) + f" {MARK}:raise", encoding="utf-8")
    report = tmp_path / "r.json"
    rc = main(["clean", str(src), "-o", str(tmp_path / "out"), "--report", str(report)])
    assert rc == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    s = assert_counts_add_up(report, err)
    assert (s["records"], s["ok"], s["failed"]) == (6, 4, 2)
    entries = json.loads(report.read_text())["errors"]
    errs = [(Path(e["file"]).name, e["line"], e["reason"]) for e in entries]
    assert errs == [("a.jsonl", 3, "internal_error"), ("t.txt", None, "internal_error")]
    assert "RuntimeError: injected fault" in entries[0]["message"]


def test_timeout_and_memory_cap_can_be_switched_off(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    recs = write_jsonl(src, 3)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--timeout", "0", "--max-memory", "0"]) == 0
    got = [json.loads(x)["text"] for x in (out / "a.jsonl").read_text().splitlines()]
    assert got == [cleaner.clean(r["text"]).text for r in recs]


def _stdin_run(args: list[str], data: bytes, faults: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop(batch.FAULT_ENV, None)
    if faults:
        env[batch.FAULT_ENV] = MARK
    cmd = [sys.executable, "-m", "cleaner.cli", "clean", "-", *args]
    return subprocess.run(cmd, input=data, capture_output=True, env=env, timeout=120)


def test_stdin_jsonl_runs_in_workers_under_the_deadline_in_order(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    recs = write_jsonl(src, 150, {70: "hang"})
    lines = src.read_bytes().splitlines(keepends=True)
    lines.insert(5, b"{not json\n")
    data = b"".join(lines)
    report = tmp_path / "r.json"
    outs = {}
    for jobs in ("1", "2"):
        proc = _stdin_run(
            ["--input-format", "jsonl", "--jobs", jobs, "--timeout", "1", "--report", str(report)],
            data,
            faults=True,
        )
        assert proc.returncode == 1, proc.stderr  # the malformed line failed
        err = proc.stderr.decode("utf-8")
        s = assert_counts_add_up(report, err)
        assert (s["records"], s["ok"], s["quarantined"], s["failed"]) == (151, 149, 1, 1)
        errs = [
            (e["file"], e["line"], e["reason"]) for e in json.loads(report.read_text())["errors"]
        ]
        assert errs == [("<stdin>", 6, "malformed_json"), ("<stdin>", 72, "timeout")]
        got = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
        assert [r["id"] for r in got] == [i for i in range(150) if i != 70]
        assert got[0]["text"] == cleaner.clean(recs[0]["text"]).text
        outs[jobs] = proc.stdout
    assert outs["1"] == outs["2"]


def test_stdin_document_that_hangs_is_quarantined_not_waited_for() -> None:
    proc = _stdin_run(
        ["--input-format", "txt", "--timeout", "1"], f"{article(1)} {MARK}:hang".encode(), True
    )
    assert proc.returncode == 0  # quarantined, not failed
    assert proc.stdout == b""
    assert "<stdin>: timeout:" in proc.stderr.decode("utf-8")
    ok = _stdin_run(["--input-format", "txt"], article(1).encode())
    assert ok.stdout.decode("utf-8") == cleaner.clean(article(1)).text + "\n"
