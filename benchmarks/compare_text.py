"""Text-mode rows of :mod:`benchmarks.compare`: noisy text, C4 filter, cleaner text mode.

Usage: ``python -m benchmarks.compare_text --dataset DIR [compare options]``

Kept as a short alias for the command the README quoted before the peer
comparison existed; needs none of the ``[bench]`` extras.
"""

from __future__ import annotations

import sys

from benchmarks import compare

TEXT_SYSTEMS = "noisy,c4,cleaner-text"


def main(argv: list[str] | None = None) -> list[compare.Row]:
    args = list(sys.argv[1:] if argv is None else argv)
    return compare.main([*args, "--only", TEXT_SYSTEMS])


if __name__ == "__main__":
    main()
