"""The dates stage: when each sentence and statement was said, where the text lets us know.

A statement without date words of its own keeps the date of the same speaker's previous
statement (the rest of one interview); a sentence without any stays undated. Never guessed.
"""
from __future__ import annotations

from overture.article import Article
from overture.dates._resolve import date_for_sentence
from overture.pipeline import register_stage


@register_stage("dates", requires=("sentences", "statements"), produces=("said_on",))
class DateStage:
    """Resolve 'on Wednesday', 'on the 21st', 'on the same day' against the publication date."""

    def __call__(self, article: Article) -> Article:
        previous = None
        for sentence in article.sentences:
            mention, day = date_for_sentence(article.text[sentence.start:sentence.end],
                                             article.published, previous)
            if mention is not None:
                sentence.date_text, sentence.said_on = mention.text, day
                sentence.date_start = sentence.start + mention.start
                previous = day or previous
        carried: dict[str, tuple[str | None, object]] = {}
        for d in article.statements:
            a, b = d.sentences
            dated = [article.sentences[k] for k in range(a, min(b, len(article.sentences)))
                     if article.sentences[k].date_text]
            key = d.speaker or ""
            if dated:
                d.date_text, d.said_on = dated[0].date_text, dated[0].said_on
            elif key in carried:
                d.date_text, d.said_on = carried[key]  # type: ignore[assignment]
            if key and d.date_text:
                carried[key] = (d.date_text, d.said_on)
        return article
