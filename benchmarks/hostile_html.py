"""The HTML issue's hostile pages, timed: ``python -m benchmarks.hostile_html``.

100,000 nested <div>s, an element with 200,000 attributes, an unclosed
5 MB <script>, 10 MB of random bytes (and two variants): each must finish
in under 5 s with text or a documented CleanerError, and no script text.
The outcomes (not the times) are also tests in tests/test_html.py.
"""

from __future__ import annotations

import os
import time

import cleaner

PARA = "<p>The council voted on Tuesday to close the bridge, which opened in 1962.</p>"


def cases() -> dict[str, str | bytes]:
    return {
        "nested_div_100k": "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000,
        "attributes_200k": "<html><body><div "
        + " ".join(f"a{i}=x" for i in range(200_000))
        + ">x</div>"
        + PARA,
        "bare_attributes_200k": "<html><body><div " + "a " * 200_000 + ">x</div>",
        "unclosed_script_5mb": "<html><body>"
        + PARA
        + "<script>"
        + "var x = 'secret script text';\n" * 180_000,
        "random_bytes_10mb": os.urandom(10 * 1024 * 1024),
        "unclosed_b_i_50k": "<html><body>" + "<b><i>" * 50_000 + "x",
    }


def main() -> int:
    worst = 0.0
    bad = 0
    for name, raw in cases().items():
        t0 = time.perf_counter()
        try:
            r = cleaner.clean(raw, mode="html")
            outcome = f"ok: {r.text[:50]!r}"
            bad += "secret" in r.text
        except cleaner.CleanerError as exc:
            outcome = str(exc)[:90]
        seconds = time.perf_counter() - t0
        worst = max(worst, seconds)
        print(f"{name:22s} {seconds:6.2f} s  {outcome}")
    print(f"slowest {worst:.2f} s (limit 5 s); outputs with script text: {bad}")
    return 0 if worst < 5 and not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
