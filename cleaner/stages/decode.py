"""decode: bytes to str; control, zero-width and stray surrogate characters out.

Valid UTF-8 (the common case) is decoded directly; anything else goes through
bs4's ``UnicodeDammit`` (BOM, declared charset, detection, then cp1252), and
bytes it cannot place are replaced, never raised on.
"""

from __future__ import annotations

import logging
import re

from cleaner.document import Document
from cleaner.errors import QuarantineError
from cleaner.rules import RuleSet
from cleaner.stages import Stage

# C0/C1 controls except tab/newline/CR, zero-width and bidi controls,
# noncharacters and lone surrogates (which cannot be written as UTF-8).
_CONTROL_CLASS = (
    "\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\ufeff\ufffe\uffff\ud800-\udfff"
)
CONTROL_RE = re.compile(f"[{_CONTROL_CLASS}]+")
# One character at a time: a single-character class is found with the
# regex engine's fast first-character scan, which a "+" repeat turns off
# (findall over a 4 MB text: 8 ms against 27).
_CONTROL_CHAR_RE = re.compile(f"[{_CONTROL_CLASS}]")
# Unicode spaces that are not ASCII whitespace become a plain space; vertical
# tab, form feed and the Unicode line/paragraph separators become newlines.
_SPACES = {
    c: " "
    for c in "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(x) for x in range(0x2000, 0x200B))
}
_SPACES.update({"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n", "\r": "\n"})
SPACE_TABLE = str.maketrans(_SPACES)
_SPACE_CLASS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x0b\x0c\u2028\u2029\r"
_SPACE_RE = re.compile(f"[{_SPACE_CLASS}]")
# Every character CONTROL_RE or _SPACE_RE finds: text without any is left as
# it is and is "plain" (Document.plain_raw; tabs are left to segment). One
# scan for a single character costs a third of CONTROL_RE's "+" scan (no
# first-character skip for a repeat) and spares the second scan.
ATTENTION_RE = re.compile(f"[{_CONTROL_CLASS}{_SPACE_CLASS}]")

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "ELF executable"),
)
# Text has almost no C0 control bytes besides tab and newlines (UTF-16
# without a BOM is the exception, and is treated as binary); random or
# compressed bytes have about 10.5 %. Over 5 % of the first KiB is binary.
_BINARY_SHARE = 0.05
_SNIFF = 1024
# How much of a large non-UTF-8 input charset detection reads.
_DETECT_BYTES = 64 * 1024


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format ``data`` looks like, or None for text."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    head = data[:_SNIFF]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls > _BINARY_SHARE * len(head):
        return "binary data"
    return None


def decode_bytes(data: bytes, is_html: bool = False) -> str:
    """Decode ``data`` to str without raising.

    >>> decode_bytes("café".encode("latin-1"))
    'café'
    >>> decode_bytes(b"\\xef\\xbb\\xbfplain")
    'plain'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # bs4 loads in ~65 ms; most inputs are UTF-8 and never need it.
    from bs4 import UnicodeDammit

    _quiet_dammit()

    if len(data) > _DETECT_BYTES:
        # Charset detection reads all it is given (minutes on 10 MB): detect
        # on the head, then decode the whole with that charset.
        encoding = UnicodeDammit(data[:_DETECT_BYTES], is_html=is_html).original_encoding
        if encoding:
            try:
                return data.decode(encoding, errors="replace")
            except LookupError:
                pass
        return data.decode("cp1252", errors="replace")
    dammit = UnicodeDammit(data, is_html=is_html)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return data.decode("utf-8", errors="replace")


def _undecodable(record: logging.LogRecord) -> bool:
    return "could not be decoded" not in record.getMessage()


def _quiet_dammit() -> None:
    """Drop bs4's "Some characters could not be decoded" log line: it comes
    for each input whose bytes fit no charset, names no input, and says only
    that bytes were replaced, which is this stage's documented decoding.
    Its other messages pass."""
    log = logging.getLogger("bs4.dammit")
    if _undecodable not in log.filters:
        log.addFilter(_undecodable)


class DecodeStage(Stage):
    name = "decode"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        self.chars = rules.first("decode", "chars")

    def run(self, doc: Document) -> None:
        if doc.source is not None:
            name = sniff_binary(doc.source)
            if name is not None:
                raise QuarantineError("binary", f"the input looks like {name}, not text or HTML")
            doc.raw = decode_bytes(doc.source, is_html=doc.mode == "html")
            doc.source = None
        # A page's controls sit mostly in scripts: the html stage takes them
        # out of the extracted text instead, a fraction of the size.
        if doc.mode != "text":
            return
        text = doc.raw
        # Every character ATTENTION_RE finds, newline aside, is one that
        # str.isprintable rejects (test_decode checks all of Unicode), and
        # isprintable is the faster scan: text it passes is plain for sure.
        if text.replace("\n", " ").isprintable() or ATTENTION_RE.search(text) is None:
            doc.plain_raw = text
            return
        if self.chars is not None:
            found = record_controls(doc, self.chars.code, self.name, text)
            if found:
                text = drop_chars(text, found)
        if _SPACE_RE.search(text):
            text = fold_spaces(text)
        # Controls and spaces gone: ATTENTION_RE finds nothing, the text is
        # plain and segment folds it with its whole-text fast path. With the
        # controls' rule off, only if the text has none.
        if self.chars is not None or ATTENTION_RE.search(text) is None:
            doc.plain_raw = text
        doc.raw = text


def record_controls(doc: Document, code: str, stage: str, text: str) -> set[str]:
    """Record the control characters of ``text`` as one removal and return
    them (empty: none); ``drop_chars`` then takes them out."""
    found = _CONTROL_CHAR_RE.findall(text)
    if found:
        # Lone surrogates cannot be written as UTF-8: keep them visible escaped.
        doc.remove(code, stage, "".join(found).encode("utf-8", "backslashreplace").decode("utf-8"))
    return set(found)


def drop_chars(text: str, chars: set[str]) -> str:
    """``text`` without ``chars`` (control characters it holds): a
    ``str.replace`` each when they are few, else one regex pass. A regex
    substitution scans ~10 ns a character; a replace, ~0.5."""
    if len(chars) > 8:
        return CONTROL_RE.sub("", text)
    for c in chars:
        text = text.replace(c, "")
    return text


def fold_spaces(text: str) -> str:
    """``text`` with CRLF, other line breaks and Unicode spaces as SPACE_TABLE
    maps them. One ``str.replace`` per character present: ``str.translate``
    with a dict table took ~55 ns a character (0.2 s for a 4 MB text)."""
    text = text.replace("\r\n", "\n")
    for c in set(_SPACE_RE.findall(text)):
        text = text.replace(c, _SPACES[c])
    return text
