"""markup: leftover HTML in text. Tags go, their inner text stays.

A linear-time scanner: one regex finds the next ``<`` token, and the ends of
comments and raw-text elements (script, style) are found with ``str.find`` /
a forward search, never with a backtracking pattern over the rest of the text.
Only names of real HTML elements count as tags, so ``a <b> c`` in prose about
maths keeps working while ``<b>bold</b>`` loses its tags.
"""

from __future__ import annotations

import html
import re

from cleaner.document import Document
from cleaner.rules import RuleSet
from cleaner.stages import Stage
from cleaner.stages.decode import CONTROL_RE, SPACE_TABLE

# Elements whose boundaries are line breaks in rendered text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul caption center".split()
)
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img input ins kbd label "
    "mark meter picture q s samp small source span strike strong sub sup time tt u var wbr "
    "video audio canvas svg path button select option textarea embed object param track "
    "link meta base col colgroup area map html head body title".split()
)
# Elements whose content is not text for a reader: removed whole.
RAW_TAGS = frozenset("script style noscript template iframe".split())
KNOWN_TAGS = BLOCK_TAGS | INLINE_TAGS | RAW_TAGS

_TOKEN_RE = re.compile(
    r"<(?:!--|!\[CDATA\[|[!?][A-Za-z]|(/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>]))"
)
# The rest of a tag after its name: attributes up to '>' (no '<' inside).
_TAG_REST_RE = re.compile(r"[^<>]*>")
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ARTEFACT_ATTR_RE = re.compile(r"data-mce-|mce_SELRES|_moz_|data-gtm-|data-wp-editing", re.I)
_EMPTY_BETWEEN = re.compile(r"\s*")


def _line_end(text: str, pos: int) -> int:
    """End of the line holding ``pos``: where an unclosed comment or script stops.

    Scraped text is often cut off mid-markup; a ``<!--`` or ``<script>`` that
    never closes must not swallow the article after it (tests/adversarial).
    """
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


class MarkupStage(Stage):
    name = "markup"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        self.tag = rules.first("markup", "markup_tag")
        self.raw = rules.first("markup", "markup_raw")
        self.comment = rules.first("markup", "markup_comment")
        self.artefact = rules.first("markup", "markup_artefact")
        self.entities = rules.first("markup", "entities")
        self._close_res: dict[str, re.Pattern[str]] = {
            t: re.compile(rf"</{t}\s*>", re.I) for t in RAW_TAGS
        }

    def run(self, doc: Document) -> None:
        text = doc.raw
        # The text between removed tags, as separate pieces: entities are
        # decoded piece by piece, so '&#<b>65;' cannot turn into a new 'A'.
        pieces = self._strip_tags(doc, text) if "<" in text else [text]
        if self.entities is not None and "&" in text:
            pieces = self._decode_entities(doc, pieces)
        if len(pieces) == 1 and pieces[0] is text:
            return
        plain = doc.plain_raw is text
        doc.raw = "".join(pieces)
        # Removed tags leave "" or "\n"; entities decode to no control
        # character and no whitespace but " ", "\t" and "\n".
        if plain:
            doc.plain_raw = doc.raw

    def _strip_tags(self, doc: Document, text: str) -> list[str]:
        out: list[str] = []
        pos = 0
        stage = self.name
        while True:
            m = _TOKEN_RE.search(text, pos)
            if m is None:
                break
            start = m.start()
            token = m.group(0)
            if token == "<!--":
                if self.comment is None:
                    out.append(text[pos : m.end()])
                    pos = m.end()
                    continue
                end = text.find("-->", m.end())
                end = _line_end(text, m.end()) if end < 0 else end + 3
                out.append(text[pos:start])
                doc.remove(self.comment.code, stage, text[start:end])
                pos = end
                continue
            if token.startswith(("<![", "<!", "<?")) and m.group(2) is None:
                end = text.find(">", m.end())
                if end < 0 or self.tag is None:
                    out.append(text[pos : m.end()])
                    pos = m.end()
                    continue
                out.append(text[pos:start])
                doc.remove(self.tag.code, stage, text[start : end + 1])
                pos = end + 1
                continue
            name = m.group(2).lower()
            rest = _TAG_REST_RE.match(text, m.end())
            if name not in KNOWN_TAGS or rest is None:
                out.append(text[pos : m.end()])
                pos = m.end()
                continue
            end = rest.end()
            tag_text = text[start:end]
            closing = bool(m.group(1))
            if name in RAW_TAGS and not closing and self.raw is not None:
                close = self._close_res[name].search(text, end)
                stop = _line_end(text, end) if close is None else close.end()
                out.append(text[pos:start])
                doc.remove(self.raw.code, stage, text[start:stop])
                pos = stop
                continue
            rule = self.tag
            if not closing and self.artefact is not None:
                # An element with nothing inside, or one an editor left behind
                # (bookmark spans), goes whole: its tags carry no text.
                inner = _EMPTY_BETWEEN.match(text, end)
                after = inner.end() if inner else end
                close_tag = f"</{name}>"
                if text[after : after + len(close_tag)].lower() == close_tag:
                    stop = after + len(close_tag)
                    out.append(text[pos:start])
                    out.append("\n" if name in BLOCK_TAGS else "")
                    doc.remove(self.artefact.code, stage, text[start:stop])
                    pos = stop
                    continue
                if _ARTEFACT_ATTR_RE.search(tag_text):
                    rule = self.artefact
            if rule is None:
                out.append(text[pos:end])
                pos = end
                continue
            out.append(text[pos:start])
            out.append("\n" if name in BLOCK_TAGS else "")
            doc.remove(rule.code, stage, tag_text)
            pos = end
        if pos == 0:
            return [text]
        out.append(text[pos:])
        return out

    def _decode_entities(self, doc: Document, pieces: list[str]) -> list[str]:
        found: list[str] = []

        def one(m: re.Match[str]) -> str:
            entity = m.group(0)
            value = html.unescape(entity)
            if value == entity:
                return entity
            found.append(entity)
            value = CONTROL_RE.sub("", value).translate(SPACE_TABLE)
            return value

        pieces = [_ENTITY_RE.sub(one, p) if "&" in p else p for p in pieces]
        if found and self.entities is not None:
            doc.remove(self.entities.code, self.name, " ".join(found))
        return pieces
