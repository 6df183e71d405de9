"""The record of one article, as typed models that serialise exactly to the contract's JSON.

See ../shared/spec/record.md. `Record.model_dump(mode="json")` is what `overture extract`
prints; span `text` always equals the indexed text's `[start:end]`.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

SignalType = Literal["offer_talks", "reject_talks", "condition", "propose", "welcome",
                     "dismiss", "urge_talks", "ceasefire", "accuse_violation", "meeting"]
SIGNAL_TYPES: tuple[str, ...] = SignalType.__args__  # type: ignore[attr-defined]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A run of the article's text: `text == source_text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def of(cls, source_text: str, start: int, end: int) -> "Span":
        return cls(start=start, end=end, text=source_text[start:end])


class Statement(_Model):
    """One attributed piece of speech: direct, indirect (reported) or mixed."""

    speaker: str | None
    speaker_side: str | None = None
    speaker_role: str | None = None  # the title or description the text gave ("foreign minister")
    cue: Span | None = None
    content: Span
    kind: Literal["direct", "indirect", "mixed"]
    reported_via: list[str] = Field(default_factory=list)
    medium: str | None = None


class Signal(_Model):
    """One statement or act that moves the picture of negotiations."""

    type: SignalType
    actor: str | None
    actor_side: str | None = None
    actor_role: str | None = None  # the title or description the text gave ("senior official")
    target: str | None = None
    evidence: Span
    quote: Span | None = None
    conditions: list[str] = Field(default_factory=list)
    said_on: dt.date | None = None
    date_text: str | None = None
    medium: str | None = None
    reported_via: list[str] = Field(default_factory=list)
    cameo: str | None = None
    plover: str | None = None
    goldstein: float | None = None

    @field_serializer("said_on")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None


class Claim(_Model):
    """How many or how much, and who says so."""

    claimant: str | None
    figure: str
    subject: str | None = None
    evidence: Span
    verified: bool | None = None


class Record(_Model):
    """Everything overture extracts from one article."""

    source: str
    offsets: Literal["raw", "text"] = "raw"
    title: str | None = None
    outlet: str | None = None
    wire: str | None = None
    published: dt.date | None = None
    published_from: Literal["text", "path", "manifest"] | None = None
    language: str | None = None
    text: str | None = None
    body: list[tuple[int, int]] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    @field_serializer("published")
    def _iso(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    def indexed_text(self, raw: str | None = None) -> str:
        """The text the offsets index: the record's own `text` for HTML, else the raw input."""
        if self.offsets == "text":
            return self.text or ""
        if raw is None:
            raise ValueError("raw offsets: pass the raw article text")
        return raw
