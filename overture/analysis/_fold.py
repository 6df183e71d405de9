"""Statement identity: one statement, however many times and places it was reported.

A *mention* is one signal in one article. Mentions are folded into one statement when
- the speaker is the same entity (same actor row, or `same_entity` of the names),
- the signal type is the same,
- their dates (said on, else published) are at most DATE_WINDOW_DAYS apart, and
- what they say is alike: rapidfuzz `token_set_ratio` of their content words (the quote
  if there is one, else the evidence sentence; stop words and the speaker's own name
  left out) is at least SIMILARITY.

token_set_ratio scores the shared words against each side's extra words, so a short lead
("X said he was ready to talk to Y") and the longer quote that follows it in the same article
still match, as do a rewrite that cuts a clause and the original. Folding is transitive
(single link): A~B and B~C put A, B and C in one statement.

Each mention keeps its own conditions; `dropped` lists the conditions other mentions of
the same statement carry and this one leaves out.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from overture.actors._registry import fold

DATE_WINDOW_DAYS = 3
SIMILARITY = 60.0


# Outlets retelling one statement may call it an offer of talks or a proposal of a format;
# for folding and stories the two are one kind of move.
_STANCE = {"propose": "offer_talks"}


def stance(signal_type: str) -> str:
    """The kind of move a signal type stands for when reports of it are compared."""
    return _STANCE.get(signal_type, signal_type)


@dataclass(frozen=True)
class Mention:
    """One signal in one article, with what folding and the views need of it."""

    signal_id: int
    article_id: int
    type: str
    actor: str | None
    actor_id: int | None
    target: str | None
    date: dt.date | None
    conditions: tuple[str, ...]
    evidence: tuple[int, int, str]           # start, end, text in the article's indexed text
    quote: tuple[int, int, str] | None = None
    outlet: str | None = None
    source: str = ""

    @property
    def said(self) -> str:
        return self.quote[2] if self.quote else self.evidence[2]


@dataclass
class FoldedStatement:
    """Mentions of one statement; `id` is the smallest signal id, stable across recomputes."""

    mentions: list[Mention]
    id: int = 0
    conditions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: (m.date or dt.date.max, m.article_id, m.evidence[0]))
        self.id = min(m.signal_id for m in self.mentions)
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.update(dict.fromkeys(m.conditions))
        self.conditions = list(seen)

    @property
    def type(self) -> str:
        return self.mentions[0].type

    @property
    def actor(self) -> str | None:
        return _most_common(m.actor for m in self.mentions)

    @property
    def actor_id(self) -> int | None:
        return _most_common(m.actor_id for m in self.mentions)

    @property
    def target(self) -> str | None:
        return _most_common(m.target for m in self.mentions)

    @property
    def first_said(self) -> dt.date | None:
        return min((m.date for m in self.mentions if m.date), default=None)

    @property
    def last_said(self) -> dt.date | None:
        return max((m.date for m in self.mentions if m.date), default=None)

    @property
    def text(self) -> str:
        """The fullest wording: the longest quote, else the longest evidence sentence."""
        quoted = [m.quote[2] for m in self.mentions if m.quote]
        return max(quoted or [m.evidence[2] for m in self.mentions], key=len)

    @property
    def article_ids(self) -> list[int]:
        return sorted({m.article_id for m in self.mentions})

    def dropped(self, mention: Mention) -> list[str]:
        """Conditions other mentions attach and this one leaves out."""
        return [c for c in self.conditions if c not in mention.conditions]


def _most_common(values: Iterable) -> object:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS) | {"said", "says", "told", "added", "according"}


_QUOTES = re.compile(r"[\"“”‘’«»]")


def content_words(text: str, speaker: str | None = None) -> str:
    """The words that carry meaning, folded, in order: no stop words, no speaker's name."""
    own = set(fold(speaker).split()) if speaker else set()
    stop = _stop_words()
    return " ".join(w for w in fold(_QUOTES.sub(" ", text)).split() if w not in stop and w not in own)


_words = cache(content_words)


def similarity(a: Mention, b: Mention) -> float:
    """0-100: how alike two mentions' words are (token_set_ratio of content words)."""
    wa, wb = _words(a.said, a.actor), _words(b.said, b.actor)
    score = fuzz.token_set_ratio(wa, wb) if wa and wb else 0.0
    if a.quote and b.quote is None or b.quote and a.quote is None:
        # a reported-speech lead against the quote itself: compare the evidence sentences too
        score = max(score, fuzz.token_set_ratio(_words(a.evidence[2], a.actor), _words(b.evidence[2], b.actor)))
    return score


@cache
def _same_name(a: str | None, b: str | None) -> bool:
    from overture.evaluate import same_entity
    return same_entity(a, b)


def _same_speaker(a: Mention, b: Mention) -> bool:
    if a.actor_id is not None and a.actor_id == b.actor_id:
        return True
    return _same_name(a.actor, b.actor)


def _near_in_time(a: Mention, b: Mention, days: int) -> bool:
    if a.date is None or b.date is None:
        return a.article_id == b.article_id  # undated: only within one article
    return abs((a.date - b.date).days) <= days


def fold_mentions(mentions: Iterable[Mention], *, days: int = DATE_WINDOW_DAYS,
                  threshold: float = SIMILARITY) -> list[FoldedStatement]:
    """Group mentions of the same statement; every mention ends in exactly one statement.

    Mentions without an actor are never folded with others (who said it is part of what
    makes two reports one statement)."""
    items = list(mentions)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(items):
        if m.actor:
            by_type[stance(m.type)].append(i)
    for indices in by_type.values():
        indices.sort(key=lambda i: (items[i].date or dt.date.max, items[i].article_id))
        for pos, i in enumerate(indices):
            for j in indices[pos + 1:]:
                a, b = items[i], items[j]
                if a.date and b.date and (b.date - a.date).days > days:
                    break  # sorted by date: nothing later is near either
                if root(i) == root(j) or not _near_in_time(a, b, days) or not _same_speaker(a, b):
                    continue
                if similarity(a, b) >= threshold:
                    parent[root(j)] = root(i)
    _words.cache_clear()  # the cache serves one folding, not the process
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(items):
        groups[root(i)].append(m)
    return sorted((FoldedStatement(g) for g in groups.values()),
                  key=lambda f: (f.first_said or dt.date.max, f.id))
