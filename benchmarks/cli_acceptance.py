"""The CLI's mixed-tree check, end to end through the installed command.

Builds a tree of the kinds users have (the seed articles as .txt, real news
pages as .html, a .jsonl with one malformed line, a .jsonl.gz, a Latin-1
.txt), runs ``cleaner clean`` on it and prints one line per check:

    python -m benchmarks.cli_acceptance [--workdir DIR]

Uses only data committed in the project (tests/golden, tests/data).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cleaner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PAGES = sorted((ROOT / "tests" / "data" / "article-sample" / "html").glob("*.html.gz"))[:3]
LATIN1 = "Le café était fermé à Zürich ce jour-là, a déclaré le maire à la presse locale."


def build(src: Path) -> None:
    (src / "pages").mkdir(parents=True)
    (src / "text" / "fr").mkdir(parents=True)
    seeds = sorted(GOLDEN.glob("*.input.txt"))
    for s in seeds:
        shutil.copy(s, src / "text" / s.name.replace(".input", ""))
    for p in PAGES:
        (src / "pages" / p.name.removesuffix(".gz")).write_bytes(gzip.decompress(p.read_bytes()))
    (src / "text" / "fr" / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    records = [
        json.dumps({"id": i, "url": f"https://example.com/{i}", "text": s.read_text("utf-8")})
        for i, s in enumerate(seeds)
    ]
    lines = [records[0], "{this line is not json", *records[1:]]
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(src / "feed2.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(records) + "\n")


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def run(*args: str) -> int:
    cmd = [sys.executable, "-m", "cleaner.cli", "clean", *args]
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def outputs_match_api(src: Path, out: Path) -> tuple[int, int]:
    """(files checked, files that differ from cleaner.clean of their input)."""
    checked = differ = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src)
        if path.suffix in (".txt", ".html"):
            want = cleaner.clean(path.read_bytes()).text
            got = (out / rel.with_suffix(".txt")).read_text("utf-8").rstrip("\n")
            checked += 1
            differ += got != want
        elif path.name.endswith((".jsonl", ".jsonl.gz")):
            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as fh:
                wanted = []
                for line in fh:
                    try:
                        wanted.append(cleaner.clean(json.loads(line)["text"]).text)
                    except json.JSONDecodeError:
                        continue
            with opener(out / rel, "rt", encoding="utf-8") as fh:
                got_texts = [json.loads(line)["text"] for line in fh]
            checked += 1
            differ += got_texts != wanted
    return checked, differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cleaner-accept-"))
    src, out1, out2 = work / "in", work / "out1", work / "out2"
    for d in (src, out1, out2):
        if d.exists():
            shutil.rmtree(d)
    build(src)
    before = digest(src)
    rc1 = run(str(src), "-o", str(out1), "--jobs", "1", "--report", str(work / "r1.json"))
    rc2 = run(str(src), "-o", str(out2), "--jobs", "2")
    report = json.loads((work / "r1.json").read_text())
    named = [
        e for e in report["errors"] if e.get("file", "").endswith("feed.jsonl") and e.get("line")
    ]
    in_tree = sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file())
    out_tree = sorted(str(p.relative_to(out1)) for p in out1.rglob("*") if p.is_file())
    checked, differ = outputs_match_api(src, out1)
    stamp = mtimes(out1)
    os.utime(src / "text" / "fr" / "latin1.txt")  # touching an input does not force a rewrite
    rc3 = run(str(src), "-o", str(out1), "--resume")
    latin = (out1 / "text" / "fr" / "latin1.txt").read_text("utf-8").strip()
    print(f"inputs: {len(in_tree)} files; outputs: {len(out_tree)} files: {out_tree}")
    print(f"exit code --jobs 1: {rc1} (want 1), --jobs 2: {rc2}, --resume: {rc3}")
    print(f"malformed line named in report: {[(e['file'], e['line'], e['reason']) for e in named]}")
    print(f"outputs equal to cleaner.clean: {checked - differ}/{checked}")
    inputs_same = digest(src) == before
    jobs_same = digest(out1) == digest(out2)
    resume_same = mtimes(out1) == stamp
    print(f"inputs byte-identical afterwards: {inputs_same}")
    print(f"--jobs 2 output identical to --jobs 1: {jobs_same}")
    print(f"--resume left finished files untouched (mtimes): {resume_same}")
    print(f"Latin-1 file decoded: {latin == LATIN1}")
    ok = (
        rc1 == 1
        and bool(named)
        and differ == 0
        and inputs_same
        and jobs_same
        and resume_same
        and latin == LATIN1
    )
    print("ALL CHECKS PASS" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
