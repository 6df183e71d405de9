"""Subject phrases to actors: a named mention, a title, a pronoun, or a bare noun phrase.

Shared by attribution (who said it) and signals (who did it), so both resolve "he", "the
Kremlin spokesman" and "the Russian side" the same way. It keeps the last person and the
last speaker seen, in reading order, for pronouns.
"""
from __future__ import annotations

from overture.actors._resolve import clean_name
from overture.actors.stage import side_of
from overture.article import Article, Mention, Sentence
from overture.attribution._rules import rules

_DOCUMENTS = {"statement", "report", "communique", "document", "message", "post", "letter", "decree",
              "release", "readout", "memo"}
_NON_SPEAKERS = {"who", "which", "that", "this", "these", "those", "what", "there", "it", "one",
                 "some", "many", "others", "all", "both", "talk", "talks", "each", "other"}


def span_of(article: Article, sent: Sentence, tokens) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return article.offset(sent, first), article.offset(sent, last) + len(last.text)


class SpeakerResolver:
    """Resolve subject phrases of one article, in reading order."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.rules = rules()
        self.last_person: Mention | None = None
        self.last_speaker: Mention | None = None

    def saw_sentence(self, sent: Sentence, quoted: list[tuple[int, int]] = ()) -> None:
        """Move the pronoun memory past a sentence: its last named person outside quotes."""
        for m in self.article.actors.inside(sent.start, sent.end):
            if m.kind == "person" and not any(s <= m.start < e for s, e in quoted):
                self.last_person = m

    def resolve(self, sent: Sentence, subj) -> Mention | None:
        """The actor a subject phrase names: a mention, a title, a pronoun or a bare noun phrase."""
        r, article = self.rules, self.article
        actors = article.actors
        word = subj.lower_
        if word in r.person_pronouns:
            return self.last_speaker if self.last_speaker and self.last_speaker.kind == "person" else self.last_person
        if word in r.group_pronouns or word in r.thing_pronouns:
            return None
        toks = list(subj.subtree)
        # a relative clause or apposition after the head is not part of the name
        toks = [t for t in toks if t.i <= subj.i or t.dep_ in ("compound",)] or [subj]
        s, e = span_of(article, sent, toks)
        mention = actors.head_mention(s, e, article.offset(sent, subj))
        if mention is not None and mention.name and mention.kind != "place":
            return mention
        phrase = article.text[s:e]
        if subj.lemma_.lower() in _DOCUMENTS and self.last_speaker is not None and subj.pos_ == "NOUN":
            return self.last_speaker
        if word in _NON_SPEAKERS or subj.pos_ not in ("NOUN", "PROPN"):
            return None
        by_title = actors.by_descriptor(phrase)
        if by_title is not None:
            return by_title
        side = side_of(phrase.split())
        if subj.lemma_.lower() in {"side", "government", "authorities", "leadership"} and side:
            from overture.actors._registry import ActorRegistry
            state = ActorRegistry.default().state_of(side)
            if state is not None:
                return Mention(s, e, phrase, state.name, state.side, "state")
        name = clean_name(phrase)
        if not name or len(name) > 80:
            return None
        return Mention(s, e, phrase, name[0].upper() + name[1:], side, "group")
