"""How the blocks steps share out section headers, with every rule on.

Each rule's own examples run it alone (test_rule_examples.py); these run the
whole pipeline, where one step could take a line another step needs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.config import Config
from cleaner.document import SENTENCE_END, Document, words
from cleaner.rules import RuleSet, load_rules
from cleaner.stages.blocks import _PROSE_LAST, BlocksStage

PROSE = [
    "The council voted on Tuesday to keep the ferry running for another ten years, "
    "after a long debate about its cost to the town and the state of its hull.",
    "Repairs will cost about two million euros over five years, the harbour master "
    "told members, and the work will start in the spring once the summer timetable ends.",
    "Members also agreed to review the fares in two years and to ask the regional "
    "government for help with the cost of a new engine for the older of the two boats.",
]


def _by_rule(result: cleaner.Result) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for removal in result.removals:
        found.setdefault(removal.rule, []).append(removal.text)
    return found


def test_a_read_more_header_inside_the_article_goes_with_its_headlines() -> None:
    # No line rule takes the bare "Read more" first: it heads the block.
    block = ["Read more", "Bridge plan dropped again after costs soar", "Harbour master to retire"]
    text = "\n".join([PROSE[0], *block, PROSE[1], PROSE[2]])
    result = cleaner.clean(text, mode="text")
    assert _by_rule(result) == {"SB108": block}
    assert result.text == "\n\n".join(PROSE)


def test_a_related_block_at_the_end_stays_the_sidebar_rules() -> None:
    tail = ["Related", "Bridge plan dropped again after costs soar", "Harbour master to retire"]
    text = "\n".join([*PROSE, *tail])
    assert _by_rule(cleaner.clean(text, mode="text")) == {"SB101": tail}


def test_a_long_list_under_a_header_is_not_an_inline_block() -> None:
    # More than max_lines (8) short lines: SB108 leaves them (to TXT101).
    items = [f"Item number {i}" for i in range(10)]
    text = "\n".join([PROSE[0], "Most read", *items, PROSE[1], PROSE[2]])
    assert "SB108" not in _by_rule(cleaner.clean(text, mode="text"))


# The main-region step (TXT101) against the plain per-line maximum-sum run
# it is an implementation of: prose lines score their words, others -penalty.
_LINES = [
    "Home",
    "Sport and weather",
    "The council voted on Tuesday to keep the ferry running.",
    "Repairs will cost about two million euros over five years, the harbour master said.",
    "Why?",
    "气象部门周二表示，台风预计将于周四凌晨在广东沿海登陆。",
    "กรมอุตุนิยมวิทยาประกาศเตือนว่าพายุลูกใหม่จะเคลื่อนเข้าสู่ภาคตะวันออกในคืนวันพฤหัสบดี",
    "เจ้าหน้าที่ท้องถิ่นได้เตรียมศูนย์พักพิงชั่วคราวไว้หลายแห่ง และขอให้ชาวประมงงดออกเรือจนกว่าสถานการณ์จะกลับสู่ภาวะปกติ",
    "ข่าวกีฬา",
    # Han with spaces around Latin words and numbers: words() counts its letters.
    "苹果公司 CEO 库克周二表示，公司将在 2025 年前在中国新建三座工厂。",
    # Cut off mid-sentence (a teaser when another is near), and ended before the cut.
    "Bridge plan dropped The government has shelved the plan after the estimate came in at...",
    "Ferry fares to rise The council said on Monday that fares will rise by a tenth and the…",
    "The league suspended him for the rest of the season and he may face more discipline....",
    "他说，这辈子也没见过几次这样大的台风，村里的老人都很担心……",
    "Will the ferry still run next year, and who will pay for the new engine?...",
    # A French quote closing a paragraph, and a link label with the same mark.
    "Le maire a ajouté : « Nous n'avons pas le choix, la sécurité passe avant tout. »",
    "Plus d'actualités sur le pont et les travaux de la ville »",
    # Short sentences: after the run, up to tail_lines of them close it.
    "He declined to comment.",
    '"It is over," she said.',
]


def _reference_region(
    lines: list[str], min_words: int, penalty: int, factor: int, tail: int
) -> set[int]:
    def prose(line: str) -> bool:
        if line.endswith(SENTENCE_END):
            return words(line) >= min_words
        return "\u0e00" <= line[-1] <= "\u0eff" and words(line) >= min_words * factor

    def cut(line: str) -> bool:
        ended = ("....", ".…", "?...", "?…", "!...", "!…", "……")
        return line.endswith(("...", "…")) and not line.endswith(ended)

    cuts = [i for i, line in enumerate(lines) if prose(line) and cut(line)]
    teasers = {i for i in cuts if any(0 < abs(i - j) <= 3 for j in cuts)}
    best = cur = 0
    best_start = best_end = start = 0
    for i, line in enumerate(lines):
        score = words(line) if prose(line) and i not in teasers else -penalty
        if cur <= 0:
            cur, start = score, i
        else:
            cur += score
        if cur >= best and cur > 0:
            best, best_start, best_end = cur, start, i + 1
    if best <= 0:
        return set()
    for line in lines[best_end : best_end + tail]:
        ends = line.endswith((".", '."', ".”", ".’"))
        starts = line[0].isupper() or line[0] in "\"“‘'"
        if not (ends and starts and " " in line) or cut(line):
            break
        best_end += 1
    return set(range(len(lines))) - set(range(best_start, best_end))


_REGION_STAGE = BlocksStage(RuleSet(load_rules(), Config(select=("TXT101",)), "text"))


@given(st.lists(st.sampled_from(_LINES), min_size=4, max_size=40))
@settings(max_examples=300, deadline=None)
def test_main_region_is_the_maximum_sum_run_of_line_scores(lines: list[str]) -> None:
    stage = _REGION_STAGE
    rule = stage.region
    assert rule is not None
    doc = Document(raw="", lines=list(lines))
    stage._region(doc)
    params = (rule.param("min_words", 0), rule.param("penalty", 0))
    factor, tail = rule.param("unpunctuated_factor", 0), rule.param("tail_lines", 0)
    expected = _reference_region(lines, *params, factor, tail)
    # Lines repeat, so compare what is left rather than indexes.
    assert doc.lines == [line for i, line in enumerate(lines) if i not in expected]
    assert len(doc.removals) == len(expected)


def test_every_sentence_end_is_found_by_its_last_character() -> None:
    # The main-region step finds candidate lines with one character class.
    assert all(_PROSE_LAST.fullmatch(end[-1]) for end in SENTENCE_END)


def test_a_standfirst_under_the_headline_stays_across_a_caption() -> None:
    head = [
        "Council keeps the ferry",
        "Members say the boat will run for ten more years despite the cost of repairs",
    ]
    text = "\n".join(
        [
            *head,
            "By Jane Doe",
            "Published May 14, 2024",
            "The ferry at the harbour",
            "Share",
            "Save",
            *PROSE,
        ]
    )
    r = cleaner.clean(text, mode="text")
    assert r.text.startswith("Members say the boat will run")
    assert "The ferry at the harbour" not in r.text
    # No dateline or byline under the headline (a page's menu taken for
    # one): the line stays to TXT101.
    r = cleaner.clean(
        "\n".join([*head, "Share", "Save", "Menu", *PROSE]),
        mode="text",
    )
    assert "Members say" not in r.text


def test_a_byline_or_breadcrumb_under_the_headline_is_no_standfirst() -> None:
    for line in (
        "Helen Carter North of England Correspondent",
        "Home / News / Council keeps the ferry",
    ):
        text = "\n".join(
            ["Council keeps the ferry", line, "Published May 14, 2024", "Share", "Save", *PROSE]
        )
        assert line not in cleaner.clean(text, mode="text").text, line


def test_the_article_going_on_after_a_related_block_is_no_sidebar() -> None:
    block = [
        "Related Stories",
        "Bridge plan dropped again after costs soar",
        "Harbour master to retire",
    ]
    more = [
        "The harbour master said the new engine would be ordered in the spring, once the "
        "council had agreed the budget for the next two years.",
        "Passengers will be able to buy tickets on the boat until then, the council said in "
        "a statement, and season tickets will keep their price.",
    ]
    r = cleaner.clean("\n".join([*PROSE, *block, *more, "COMMENT (3)"]), mode="text")
    assert all(line in r.text for line in more)
    # "Most read" heads a sidebar, whatever follows it.
    r = cleaner.clean("\n".join([*PROSE, "Most read", *block[1:], *more]), mode="text")
    assert not any(line in r.text for line in more)


def test_page_notices_are_neither_a_closing_sentence_nor_a_standfirst() -> None:
    r = cleaner.clean(
        "\n".join([*PROSE, "Was this article helpful?", "Thanks for reading!"]), "text"
    )
    assert r.text == "\n\n".join(PROSE)
    for notice in (
        "You have reached your limit of free articles this month.",
        "This article is more than 5 years old.",
    ):
        text = "\n".join(
            ["Council keeps the ferry", notice, "By Jane Doe", "Share", "Save", *PROSE]
        )
        assert notice not in cleaner.clean(text, mode="text").text, notice
