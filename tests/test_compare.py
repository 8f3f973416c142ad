"""benchmarks.compare on a two-page dataset: scores, unavailable systems, outputs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import compare

ARTICLE = (
    "The harbour council voted on Tuesday to keep the century-old ferry running.\n"
    "Repairs to the hull will cost the town about two million euros over five years."
)
MENU = "Home\nLocal\nSport\nSubscribe now"


def _dataset(root: Path) -> Path:
    pages = {"a1": ARTICLE, "b2": ARTICLE.replace("harbour", "river")}
    truth = {k: {"articleBody": v, "url": f"https://example.org/{k}"} for k, v in pages.items()}
    noisy = {k: {"articleBody": f"{MENU}\n{v}\nShare this article"} for k, v in pages.items()}
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (root / "noisy-text.json").write_text(json.dumps(noisy), encoding="utf-8")
    (root / "html").mkdir()
    for k, v in pages.items():
        paragraphs = "".join(f"<p>{line}</p>" for line in v.split("\n"))
        html = f"<html><body><nav>{MENU}</nav><article>{paragraphs}</article></body></html>"
        (root / "html" / f"{k}.html.gz").write_bytes(gzip.compress(html.encode()))
    return root


def test_text_rows_are_scored_timed_and_written(tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    out_json, out_md = tmp_path / "r.json", tmp_path / "r.md"
    rows = compare.main(
        ["--dataset", str(data), "--only", "noisy,cleaner-text", "--no-memory"]
        + ["--out-json", str(out_json), "--out-md", str(out_md)]
    )
    by_name = {r.name: r for r in rows}
    # The noisy text keeps every article shingle (recall 1) but adds the menu.
    assert by_name["noisy"].recall == 1.0
    assert by_name["noisy"].precision is not None and by_name["noisy"].precision < 1.0
    assert by_name["cleaner-text"].f1 == 1.0
    assert by_name["cleaner-text"].speed_ratio == 1.0
    assert by_name["cleaner-text"].pages_per_cpu_s is not None
    payload = json.loads(out_json.read_text(encoding="utf-8"))
    assert [s["name"] for s in payload["systems"]] == ["cleaner-text", "noisy"]
    assert "| cleaner-text | text | 1.000 | 1.000 | 1.000 |" in out_md.read_text(encoding="utf-8")


def test_a_missing_package_is_reported_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load() -> compare.Extractor:
        raise ImportError("No module named 'nonexistent_peer'")

    missing = compare.System("ghost", "html", load, "nonexistent-peer", "not installed")
    monkeypatch.setattr(compare, "SYSTEMS", (*compare.SYSTEMS, missing))
    rows = compare.main(["--dataset", str(_dataset(tmp_path)), "--only", "ghost,c4"])
    ghost = next(r for r in rows if r.name == "ghost")
    assert ghost.status == "unavailable"
    assert ghost.reason is not None and "pip install -e '.[bench]'" in ghost.reason
    # The run went on: the C4 filter was scored, with memory measured in a child.
    c4 = next(r for r in rows if r.name == "c4")
    assert c4.status == "ok" and c4.f1 is not None and c4.py_peak_mib is not None


def test_a_peer_failing_on_a_page_scores_it_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load() -> compare.Extractor:
        def extract(html: str) -> str:
            if "river" in html:
                raise ValueError("cannot parse")
            return ARTICLE

        return extract

    flaky = compare.System("flaky", "html", load, None, "fails on one page")
    monkeypatch.setattr(compare, "SYSTEMS", (flaky,))
    (row,) = compare.main(["--dataset", str(_dataset(tmp_path)), "--no-memory"])
    assert row.errors == 1
    assert row.error_examples[0].startswith("b2: ValueError: cannot parse")
    # One perfect page, one empty one: mean precision and recall 0.5.
    assert (row.precision, row.recall) == (0.5, 0.5)


def test_unknown_system_names_are_refused() -> None:
    with pytest.raises(SystemExit, match="unknown system"):
        compare.select("cleaner-text,no-such-system")


def test_text_budget_lists_every_stage_and_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import text_budget
    from cleaner.pipeline import TEXT_STAGES

    assert text_budget.main(["--dataset", str(_dataset(tmp_path)), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 noisy texts")
    for stage in TEXT_STAGES:
        assert f"  {stage.name} " in out
    assert "whole-text passes" in out and "aim 0.40 of c4" in out


def test_text_budget_without_noisy_texts_is_a_usage_error(tmp_path: Path) -> None:
    from benchmarks import text_budget

    data = _dataset(tmp_path)
    (data / "noisy-text.json").unlink()
    assert text_budget.main(["--dataset", str(data)]) == 2
