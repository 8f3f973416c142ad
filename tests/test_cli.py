"""The command line: cleaner.cli.main in-process, one subprocess exit-code check."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import cleaner
from benchmarks.scoring import page_scores
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "examples").glob("*.txt")) + sorted(
    (ROOT / "tests" / "golden").glob("*.input.txt")
)


# Two real news pages (article benchmark, MIT; tests/data/article-sample).
PAGES = sorted((ROOT / "tests" / "data" / "article-sample" / "html").glob("*.html.gz"))[:2]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub" / "deeper").mkdir(parents=True)
    for i, s in enumerate(SAMPLES):
        dest = src / ("sub" if i % 2 else "sub/deeper") / s.name
        shutil.copy(s, dest)
    shutil.copy(SAMPLES[0], src / "top.txt")
    (src / "image.png").write_bytes(b"\x89PNG not text")
    for i, page in enumerate(PAGES):
        (src / "sub" / f"page{i}.html").write_bytes(gzip.decompress(page.read_bytes()))
    return src


def test_mirrored_tree_matches_api(tree: Path, tmp_path: Path) -> None:
    before = snapshot(tree)
    out = tmp_path / "out"
    assert main(["clean", str(tree), "-o", str(out)]) == 0
    produced = snapshot(out)
    sources = {k: k for k in before if k.endswith(".txt")}
    sources.update({k.removesuffix(".html") + ".txt": k for k in before if k.endswith(".html")})
    assert set(produced) == set(sources)
    for rel, source in sources.items():
        want = cleaner.clean((tree / source).read_bytes()).text
        assert produced[rel].decode("utf-8").rstrip("\n") == want
    # The pages went through HTML mode: their text is the hand-written body.
    truth = json.loads((PAGES[0].parent.parent / "ground-truth.json").read_text("utf-8"))
    for i, page in enumerate(PAGES):
        body = truth[page.name.removesuffix(".html.gz")]["articleBody"]
        precision, recall = page_scores(produced[f"sub/page{i}.txt"].decode("utf-8"), body)
        assert (precision or 0) > 0.9 and (recall or 0) > 0.9
    assert snapshot(tree) == before  # inputs untouched
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def jsonl_lines() -> list[str]:
    recs = [
        {"id": i, "text": s.read_text(encoding="utf-8"), "url": f"u{i}"}
        for i, s in enumerate(SAMPLES)
    ]
    return [json.dumps(r) for r in recs]


def test_malformed_jsonl_reported_and_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = jsonl_lines()
    lines.insert(1, "{not json")
    lines.insert(3, json.dumps({"id": "no-text"}))
    (src / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    out = tmp_path / "out"
    rc = main(["clean", str(src), "-o", str(out), "--report", str(report)])
    assert rc == 1
    rep = json.loads(report.read_text())
    errs = {(Path(e["file"]).name, e["line"], e["reason"]) for e in rep["errors"]}
    assert ("data.jsonl", 2, "malformed_json") in errs
    assert ("data.jsonl", 4, "missing_field") in errs
    assert rep["summary"]["failed"] == 2
    assert rep["summary"]["ok"] == len(SAMPLES)
    records = [json.loads(x) for x in (out / "data.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == list(range(len(SAMPLES)))
    for r, s in zip(records, SAMPLES, strict=True):
        res = cleaner.clean(s.read_text(encoding="utf-8"))
        assert r["text"] == res.text
        assert r["url"].startswith("u")
        assert r["cleaner"]["outcome"] == res.outcome
        assert r["cleaner"]["removals"] == res.removal_counts()
        assert r["cleaner"]["published"] == res.metadata.get("published")


def test_output_field_keeps_original(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text(jsonl_lines()[0] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--output-field", "clean"]) == 0
    rec = json.loads((out / "d.jsonl").read_text())
    assert rec["text"] == SAMPLES[0].read_text(encoding="utf-8")
    assert rec["clean"] == cleaner.clean(rec["text"]).text


def test_jsonl_gz_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "d.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(jsonl_lines()) + "\n")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out)]) == 0
    with gzip.open(out / "d.jsonl.gz", "rt", encoding="utf-8") as fh:
        recs = [json.loads(x) for x in fh]
    assert [r["text"] for r in recs] == [
        cleaner.clean(s.read_text(encoding="utf-8")).text for s in SAMPLES
    ]


def test_gzip_bomb_quarantined(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.write(jsonl_lines()[0] + "\n")
    out = tmp_path / "out"
    report = tmp_path / "r.json"
    args = ["clean", str(src), "-o", str(out), "--max-decompressed", "100", "--report", str(report)]
    main(args)
    rep = json.loads(report.read_text())
    assert rep["errors"][0]["reason"] == "decompression_bomb"
    assert rep["summary"]["quarantined"] == 1
    assert not out.exists() or not list(out.rglob("*.jsonl.gz"))
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_jobs_2_identical_to_jobs_1(tree: Path, tmp_path: Path) -> None:
    (tree / "d.jsonl").write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    assert main(["clean", str(tree), "-o", str(tmp_path / "o1"), "--jobs", "1"]) == 0
    assert main(["clean", str(tree), "-o", str(tmp_path / "o2"), "--jobs", "2"]) == 0
    assert snapshot(tmp_path / "o1") == snapshot(tmp_path / "o2")


def test_resume_leaves_outputs_alone(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(tree), "-o", str(out)]) == 0
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert main(["clean", str(tree), "-o", str(out), "--resume"]) == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


def test_outdir_inside_input_is_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(tree), "-o", str(tree / "out")]) == 2
    assert "inside" in capsys.readouterr().err
    assert main(["clean", str(tree), "-o", str(tree)]) == 2
    assert not (tree / "out").exists()


def test_latin1_txt_decoded(tmp_path: Path) -> None:
    text = "Le café était fermé à Zürich ce jour-là, a déclaré le maire."
    src = tmp_path / "l.txt"
    src.write_bytes(text.encode("latin-1"))
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out)]) == 0
    got = (out / "l.txt").read_text(encoding="utf-8")
    assert "café" in got and "Zürich" in got


def test_html_page_becomes_txt_and_reports_title(tmp_path: Path) -> None:
    src = tmp_path / "p.html"
    src.write_text(
        "<!DOCTYPE html><html><head><title>Bridge to close</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article>"
        "<p>The council voted on Tuesday to close the bridge, which opened in 1962.</p>"
        "<p>Engineers found cracks in two of its piers, the council said.</p>"
        "</article></body></html>"
    )
    out = tmp_path / "out"
    report = tmp_path / "r.json"
    assert main(["clean", str(src), "-o", str(out), "--report", str(report)]) == 0
    assert (out / "p.txt").read_text(encoding="utf-8").rstrip("\n") == (
        "The council voted on Tuesday to close the bridge, which opened in 1962.\n\n"
        "Engineers found cracks in two of its piers, the council said."
    )
    assert json.loads(report.read_text())["summary"]["ok"] == 1


def test_bad_select_is_usage_error(tree: Path, tmp_path: Path) -> None:
    assert main(["clean", str(tree), "-o", str(tmp_path / "o"), "--select", "a-b"]) == 2


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert "CAP102" in listing
    assert main(["rules", "CAP102"]) == 0
    assert "removes:" in capsys.readouterr().out
    assert main(["explain", str(SAMPLES[0]), "--mode", "text"]) == 0
    shown = capsys.readouterr().out
    res = cleaner.clean(SAMPLES[0].read_bytes(), "text")
    for r in res.removals:
        assert f"[{r.rule}]" in shown
    assert res.text in shown
    assert "\033[" not in shown


def test_subprocess_exit_code_and_stdin(tree: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", str(tree), "-o", str(tree / "x")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    raw = SAMPLES[0].read_bytes()
    proc2 = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "clean", "-", "--input-format", "txt"],
        input=raw,
        capture_output=True,
        cwd=ROOT,
    )
    assert proc2.returncode == 0
    assert proc2.stdout.decode("utf-8").rstrip("\n") == cleaner.clean(raw).text


def test_later_run_removes_temp_files_a_killed_run_left(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".seed.txt.abcd1234.tmp"
    stale.write_bytes(b"half a docu")
    keep = out / "notes.tmp"
    keep.write_bytes(b"user file")
    assert main(["clean", str(tree), "-o", str(out)]) in (0, 1)
    assert not stale.exists()
    assert keep.read_bytes() == b"user file"


def test_gzip_bomb_of_one_endless_line_is_capped_not_read_whole(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "bomb.jsonl.gz", "wb") as fh:
        fh.write(b"x" * 5_000_000)  # no newline at all
    out = tmp_path / "out"
    rc = main(["clean", str(src), "-o", str(out), "--max-decompressed", "1000000"])
    assert rc in (0, 1)
    assert not (out / "bomb.jsonl.gz").exists()


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from cleaner.cli import _NoBar, _progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(_progress_bar(3), _NoBar)
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    bar = _progress_bar(3)
    bar.update(1)
    bar.close()
    assert "1/3" in tty.getvalue()


def test_text_run_does_not_load_the_html_parser() -> None:
    code = (
        "import sys, cleaner; cleaner.clean('A line of text.', 'text'); "
        "print('selectolax' in sys.modules, 'cleaner.stages.html' in sys.modules); "
        "cleaner.clean('<html><body><p>x</p></body></html>', 'html'); "
        "print('cleaner.stages.html' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True"]


def test_error_log_reads_back_in_file_order() -> None:
    from cleaner.batch import ErrorLog

    log = ErrorLog()
    log.add(2, [{"n": "2a"}, {"n": "2b"}])
    log.add(0, [{"n": "0a"}])
    log.add(1, [{"n": "1a", "text": "ü\nx"}])
    log.add(2, [{"n": "2c"}])
    log.add(3, [])
    log.forget(1)  # a file that then failed as a whole
    assert [e["n"] for e in log] == ["0a", "2a", "2b", "2c"]
    assert log.count == 4
    log.close()


def test_report_lists_every_error_in_input_order_with_two_workers(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b"):
        lines = []
        for i in range(300):  # several chunks per file, bad lines in each
            lines.append("{bad" if i % 7 == 3 else json.dumps({"text": f"Record {i} of {name}."}))
        (src / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A gzip cut in half: bad lines of its first chunks are logged before
    # the cut is found, then forgotten when the file fails as a whole.
    packed = gzip.compress("".join(f"{{bad {i * 7919 % 1000003}\n" for i in range(3000)).encode())
    (src / "c.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    report = tmp_path / "report.json"
    rc = main(
        ["clean", str(src), "-o", str(tmp_path / "out"), "--jobs", "2", "--report", str(report)]
    )
    assert rc == 1
    rep = json.loads(report.read_text(encoding="utf-8"))
    got = [(Path(e["file"]).name, e["line"]) for e in rep["errors"]]
    bad = [i + 1 for i in range(300) if i % 7 == 3]
    assert got[: 2 * len(bad)] == [("a.jsonl", n) for n in bad] + [("b.jsonl", n) for n in bad]
    # The truncated gzip fails as a whole: one entry, none of its bad lines.
    assert got[2 * len(bad) :] == [("c.jsonl.gz", None)]
    assert rep["summary"]["failed"] == 2 * len(bad) + 1


@pytest.mark.parametrize("errors", [[], [{"file": "a\nb", "line": 3, "x": {"y": [1]}}, {"u": "ü"}]])
def test_streamed_report_is_json_with_one_error_per_line(errors: list[dict[str, object]]) -> None:
    import io

    from cleaner.cli import _write_report

    summary = {"files": 2, "removals": {"CAP101": 1}, "empty_dict": {}}
    fh = io.BytesIO()
    logged = [json.dumps(e, ensure_ascii=False).encode("utf-8") + b"\n" for e in errors[1:]]
    _write_report(fh, summary, errors[:1], iter(logged))
    text = fh.getvalue().decode("utf-8")
    assert json.loads(text) == {"summary": summary, "errors": errors}
    assert text.endswith("\n")
    entry_lines = [x for x in text.splitlines() if x.startswith("    {")]
    assert [json.loads(x.rstrip(",")) for x in entry_lines] == errors


def test_undecodable_bytes_are_replaced_without_stderr_noise(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    # 0x81 and 0x8d are undefined in cp1252. With no detector to name another
    # charset, bs4 replaces them and logs a warning (chardet is blocked here).
    (src / "a.txt").write_bytes(b"Caf\xe9 au lait \x81\x8d is served here today.\nMore text.\n")
    out = tmp_path / "out"
    code = (
        "import sys; sys.modules['chardet'] = sys.modules['cchardet'] = None; "
        "sys.modules['charset_normalizer'] = None; from cleaner.cli import main; "
        f"sys.exit(main(['clean', {str(src)!r}, '-o', {str(out)!r}]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "could not be decoded" not in proc.stderr
    assert proc.stderr.startswith("files: 1")
    assert "\ufffd" in (out / "a.txt").read_text(encoding="utf-8")


def _refuse(*args: object, **kwargs: object) -> None:
    """A tempfile function on a system with no writable temporary directory."""
    raise PermissionError(13, "Permission denied", "/tmp/x")


def test_stdin_without_a_writable_temp_dir_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "TemporaryDirectory", _refuse)
    assert main(["clean", "-", "--input-format", "txt"]) == 2
    err = capsys.readouterr().err
    assert "[E404]" in err and "TMPDIR" in err and "Traceback" not in err


def test_no_writable_place_for_the_error_list_is_a_clear_error(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "TemporaryFile", _refuse)
    assert main(["clean", str(tree), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "[E404]" in err and "TMPDIR" in err and "Traceback" not in err


def test_lone_surrogate_in_another_field_keeps_the_record_and_its_chunk(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = [
        json.dumps({"id": i, "text": f"Record {i} of the feed, long enough."}) for i in range(5)
    ]
    lines[2] = '{"id": 2, "note": "\\ud800", "text": "Record 2 of the feed, long enough."}'
    (src / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 0
    got = [json.loads(x) for x in (out / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in got] == [0, 1, 2, 3, 4]
    assert got[2]["note"] == "\ud800"
    assert got[2]["text"] == "Record 2 of the feed, long enough."
