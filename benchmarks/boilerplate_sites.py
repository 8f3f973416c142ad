"""Sites whose pages share menus, sidebars and footers, built from real pages,
and how much of that learned boilerplate removes.

Each synthetic site takes the chrome of one real page of the dataset (the
lines of its noisy text that are not in its hand-written body: header and
menus above the article, sidebar and footer below it) and puts it around
real article bodies of other pages, as a site's template does. On top of
that, as in seed 000, an "Opinion" block of the site's other headlines is
pasted under every article and changes each "week" (a quarter of the site's
pages), and one paragraph of each site is a statement quoted verbatim by
three of its articles. The two seed articles (tests/golden) go into the
first site, both quoting the Prime Minister's Office statement word for word
as the two outlets reported the same call.

Measured, per threshold pair: the share of the repeated (template) line
occurrences that BP101 removes, and the share of article characters it
removes; the quoted statement and the seeds' shared quotation must survive.

    python -m benchmarks.boilerplate_sites --dataset ../shared/data/article-benchmark-dev
    python -m benchmarks.boilerplate_sites --dataset DIR --sweep     # threshold table
    # the small corpus the tests use:
    python -m benchmarks.boilerplate_sites --dataset tests/data/article-sample \\
        --sizes 14,12,10 --weeks 2 --write tests/data/boilerplate-sites.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cleaner
from benchmarks.scoring import Dataset, load_dataset
from cleaner.boilerplate import MIN_DOCS, MIN_SHARE, Learner
from cleaner.stages.boilerplate import LearnedBoilerplate, source_key

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEEDS = ("000_5ba545d7e59b12f4", "002_05641a37872730fa")
# The Prime Minister's Office statement as seed 000 quotes it; seed 002
# paraphrases the same sentence, which the corpus replaces with this quote.
SEED_QUOTE = (
    '"Relations between Pakistan and Russia have been on an upward trajectory, propelled by '
    "converging views on important regional and international issues, growing trust, and "
    'increasing bilateral cooperation manifested by recent high-level interactions," the '
    "statement added."
)
SEED_PARAPHRASE_START = "Relations between Pakistan and Russia have been on an upward trajectory"
# A site template keeps at most this many header and footer lines: real pages
# carry up to a few hundred menu lines; this keeps documents article-sized.
MAX_HEAD, MAX_TAIL = 30, 40
DEFAULT_SIZES = (48, 36, 30, 24, 18, 14, 12, 10)
DEFAULT_WEEKS = 4
QUOTED_BY = 3


def fold(line: str) -> str:
    return " ".join(line.split())


@dataclass
class Record:
    url: str
    text: str
    # Indexes (into text.split("\\n")) of the lines that are article text.
    article_lines: list[int]

    def to_json(self) -> str:
        return json.dumps(
            {"url": self.url, "text": self.text, "article_lines": self.article_lines},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> Record:
        d = json.loads(line)
        return cls(d["url"], d["text"], d["article_lines"])


def load_pages(data: Dataset) -> list[tuple[str, list[str], list[str]]]:
    """(url, body paragraphs, noisy lines) per page, in id order."""
    pages = []
    for pid in sorted(data.truth):
        body = [fold(p) for p in data.truth[pid].split("\n") if p.strip()]
        lines = [fold(x) for x in data.noisy[pid].split("\n") if x.strip()]
        pages.append((data.urls[pid], body, lines))
    return pages


def chrome(body: list[str], lines: list[str]) -> tuple[list[str], list[str]]:
    """The page's lines above and below its article (its template)."""
    text = fold(" ".join(body)).casefold()
    in_body = [line.casefold() in text for line in lines]
    if True not in in_body:
        return [], []
    first = in_body.index(True)
    last = len(in_body) - 1 - in_body[::-1].index(True)
    return lines[:first][-MAX_HEAD:], lines[last + 1 :][:MAX_TAIL]


def headline(url: str) -> str:
    slug = [p for p in re.split(r"[/?#]", url) if p][-1]
    words = [w for w in re.split(r"[-_.]+", slug) if w.isalpha()][:10] or ["News"]
    return " ".join(words).capitalize()


def seed_bodies() -> list[str]:
    """The two seeds' article paragraphs; seed 002 quotes the statement verbatim."""
    bodies = []
    for name in SEEDS:
        paras = (GOLDEN / f"{name}.expected.txt").read_text(encoding="utf-8").split("\n\n")
        paras = [SEED_QUOTE if p.startswith(SEED_PARAPHRASE_START) else p for p in paras]
        bodies.append(paras)
    assert all(SEED_QUOTE in b for b in bodies)
    return bodies


def build(
    data: Dataset, sizes: Iterable[int] = DEFAULT_SIZES, weeks: int = DEFAULT_WEEKS, seed: int = 7
) -> list[Record]:
    rng = random.Random(seed)
    pages = load_pages(data)
    templates = sorted(
        (i for i, (_, body, lines) in enumerate(pages)),
        key=lambda i: -sum(len(x) for x in chrome(pages[i][1], pages[i][2])),
    )
    records: list[Record] = []
    for s, size in enumerate(sizes):
        t = templates[s % len(templates)]
        head, tail = chrome(pages[t][1], pages[t][2])
        site = f"site{s + 1}.example"
        name = site.split(".")[0].capitalize()
        pool = [i for i in range(len(pages)) if i != t]
        picks = rng.sample(pool, min(size, len(pool)))
        picks += [rng.choice(pool) for _ in range(size - len(picks))]
        articles = [(headline(pages[i][0]), list(pages[i][1])) for i in picks]
        if s == 0:
            for j, body in enumerate(seed_bodies()):
                articles[j] = ("Putin calls Imran Khan on Afghanistan", body)
        # A statement quoted verbatim by QUOTED_BY articles of the site.
        quoted = max(articles[2][1], key=len)
        for _, body in articles[3 : 2 + QUOTED_BY]:
            body.insert(len(body) // 2, quoted)
        week_len = -(-size // weeks)
        for k, (title, body) in enumerate(articles):
            week = k // week_len
            others = articles[week * week_len : (week + 1) * week_len][:4]
            opinion = ["Opinion"]
            for o_title, o_body in others:
                opinion += [o_title, " ".join(o_body[0].split()[:18]) + " ..."]
            lines = [f"{title} - {name}", *head, title]
            article_lines = list(range(len(lines), len(lines) + len(body)))
            lines += body + opinion + tail
            url = f"https://www.{site}/news/{k + 1}"
            records.append(Record(url, "\n".join(lines), article_lines))
    return records


@dataclass
class Measure:
    repeated: int = 0
    repeated_removed: int = 0
    article_chars: int = 0
    article_chars_removed: int = 0
    # Article lines found in more than one article of a site, and how many
    # of them BP101 left alone.
    quotes: int = 0
    quotes_kept: int = 0

    @property
    def recall(self) -> float:
        return self.repeated_removed / self.repeated if self.repeated else 1.0

    @property
    def article_loss(self) -> float:
        return self.article_chars_removed / self.article_chars if self.article_chars else 0.0


def learn(records: list[Record], min_docs: int, min_share: float) -> LearnedBoilerplate:
    learner = Learner(mode="text")
    for r in records:
        learner.add(r.text, r.url)
    return learner.result(min_docs, min_share, "url")


def repeated_lines(records: list[Record]) -> set[str]:
    """Lines outside the article that recur on more than one page of a site."""
    per_site: Counter[tuple[str, str]] = Counter()
    for r in records:
        site = cleaner_source(r.url)
        lines = r.text.split("\n")
        keep = set(r.article_lines)
        for line in {x for i, x in enumerate(lines) if i not in keep}:
            per_site[site, line] += 1
    return {line for (_, line), n in per_site.items() if n > 1}


def cleaner_source(url: str) -> str:
    return source_key(url) or ""


def measure(
    records: list[Record],
    learned: LearnedBoilerplate,
    repeated: set[str] | None = None,
    quotes: set[str] | None = None,
) -> Measure:
    """What BP101 removes: of the repeated template lines, and of article text.

    ``repeated`` and ``quotes`` (repeated_lines and quoted_statements of the
    records) may be passed in when measuring the same records many times.
    """
    if repeated is None:
        repeated = repeated_lines(records)
    if quotes is None:
        quotes = quoted_statements(records)
    quote_lines = {SEED_QUOTE} | quotes
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bp.toml"
        path.write_text(learned.to_toml(), encoding="utf-8")
        config = cleaner.Config(boilerplate=str(path))
        m = Measure()
        for r in records:
            result = cleaner.clean(r.text, "text", config, source=r.url)
            removed = Counter(x.text for x in result.removals if x.rule == learned.code)
            lines = r.text.split("\n")
            article = set(r.article_lines)
            for i, line in enumerate(lines):
                taken = removed[line] > 0
                removed[line] -= taken
                if i in article:
                    m.article_chars += len(line)
                    m.article_chars_removed += len(line) if taken else 0
                    if line in quote_lines:
                        m.quotes += 1
                        m.quotes_kept += not taken
                elif line in repeated:
                    m.repeated += 1
                    m.repeated_removed += taken
        return m


def quoted_statements(records: list[Record]) -> set[str]:
    """Article lines found in more than one article of a site."""
    seen: Counter[tuple[str, str]] = Counter()
    for r in records:
        lines = r.text.split("\n")
        for line in {lines[i] for i in r.article_lines}:
            seen[cleaner_source(r.url), line] += 1
    return {line for (_, line), n in seen.items() if n > 1}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, required=True)
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    ap.add_argument("--weeks", type=int, default=DEFAULT_WEEKS)
    ap.add_argument("--write", type=Path, help="write the corpus as JSONL here")
    ap.add_argument("--sweep", action="store_true", help="table over min_docs x min_share")
    args = ap.parse_args(argv)
    data = load_dataset(args.dataset, html=False)
    records = build(data, [int(x) for x in args.sizes.split(",")], args.weeks)
    if args.write:
        args.write.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    sites = len({cleaner_source(r.url) for r in records})
    repeated, quotes = repeated_lines(records), quoted_statements(records)
    print(f"{len(records)} pages on {sites} sites; {len(repeated)} repeated lines")
    pairs = (
        [(d, p) for d in (2, 3, 5, 10) for p in (0.05, 0.1, 0.2, 0.3, 0.5)]
        if args.sweep
        else [(MIN_DOCS, MIN_SHARE)]
    )
    print("| min_docs | min_share | repeated lines removed | article text removed | quotes kept |")
    print("|---:|---:|---:|---:|---:|")
    for d, p in pairs:
        m = measure(records, learn(records, d, p), repeated, quotes)
        mark = " (default)" if (d, p) == (MIN_DOCS, MIN_SHARE) else ""
        print(
            f"| {d}{mark} | {p} | {m.recall:.1%} ({m.repeated_removed}/{m.repeated}) | "
            f"{m.article_loss:.2%} | {m.quotes_kept}/{m.quotes} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
