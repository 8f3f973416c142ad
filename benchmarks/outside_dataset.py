"""A second, outside dataset in the dev benchmark's layout, from newspaper4k's test pages.

Usage: ``python -m benchmarks.outside_dataset SRC OUT``

The dev pages tune the rules; pages from elsewhere show whether the rules
generalise. newspaper4k (MIT licence) ships real article pages with the
article text its maintainers checked: ``tests/data/html/<name>.html`` and
``tests/data/txt/<name>.txt`` in its source archive on PyPI::

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6
    tar xzf newspaper4k-0.9.6.tar.gz
    python -m benchmarks.outside_dataset newspaper4k-0.9.6/tests/data /tmp/outside
    python -m benchmarks.compare --dataset /tmp/outside
    python -m benchmarks.compare_text --dataset /tmp/outside

``SRC`` is that ``tests/data`` folder; every name with both files becomes a
page. ``OUT`` (created; must not exist) gets ``html/<name>.html.gz``,
``ground-truth.json`` and ``noisy-text.json``. The noisy text is what a naive
extractor returns, as in the dev set: the page title, then the visible text
with a line break at each block element (scripts and styles left out).

The truth is newspaper's own output, reviewed, not written by hand: a silver
standard. It leaves out some things the dev truth keeps (picture galleries,
"story highlights"), so figures here rank systems rather than grade them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

# Elements that start a new line in a browser's rendering of the page.
_BLOCKS = (
    "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, "
    "footer, form, h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, "
    "section, table, td, th, tr, ul"
)

_BREAK = "\ue000"


def visible_text(html: str) -> str:
    """The page's title and visible text, a line per block element.

    >>> page = "<title>Ferry</title><nav><a>Home</a><a>Sport</a></nav><p>It\\n<b>runs</b>.</p>"
    >>> visible_text(page)
    'Ferry\\nHome Sport\\nIt runs.'
    """
    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    lines = [title.text()] if title is not None else []
    for node in tree.css("script, style, noscript, template, head"):
        node.decompose()
    # Whitespace inside a block is one space, as a browser renders it (the
    # source's own line breaks are not the page's): blocks are marked with
    # a private-use character and split there once the rest is folded.
    for node in tree.css(_BLOCKS):
        node.insert_before(_BREAK)
        node.insert_after(_BREAK)
    for node in tree.css("a"):
        # Links side by side (a menu) are separate words; a link followed
        # by text ("<a>here</a>.") is not.
        after = node.next
        if after is not None and after.tag != "-text":
            node.insert_after(" ")
    body = tree.body
    if body is not None:
        lines += body.text(separator="").split(_BREAK)
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def build(src: Path, out: Path) -> int:
    """Write the dataset; returns the number of pages (none: nothing written)."""
    texts = sorted((src / "txt").glob("*.txt"))
    names = [p.stem for p in texts if (src / "html" / f"{p.stem}.html").exists()]
    if not names:
        return 0
    (out / "html").mkdir(parents=True)
    truth: dict[str, dict[str, str]] = {}
    noisy: dict[str, dict[str, str]] = {}
    for name in names:
        html = (src / "html" / f"{name}.html").read_text(encoding="utf-8", errors="replace")
        text = (src / "txt" / f"{name}.txt").read_text(encoding="utf-8", errors="replace")
        (out / "html" / f"{name}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth[name] = {"articleBody": text.strip(), "url": ""}
        noisy[name] = {"articleBody": visible_text(html)}
    for file, data in (("ground-truth.json", truth), ("noisy-text.json", noisy)):
        (out / file).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(names)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="newspaper4k's tests/data folder (html/ and txt/)")
    ap.add_argument("out", type=Path, help="a new folder for the dataset")
    args = ap.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} exists; give a new folder", file=sys.stderr)
        return 2
    if not (args.src / "html").is_dir() or not (args.src / "txt").is_dir():
        print(f"{args.src} has no html/ and txt/: give newspaper4k's tests/data", file=sys.stderr)
        return 2
    n = build(args.src, args.out)
    if not n:
        print(f"no html/<name>.html with a txt/<name>.txt in {args.src}", file=sys.stderr)
        return 2
    print(f"{n} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
