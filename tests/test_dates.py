"""Dating statements: find the words, count back from the publication date."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overture.dates._resolve import DateMention, date_for_sentence, find_date_mentions, resolve

THU = dt.date(2022, 11, 17)  # a Thursday
SHARED = Path(__file__).parents[2] / "shared"


def only(sentence: str) -> DateMention:
    """The single mention a sentence is expected to hold."""
    mentions = find_date_mentions(sentence)
    assert len(mentions) == 1, mentions
    return mentions[0]


def day_of(sentence: str, published=THU, previous=None):
    return resolve(only(sentence), published, previous)


# ---- what counts as a date, and its kind --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "kind"),
    [
        ("The envoy arrived on November 4 with a letter.", "on November 4", "explicit"),
        ("On Nov. 4, 2021, the council voted.", "On Nov. 4, 2021", "explicit"),
        ("Delegates met on 21 March in Vienna.", "on 21 March", "explicit"),
        ("The deal was signed 4 November 2023 in Oslo.", "4 November 2023", "explicit"),
        ("The file is dated 2023-11-04.", "2023-11-04", "explicit"),
        ("On Tuesday, March 21, the mayor spoke.", "On Tuesday, March 21", "explicit"),
        ("The minister spoke on Christmas Day.", "on Christmas Day", "explicit"),
        ("The premier told reporters on Wednesday.", "on Wednesday", "weekday"),
        ("He said in an interview on Tuesday morning that he would go.", "on Tuesday morning", "weekday"),
        ("Shelling resumed Monday night.", "Monday night", "weekday"),
        ("The offer came last Friday.", "last Friday", "weekday"),
        ("The agency reported on the 21st that the talks ended.", "on the 21st", "day_of_month"),
        ("The ministry said yesterday it was ready.", "yesterday", "relative"),
        ("She repeated the offer today.", "today", "relative"),
        ("The rebels withdrew two days ago.", "two days ago", "relative"),
        ("The plan was leaked a week ago.", "a week ago", "relative"),
        ("His deputy replied on the same day.", "on the same day", "same_day"),
        ("Nobody answered that day.", "that day", "same_day"),
        ("The envoy flew home the following day.", "the following day", "same_day"),
        ("Last week, the general hinted at talks.", "Last week", "vague"),
        ("The chiefs met earlier this week in Ankara.", "earlier this week", "vague"),
        ("This week, the allies gather in Rome.", "This week", "vague"),
        ("The talks stalled after last week's meeting.", "last week", "vague"),
        ("The decree was signed in October.", "in October", "vague"),
        ("A truce was declared over the Easter weekend.", "over the Easter weekend", "vague"),
        ("Several rounds were held in recent weeks.", "in recent weeks", "vague"),
        ("Exports fell last month.", "last month", "vague"),
        ("Strikes have continued since Sunday.", "since Sunday", "vague"),
        ("The blockade began in mid-October.", "in mid-October", "vague"),
    ],
)
def test_finds_the_dating_words_and_their_kind(sentence, text, kind):
    mention = only(sentence)
    assert (mention.text, mention.kind) == (text, kind)
    assert sentence[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "sentence",
    [
        "A 45-year-old soldier was among the wounded.",
        "The town was shelled for three days.",
        "Both sides accepted a 30-hour truce.",
        "The army claims 90,000 enemy losses.",
        "Wars in the 21st century end at the table.",
        "The attack hit positions of the 24th Brigade.",
        "Shelling continued on the 3rd day of the offensive.",
        "A 2022 report found no sign of talks.",
        "The call began at 10 a.m. and lasted an hour.",
        "Talks may resume, and crowds march in the streets.",
        "The letter was passed on by Jan Kowalski at Mar-a-Lago.",
    ],
)
def test_ages_durations_figures_and_names_are_not_dates(sentence):
    assert find_date_mentions(sentence) == []


def test_mentions_come_in_reading_order_without_overlap():
    sentence = "Talks held in recent weeks failed, he said on Monday, two days ago."
    assert [m.text for m in find_date_mentions(sentence)] == ["in recent weeks", "on Monday", "two days ago"]


# ---- resolving: the most recent such day on or before publication ------------------


def test_weekday_counts_back_to_the_most_recent_such_day():
    assert day_of("They met on Wednesday.") == dt.date(2022, 11, 16)
    assert day_of("He spoke on Tuesday.") == dt.date(2022, 11, 15)
    assert day_of("He spoke on Friday.") == dt.date(2022, 11, 11)


def test_weekday_of_publication_is_that_same_day_but_last_means_the_week_before():
    assert day_of("She spoke on Thursday.") == THU
    assert day_of("She spoke last Thursday.") == dt.date(2022, 11, 10)


def test_explicit_date_with_a_year_is_that_date_whatever_the_publication():
    assert day_of("Signed on 4 November 2023.") == dt.date(2023, 11, 4)
    assert day_of("Signed on 4 November 2023.", published=None) == dt.date(2023, 11, 4)
    assert day_of("Logged 2021-02-28.") == dt.date(2021, 2, 28)


def test_explicit_date_without_a_year_takes_the_most_recent_one():
    assert day_of("They met on November 4.") == dt.date(2022, 11, 4)
    assert day_of("They met on November 17.") == THU
    assert day_of("They met on December 1.") == dt.date(2021, 12, 1)
    assert day_of("They met on Feb. 29.", published=dt.date(2023, 5, 1)) == dt.date(2020, 2, 29)


def test_day_of_month_rolls_back_over_months_and_years():
    assert day_of("Talks began on the 21st.") == dt.date(2022, 10, 21)
    assert day_of("Talks began on the 17th.") == THU
    assert day_of("Talks began on the 30th.", published=dt.date(2023, 3, 2)) == dt.date(2023, 1, 30)
    assert day_of("Talks began on the 29th.", published=dt.date(2024, 3, 2)) == dt.date(2024, 2, 29)
    assert day_of("Talks began on the 29th.", published=dt.date(2023, 3, 2)) == dt.date(2023, 1, 29)
    assert day_of("Talks began on the 31st.", published=dt.date(2023, 1, 5)) == dt.date(2022, 12, 31)


def test_relative_days_count_from_publication():
    assert day_of("It was said yesterday.") == dt.date(2022, 11, 16)
    assert day_of("It was said today.") == THU
    assert day_of("It was said the day before yesterday.") == dt.date(2022, 11, 15)
    assert day_of("It was said two days ago.") == dt.date(2022, 11, 15)
    assert day_of("It was said a week ago.") == dt.date(2022, 11, 10)


def test_same_day_takes_the_previous_date_or_nothing():
    earlier = dt.date(2022, 10, 22)
    assert day_of("He answered on the same day.", previous=earlier) == earlier
    assert day_of("He answered that day.", previous=earlier) == earlier
    assert day_of("He answered the following day.", previous=earlier) == dt.date(2022, 10, 23)
    assert day_of("He answered on the same day.") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "It happened last week.",
        "It happened this week.",
        "It happened earlier this week.",
        "It happened in October.",
        "It happened in recent weeks.",
        "It happened over the Easter weekend.",
        "It happened a few days ago.",
        "It happened last autumn.",
    ],
)
def test_periods_are_never_guessed_into_a_day(sentence):
    assert day_of(sentence, previous=THU) is None


@pytest.mark.parametrize(
    "sentence", ["They met on Monday.", "They met on the 3rd.", "They met on March 3.", "They met yesterday."]
)
def test_without_a_publication_date_relative_words_stay_unresolved(sentence):
    assert day_of(sentence, published=None) is None


def test_a_mention_built_by_hand_resolves_too():
    assert resolve(DateMention(0, 12, "on Wednesday", "weekday"), THU) == dt.date(2022, 11, 16)
    assert resolve(DateMention(0, 5, "bogus", "weekday"), THU) is None


# ---- choosing the mention that dates the speech act --------------------------------


def test_picks_the_date_next_to_the_reporting_verb():
    sentence = "Talks held in recent weeks went nowhere, the minister told reporters on Wednesday."
    mention, day = date_for_sentence(sentence, THU, None)
    assert (mention.text, day) == ("on Wednesday", dt.date(2022, 11, 16))


def test_a_leading_date_dates_the_statement():
    sentence = "On Tuesday, the president said talks could start after last week's vote."
    mention, day = date_for_sentence(sentence, THU, None)
    assert (mention.text, day) == ("On Tuesday", dt.date(2022, 11, 15))


def test_dates_inside_quotes_date_the_content_not_the_saying():
    sentence = "\u201cWe will meet on Friday,\u201d the envoy said."
    assert date_for_sentence(sentence, THU, None) == (None, None)


def test_same_day_chains_to_an_earlier_date_in_the_same_sentence():
    sentence = "Citing a wire report on the 22nd, the envoy said on the same day that no plan existed."
    mention, day = date_for_sentence(sentence, THU, dt.date(2022, 1, 1))
    assert (mention.text, day) == ("on the same day", dt.date(2022, 10, 22))


def test_same_day_falls_back_to_the_previous_sentence_date():
    mention, day = date_for_sentence("He replied on the same day.", THU, dt.date(2022, 11, 3))
    assert (mention.text, day) == ("on the same day", dt.date(2022, 11, 3))


def test_a_period_is_returned_as_words_with_no_day():
    mention, day = date_for_sentence("Part of the discussions happened in October, the network added.", THU, None)
    assert (mention.text, mention.kind, day) == ("in October", "vague", None)


def test_without_a_reporting_word_the_first_mention_wins():
    mention, _ = date_for_sentence("Talks resumed on Monday after a pause last month.", THU, None)
    assert mention.text == "on Monday"


def test_a_sentence_without_dates_gives_nothing():
    assert date_for_sentence("The minister said nothing new.", THU, THU) == (None, None)


# ---- against the seed gold, read in place ------------------------------------------


@pytest.mark.skipif(not (SHARED / "corpus/seeds/gold").is_dir(), reason="shared corpus not present")
def test_seed_gold_dates_where_the_words_are_in_the_evidence():
    checked = 0
    for path in sorted((SHARED / "corpus/seeds/gold").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        for signal in gold["signals"]:
            words, evidence = signal.get("date_text"), signal["evidence"]["text"]
            if not words or words not in evidence:
                continue  # dated by an earlier sentence: the caller carries it over
            mention, day = date_for_sentence(evidence, published, None)
            assert mention is not None and mention.text == words, (path.name, evidence)
            if signal.get("said_on"):
                assert day == dt.date.fromisoformat(signal["said_on"])
            checked += 1
    assert checked >= 10


# ---- any text at all ---------------------------------------------------------------

WORDS = st.sampled_from(
    ["on", "the", "21st", "Tuesday", "March", "4", "2023", "last", "week", "said", "in", "ago",
     "two", "days", "same", "day", ",", "yesterday", "30-hour", "Nov.", "of", "mid-October"]
)
NEWS_DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


@given(st.lists(WORDS, max_size=12).map(" ".join), NEWS_DAYS, st.none() | NEWS_DAYS)
def test_any_sentence_gives_exact_ordered_spans_and_never_fails_to_resolve(sentence, published, previous):
    mentions = find_date_mentions(sentence)
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    for m in mentions:
        assert sentence[m.start : m.end] == m.text
        day = resolve(m, published, previous)
        assert day is None or isinstance(day, dt.date)
        if day is not None and m.kind in {"weekday", "day_of_month"}:
            assert day <= published
