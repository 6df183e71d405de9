"""The actors stage: every mention of an actor in the body, resolved to a canonical name.

Two sources, in this order on each sentence: the registry (names, aliases, and, when the
publication date is known, titles such as "the Kremlin spokesman"), then spaCy's entities
for everyone else. An entity is canonicalised inside the article: a surname alone, even one
spaCy takes for an organisation or a place, is the person named in full before it; an
unlisted transliteration is matched against the registry by `ActorRegistry.lookup`; an
acronym the article defines ("the Secret Islamic Army (SIA)") is the name it stands for.
"""
from __future__ import annotations

import re

from overture.actors._resolve import ArticleActors, clean_name
from overture.article import Article, Mention, Sentence
from overture.pipeline import register_stage

_ENTITY_KINDS = {"PERSON": "person", "ORG": "institution", "GPE": "state", "NORP": "group"}
_DEFINED = re.compile(r"((?:[A-Z][\w’'.-]*\s+(?:(?:of|for|and|the|de|du|al|el)\s+)*){2,8})\(([A-Z]{2,6})\)")
_SMALL = frozenset({"of", "for", "and", "the", "de", "du", "al", "el"})
_PLACE_PREPS = {"in", "to", "from", "near", "around", "at", "into", "toward", "towards", "outside", "across"}


def side_of(words: list[str]) -> str | None:
    """The state a run of words says someone speaks for ("Russian", "Kyiv's"), if exactly one."""
    from overture.attribution._rules import rules
    sides = rules().sides
    found = {sides[w.lower().strip(",.()")] for w in words if w.lower().strip(",.()") in sides}
    return found.pop() if len(found) == 1 else None


def _title_words(sent, start_char: int, end_char: int) -> list[str]:
    """The words of the noun phrase written before a name ('Kremlin Press Secretary'),
    plus an appositive after it (', the chief adviser to the Turkish presidency,')."""
    tokens = [t for t in sent if t.idx >= start_char and t.idx < end_char]
    if not tokens:
        return []
    head = tokens[-1]
    before = [t.text for t in sent if head.left_edge.i <= t.i < tokens[0].i]
    appos = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        appos.append(head.head)
        before = [t.text for t in head.head.subtree if t.i < head.head.i + 1 and t.i < tokens[0].i] or before
    words = list(before)
    for a in appos:
        if a.i > head.i:
            words += [t.text for t in a.subtree if t.i <= a.i or t.dep_ in ("prep", "pobj", "compound", "amod")]
    return words


@register_stage("actors", requires=("sentences",), produces=("mentions", "actors"))
class ActorStage:
    """Find who is named in each body sentence, and remember the titles each is given."""

    def __init__(self) -> None:
        from overture.actors._registry import ActorRegistry
        self.registry = ActorRegistry.default()

    def __call__(self, article: Article) -> Article:
        mentions: list[Mention] = []
        actors = ArticleActors(mentions, article.published)
        self._evidence = _Evidence(article.text, self.registry)
        self._acronyms = defined_acronyms(article.text)
        for sentence in article.sentences:
            found = self._registry_mentions(article, sentence)
            if sentence.parse is not None:
                found += self._entity_mentions(article, sentence, actors, found)
            mentions.extend(found)
            for m in found:
                if m.kind == "person" and sentence.parse is not None:
                    local = m.start - sentence.base
                    actors.learn(m, _title_words(sentence.parse, local, local + len(m.text)))
        mentions.sort(key=lambda m: m.start)
        article.mentions, article.actors = mentions, actors
        return article

    def _registry_mentions(self, article: Article, sentence: Sentence) -> list[Mention]:
        """Known actors by name or alias, and by title when the date says who held it."""
        text = article.text[sentence.start:sentence.end]
        found = []
        for s, e, actor in self.registry.find_in(text, article.published):
            if not self._evidence.allows(text[s:e], actor):
                continue  # "Cooper" in a story about a US Navy officer is not the British minister
            m = Mention(sentence.start + s, sentence.start + e, text[s:e], actor.name, actor.side, actor.kind)
            if actor.kind == "state" and self.registry.is_metonym(text[s:e]) \
                    and _is_place(sentence.parse, sentence.start + s - sentence.base):
                m.kind = "place"
            found.append(m)
        return found

    def _entity_mentions(self, article: Article, sentence: Sentence, actors: ArticleActors,
                         taken: list[Mention]) -> list[Mention]:
        """spaCy's people, organisations, places and groups that the registry did not name."""
        found = []
        for ent in sentence.parse.ents:
            kind = _ENTITY_KINDS.get(ent.label_)
            s, e = sentence.base + ent.start_char, sentence.base + ent.end_char
            if kind is None or any(s < m.end and m.start < e for m in taken):
                continue
            name = clean_name(ent.text)
            if not name or not any(c.isupper() for c in name):
                continue
            if name in self._acronyms:  # "SIA" after "the Secret Islamic Army (SIA)"
                name, kind = self._acronyms[name], "institution" if kind == "person" else kind
                actor = self.registry.lookup(name)
                if actor is not None:
                    found.append(Mention(s, e, ent.text, actor.name, actor.side, actor.kind))
                    continue
            known = self._canonical(name, kind, actors)
            if known is not None:
                found.append(Mention(s, e, ent.text, known.name, known.side, known.kind))
                continue
            if kind == "state" and (state := self.registry.state_for_word(name)) is not None:
                found.append(Mention(s, e, ent.text, state.name, state.side, "state"))  # "Ukrainian land"
                continue
            side = side_of(_title_words(sentence.parse, ent.start_char, ent.end_char)) if kind == "person" else None
            found.append(Mention(s, e, ent.text, name, side, kind))
        return found

    def _canonical(self, name: str, kind: str, actors: ArticleActors) -> Mention | None:
        """The article's own full name for a surname ("Zhuravlev" after "Alexei Zhuravlev"),
        else a registry actor close in spelling ("Serski" -> Oleksandr Syrskyi)."""
        words = name.split()
        person = actors.surname(words[-1])
        if person is not None and len(words) <= len(person.name.split()) and (kind == "person" or len(words) == 1):
            return person
        if kind == "person" or len(words) == 1:  # spaCy often takes a lone surname for an ORG
            actor = self.registry.lookup(name)
            if actor is not None and actor.kind == "person" and self._evidence.allows(name, actor):
                return Mention(0, 0, name, actor.name, actor.side, actor.kind)
        return None


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines, each with the capitalised name before it whose initials
    spell it ("Movement for Justice and Peace (MJP)")."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        initials = ""
        for k in range(len(words) - 1, -1, -1):
            if words[k].lower() in _SMALL:
                continue
            initials = words[k][0] + initials
            if initials == acronym:
                out.setdefault(acronym, " ".join(words[k:]))
                break
            if not acronym.endswith(initials):
                break
    return out


class _Evidence:
    """What an article says that lets a bare surname stand for a registry person: the person's
    full name somewhere in it, or their state named (as a name, capital or demonym). Without
    either, "Cooper" or "Khan" is someone the registry does not know."""

    def __init__(self, text: str, registry) -> None:  # noqa: ANN001
        from overture.actors._registry import fold
        self.folded = " " + fold(text) + " "
        self.sides = registry.sides_named(text)

    def allows(self, said: str, actor) -> bool:  # noqa: ANN001
        from overture.actors._registry import fold
        if actor.kind != "person" or fold(said) not in {fold(s) for s in actor.surnames}:
            return True  # a full name, an alias or a title: it says who
        if actor.side is None or actor.side in self.sides:
            return True
        return f" {fold(actor.name)} " in self.folded or any(f" {fold(a)} " in self.folded for a in actor.aliases)


def _is_place(sent, start: int) -> bool:
    """'in Moscow' is a place; 'Moscow said' is a government."""
    if sent is None:
        return False
    for t in sent:
        if t.idx == start:
            return t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPS
    return False
