"""The article being built: what each stage reads and fills in on its way to a Record.

Offsets everywhere index `Article.text`, which is the raw decoded input for text and
markdown, and the extracted main text for HTML (the record then carries it).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from overture.record import Claim, Signal


@dataclass
class Mention:
    """A stretch of text that names an actor, resolved to a canonical name where possible."""

    start: int
    end: int
    text: str
    name: str | None  # canonical actor name, or None when unresolved
    side: str | None = None
    kind: str | None = None  # person, institution, state, group, outlet


@dataclass
class Sentence:
    """One body sentence, with its spaCy parse (a Span over the paragraph's Doc)."""

    start: int
    end: int
    paragraph: int
    parse: Any = None  # spacy.tokens.Span; Any keeps spaCy out of this module's imports
    base: int = 0  # article offset of the parsed paragraph's first character
    date_text: str | None = None
    date_start: int | None = None
    said_on: dt.date | None = None


@dataclass
class StatementDraft:
    """A statement while attribution and signals work on it; becomes a record Statement."""

    content: tuple[int, int]
    kind: str
    speaker: str | None = None
    speaker_side: str | None = None
    speaker_kind: str | None = None
    cue: tuple[int, int] | None = None
    quote: tuple[int, int] | None = None
    sentence: int = 0  # index of the sentence holding the content's start
    sentences: tuple[int, int] = (0, 1)  # sentence index range [first, last+1]
    reported_via: list[str] = field(default_factory=list)
    medium: str | None = None
    date_text: str | None = None
    said_on: dt.date | None = None


@dataclass
class Article:
    """One input article and everything found in it so far."""

    source: str
    raw: str
    kind: str = "text"  # text, markdown, html, cache (tag-wrapped), record (one row of an export)
    url: str | None = None
    text: str = ""
    offsets: str = "raw"
    title: str | None = None
    outlet: str | None = None
    wire: str | None = None  # the news agency whose story the outlet runs
    published: dt.date | None = None
    published_from: str | None = None  # text, path or manifest
    language: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)  # user-supplied metadata: wins
    body: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: Any = None  # actors.ArticleActors: who is who in this article
    statements: list[StatementDraft] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def offset(self, sentence: Sentence, token: Any) -> int:
        """Article offset of a spaCy token of this sentence."""
        return sentence.base + token.idx

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start:s.end]
