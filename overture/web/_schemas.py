"""Response models of the JSON API: the shapes of the dicts `Store` returns, typed for OpenAPI."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel

from overture.record._models import Claim, Signal, SignalType, Statement


# The store keeps UTC times without a zone; the API says so ("...Z"), as RFC 3339 date-time requires.
UtcDatetime = Annotated[dt.datetime, AfterValidator(lambda t: t if t.tzinfo else t.replace(tzinfo=dt.UTC))]


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
    ingested_at: UtcDatetime
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
    ingested_at: UtcDatetime
    raw: str
    indexed_text: str


class ActorOut(BaseModel):
    id: int
    name: str
    side: str | None
    kind: str | None
    wikidata: str | None
    role: str | None = None  # the latest office the registry knows
    variants: list[str] = []  # other spellings folded into this actor
    signals: int
    statements: int
    types: dict[str, int]


class TimelineEntry(SignalOut):
    """A statement at its first report; `articles` counts every article that carried it."""

    statement_id: int | None = None
    articles: int = 1
    types: list[SignalType] = []  # every kind of move the sentence was read as


class Timeline(BaseModel):
    actor: ActorOut
    signals: list[TimelineEntry]


# ---------------------------------------------------------------------- across outlets (overture.store._analysis)

PositionState = Literal["open", "conditional", "refusing", "unknown"]


class StoryArticleOut(BaseModel):
    """One article of a story; `copy_of` is the source of the article it copies, if it is a copy."""

    id: int
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    copy_of: str | None
    copy_of_id: int | None
    rewrite_of_id: int | None
    similarity: float | None


class StoryOut(BaseModel):
    """Articles about one event, with who speaks in them and how many outlets told it on their own."""

    id: int
    title: str | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    actors: list[str]
    types: list[str]
    outlets: int
    independent_outlets: int
    articles: list[StoryArticleOut]


class MentionOut(BaseModel):
    """Where one folded statement was reported; `dropped` names conditions this report leaves out."""

    article_id: int
    signal_id: int
    source: str
    outlet: str | None
    date: dt.date | None
    conditions: list[str]
    dropped: list[str]
    evidence: SpanOut
    quote: SpanOut | None


class FoldedStatementOut(BaseModel):
    """One statement, told once, with every article that reported it."""

    id: int
    story_id: int | None
    actor: str | None
    actor_id: int | None
    type: SignalType
    target: str | None
    counterpart: str | None
    first_said: dt.date | None
    last_said: dt.date | None
    text: str
    conditions: list[str]
    mentions: list[MentionOut]


class OutletOut(BaseModel):
    """How one outlet told the story: its signals by type and framing cues by kind."""

    outlet: str
    country: str | None
    state_affiliated: bool | None
    articles: list[int]
    copies: list[int]
    independent: bool
    signals: dict[str, int]
    framing: dict[str, int]


class DroppedOut(BaseModel):
    outlet: str
    article_id: int
    signal_id: int
    conditions: list[str]


class ComparedStatementOut(BaseModel):
    """A statement as the outlets told it: "reported by A, absent from B", and who dropped its conditions."""

    id: int
    actor: str | None
    type: SignalType
    text: str
    conditions: list[str]
    reported_by: list[str]
    absent_from: list[str]
    dropped: list[DroppedOut]


class FramingCueOut(BaseModel):
    """A framing cue (a spelling, a loaded word, scare quotes) at its place in the article's text."""

    article_id: int
    outlet: str
    cue: str
    label: str
    text: str
    start: int
    end: int


class OutletComparison(BaseModel):
    outlets: list[OutletOut]
    statements: list[ComparedStatementOut]
    framing: list[FramingCueOut]
    independent_outlets: int
    copying_outlets: int


class StoryDetail(StoryOut):
    """A story with its folded statements and how each outlet told it."""

    statements: list[FoldedStatementOut]
    comparison: OutletComparison


class PositionEvidence(BaseModel):
    """A sentence that shows a position step; `start`/`end` index the article's `indexed_text`."""

    article_id: int
    signal_id: int
    statement_id: int | None
    source: str
    outlet: str | None
    text: str
    start: int
    end: int
    type: SignalType
    date: dt.date | None
    conditions: list[str]
    articles: int = 1  # how many articles reported this statement (copies, daily versions, others)
    outlets: list[str] = []  # every outlet that did


class PositionOut(BaseModel):
    """One step of an actor's position towards a counterpart: from `since` until `until`
    (exclusive; null while it still holds)."""

    actor: str
    actor_id: int | None
    counterpart: str | None
    state: PositionState
    since: dt.date
    until: dt.date | None
    last_seen: dt.date | None
    conditions: list[str]
    evidence: list[PositionEvidence]
