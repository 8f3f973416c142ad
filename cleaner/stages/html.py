"""html: a full page becomes the article's paragraphs, ready for the text stages.

Steps, each cheap and linear in the page size:

1. **guards** – before any parsing: nesting depth and attributes per element
   are bounded with two regex scans (Lexbor, like every HTML parser, slows
   down super-linearly on 100,000 nested elements or an element with 200,000
   attributes); a page over a limit is quarantined (``too_deep``,
   ``too_many_attributes``).
2. **marking** – one regex pass puts a private-use marker character after
   every opening and before every closing block tag (``p``, ``div``, ``li``,
   ``h1``…, ``br``) and around links. Lexbor keeps them as text, so the text
   of any subtree, taken in one C call, splits into paragraphs at the markers
   and tells how much of each paragraph is link text, with no Python walk over
   the nodes.
3. **metadata** – title (og:title, h1, ``<title>``) and published date
   (article:published_time and similar meta tags, JSON-LD datePublished,
   ``<time datetime>``), dates as ISO.
4. **selector rules** (``kind = "selector"``) – navigation, footers, forms,
   share bars, related blocks, captions, embeds… are removed by CSS selector,
   each removal recorded with its code and text.
5. **main content** (``kind = "main_content"``) – paragraphs vote for their
   parent and grandparent by length and commas; the best-scoring element and
   its strong siblings are the article. Everything else is recorded as
   removed by that rule.
6. **link density** (``kind = "link_density"``) – paragraphs that are mostly
   link text (lists of headlines) are removed.

The article's paragraphs become ``doc.lines``; the metadata, blocks and
normalize stages of text mode then run on them unchanged.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from cleaner.dates import parse_date
from cleaner.document import Document
from cleaner.errors import CleanerError, QuarantineError
from cleaner.rules import Rule, RuleSet
from cleaner.stages import Stage
from cleaner.stages.decode import drop_chars, record_controls

# Markers: private-use characters, removed from the input first so that only
# the ones placed here exist.
BLOCK = "\ue000"
LINK_OPEN = "\ue001"
LINK_CLOSE = "\ue002"
_MARKERS_RE = re.compile("[\ue000-\ue002]")


# What joins a page title's parts: "Headline | Site", "Site - Headline".
# Single spaces around the mark (the title's spaces are collapsed first):
# "\s+" on both sides backtracked quadratically on a title of spaces.
_TITLE_PARTS = re.compile(" (?:\\||-|–|—|::|»|·) ")
_DASHES = frozenset("-–—")
# Words of publications' names.
_MASTHEAD = frozenset(
    "news times post gazette herald journal tribune daily express chronicle observer "
    "telegraph independent mail star sun mirror standard courier press bulletin online "
    "weekly magazine tv radio dispatch examiner sentinel register recorder".split()
)
# A site's or section's name: up to five words, each capitalised (or a
# number or a domain), as "The Harlan Gazette", "BBC News", "dawn.com".
_NAME_WORDS = 5


def _name_like(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= _NAME_WORDS
        and words[0][0].isupper()
        and all(w[0].isupper() or w[0].isdigit() or "." in w or not w[0].isalpha() for w in words)
    )


def without_site_name(title: str) -> str:
    """``title`` without a site or section name joined to it at the end or
    the start, when the headline left has at least _MIN_HEADLINE words and
    more than the name.

    >>> without_site_name("Fair board votes to expand | The Harlan Gazette")
    'Fair board votes to expand'
    >>> without_site_name("Opinion | Why the ferry must keep running")
    'Why the ferry must keep running'
    >>> without_site_name("Ukraine - Russia talks collapse in Istanbul")
    'Ukraine - Russia talks collapse in Istanbul'
    >>> without_site_name("The Harlan Gazette - Fair board votes to replace grandstand")
    'Fair board votes to replace grandstand'
    >>> without_site_name("Ferry fares rise again - BBC News - Cumbria")
    'Ferry fares rise again - BBC News'
    >>> without_site_name("Fair board votes - again")
    'Fair board votes - again'
    >>> without_site_name("Inter Milan 2 - 1 Juventus")
    'Inter Milan 2 - 1 Juventus'
    >>> without_site_name("Trump vs Biden - Round Two")
    'Trump vs Biden - Round Two'
    """
    title = " ".join(title.split())
    joins = list(_TITLE_PARTS.finditer(title))
    if not joins:
        return title
    head, tail = title[: joins[-1].start()], title[joins[-1].end() :]
    if _name_like(tail) and _headline_over(head, tail):
        return head
    # A name in front ("Opinion | …"); before a dash it is as often the
    # story's subject ("Ukraine - Russia talks …"), so there only a
    # publication's name ("The Harlan Gazette - …") or a domain.
    head, tail = title[: joins[0].start()], title[joins[0].end() :]
    dash = joins[0].group().strip() in _DASHES
    if (
        _name_like(head)
        and _headline_over(tail, head)
        and (not dash or "." in head or not _MASTHEAD.isdisjoint(head.casefold().split()))
    ):
        return tail
    return title


_MIN_HEADLINE = 4


def _headline_over(headline: str, name: str) -> bool:
    n = len(headline.split())
    return n >= _MIN_HEADLINE and n > len(name.split())


def _both_cases(alternation: str) -> str:
    """``"br|h[1-6]"`` as ``"[bB][rR]|[hH][1-6]"``."""
    return re.sub(r"[a-z]", lambda m: f"[{m.group(0)}{m.group(0).upper()}]", alternation)


# Tags that end a paragraph. Table structure (table, tbody, tr, td, th) is
# left out: text placed directly in it would be moved out of the table by
# the parser; a cell's closing tag carries the marker instead.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|center|dd|details|dialog|div|dl|dt|"
    "fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|li|main|nav|p|pre|"
    "section|summary"
)
_CELL_RE = re.compile(r"<(?=/[tT][dDhH]\s*>)")
# The marker goes in front of the tag's '<' (a constant replacement, so the
# substitution runs in C); the lookahead keeps the scan linear.
# Case-insensitive by explicit classes: re.I makes the scan a third slower.
_BLOCK_RE = re.compile(rf"<(?=/?(?:{_both_cases(_BLOCK_TAGS)})[\s/>])")
_A_OPEN_RE = re.compile(r"<(?=[aA][\s>])")
# The closing marker goes after "</a>", outside the element like the opening
# one: a link removed by a rule then takes neither marker with it.
_A_CLOSE_RE = re.compile(r"</[aA]\s*>")

# Guards. Opening tags that are void or close themselves implicitly do not
# add depth; the measure is an upper bound of the real nesting depth.
_DEPTH_RE = re.compile(
    r"<(/?)(?!(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|"
    r"p|li|dt|dd|option|tr|td|th)[\s/>])[a-zA-Z]",
    re.I,
)
_STEP = {"": 1, "/": -1}
# A tag body long enough to hold many attributes; only such tags are counted.
_LONG_TAG_RE = re.compile(r"<[a-zA-Z][^<>]{2000,}")
_QUOTED_RE = re.compile(r"\"[^\"]*\"|'[^']*'")
# The last space before each attribute name: one match per attribute, one
# step per character (r"\s+[^\s=/>]" re-scanned runs of spaces: quadratic).
_ATTR_RE = re.compile(r"\s(?=[^\s=/>])")

_WS_RE = re.compile(r"\s+")
_BREAKS_RE = re.compile(f" ?{BLOCK}[{BLOCK} ]*")
_LINK_CARRY = 4
_LINK_SPLIT_RE = re.compile(f"([{LINK_OPEN}{LINK_CLOSE}])")
# Non-visible content, dropped without a record: it is never article text.
_INVISIBLE = ["script", "style", "noscript", "template", "svg", "math", "iframe", "object"]

_JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_DATE_ELEMENTS = (
    ('[itemprop="datePublished"]', ("content", "datetime", "title")),
    ("time[datetime]", ("datetime",)),
)
_DATE_META = (
    'meta[property="article:published_time"], meta[name="article:published_time"], '
    'meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="publishdate"], '
    'meta[name="publish-date"], meta[name="date"], meta[name="dc.date.issued"], '
    'meta[name="DC.date.issued"], meta[name="parsely-pub-date"], meta[name="sailthru.date"], '
    'meta[property="og:published_time"]'
)


_RAW_OPEN_RE = re.compile(r"<(?:(script|style|noscript|template|textarea)\b|!--)", re.I)
_RAW_CLOSE_RE = {
    tag: re.compile(rf"</{tag}\s*>", re.I)
    for tag in ("script", "style", "noscript", "template", "textarea")
}


# Where page content resumes after a script, style or comment left open.
_RESUME_RE = re.compile(
    r"<(?:p|div|article|section|main|h[1-6]|li|ul|ol|table|blockquote|br|/?body)[\s/>]", re.I
)


def strip_invisible(html: str) -> tuple[str, str | None]:
    """``html`` without comments and the content of script, style, noscript,
    template and textarea elements, and the text an unclosed one swallowed.

    Half of a typical page's characters are scripts; every later pass
    (guards, markers, the parser) then reads half as much. An element left
    open would run to the end of the page in a browser; here it ends where
    page markup resumes (the next block tag), and runs to the end only when
    none follows. What it took is returned, for the record.

    >>> strip_invisible("a<script>if (x<y) {}</script>b<!-- c -->d<style>p{}")
    ('abd', '<style>p{}')
    >>> strip_invisible("<script>var a = 1;\\n<p>Story</p>")
    ('<p>Story</p>', '<script>var a = 1;')
    """
    m = _RAW_OPEN_RE.search(html)
    if m is None:
        return html, None
    out = []
    pos = 0
    swallowed = None
    while m is not None:
        out.append(html[pos : m.start()])
        tag = m.group(1)
        if tag is None:
            end = html.find("-->", m.end())
            pos = -1 if end < 0 else end + 3
        else:
            close = _RAW_CLOSE_RE[tag.lower()].search(html, m.end())
            pos = -1 if close is None else close.end()
        if pos < 0:
            resume = _RESUME_RE.search(html, m.end())
            pos = len(html) if resume is None else resume.start()
            swallowed = html[m.start() : pos].strip()
        m = _RAW_OPEN_RE.search(html, pos)
    out.append(html[pos:])
    return "".join(out), swallowed


def nesting_depth(html: str) -> int:
    """Upper bound of the element nesting depth of ``html``.

    >>> nesting_depth("<div><div><p>a<p>b</div></div>")
    2
    """
    steps = _DEPTH_RE.findall(html)
    if not steps:
        return 0
    sums = list(accumulate(map(_STEP.__getitem__, steps)))
    return max(sums) - min(0, min(sums))


def max_attributes(html: str) -> int:
    """The largest attribute count of any long tag (short tags hold few).

    >>> max_attributes("<div " + "a " * 3000 + ">x</div>")
    3000
    """
    most = 0
    for m in _LONG_TAG_RE.finditer(html):
        body = _QUOTED_RE.sub('""', m.group(0))
        most = max(most, len(_ATTR_RE.findall(body)))
    return most


def mark_blocks(html: str) -> str:
    """Put the paragraph and link markers into ``html`` (see module doc)."""
    if _MARKERS_RE.search(html):
        html = _MARKERS_RE.sub("", html)
    html = _BLOCK_RE.sub(BLOCK + "<", html)
    html = _CELL_RE.sub(BLOCK + "<", html)
    html = _A_OPEN_RE.sub(LINK_OPEN + "<", html)
    return _A_CLOSE_RE.sub("</a>" + LINK_CLOSE, html)


def blocks_of(text: str) -> list[tuple[str, int]]:
    """Split marked text into (paragraph, link characters) pairs.

    >>> blocks_of("\\ue000 Hello \\ue001 world\\ue002 !\\ue000\\ue000 \\n ")
    [('Hello world !', 5)]
    """
    out = []
    # A link may wrap whole blocks (a teaser card's title and blurb); an
    # unclosed <a> must not turn the rest of the page into link text, so a
    # link carries over at most _LINK_CARRY blocks.
    in_link = False
    carried = 0
    for raw in _WS_RE.sub(" ", text).split(BLOCK):
        if LINK_OPEN not in raw and LINK_CLOSE not in raw:
            para = raw.strip()
            if in_link and para:
                carried += 1
                if carried > _LINK_CARRY:
                    in_link = False
            link = len(para) if in_link else 0
        else:
            carried = 0
            link = 0
            piece = ""
            for piece in _LINK_SPLIT_RE.split(raw):
                if piece == LINK_OPEN:
                    in_link = True
                elif piece == LINK_CLOSE:
                    in_link = False
                elif in_link:
                    link += len(piece.strip())
            # Only a link that opens at the end of a block (around whole
            # blocks) carries on; one left open mid-sentence is broken markup.
            if in_link and piece.strip():
                in_link = False
            para = " ".join(raw.replace(LINK_OPEN, "").replace(LINK_CLOSE, "").split())
        if para:
            out.append((para, min(link, len(para))))
    return out


def plain(text: str) -> str:
    """Marked text as readable text: paragraphs on their own lines.

    >>> plain(" a \ue000 \ue000\ue001 b\ue002  c\ue000")
    'a\\nb c'
    """
    if LINK_OPEN in text or LINK_CLOSE in text:
        text = text.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")
    return _BREAKS_RE.sub("\n", _WS_RE.sub(" ", text)).strip()


def _text(node: LexborNode) -> str:
    return node.text(deep=True, separator="", strip=False)


def _content(node: LexborNode, name: str) -> str | None:
    value = node.attributes.get(name)
    return value.strip() if value else None


class HtmlStage(Stage):
    name = "html"

    def __init__(self, rules: RuleSet) -> None:
        super().__init__(rules)
        selectors = [(r, r.selector) for r in rules.active("html", "selector") if r.selector]
        # scope "page": cheap tag and role selectors run on the whole page
        # before the vote; scope "content" (class and id words, costly to
        # match) run only inside the elements chosen as the article.
        self.page_selectors = [(r, s) for r, s in selectors if r.param("scope", "page") == "page"]
        self.content_selectors = [
            (r, s) for r, s in selectors if r.param("scope", "page") != "page"
        ]
        self.main = rules.first("html", "main_content")
        self.links = rules.first("html", "link_density")
        self.chars = rules.first("decode", "chars")
        self.title_rule = rules.first("html", "title_repeat")
        self.unclosed = rules.first("html", "unclosed_raw")
        self.max_depth = int(self._param("max_depth", 5000))
        self.max_attrs = int(self._param("max_attributes", 1000))
        self.protect = float(self._param("protect_share", 0.5))
        self.unit_selector = (self.main.selector if self.main else None) or "p"
        self.fallback_units = str(self._param("fallback_units", "div, td, li, section, article"))

    def _param(self, name: str, default: Any) -> Any:
        return self.main.param(name, default) if self.main else default

    # -- guards -------------------------------------------------------------

    def guard(self, html: str) -> None:
        # The depth cannot exceed the number of tags: most pages skip the scan.
        depth = nesting_depth(html) if html.count("<") > self.max_depth else 0
        if depth > self.max_depth:
            raise QuarantineError(
                "too_deep",
                f"elements nest up to {depth} deep, over the limit of {self.max_depth}; "
                "no real page nests this deep",
            )
        attrs = max_attributes(html)
        if attrs > self.max_attrs:
            raise QuarantineError(
                "too_many_attributes",
                f"an element has {attrs} attributes, over the limit of {self.max_attrs}",
            )

    # -- the stage ----------------------------------------------------------

    def run(self, doc: Document) -> None:
        try:
            self._run(doc)
        except SelectolaxError as exc:
            # A parser refusal is this page's failure, reported like any other.
            raise CleanerError(
                f"the HTML parser could not process this page ({exc}); "
                "clean it with mode='text' instead",
                code="E301",
            ) from None

    def _run(self, doc: Document) -> None:
        raw = doc.raw
        html, swallowed = strip_invisible(raw)
        if swallowed and self.unclosed is not None:
            doc.remove(self.unclosed.code, self.name, swallowed)
        self.guard(html)
        tree = LexborHTMLParser(mark_blocks(html))
        self.metadata(tree, raw, doc)
        tree.strip_tags(_INVISIBLE)
        body = tree.body
        if body is None:
            doc.lines = []
            doc.raw = ""
            return
        # Per-document state stays local: one stage object serves every
        # document (and thread) of its pipeline.
        units = self.unit_selector
        good = self.paragraphs(body, units)
        if not good:
            # No <p> or <br> text at all: paragraphs written as bare <div>s.
            units = self.fallback_units
            good = self.paragraphs(body, units, direct=True)
        total = sum(length for length, _ in good.values())
        for rule, selector in self.page_selectors:
            self.apply_selector(rule, selector, body, doc, good, total, units)
        parts = self.main_content(body, good, units) if self.main else [body]
        for part in parts:
            for rule, selector in self.content_selectors:
                self.apply_selector(rule, selector, part, doc, good, total, units)
        texts = [_text(part) for part in parts]
        if self.main is not None and parts[0].mem_id != body.mem_id:
            # Everything outside the chosen parts is recorded as removed.
            for part in parts:
                part.remove()
            leftover = plain(_text(body))
            if leftover:
                doc.remove(self.main.code, self.name, leftover)
        lines: list[str] = []
        links = self.links
        ratio = links.param("max_link_share", 0.5) if links else 1.0
        for text in texts:
            for para, link in blocks_of(text):
                if links is not None and link > ratio * len(para):
                    doc.remove(links.code, self.name, para)
                else:
                    lines.append(para)
        title = doc.metadata.get("title")
        if self.title_rule is not None and title:
            lines = self.drop_title(lines, title, doc)
        if self.chars is not None:
            lines = self.control_chars(lines, doc)
        doc.lines = lines
        doc.raw = ""

    def drop_title(self, lines: list[str], title: str, doc: Document) -> list[str]:
        """Lines that repeat the page's title (a headline in h2, a kicker)."""
        assert self.title_rule is not None
        key = title.casefold()
        kept = []
        for line in lines:
            if line.casefold() == key:
                doc.remove(self.title_rule.code, self.name, line)
            else:
                kept.append(line)
        return kept

    def control_chars(self, lines: list[str], doc: Document) -> list[str]:
        """Control and zero-width characters out of the article's text (the
        decode stage leaves them in a page: most sit in scripts)."""
        assert self.chars is not None
        found = record_controls(doc, self.chars.code, self.name, "\n".join(lines))
        if not found:
            return lines
        return [c for c in (drop_chars(line, found).strip() for line in lines) if c]

    def metadata(self, tree: LexborHTMLParser, html: str, doc: Document) -> None:
        title = None
        node = tree.css_first('meta[property="og:title"]')
        if node is not None:
            title = _content(node, "content")
        for fallback in ("h1", "title"):
            if title:
                break
            node = tree.css_first(fallback)
            if node is not None:
                title = plain(_text(node)).replace("\n", " ")
        if title:
            doc.metadata["title"] = without_site_name(_MARKERS_RE.sub("", title))
        for node in tree.css(_DATE_META):
            iso = parse_date(_content(node, "content") or "")
            if iso:
                doc.metadata["published"] = iso
                return
        m = _JSONLD_DATE_RE.search(html)
        if m:
            iso = parse_date(m.group(1))
            if iso:
                doc.metadata["published"] = iso
                return
        # Microdata on a visible element (Blogger's <abbr itemprop=
        # "datePublished" title="2025-06-08T…">), then the first <time>.
        for selector, attrs in _DATE_ELEMENTS:
            node = tree.css_first(selector)
            if node is None:
                continue
            value = next(filter(None, (_content(node, a) for a in attrs)), None)
            iso = parse_date(value or plain(_text(node)))
            if iso:
                doc.metadata["published"] = iso
                return

    def apply_selector(
        self,
        rule: Rule,
        selector: str,
        root: LexborNode,
        doc: Document,
        good: dict[int, tuple[int, float]],
        total: int,
        units: str,
    ) -> None:
        """Remove and record the matches of ``selector`` under ``root``.

        ``good`` / ``total``: the page's paragraph lengths, to spare the
        article from a selector that happens to match its wrapper."""
        max_chars = rule.param("max_chars", 0)
        protect = bool(total) and rule.param("protect", True)
        removed: set[int] = set()
        for node in root.css(selector):
            # Matches come in document order: skip those inside one removed already.
            parent = node.parent
            inside = False
            while parent is not None:
                if parent.mem_id in removed:
                    inside = True
                    break
                parent = parent.parent
            if inside:
                continue
            text = plain(_text(node))
            if max_chars and len(text) > max_chars:
                continue
            # A selector never takes the article itself: a match holding most
            # of the page's paragraph text is a wrapper, whatever its class.
            if (
                protect
                and len(text) > self.protect * total
                and _good_in(node, units, good) > self.protect * total
            ):
                continue
            removed.add(node.mem_id)
            if text:
                doc.remove(rule.code, self.name, text)
            node.remove()

    def main_content(
        self, body: LexborNode, good: dict[int, tuple[int, float]], selector: str
    ) -> list[LexborNode]:
        """The elements that hold the article, in page order."""
        rule = self.main
        assert rule is not None
        scores: dict[int, float] = {}
        nodes: dict[int, LexborNode] = {}
        total = 0  # paragraph characters still on the page
        for key, p in _units(body, selector):
            entry = good.get(key)
            if entry is None:
                continue
            length, score = entry
            total += length
            # Text a <br> breaks in a table cell is a paragraph of that cell:
            # the vote goes to the cell, not to the row of the page's columns.
            parent = p if p.tag in _CELLS else p.parent
            if parent is None:
                continue
            key = parent.mem_id
            nodes[key] = parent
            scores[key] = scores.get(key, 0.0) + score
            grand = parent.parent
            if grand is not None:
                key = grand.mem_id
                nodes[key] = grand
                scores[key] = scores.get(key, 0.0) + score / 2
        if not scores:
            return [body]
        best_id = max(scores, key=scores.__getitem__)
        best = nodes[best_id]
        if best.tag in ("html", "body"):
            # Paragraphs straight in <body>: the whole body is the article.
            return [body]
        # An article split over many containers (one per paragraph or per
        # ad-separated run) gives the best single container only part of
        # it: climb to the ancestor that holds most of the paragraph text.
        climb = rule.param("climb_share", 0.6)
        climbed = False
        while _good_in(best, selector, good) < climb * total:
            parent = best.parent
            if parent is None or parent.mem_id == body.mem_id:
                break
            best, climbed = parent, True
        # Page builders name the article's container. When one encloses the
        # chosen element and the element holds under half of its text, the
        # paragraphs were not all in <p> (or <br>-broken): take the container.
        hints = rule.param("container_hints", "")
        if hints:
            enclosing = self._enclosing_hint(best, body, hints)
            if enclosing is not None and len(_text(best)) < rule.param(
                "container_share", 0.5
            ) * len(_text(enclosing)):
                best, climbed = enclosing, True
        parts = [best]
        parent = best.parent
        # A table cell's siblings are the page's other columns, not more of
        # the article.
        if not climbed and parent is not None and best.tag not in _CELLS:
            top = scores[best_id]
            # A sibling joins when it scores a share of the winner, and at
            # least what two real paragraphs give (one line of legal text
            # next to a short article is not a continuation).
            floor = max(rule.param("sibling_share", 0.2) * top, rule.param("sibling_min", 3.0))
            parts = [
                child
                for child in parent.iter(include_text=False)
                if child.mem_id == best_id or scores.get(child.mem_id, 0.0) >= floor
            ]
        return parts

    @staticmethod
    def _enclosing_hint(node: LexborNode, body: LexborNode, hints: str) -> LexborNode | None:
        """The innermost element matching ``hints`` that encloses ``node``."""
        candidates = {h.mem_id: h for h in body.css(hints)}
        if not candidates:
            return None
        current: LexborNode | None = node
        while current is not None and current.mem_id != body.mem_id:
            found = candidates.get(current.mem_id)
            if found is not None:
                return found
            current = current.parent
        return None

    def paragraphs(
        self, body: LexborNode, selector: str, direct: bool = False
    ) -> dict[int, tuple[int, float]]:
        """Length and vote of every paragraph long enough to count, by node id.

        ``direct``: measure only an element's own text nodes (for container
        elements such as div, whose deep text holds their children's)."""
        rule = self.main
        min_chars = rule.param("min_paragraph_chars", 25) if rule else 25
        good: dict[int, tuple[int, float]] = {}
        for key, p in _units(body, selector):
            if direct:
                text = p.text(deep=False, separator="", strip=False)
            elif p.tag in _CELLS:
                # Text broken by <br> in a table cell: the cell's own text,
                # not that of the blocks inside it (a cell of a layout table
                # holding a whole column).
                text = _own_text(p)
            else:
                text = _text(p)
            if LINK_OPEN in text:
                length = sum(len(t) - link for t, link in blocks_of(text))
            else:
                # No links: the folded length without markers is enough.
                length = len(" ".join(text.split())) - text.count(BLOCK)
            if length >= min_chars:
                score = 1.0 + min(length / 100, 3.0) + text.count(",")
                good[key] = (length, score)
        return good


def _good_in(node: LexborNode, selector: str, good: dict[int, tuple[int, float]]) -> int:
    """Paragraph characters inside ``node`` (paragraphs measured beforehand)."""
    return sum(good[key][0] for key, _ in _units(node, selector) if key in good)


# A <br>'s parent that is a table cell is measured by its own text and
# votes for itself. Any other <br>'s parent counts whole, as its paragraph
# (a div of text broken by <br>s), and votes for its own parent; a <br>
# straight in <body> then makes the whole body the article. Measuring
# every one by its own text (the body's is empty) lost the whole article
# of two pages whose short story a legal notice outvoted: taking the body
# whole keeps the article and leaves the junk to the selector rules.
_CELLS = frozenset({"td", "th"})
# Elements whose text is not their parent's own (blocks, lists, tables).
_CONTAINERS = frozenset(
    (*_BLOCK_TAGS.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"), "ol", "ul")
) - {"br", "hr"} | {"table", "tbody", "thead", "tfoot", "tr", "td", "th"}


def _own_text(node: LexborNode) -> str:
    """The text of ``node`` outside the blocks, lists and tables inside it,
    in document order (its inline elements' text included)."""
    out: list[str] = []
    stack = [node.iter(include_text=True)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == "-text":
            out.append(child.text_content or "")
        elif child.tag not in _CONTAINERS:
            stack.append(child.iter(include_text=True))
    return "".join(out)


def _units(node: LexborNode, selector: str) -> list[tuple[int, LexborNode]]:
    """The paragraph elements under ``node`` matched by ``selector``, by node
    id; a matched ``br`` stands for its parent (text broken by ``<br>``
    rather than put in ``<p>``)."""
    out: dict[int, LexborNode] = {}
    for n in node.css(selector):
        if n.tag == "br":
            parent = n.parent
            if parent is None:
                continue
            n = parent
        key = n.mem_id
        if key not in out:
            out[key] = n
    return list(out.items())
