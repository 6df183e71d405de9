"""The store's tables, as SQLAlchemy 2 models.

Plain portable columns only (integers, text, dates, floats, booleans), so the SQLite file
opens in Datasette and the same models run on PostgreSQL. Lists (conditions, reported_via,
body spans, hints) are JSON in TEXT columns. Spans are flattened into `*_start`, `*_end`,
`*_text` columns so they can be queried and read without JSON functions.

The Alembic migration in migrations/versions/ creates exactly these tables; a test compares
them, so change both together.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Text,
                        TypeDecorator)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class JSONText(TypeDecorator):
    """A JSON value kept as plain TEXT (readable in Datasette, portable to any database)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ArticleRow(Base):
    """One ingested article: the input as read (raw), what extraction made of it, and where from."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)                      # file name or URL as given
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))                  # text, markdown, html
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(Text)          # front matter / lang attribute, as written
    title: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)                 # HTML only: what offsets index
    offsets: Mapped[str] = mapped_column(String(8))
    body: Mapped[list] = mapped_column(JSONText)                   # [[start, end], ...]
    hints: Mapped[dict] = mapped_column(JSONText)                  # user metadata, kept for reprocess
    extractor_version: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)

    statements: Mapped[list[StatementRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="StatementRow.position")
    signals: Mapped[list[SignalRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="SignalRow.position")
    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ClaimRow.position")


class ArticleOriginRow(Base):
    """Where an article's story and date came from: the wire it runs, and whether its date was
    read in its text, its file's path or a manifest. A row only when either is known (0004)."""

    __tablename__ = "article_origins"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    wire: Mapped[str | None] = mapped_column(Text)
    published_from: Mapped[str | None] = mapped_column(String(16))


class ActorRow(Base):
    """Anyone who speaks or signals in the corpus, by canonical name; registry facts where known."""

    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    side: Mapped[str | None] = mapped_column(String(8))
    kind: Mapped[str | None] = mapped_column(String(32))
    wikidata: Mapped[str | None] = mapped_column(String(32))


class StatementRow(Base):
    __tablename__ = "statements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)                 # index in the record's list
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    speaker_side: Mapped[str | None] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    reported_via: Mapped[list] = mapped_column(JSONText)
    medium: Mapped[str | None] = mapped_column(Text)

    article: Mapped[ArticleRow] = relationship(back_populates="statements")


class SignalRow(Base):
    __tablename__ = "signals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    actor_side: Mapped[str | None] = mapped_column(String(8))
    target: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    quote_text: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[list] = mapped_column(JSONText)
    said_on: Mapped[dt.date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(Text)
    reported_via: Mapped[list] = mapped_column(JSONText)
    cameo: Mapped[str | None] = mapped_column(String(8))
    plover: Mapped[str | None] = mapped_column(String(64))
    goldstein: Mapped[float | None] = mapped_column(Float)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)  # said_on, else published: for ordering

    article: Mapped[ArticleRow] = relationship(back_populates="signals")


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    claimant: Mapped[str | None] = mapped_column(Text)
    figure: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    verified: Mapped[bool | None] = mapped_column(Boolean)

    article: Mapped[ArticleRow] = relationship(back_populates="claims")


# ---------------------------------------------------------------- analysis (issue 6)
# Derived from the tables above by overture.store._analysis.analyse(), which replaces them
# all in one transaction; ids of stories and folded statements are the smallest article /
# signal id they hold, so they stay the same from one run to the next.

class StoryRow(Base):
    """Articles about one event: its title and the span of dates it was reported over."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # smallest article id
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[dt.date | None] = mapped_column(Date, index=True)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    actors: Mapped[list] = mapped_column(JSONText)                 # canonical names, most mentioned first
    types: Mapped[list] = mapped_column(JSONText)                  # signal types in the story


class StoryArticleRow(Base):
    """An article's place in the analysis: its story, the earlier article it copies or rewrites,
    its outlet (registry name) and the framing cues in its body."""

    __tablename__ = "story_articles"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    copy_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    rewrite_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)        # Jaccard of body shingles with that article
    outlet: Mapped[str] = mapped_column(Text)
    framing: Mapped[list] = mapped_column(JSONText)                # [{cue, label, start, end, text}]


class FoldedStatementRow(Base):
    """One statement however many times it was reported; its mentions are signals."""

    __tablename__ = "folded_statements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # smallest signal id
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str | None] = mapped_column(Text)
    counterpart: Mapped[str | None] = mapped_column(Text)
    first_said: Mapped[dt.date | None] = mapped_column(Date)
    last_said: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    conditions: Mapped[list] = mapped_column(JSONText)             # every condition any mention carries


class StatementMentionRow(Base):
    """One report of a folded statement: a signal in an article, with its own conditions."""

    __tablename__ = "statement_mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("folded_statements.id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    outlet: Mapped[str] = mapped_column(Text)
    conditions: Mapped[list] = mapped_column(JSONText)
    dropped: Mapped[list] = mapped_column(JSONText)                # conditions other mentions carry, this one not


class PositionRow(Base):
    """One step of an actor's position towards a counterpart: open, conditional, refusing, unknown."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(Text)
    counterpart: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    since: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)            # exclusive; None: still so
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    conditions: Mapped[list] = mapped_column(JSONText)
    evidence: Mapped[list] = mapped_column(JSONText)               # [{article_id, signal_id, statement_id, ...}]
