"""Subject phrases to actors: a named mention, a title, a pronoun, a proxy or a bare noun phrase.

Shared by attribution (who said it) and signals (who did it), so both resolve "he", "the
Kremlin spokesman", "a spokesperson for X" and "the Russian side" the same way. It keeps
the speakers and people seen so far, in reading order, for pronouns and for "the
statement added".
"""
from __future__ import annotations

import re

from overture.actors._resolve import clean_name
from overture.actors.stage import side_of
from overture.article import Article, Mention, Sentence
from overture.attribution._rules import rules

_DEFINITE = {"the", "its", "his", "her", "their", "this", "that"}
_SPEAKING_KINDS = ("institution", "state", "group")


def span_of(article: Article, sent: Sentence, tokens) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    return article.offset(sent, first), article.offset(sent, last) + len(last.text)


def issuer_of(document):
    """Who a document is from: 'a statement from the ministry', 'the message of the
    Defence Ministry', 'a report by the UN'; None when it does not say."""
    for c in document.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "of", "by"):
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


# "JERUSALEM (Reuters) - ", "BEIRUT, Lebanon - ", "AFP - ": the place and the wire, never a speaker
DATELINE = re.compile(r"^\s*(?:[\w ]+ - )?[A-Z][A-Z .'-]{2,}(?:,\s*[\w .]+?)?\s*(?:\([^)]{1,40}\))?\s*(?:--|-|—|–|:)\s")


def dateline_end(article: Article, sent: Sentence) -> int:
    """Where a dateline opening the sentence ends ("KABUL (Reuters) - "), else its start."""
    found = DATELINE.match(article.text[sent.start:sent.end])
    return sent.start + found.end() if found else sent.start


class SpeakerResolver:
    """Resolve subject phrases of one article, in reading order."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.rules = rules()
        self.last_person: Mention | None = None
        self.speakers: list[Mention] = []

    @property
    def last_speaker(self) -> Mention | None:
        return self.speakers[-1] if self.speakers else None

    @last_speaker.setter
    def last_speaker(self, mention: Mention | None) -> None:
        if mention is not None:
            self.speakers.append(mention)

    def saw_sentence(self, sent: Sentence, quoted: list[tuple[int, int]] = ()) -> None:
        """Move the pronoun memory past a sentence: its last named person outside quotes."""
        for m in self.article.actors.inside(sent.start, sent.end):
            if m.kind == "person" and m.name and not any(s <= m.start < e for s, e in quoted) \
                    and not self._modifier(sent, m):
                self.last_person = m

    def _modifier(self, sent: Sentence, m: Mention) -> bool:
        """A one-word 'person' that modifies a noun ('Azerbaijani officials') is an adjective
        the entity recogniser misread, not someone 'she' could be."""
        if sent.parse is None:
            return False
        words = [t for t in sent.parse if m.start <= self.article.offset(sent, t) < m.end]
        return len(words) == 1 and (words[0].dep_ == "amod" or words[0].dep_ == "conj" and words[0].head.dep_ == "amod")

    # -- the one entry point ----------------------------------------------------------------
    def resolve(self, sent: Sentence, subj) -> Mention | None:
        """The actor a subject phrase names, or None when it names no one."""
        word = subj.lower_
        if word in self.rules.person_pronouns:
            return self._person_pronoun()
        if word in self.rules.thing_pronouns or word in self.rules.group_pronouns:
            return self._institution_pronoun(subj)
        opening = dateline_end(self.article, sent)
        if self.article.offset(sent, subj) < opening:
            return None  # "JERUSALEM (Reuters) - Israel said": the dateline parsed as the subject
        # "NAIROBI, Kenya - Somalia's president": the phrase starts after the dateline
        head = self._head_phrase(subj)
        toks = [t for t in head if self.article.offset(sent, t) >= opening] or head
        s, e = span_of(self.article, sent, toks)
        found = (self._named(sent, subj, s, e) or self._appositive(sent, subj)
                 or self._document(sent, subj))
        if found is not None:
            return found
        if word in self.rules.non_speakers or subj.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = self.article.text[s:e]
        return (self._surname(phrase) or self._proxy(sent, subj) or self.article.actors.by_descriptor(phrase)
                or self._proxy_compound(sent, subj) or self._included(sent, subj) or self._the_group(subj, s)
                or self._government(phrase, s, e)
                or (None if subj.lemma_.lower() in self.rules.non_agents and subj.pos_ != "PROPN"
                    else self._group(phrase, s, e, subj.pos_ == "PROPN")))

    # -- the ways a phrase names someone ------------------------------------------------------
    def _person_pronoun(self) -> Mention | None:
        """'he', 'she': the last person who spoke (news keeps a speaker across sentences),
        else the last person named."""
        last = next((m for m in reversed(self.speakers) if m.kind == "person"), None)
        return last or self.last_person or self._named_group()

    def _named_group(self) -> Mention | None:
        """A capitalised one-word speaker the parser did not take for a person ('Sanders')."""
        last = self.last_speaker
        if last is not None and last.kind == "group" and last.name and " " not in last.name \
                and last.text[:1].isupper():
            return last
        return None

    def _institution_pronoun(self, subj) -> Mention | None:
        """'it said', 'they said': the last institution or group that spoke, if any did.
        Only as the subject of a reporting verb: 'it is impossible' names no one."""
        if subj.dep_ != "nsubj" and subj.dep_ != "poss" or subj.dep_ == "nsubj" and subj.head.lemma_.lower() not in self.rules.speech_verbs:
            return None
        last = self.last_speaker
        if last is not None and last.kind in _SPEAKING_KINDS:
            return last
        return None

    def _head_phrase(self, subj) -> list:
        """The subject's words up to its head, plus what names it ('of the Duma'), without a
        relative clause or an apposition."""
        keep = [t for t in subj.subtree if t.i <= subj.i and t.dep_ != "punct"]
        for c in subj.children:
            if c.i > subj.i and c.dep_ in ("prep", "compound", "amod") and c.lower_ in ("of", "for", "on", "at", "in", "from", "familiar"):
                keep += [t for t in c.subtree if not any(a.dep_ in ("relcl", "appos") for a in t.ancestors if a.i > subj.i)]
        keep = sorted(set(keep), key=lambda t: t.i)
        while keep and keep[0].dep_ in ("punct", "cc"):
            keep = keep[1:]
        return keep or [subj]

    def _named(self, sent: Sentence, subj, s: int, e: int) -> Mention | None:
        """A mention at the head word ('Senator Maria Lopez', 'the Kremlin', 'Moscow')."""
        head_at = self.article.offset(sent, subj)
        for m in self.article.actors.inside(s, e):
            if m.start <= head_at < m.end and m.name:
                if m.kind == "place":
                    return Mention(m.start, m.end, m.text, m.name, m.side, "state")
                return m
        return None

    def _appositive(self, sent: Sentence, subj) -> Mention | None:
        """'Her rival, Governor Tom Reyes, said': the name in apposition; or a title in
        apposition that this article has given someone ('..., the head of state, said')."""
        for c in subj.children:
            if c.dep_ == "appos":
                m = self._named(sent, c, *span_of(self.article, sent, list(c.subtree)))
                if m is not None and m.kind == "person":
                    return m
        for c in subj.subtree:  # a title in apposition, also where the parse hung it lower
            if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
                s, e = span_of(self.article, sent, self._head_phrase(c))
                titled = self.article.actors.by_descriptor(self.article.text[s:e])
                if titled is not None and titled.kind == "person":
                    return titled
        return None

    def _document(self, sent: Sentence, subj) -> Mention | None:
        """'A statement from the ministry said': the ministry. 'The statement added': whoever
        last spoke for an institution, else the last speaker. 'Recent reports say' names no one."""
        if subj.lemma_.lower() not in self.rules.documents or subj.pos_ != "NOUN":
            return None
        issuer = issuer_of(subj)
        if issuer is not None:
            return self.resolve(sent, issuer)
        det = next((c.lower_ for c in subj.children if c.dep_ in ("det", "poss")), None)
        if det not in _DEFINITE or subj.tag_ == "NNS":
            return None
        institutional = next((m for m in reversed(self.speakers) if m.kind in _SPEAKING_KINDS), None)
        return institutional or self.last_speaker

    def _surname(self, phrase: str) -> Mention | None:
        """'Earnest' after 'Josh Earnest', even where spaCy saw no name."""
        name = clean_name(phrase)
        if " " in name or not name[:1].isupper():
            return None
        return self.article.actors.surname(name)

    def _proxy(self, sent: Sentence, subj) -> Mention | None:
        """'A spokesperson for X', "X's office", 'aides to X': X, when the proxy has no name."""
        if subj.lemma_.lower() not in self.rules.proxies and subj.lower_ not in self.rules.proxies:
            return None
        for c in subj.children:
            if c.dep_ == "poss" and c.lower_ not in _DEFINITE:
                return self.resolve(sent, c)
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "to"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(sent, obj)
        return None

    def _proxy_compound(self, sent: Sentence, subj) -> Mention | None:
        """'Trump spokesman', 'the Clinton campaign': the named principal."""
        if subj.lemma_.lower() not in self.rules.proxies and subj.lower_ not in self.rules.proxies:
            return None
        for c in subj.children:
            if c.dep_ == "compound" and c.i < subj.i:
                m = self._named(sent, c, *span_of(self.article, sent, list(c.subtree)))
                if m is not None:
                    return m
        return None

    def _included(self, sent: Sentence, subj) -> Mention | None:
        """'Several Gulf states, including Qatar': the one the text names."""
        if subj.tag_ not in ("NNS", "NNPS"):
            return None
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ in ("including", "led", "notably", "especially"):
                obj = next((g for g in c.subtree if g.dep_ == "pobj"), None)
                if obj is not None:
                    m = self._named(sent, obj, *span_of(self.article, sent, list(obj.subtree)))
                    if m is not None:
                        return m
        return None

    def _the_group(self, subj, start: int) -> Mention | None:
        """'the group', 'the movement', 'the rebels': the organisation named last before."""
        if subj.lemma_.lower() not in self.rules.group_nouns:
            return None
        det = next((c.lower_ for c in subj.children if c.dep_ == "det"), None)
        if det != "the" or any(c.dep_ in ("amod", "compound") for c in subj.children):
            return None
        named = [m for m in self.article.actors.inside(0, start) if m.name and m.kind in ("group", "institution")]
        return named[-1] if named else None

    def _government(self, phrase: str, s: int, e: int) -> Mention | None:
        """'The Russian side', 'Ukrainian authorities': the state itself."""
        from overture.actors._registry import ActorRegistry
        words = phrase.lower().split()
        if not words or words[-1] not in ("side", "government", "authorities", "leadership"):
            return None
        side = side_of(phrase.split())
        state = ActorRegistry.default().state_of(side) if side else None
        return Mention(s, e, phrase, state.name, state.side, "state") if state else None

    def _group(self, phrase: str, s: int, e: int, proper: bool = False) -> Mention | None:
        """Anyone else, by the words the text uses: a name the registry lacks ('Popular
        Front', kind group), or a description ('Western leaders', 'US officials')."""
        name = clean_name(phrase)
        if not name or len(name) > 80:
            return None
        kind = "group" if proper else "description"
        return Mention(s, e, phrase, name[0].upper() + name[1:], side_of(phrase.split()), kind)
