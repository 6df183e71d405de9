"""The dates stage: when each sentence and statement was said, where the text lets us know.

A statement is dated by the date words of its own sentences that lie outside what was said
("X said on Tuesday that talks would start on Friday" was said on Tuesday), nearest its
cue. One without any keeps the date of the same speaker's previous statement (the rest of
one interview); a sentence without any stays undated. Never guessed.
"""
from __future__ import annotations

import datetime as dt

from overture.article import Article, StatementDraft
from overture.dates._resolve import DateMention, date_for_sentence, find_date_mentions, resolve
from overture.pipeline import register_stage


@register_stage("dates", requires=("sentences", "statements"), produces=("said_on",))
class DateStage:
    """Resolve 'on Wednesday', 'on the 21st', 'on the same day' against the publication date."""

    def __call__(self, article: Article) -> Article:
        before = self._date_sentences(article)
        carried: dict[str, tuple[str | None, dt.date | None]] = {}
        for d in article.statements:
            key = d.speaker or ""
            found = _statement_date(article, d, before)
            if found is not None:
                d.date_text, d.said_on = found
            elif key in carried:
                d.date_text, d.said_on = carried[key]
            if key and d.date_text:
                carried[key] = (d.date_text, d.said_on)
        return article

    @staticmethod
    def _date_sentences(article: Article) -> list[dt.date | None]:
        """Date each sentence; return, per sentence, the last date resolved before it (the
        anchor for 'on the same day')."""
        previous: dt.date | None = None
        before: list[dt.date | None] = []
        for sentence in article.sentences:
            before.append(previous)
            mention, day = date_for_sentence(article.text[sentence.start:sentence.end],
                                             article.published, previous)
            if mention is not None:
                sentence.date_text, sentence.said_on = mention.text, day
                sentence.date_start = sentence.start + mention.start
                previous = day or previous
        return before


def _statement_date(article: Article, d: StatementDraft,
                    before: list[dt.date | None]) -> tuple[str, dt.date | None] | None:
    """The date words of a statement's sentences outside its content and quote, nearest its cue."""
    a, b = d.sentences
    cue = d.cue[0] if d.cue else d.content[0]
    candidates: list[tuple[int, int, DateMention]] = []  # (distance to cue, sentence, mention)
    for k in range(a, min(b, len(article.sentences))):
        sentence = article.sentences[k]
        text = article.text[sentence.start:sentence.end]
        for m in find_date_mentions(text):
            start, end = sentence.start + m.start, sentence.start + m.end
            if _inside(start, end, d.content) or (d.quote and _inside(start, end, d.quote)):
                continue
            candidates.append((min(abs(start - cue), abs(end - cue)), k, m))
    if not candidates:
        return None
    _, k, best = min(candidates, key=lambda c: (c[0], c[2].kind == "vague"))
    anchor = before[k]
    if best.kind == "same_day":  # "on the 22nd, ... on the same day": the earlier words anchor
        text = article.sentence_text(k)
        for m in reversed([m for m in find_date_mentions(text) if m.end <= best.start]):
            if (day := resolve(m, article.published, anchor)) is not None:
                anchor = day
                break
    return best.text, resolve(best, article.published, anchor)


def _inside(start: int, end: int, span: tuple[int, int]) -> bool:
    return span[0] <= start and end <= span[1]
