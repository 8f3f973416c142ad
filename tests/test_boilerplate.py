"""Boilerplate learned per source: what it removes, what it keeps, and that
local learning, the CLI and Spark give the same file and the same text.

The corpus (data/boilerplate-sites.jsonl) is three sites whose pages put
real article bodies of the committed benchmark sample inside real menus,
sidebars and footers, with a weekly "Opinion" block, a statement quoted by
three articles of each site and the two seeds quoting the same statement.
It was written by ``python -m benchmarks.boilerplate_sites --dataset
tests/data/article-sample --sizes 14,12,10 --weeks 2 --write ...``.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import cleaner
from benchmarks.boilerplate_sites import SEED_QUOTE, Record, learn, measure
from cleaner.boilerplate import MIN_DOCS, MIN_SHARE, Learner, select
from cleaner.cli import main
from cleaner.stages.boilerplate import LearnedBoilerplate, SourceBoilerplate

SITES = Path(__file__).parent / "data" / "boilerplate-sites.jsonl"


@pytest.fixture(scope="module")
def records() -> list[Record]:
    with open(SITES, encoding="utf-8") as fh:
        return [Record.from_json(line) for line in fh]


def write(learned: LearnedBoilerplate, path: Path) -> cleaner.Config:
    path.write_text(learned.to_toml(), encoding="utf-8")
    return cleaner.Config(boilerplate=str(path))


def test_learned_boilerplate_removes_repeated_lines_but_no_article_text(
    records: list[Record],
) -> None:
    m = measure(records, learn(records, MIN_DOCS, MIN_SHARE))
    assert m.recall >= 0.95, (m.repeated_removed, m.repeated)
    assert m.article_loss <= 0.005
    assert m.quotes > 0 and m.quotes_kept == m.quotes


def test_seeds_quoting_the_same_statement_keep_it(records: list[Record], tmp_path: Path) -> None:
    config = write(learn(records, MIN_DOCS, MIN_SHARE), tmp_path / "bp.toml")
    seeds = [r for r in records if SEED_QUOTE in r.text]
    assert len(seeds) == 2
    for r in seeds:
        result = cleaner.clean(r.text, config=config, source=r.url)
        assert SEED_QUOTE in result.text
        assert "BP101" in result.removal_counts()


def test_a_line_counts_once_per_document_however_often_it_repeats() -> None:
    learner = Learner()
    learner.add("Body one.\n" + "Same quote here.\n" * 10, "https://a.example/1")
    learner.add("Body two.\nSame quote here.", "https://a.example/2")
    for i in range(3):
        learner.add(f"Body {i} again.", "https://a.example/x")
    assert learner.texts["a.example", "same quote here."] == "Same quote here."
    assert learner.counts["a.example", "same quote here."] == 2
    assert learner.result(min_docs=3, min_share=0.0).sources == ()
    assert learner.result(min_docs=2, min_share=0.4).sources[0].lines == (("Same quote here.", 2),)


def test_a_line_needs_min_docs_and_min_share_of_its_source() -> None:
    docs = {"big.example": 100, "small.example": 6}
    lines = [
        ("big.example", "In 19 of 100", 19),
        ("big.example", "In 20 of 100", 20),
        ("small.example", "In 5 of 6", 5),
        ("small.example", "In 4 of 6", 4),
    ]
    learned = select(docs, lines, min_docs=5, min_share=0.2, source_field="url")
    assert [(s.name, s.documents, s.lines) for s in learned.sources] == [
        ("big.example", 100, (("In 20 of 100", 20),)),
        ("small.example", 6, (("In 5 of 6", 5),)),
    ]
    assert learned.documents == 106


def test_rules_file_is_readable_toml_that_round_trips() -> None:
    odd = 'Quote " back\\slash\ttab \x7f del – ünï 𝄞'
    learned = LearnedBoilerplate(
        (SourceBoilerplate("a.example", 9, (("Most read", 9), (odd, 5))),), "url", 5, 0.2, 9
    )
    text = learned.to_toml()
    assert '{ docs = 9, text = "Most read" },' in text
    assert tomllib.loads(text)["source"][0]["lines"][1]["text"] == odd
    assert LearnedBoilerplate.from_toml(text, "x") == learned


def test_stage_removes_a_sources_lines_as_bp101_and_follows_ignore(tmp_path: Path) -> None:
    learned = LearnedBoilerplate((SourceBoilerplate("a.example", 5, (("most READ", 5),)),))
    config = write(learned, tmp_path / "bp.toml")
    raw = "The body of the story.\nMost read"
    r = cleaner.clean(raw, config=config, source="http://www.a.example/x")
    assert r.text == "The body of the story."
    assert [(x.rule, x.stage, x.text) for x in r.removals] == [
        ("BP101", "boilerplate", "Most read")
    ]
    assert cleaner.clean(raw, config=config, source="b.example").text == cleaner.clean(raw).text
    assert cleaner.clean(raw, config=config).text == cleaner.clean(raw).text
    ignored = config.with_(ignore=("BP",))
    assert cleaner.clean(raw, config=ignored, source="a.example").text == cleaner.clean(raw).text


def test_missing_or_malformed_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(cleaner.ConfigError, match=r"E131.*cleaner learn"):
        cleaner.clean("x", config=cleaner.Config(boilerplate=str(tmp_path / "none.toml")))
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "a"\nlines = ["Most read"]\n', encoding="utf-8")
    with pytest.raises(cleaner.ConfigError, match=r"E133.*bad\.toml.*source 'a'"):
        cleaner.clean("x", config=cleaner.Config(boilerplate=str(bad)))


def test_cli_learn_and_clean_match_the_api(records: list[Record], tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for part in (0, 1):
        with open(src / f"part{part}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(r.to_json() + "\n" for r in records[part::2])
    bp = tmp_path / "bp.toml"
    assert main(["learn", str(src), "-o", str(bp), "--source-field", "url"]) == 0
    local = Learner()
    for part in (0, 1):
        for r in records[part::2]:
            local.add(r.text, r.url)
    assert bp.read_text(encoding="utf-8") == local.result(source_field="url").to_toml()

    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--boilerplate", str(bp), "--jobs", "2"]) == 0
    config = cleaner.Config(boilerplate=str(bp))
    cleaned = [
        json.loads(line)
        for part in (0, 1)
        for line in (out / f"part{part}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(cleaned) == len(records)
    by_url = {r.url: r.text for r in records}
    for rec in cleaned:
        want = cleaner.clean(by_url[rec["url"]], config=config, source=rec["url"])
        assert rec["text"] == want.text
        assert rec["cleaner"]["removals"] == want.removal_counts()
    assert sum(rec["cleaner"]["removals"].get("BP101", 0) for rec in cleaned) > 1000


def test_cli_learn_reports_a_corrupt_gzip_and_learns_from_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    body = SITES.read_bytes()
    (src / "good.jsonl").write_bytes(body)
    # A gzip header, then a compressed stream with its middle overwritten.
    packed = bytearray(gzip.compress(body))
    packed[40:60] = b"\xff" * 20
    (src / "bad.jsonl.gz").write_bytes(bytes(packed))
    bp = tmp_path / "bp.toml"
    assert main(["learn", str(src), "-o", str(bp), "--source-field", "url"]) == 0
    err = capsys.readouterr().err
    assert "bad.jsonl.gz: not read:" in err and "Traceback" not in err
    assert LearnedBoilerplate.load(str(bp)).sources


def test_spark_learns_the_same_file_and_cleans_the_same_text(
    spark: Any, records: list[Record], tmp_path: Path
) -> None:
    from cleaner.spark import clean_dataframe, learn_boilerplate

    df = spark.createDataFrame([(r.url, r.text) for r in records], "url string, text string")
    learned = learn_boilerplate(df.repartition(2), text_col="text", source_col="url")
    local = Learner()
    for r in records:
        local.add(r.text, r.url)
    assert learned.to_toml() == local.result(source_field="url").to_toml()

    config = write(learned, tmp_path / "bp.toml")
    rows = clean_dataframe(df, boilerplate=learned).collect()
    assert len(rows) == len(records)
    for row in rows:
        assert row["error"] is None
        want = cleaner.clean(row["text"], config=config, source=row["url"])
        assert row["clean_text"] == want.text
        assert row["removals"] == want.removal_counts()
    assert sum(row["removals"].get("BP101", 0) for row in rows) > 1000
    # The file as a path (or in the Config) gives the same rows.
    by_path = clean_dataframe(df, config=config).collect()
    assert [r["clean_text"] for r in by_path] == [r["clean_text"] for r in rows]


def test_cli_takes_a_txt_files_folder_as_its_source(tmp_path: Path) -> None:
    src = tmp_path / "crawl"
    for site in ("a.example", "b.example"):
        (src / site).mkdir(parents=True)
        for i in range(6):
            footer = "Most read\nAbout us" if site == "a.example" else "Contact"
            text = f"Story {i} of {site} is told here in full.\n{footer}\n"
            (src / site / f"{i}.txt").write_text(text, encoding="utf-8")
    bp = tmp_path / "bp.toml"
    assert main(["learn", str(src), "-o", str(bp)]) == 0
    learned = LearnedBoilerplate.load(bp)
    assert [(s.name, s.lines) for s in learned.sources] == [
        ("a.example", (("About us", 6), ("Most read", 6))),
        ("b.example", (("Contact", 6),)),
    ]
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--boilerplate", str(bp)]) == 0
    cleaned = (out / "a.example" / "0.txt").read_text(encoding="utf-8")
    assert cleaned == "Story 0 of a.example is told here in full.\n"
