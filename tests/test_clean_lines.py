"""The line classifier keeps the article and drops the page furniture around it."""

import json
from collections import Counter
from pathlib import Path

import pytest

from overture.clean._lines import body_spans, title_line

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"

TEASERS = """More from the Harbour Desk
Fishing quotas spark row in coastal towns…
Why the lighthouse keepers went on strike…
New ferry timetable confuses commuters…
Storm season forecast to be the wettest in years…"""

PAGE = f"""Harbour council offers to reopen talks with dock workers | Coastal Ledger
Home
News
Sport
Weather
Opinion
icon facebookicon twittericon mailicon searchicon menuicon close
EnglishEspañolFrançaisDeutsch
Sign in | Register
{TEASERS}
NewsHarbour council offers to reopen talks with dock workers
Harbour council offers to reopen talks with dock workers
[By Marta Quill, Coastal Ledger harbour correspondent]
12 March 2031 08:45
Share on Facebook
Share on Twitter
The harbour council said on Monday that it was ready to return to the negotiating table with the dock workers' union, two weeks after a strike closed the port to cargo ships.
In a statement read to reporters outside the town hall, the council's chair said that the offer came with no preconditions, although she added that any deal would have to respect the budget agreed last winter.
Union leaders gave the offer a cautious welcome. Their spokesman told the local radio station that the workers wanted a written guarantee on night-shift pay before they would send anyone to a meeting.
Dock workers gather outside the port gates on Sunday. Photo: Coastal Ledger / J. Pike
The strike has left dozens of fishing boats unable to unload their catch, and several restaurants in the old town say they have had to close for the week because their suppliers cannot reach them.
A mediator from the regional labour office is expected to visit the town on Thursday, and both sides have said that they would meet her separately before deciding whether to sit down together.
Read more
Dock strike enters second week as talks stall
Tags: harbour, strike, labour
{TEASERS}
Comments (12)
Log in to comment
We use cookies to improve your experience. By continuing you accept our cookie policy.
© 2031 Coastal Ledger Media Ltd. All rights reserved.
"""

BODY_SENTENCES = [
    "The harbour council said on Monday that it was ready to return",
    "In a statement read to reporters outside the town hall",
    "Union leaders gave the offer a cautious welcome.",
    "The strike has left dozens of fishing boats unable to unload",
    "A mediator from the regional labour office is expected",
]

FURNITURE = [
    "icon facebook", "EnglishEspañol", "Sign in", "Fishing quotas", "lighthouse keepers",
    "Photo: Coastal Ledger", "By Marta Quill", "12 March 2031", "Share on", "Read more",
    "Dock strike enters", "Tags:", "Log in to comment", "cookies", "All rights reserved", "Home",
]


def kept_text(text: str) -> str:
    return "\n".join(text[s:e] for s, e in body_spans(text))


def test_spans_are_stripped_lines_in_order():
    spans = body_spans(PAGE)
    assert spans == sorted(spans)
    for s, e in spans:
        piece = PAGE[s:e]
        assert piece == piece.strip() and "\n" not in piece


def test_body_paragraphs_are_kept():
    kept = kept_text(PAGE)
    for sentence in BODY_SENTENCES:
        assert sentence in kept


@pytest.mark.parametrize("furniture", FURNITURE)
def test_page_furniture_is_dropped(furniture):
    assert furniture not in kept_text(PAGE)


def test_headline_is_found_and_not_body():
    span = title_line(PAGE)
    assert span is not None
    assert PAGE[span[0]:span[1]] == "Harbour council offers to reopen talks with dock workers"
    assert "Harbour council offers" not in kept_text(PAGE)


def test_no_headline_when_the_text_starts_with_prose():
    text = "\n".join(BODY_SENTENCES[:1]) + " It said so twice in one week, and then again.\n" * 1
    text += "Union leaders gave the offer a cautious welcome, and said they would reply by Friday.\n"
    assert title_line(text) is None


def test_degenerate_inputs():
    assert body_spans("") == []
    assert body_spans("\n \n\t\n") == []
    assert title_line("") is None
    one = "   Just one short line of text.   "
    assert [one[s:e] for s, e in body_spans(one)] == ["Just one short line of text."]


def test_other_scripts_do_not_crash():
    text = ("新闻\n首页\n国际\n" + "政府周一表示，愿意与工会恢复谈判，并承诺在一周内给出书面答复。" * 3 + "\n"
            "Новости\nПравительство заявило в понедельник, что готово вернуться к переговорам с профсоюзом.\n"
            "© 2031\n")
    spans = body_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert any("谈判" in text[s:e] for s, e in spans)


def token_f1(raw: str, gold: list, pred: list) -> float:
    """Body F1 as tools/score.py computes it: whitespace tokens counted as bags."""
    g = Counter(" ".join(raw[s:e] for s, e in gold).split())
    p = Counter(" ".join(raw[s:e] for s, e in pred).split())
    common = sum((g & p).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


SEED_GOLDS = sorted((SEEDS / "gold").glob("*.json")) if SEEDS.exists() else []


@pytest.mark.skipif(not SEED_GOLDS, reason="../shared seeds not available")
@pytest.mark.parametrize("gold_file", SEED_GOLDS, ids=lambda p: p.stem)
def test_seed_body_f1(gold_file):
    gold = json.loads(gold_file.read_text("utf-8"))
    raw = (SEEDS / Path(gold["source"]).name).read_text("utf-8")
    assert token_f1(raw, gold["body"], body_spans(raw)) >= 0.95
