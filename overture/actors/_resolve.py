"""Who is who inside one article: mentions, titles, surnames and pronouns resolved to actors.

The registry knows actors in general; this object knows this article: that "Zhuravlev" here
is the deputy named in full two paragraphs up, that "the Ukrainian leader" is the president
named in the lead, that "he" is the last person who spoke.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from overture.article import Mention

_TITLE_WORDS = re.compile(r"^(?:the|a|an|his|her|its|their|former|then|current|acting|top|new|"
                          r"[A-Z][a-z]+(?:'s|’s)?)$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_GENERIC_HEADS = {"side", "government", "authorities", "leadership", "officials", "administration",
                  "forces", "army", "military", "troops", "delegation", "team", "camp", "regime"}


def clean_name(text: str) -> str:
    """A mention's text as a name: no possessive, no surrounding punctuation or articles."""
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()[]")
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return _POSSESSIVE.sub("", text)


@dataclass
class ArticleActors:
    """The actors of one article, with what this article says about each."""

    mentions: list[Mention]
    published: dt.date | None = None
    descriptors: dict[str, Mention] = field(default_factory=dict)  # "ukrainian president" -> Zelensky
    surnames: dict[str, Mention] = field(default_factory=dict)
    _family_first: dict[str, Mention] = field(default_factory=dict)

    def surname(self, word: str) -> Mention | None:
        """The person this article named in full whose surname (or leading family name) this is."""
        key = word.lower()
        return self.surnames.get(key) or self._family_first.get(key)

    def learn(self, mention: Mention, preceding_words: list[str]) -> None:
        """Remember a person's surname and the titles written before the name."""
        if mention.kind != "person" or not mention.name:
            return
        parts = mention.name.split()
        if parts:
            self.surnames.setdefault(parts[-1].lower(), mention)
        if len(parts) == 2 and parts[0][:1].isupper():
            # family name first ("Liu Xiaming" is later "Liu"); a last-name key wins on a clash
            self._family_first.setdefault(parts[0].lower(), mention)
        words = [w.lower() for w in preceding_words if w.strip()]
        # every suffix of the title run: "Turkish President's Chief Adviser" ->
        # "press secretary", "secretary", ...
        for i in range(len(words)):
            key = " ".join(_POSSESSIVE.sub("", w) for w in words[i:])
            if key and key not in {"the", "a", "an", "mr", "ms", "mrs"}:
                self.descriptors.setdefault(key, mention)

    def inside(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def head_mention(self, start: int, end: int, head_start: int | None = None) -> Mention | None:
        """The mention that a phrase is about: the one at its head word, else the first person,
        else the first resolved mention."""
        found = self.inside(start, end)
        if not found:
            return None
        if head_start is not None:
            for m in found:
                if m.start <= head_start < m.end:
                    return m
        people = [m for m in found if m.kind == "person"]
        if people:
            return people[0]
        return found[0]

    def by_descriptor(self, phrase: str) -> Mention | None:
        """'the Ukrainian leader' -> whoever this article introduced with that title."""
        from overture.actors._registry import ActorRegistry
        words = [_POSSESSIVE.sub("", w.lower()) for w in re.findall(r"[\w'’.-]+", phrase)]
        words = [w for w in words if w not in {"the", "a", "an", "his", "her", "its", "their", "also", "then"}]
        if not words:
            return None
        key = " ".join(words)
        if key in self.descriptors:
            return self.descriptors[key]
        if len(words) > 1 and words[-1] not in _GENERIC_HEADS:
            # "the Ukrainian president" ~ "Ukrainian President" with another modifier order
            for known, mention in self.descriptors.items():
                if set(known.split()) == set(words):
                    return mention
        registry = ActorRegistry.default()
        actor = registry.by_descriptor(phrase, self.published)
        if actor is not None:
            return Mention(0, 0, phrase, actor.name, actor.side, actor.kind)
        # a title that names no state ('the head of state') fits several holders: take the
        # person this article has named most recently who holds it
        seen: set[str] = set()
        for m in reversed([m for m in self.mentions if m.kind == "person" and m.side and m.name]):
            if m.name in seen:
                continue
            seen.add(m.name)
            holder = registry.by_descriptor(phrase, self.published, side=m.side)
            if holder is not None and holder.name == m.name:
                return m
        return None
