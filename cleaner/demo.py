"""``python -m cleaner.demo DIR``: clean every .txt and .html file of DIR and show what went.

The bundled ``examples/`` directory holds a few noisy articles; this prints,
for each, the cleaned text's first lines, the metadata and the removals by rule.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cleaner


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python -m cleaner.demo DIRECTORY", file=sys.stderr)
        return 2
    total: dict[str, int] = {}
    files = sorted(p for p in Path(argv[0]).iterdir() if p.suffix in (".txt", ".html"))
    for path in files:
        # auto: a full page goes through HTML mode, anything else text mode
        result = cleaner.clean(path.read_bytes(), mode="auto")
        print(f"== {path.name} ({result.mode} mode)")
        print(f"   metadata: {result.metadata}")
        for paragraph in result.text.split("\n\n")[:2]:
            print(f"   | {paragraph[:100]}{'…' if len(paragraph) > 100 else ''}")
        for removal in result.removals:
            print(f"   - {removal.rule:8} {removal.text[:70]!r}")
            total[removal.rule] = total.get(removal.rule, 0) + 1
    print(f"\n{len(files)} documents cleaned; removals by rule: {dict(sorted(total.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
