"""Who is named where: the actors stage on sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

import overture

from overture.actors.stage import ActorStage
from overture.article import Article, Mention
from overture.nlp.stage import NlpStage


@pytest.fixture(scope="module")
def stages():
    return NlpStage(), ActorStage()


def mentions(stages, text: str, published: dt.date | None = dt.date(2024, 3, 14)) -> Article:
    article = Article(source="test", raw=text, text=text, published=published, body=[(0, len(text))])
    for stage in stages:
        article = stage(article)
    return article


def named(article: Article, words: str) -> Mention:
    return next(m for m in article.mentions if m.text == words)


def test_a_surname_alone_is_the_person_named_in_full_before(stages):
    article = mentions(stages, "Governor Tom Reyes met the press. The budget is fine, Reyes said.")
    assert named(article, "Reyes").name == "Tom Reyes"  # spaCy takes this "Reyes" for an ORG


def test_an_unlisted_transliteration_is_matched_to_the_registry(stages):
    article = mentions(stages, "The army commander, Serski, visited the front.")
    assert named(article, "Serski").name == "Oleksandr Syrskyi"


def test_a_capital_is_a_place_after_in_and_a_government_as_subject(stages):
    article = mentions(stages, "Talks were held in Moscow. Moscow rejected the offer.")
    first, second = [m for m in article.mentions if m.text == "Moscow"]
    assert first.kind == "place" and second.kind == "state" and second.name == "Russia"


def test_a_title_names_its_holder_on_the_publication_date(stages):
    article = mentions(stages, "The Kremlin spokesman declined to comment.", dt.date(2023, 5, 1))
    assert any(m.name == "Dmitry Peskov" for m in article.mentions)


def test_titles_are_learnt_for_later_mentions(stages):
    article = mentions(stages, "Ukrainian President Volodymyr Zelensky, a former actor, spoke on Monday.")
    assert article.actors.by_descriptor("the former actor").name == "Volodymyr Zelensky"
    assert article.actors.by_descriptor("the Ukrainian president").name == "Volodymyr Zelensky"


def test_a_family_name_written_first_is_the_person_named_in_full_before(stages):
    article = mentions(stages, "Ambassador Zhang Weimin spoke to reporters on Monday. Zhang said the embassy "
                               "would stay open.")
    later = [m for m in article.mentions if m.text == "Zhang"]
    assert later and later[0].name == "Zhang Weimin"


def test_a_title_in_apposition_names_the_speaker_introduced_before(pipeline):
    text = ("Ukrainian President Volodymyr Zelensky spoke on Monday. A week after the strike on the port, "
            "the head of state said he was open to talks.")
    record = overture.extract(text, pipeline=pipeline)
    assert any(s.speaker == "Volodymyr Zelensky" and "open to talks" in s.content.text for s in record.statements)


def test_an_acronym_the_article_defines_is_the_name_it_stands_for():
    """Written for this test: wire copy names a group in full once, then by its acronym."""
    from overture.actors.stage import defined_acronyms

    text = ("A rebel group calling itself the Movement for Justice and Peace (MJP) said on Monday it would "
            "attend the talks. The MJP said it was ready to negotiate a ceasefire with President Laurent "
            "Gbagbo if his troops withdrew from the west.")
    assert defined_acronyms(text) == {"MJP": "Movement for Justice and Peace"}
    assert defined_acronyms("The talks (UN-led) went on. He met the PM (again).") == {}
    record = overture.extract(text)
    actors = {s.actor for s in record.signals}
    assert "Movement for Justice and Peace" in actors and "MJP" not in actors


def test_a_demonym_the_parser_took_for_a_place_is_its_state():
    """Written for this test: "Ukrainian land" is Ukraine's, never a counterpart called "Ukrainian"."""
    record = overture.extract("KYIV, Nov 9 (Wire) - Ukrainian President Volodymyr Zelensky said on Wednesday that "
                              "Kyiv would not enter negotiations with Moscow while Russia demanded recognition of "
                              "its annexation of Ukrainian land.")
    assert record.signals
    assert {s.target for s in record.signals} <= {"Russia", None}
