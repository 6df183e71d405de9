"""Over-long free text from an article is stored whole, on SQLite and on PostgreSQL alike.

Names, outlets, the language tag and the canonical URL come from what an article says. Up to
migration 0002 they were VARCHAR(n): PostgreSQL refused an article whose actor name ran past
300 characters (or outlet past 200, URL past 2048), SQLite stored it. Migration 0003 makes them
TEXT. The texts below are invented for these tests. PostgreSQL cases need the server described
in test_store_pg.py (OVERTURE_TEST_PG; OVERTURE_REQUIRE_PG=1 makes its absence a failure).
"""
from __future__ import annotations

import datetime as dt
import random

import alembic.command
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from overture.record import Claim, Record, Signal, Span, Statement
from overture.store import Store, StoreError
from overture.store import _analysis as analysis
from overture.store._models import (ActorRow, Base, FoldedStatementRow, PositionRow, StatementMentionRow,
                                    StoryArticleRow)
from overture.store._store import canonical_url
# the two-backend fixtures: `store` (empty, each backend) and fresh PostgreSQL databases
from test_store_pg import BACKENDS, new_pg_database, pg_url, store  # noqa: F401

LONG = 5000
_WORDS = ("harbour", "council", "of", "the", "northern", "salt", "marshes", "and", "upper", "valley",
          "provisional", "committee", "for", "fishermen", "lighthouse", "keepers", "ferry", "guild",
          "joint", "delegation", "island", "parishes", "tidal", "mills", "association", "eastern",
          "shore", "cooperative", "weavers", "assembly", "river", "pilots", "second", "district")


def long_text(head: str, n: int = LONG) -> str:
    """`head` and then invented words, exactly n characters (no trailing space)."""
    rnd = random.Random(head)
    words = [head]
    while sum(len(w) + 1 for w in words) <= n:
        words.append(rnd.choice(_WORDS))
    return " ".join(words)[:n - 1] + "s"


ACTOR = long_text("Chairwoman")
SPEAKER = long_text("Spokesman")
TARGET = long_text("Ministry")
CLAIMANT = long_text("Registrar")
OUTLET = long_text("Gazette")
TITLE = long_text("Headline")
LANGUAGE = "English as written in the harbour towns of the northern coast"  # front matter, as given
URL = "https://harbour-gazette.example/" + "-".join(long_text("archive", 2500).split())

TEXT = ("The chairwoman said on Monday that the council was ready to talk with the ministry. "
        "Her spokesman said the delegation would travel to the island next week. "
        "The registrar claimed that 4,000 fishermen had signed the petition.")


def _span(text: str, sentence_start: str) -> Span:
    start = text.index(sentence_start)
    return Span.of(text, start, text.index(".", start) + 1)


def long_record() -> Record:
    """A record of TEXT whose actor, speaker, target, claimant, outlet and title are each
    5,000 characters long."""
    return Record(
        source="harbour.md", title=TITLE, outlet=OUTLET, language=LANGUAGE, published=dt.date(2025, 4, 7),
        body=[(0, len(TEXT))],
        statements=[Statement(speaker=SPEAKER, content=_span(TEXT, "Her spokesman"), kind="indirect")],
        signals=[Signal(type="offer_talks", actor=ACTOR, target=TARGET, evidence=_span(TEXT, "The chairwoman"),
                        said_on=dt.date(2025, 4, 7), conditions=["ceasefire_first"])],
        claims=[Claim(claimant=CLAIMANT, figure="4,000", subject="fishermen", evidence=_span(TEXT, "The registrar"))])


def _assert_long_values_read_back(store: Store, article_id: int, record: Record) -> None:
    assert store.record(article_id) == record
    article = store.article(article_id)
    assert (article["outlet"], article["title"], article["language"]) == (OUTLET, TITLE, LANGUAGE)
    assert article["statements"][0]["speaker"] == SPEAKER
    assert (article["signals"][0]["actor"], article["signals"][0]["target"]) == (ACTOR, TARGET)
    assert article["claims"][0]["claimant"] == CLAIMANT
    assert article["url"] == URL and article["canonical_url"] == canonical_url(URL)
    assert len(article["canonical_url"]) > 2048
    with store.engine.connect() as conn:  # what the database itself holds, not a cached object
        lengths = conn.execute(sa.text(
            "SELECT length(s.actor), length(s.target), length(a.outlet), length(a.canonical_url) "
            "FROM signals s JOIN articles a ON a.id = s.article_id WHERE a.id = :id"), {"id": article_id}).one()
    assert tuple(lengths) == (LONG, LONG, LONG, len(canonical_url(URL)))
    assert {ACTOR, SPEAKER} <= {a["name"] for a in store.actors()}
    rows, _ = store.signals(outlet=OUTLET)
    assert [(r["actor"], r["target"]) for r in rows] == [(ACTOR, TARGET)]


def test_long_names_outlet_and_url_are_stored_and_read_back_unchanged(store):
    for value in (ACTOR, SPEAKER, TARGET, CLAIMANT, OUTLET, TITLE):
        assert len(value) == LONG
    record = long_record()
    article_id, created = store.add(record, TEXT, url=URL, kind="markdown")
    assert created
    _assert_long_values_read_back(store, article_id, record)
    assert store.add(record, TEXT, url=URL) == (article_id, False)  # the unique URL and name still dedupe


def test_long_values_reach_the_analysis_tables_whole(store):
    store.add(long_record(), TEXT, url=URL)
    report = analysis.analyse(store)
    assert (report.folded_statements, report.positions) == (1, 1)
    with Session(store.engine) as s:
        assert s.scalars(sa.select(StoryArticleRow.outlet)).all() == [OUTLET]
        assert s.scalars(sa.select(StatementMentionRow.outlet)).all() == [OUTLET]
        folded = s.execute(sa.select(FoldedStatementRow.actor, FoldedStatementRow.target,
                                     FoldedStatementRow.counterpart)).all()
        assert [tuple(r) for r in folded] == [(ACTOR, TARGET, TARGET)]
        positions = s.execute(sa.select(PositionRow.actor, PositionRow.counterpart)).all()
        assert [tuple(r) for r in positions] == [(ACTOR, TARGET)]
        actor_id = s.scalar(sa.select(ActorRow.id).where(ActorRow.name == ACTOR))
    assert [p["counterpart"] for p in analysis.positions(store, actor_id)] == [TARGET]


# ---------------------------------------------------------------------- upgrading from 0002

OLD_TEXTS = [
    ("The mayor of the river port said on Friday that her town would join the talks. "
     "The ferry guild rejected any meeting before the harvest. "
     "The harbourmaster claimed that 120 boats stayed in port."),
    ("The mayor repeated that the talks should open in the spring. "
     "The guild secretary called for a truce on the water until then."),
]


def old_record(i: int) -> Record:
    """Ordinary records (short names) of the kind stored before 0003."""
    text = OLD_TEXTS[i]
    signals = [Signal(type="offer_talks", actor="Mayor Ilse Brandvik", target="the ferry guild",
                      evidence=_span(text, "The mayor"), said_on=dt.date(2024, 9, 6 + i))]
    if i == 0:
        signals.append(Signal(type="reject_talks", actor="Ferry Guild", evidence=_span(text, "The ferry guild")))
        claims = [Claim(claimant="harbourmaster", figure="120", subject="boats",
                        evidence=_span(text, "The harbourmaster"))]
    else:
        signals.append(Signal(type="ceasefire", actor="Guild Secretary Aro Pelt", evidence=_span(text, "The guild")))
        claims = []
    return Record(source=f"port_{i}.txt", outlet="Valley Courier", language="en", published=dt.date(2024, 9, 7 + i),
                  body=[(0, len(text))], signals=signals, claims=claims,
                  statements=[Statement(speaker="Mayor Ilse Brandvik", content=_span(text, "The mayor"),
                                        kind="indirect")])


def _tables(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every row of every model table the database has, in primary-key order (a table a later
    migration adds is compared once it exists)."""
    present = set(sa.inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables if t.name in present and t.name != "article_origins"}


def _version(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()


def _declared(engine: sa.Engine, table: str, column: str) -> str:
    return next(str(c["type"]) for c in sa.inspect(engine).get_columns(table) if c["name"] == column)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_0002_database_keeps_its_rows_and_takes_long_values_after_the_upgrade(backend, request, tmp_path,
                                                                                 monkeypatch):
    url = (f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite"
           else request.getfixturevalue("new_pg_database")())

    # A store as 0002 left it: the project's own migration step (Store -> _migrate), stopped at 0002.
    real_upgrade = alembic.command.upgrade
    with monkeypatch.context() as m:
        m.setattr(alembic.command, "upgrade", lambda config, revision, **kw: real_upgrade(config, "0002", **kw))
        with Store(url) as old:
            assert _version(old.engine) == ["0002"]
            assert _declared(old.engine, "signals", "actor") == "VARCHAR(300)"
            for i in range(2):
                assert old.add(old_record(i), OLD_TEXTS[i], url=f"https://valley-courier.example/port/{i}")[1]
            report = analysis.analyse(old)
            assert (report.stories, report.folded_statements, report.positions) == (2, 4, 2)
            if backend == "postgresql":  # the difference 0003 removes: PostgreSQL refused long names
                with pytest.raises(StoreError, match="too long"):
                    old.add(long_record(), TEXT, url=URL)
            before = _tables(old.engine)
    assert len(before["articles"]) == 2 and len(before["signals"]) == 4 and len(before["claims"]) == 1
    assert len(before["statements"]) == 2 and len(before["positions"]) == 2 and len(before["stories"]) == 2
    assert len(before["statement_mentions"]) == 4

    # Opening it now runs the rest of the migrations.
    with Store(url) as store:
        assert _version(store.engine) == ["0004"]
        for table, column in (("actors", "name"), ("signals", "actor"), ("signals", "target"),
                              ("statements", "speaker"), ("articles", "outlet"), ("articles", "canonical_url"),
                              ("story_articles", "outlet"), ("positions", "counterpart")):
            assert _declared(store.engine, table, column) == "TEXT", (table, column)
        assert _declared(store.engine, "articles", "content_hash") == "VARCHAR(64)"
        assert _tables(store.engine) == before  # every row of every table, as it was

        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            if backend == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []

        assert store.counts()["articles"] == 2 and store.article(1)["signals"][0]["actor"] == "Mayor Ilse Brandvik"
        record = long_record()
        article_id, created = store.add(record, TEXT, url=URL)
        assert created and article_id == 3
        _assert_long_values_read_back(store, article_id, record)
        assert store.counts() == {"articles": 3, "statements": 3, "signals": 5, "claims": 2, "actors": 5}
