"""The actors stage: every mention of an actor in the body, resolved to a canonical name."""
from __future__ import annotations

from overture.actors._resolve import ArticleActors, clean_name
from overture.article import Article, Mention
from overture.pipeline import register_stage

_ENTITY_KINDS = {"PERSON": "person", "ORG": "institution", "GPE": "state", "NORP": "group"}


def side_of(words: list[str]) -> str | None:
    """The state a run of words says someone speaks for ("Russian", "Kyiv's"), if exactly one."""
    from overture.attribution._rules import rules
    sides = rules().sides
    found = {sides[w.lower().strip(",.()")] for w in words if w.lower().strip(",.()") in sides}
    return found.pop() if len(found) == 1 else None


def _title_words(sent, start_char: int, end_char: int) -> list[str]:
    """The words of the noun phrase written before a name ('Kremlin Press Secretary'),
    plus an appositive after it (', the spokesman of the Russian presidency,')."""
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
            words += [t.text for t in a.subtree]
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
        for sentence in article.sentences:
            text = article.text[sentence.start:sentence.end]
            taken: list[tuple[int, int]] = []
            for s, e, actor in self.registry.find_in(text):
                m = Mention(sentence.start + s, sentence.start + e, text[s:e], actor.name, actor.side, actor.kind)
                if actor.kind == "state" and self.registry.is_metonym(text[s:e]) and _is_place(sentence.parse, sentence.start + s - sentence.base):
                    m.kind = "place"
                mentions.append(m)
                taken.append((s, e))
            if sentence.parse is None:
                continue
            offset = sentence.start
            for ent in sentence.parse.ents:
                kind = _ENTITY_KINDS.get(ent.label_)
                s, e = sentence.base + ent.start_char - offset, sentence.base + ent.end_char - offset
                if kind is None or any(s < te and ts < e for ts, te in taken):
                    continue
                name = clean_name(ent.text)
                if not name or not any(c.isupper() for c in name):
                    continue
                if kind == "person":
                    known = actors.surnames.get(name.split()[-1].lower())
                    if known and len(name.split()) <= len(known.name.split()):
                        mentions.append(Mention(offset + s, offset + e, ent.text, known.name, known.side, "person"))
                        continue
                side = side_of(_title_words(sentence.parse, ent.start_char, ent.end_char)) if kind == "person" else None
                mentions.append(Mention(offset + s, offset + e, ent.text, name, side, kind))
            for m in mentions:
                if m.kind == "person" and sentence.start <= m.start < sentence.end:
                    local = m.start - sentence.base
                    actors.learn(m, _title_words(sentence.parse, local, local + len(m.text)))
        mentions.sort(key=lambda m: m.start)
        article.mentions, article.actors = mentions, actors
        return article


def _is_place(sent, start: int) -> bool:
    """'in Moscow' is a place; 'Moscow said' is a government."""
    if sent is None:
        return False
    for t in sent:
        if t.idx == start:
            return t.dep_ == "pobj" and t.head.lower_ in {"in", "to", "from", "near", "around", "at", "into", "toward", "towards"}
    return False
