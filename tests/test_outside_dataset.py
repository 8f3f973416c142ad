"""benchmarks.outside_dataset: newspaper4k's test pages in the dev benchmark's layout."""

from __future__ import annotations

from pathlib import Path

from benchmarks import outside_dataset
from benchmarks.scoring import load_dataset

PAGE = """<html><head><title>Ferry to keep running</title><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a><a href="/sport">Sport</a></nav>
<article><p>The harbour council voted on Tuesday
to keep the ferry running.</p><p>Repairs will cost <b>two million</b> euros.</p></article>
<script>var tracking = 1;</script></body></html>"""
TRUTH = (
    "The harbour council voted on Tuesday to keep the ferry running.\n\n"
    "Repairs will cost two million euros.\n"
)


def _src(root: Path) -> Path:
    (root / "html").mkdir(parents=True)
    (root / "txt").mkdir()
    (root / "html" / "ferry.html").write_text(PAGE, encoding="utf-8")
    (root / "txt" / "ferry.txt").write_text(TRUTH, encoding="utf-8")
    # Only pages with both files count.
    (root / "html" / "no_text.html").write_text(PAGE, encoding="utf-8")
    (root / "txt" / "no_page.txt").write_text(TRUTH, encoding="utf-8")
    return root


def test_pages_with_html_and_text_become_a_dataset_the_benchmarks_load(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert outside_dataset.main([str(_src(tmp_path / "src")), str(out)]) == 0
    data = load_dataset(out)
    assert list(data.truth) == ["ferry"]
    assert data.truth["ferry"] == TRUTH.strip()
    assert data.html["ferry"] == PAGE
    # Title first, a line per block, the source's line break inside a
    # paragraph folded away, no script or style text.
    assert data.noisy["ferry"] == (
        "Ferry to keep running\nHome Sport\n"
        "The harbour council voted on Tuesday to keep the ferry running.\n"
        "Repairs will cost two million euros."
    )


def test_an_existing_output_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    assert outside_dataset.main([str(_src(tmp_path / "src")), str(out)]) == 2
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_a_folder_without_html_and_txt_is_refused(tmp_path: Path) -> None:
    assert outside_dataset.main([str(tmp_path), str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_a_folder_with_no_page_pairs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "lonely.txt").write_text(TRUTH, encoding="utf-8")
    assert outside_dataset.main([str(tmp_path), str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
