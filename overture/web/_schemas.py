"""Response models of the JSON API: the shapes of the dicts `Store` returns, typed for OpenAPI."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from overture.record._models import Claim, Signal, SignalType, Statement


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class SignalOut(BaseModel):
    """One signal with its article's facts; `date` is `said_on`, else the article's date."""

    id: int
    article_id: int
    position: int
    type: SignalType
    actor: str | None
    actor_id: int | None
    actor_side: str | None
    target: str | None
    evidence: SpanOut
    quote: SpanOut | None
    conditions: list[str]
    said_on: dt.date | None
    date_text: str | None
    medium: str | None
    reported_via: list[str]
    cameo: str | None
    plover: str | None
    goldstein: float | None
    date: dt.date | None
    outlet: str | None
    outlets: list[str]
    published: dt.date | None
    source: str
    url: str | None
    title: str | None


class SignalPage(BaseModel):
    items: list[SignalOut]
    next_cursor: str | None


class ArticleSummary(BaseModel):
    id: int
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    language: str | None
    ingested_at: dt.datetime
    signals: int


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None


class ArticleOut(BaseModel):
    """The contract record plus where it came from; `indexed_text` is what the spans index."""

    source: str
    offsets: Literal["raw", "text"]
    title: str | None
    outlet: str | None
    published: dt.date | None
    language: str | None
    text: str | None
    body: list[tuple[int, int]]
    statements: list[Statement]
    signals: list[Signal]
    claims: list[Claim]
    id: int
    url: str | None
    canonical_url: str | None
    kind: str | None
    content_hash: str
    extractor_version: str | None
    ingested_at: dt.datetime
    raw: str
    indexed_text: str


class ActorOut(BaseModel):
    id: int
    name: str
    side: str | None
    kind: str | None
    wikidata: str | None
    signals: int
    statements: int
    types: dict[str, int]


class Timeline(BaseModel):
    actor: ActorOut
    signals: list[SignalOut]
