"""The corpus store: what goes in comes back out, and the views answer the analyst's questions.

Records here are built by hand (no pipeline) from sentences written for these tests, so
each test controls exactly which signals exist.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from overture.record import Record, Signal, Span
from overture.store import Store, StoreError

from conftest import ROOT


def make_record(source: str, text: str, signals: list[dict], *, outlet: str | None = None,
                published: str | None = None) -> Record:
    """A record of `text` whose signals each carry the sentence named by `evidence`."""
    sigs = []
    for s in signals:
        start = text.index(s.pop("evidence"))
        end = start + len(text[start:].split(".")[0]) + 1
        sigs.append(Signal(evidence=Span.of(text, start, end), **s))
    return Record(source=source, outlet=outlet, language="en", body=[(0, len(text))], signals=sigs,
                  published=dt.date.fromisoformat(published) if published else None)


TEXT_A = ("The president said his government was ready to talk. "
          "The minister ruled out any meeting this year. "
          "The envoy called for a truce over the holidays.")
TEXT_B = ("The president repeated that talks could start soon. "
          "The spokesman dismissed the proposal as theatre.")


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'test.db'}") as s:
        yield s


@pytest.fixture
def corpus(store):
    a = make_record("a.txt", TEXT_A, [
        dict(type="offer_talks", actor="Volodymyr Zelensky", actor_side="UKR", target="Russia",
             evidence="The president said", conditions=["security_guarantees"],
             said_on=dt.date(2023, 3, 1)),
        dict(type="reject_talks", actor="Sergei Lavrov", actor_side="RUS", evidence="The minister",
             reported_via=["TASS"]),
        dict(type="ceasefire", actor="Volodymyr Zelensky", actor_side="UKR", evidence="The envoy"),
    ], outlet="Kyiv Independent", published="2023-03-02")
    b = make_record("b.txt", TEXT_B, [
        dict(type="offer_talks", actor="Volodymyr Zelenskyy", actor_side="UKR", evidence="The president repeated"),
        dict(type="dismiss", actor="Dmitry Peskov", actor_side="RUS", target="Volodymyr Zelensky",
             evidence="The spokesman"),
    ], outlet="Meduza", published="2024-01-10")
    store.add(a, TEXT_A)
    store.add(b, TEXT_B, url="https://example.org/news/b?utm_source=feed")
    return store


def test_opening_creates_plain_tables_in_wal_mode(store):
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"articles", "statements", "signals", "claims", "actors", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        types = {row[2] for t in tables for row in conn.exec_driver_sql(f"PRAGMA table_info({t})")}
    assert types <= {"INTEGER", "TEXT", "DATE", "DATETIME", "FLOAT", "BOOLEAN"} | {
        f"VARCHAR({n})" for n in (8, 16, 32, 64, 200, 300, 2048)}


def test_migration_creates_exactly_the_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from overture.store._models import Base
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_reopening_keeps_the_data(tmp_path, corpus):
    again = Store(corpus.url)
    assert again.counts()["articles"] == 2


def test_add_stores_each_article_once(store):
    record = make_record("a.txt", TEXT_A, [])
    first = store.add(record, TEXT_A)
    assert first == (first[0], True)
    assert store.add(record, TEXT_A) == (first[0], False)
    assert store.add(record.model_copy(update={"source": "copy.txt"}), TEXT_A) == (first[0], False)
    assert store.counts()["articles"] == 1


def test_the_same_url_is_one_article_even_if_the_page_changed(store):
    url = "https://Example.org/story?utm_campaign=x"
    article_id, _ = store.add(make_record("s", TEXT_A, []), TEXT_A, url=url)
    assert store.add(make_record("s", TEXT_B, []), TEXT_B, url="https://example.org/story") == (article_id, False)


def test_article_round_trips_the_record_and_keeps_the_raw_text(corpus):
    article = corpus.article(1)
    assert article["raw"] == TEXT_A
    assert article["indexed_text"] == TEXT_A
    assert article["outlet"] == "Kyiv Independent"
    assert [s["type"] for s in article["signals"]] == ["offer_talks", "reject_talks", "ceasefire"]
    record = corpus.record(1)
    for signal in record.signals:
        assert TEXT_A[signal.evidence.start:signal.evidence.end] == signal.evidence.text
    assert corpus.article(999) is None


def test_articles_are_listed_newest_first_a_page_at_a_time(corpus):
    page, cursor = corpus.articles(limit=1)
    assert [a["source"] for a in page] == ["b.txt"] and page[0]["signals"] == 2
    page, cursor = corpus.articles(limit=1, cursor=cursor)
    assert [a["source"] for a in page] == ["a.txt"] and cursor is None


def test_signals_filter_by_actor_with_spelling_variants(corpus):
    rows, _ = corpus.signals(actor="zelenskiy")
    assert [(r["type"], r["date"]) for r in rows] == [
        ("offer_talks", "2023-03-01"), ("ceasefire", "2023-03-02"), ("offer_talks", "2024-01-10")]
    assert corpus.signals(actor="Nobody Atall")[0] == []


def test_signals_filter_by_type_dates_and_outlet(corpus):
    assert [r["actor"] for r in corpus.signals(type="dismiss")[0]] == ["Dmitry Peskov"]
    assert len(corpus.signals(since="2024-01-01")[0]) == 2
    assert len(corpus.signals(until=dt.date(2023, 3, 1))[0]) == 1
    assert len(corpus.signals(outlet="meduza")[0]) == 2
    assert [r["actor"] for r in corpus.signals(outlet="TASS")[0]] == ["Sergei Lavrov"]
    with pytest.raises(StoreError):
        corpus.signals(since="last week")


def test_signal_pages_follow_each_other_without_gaps(corpus):
    everything, none = corpus.signals()
    assert none is None and len(everything) == 5
    seen, cursor = [], None
    while True:
        page, cursor = corpus.signals(limit=2, cursor=cursor)
        seen += page
        if cursor is None:
            break
    assert [s["id"] for s in seen] == [s["id"] for s in everything]
    with pytest.raises(StoreError):
        corpus.signals(cursor="not-a-cursor")


def test_timeline_lists_conditions_counterpart_and_outlets(corpus):
    steps = corpus.timeline("Volodymyr Zelensky")
    assert [s["date"] for s in steps] == sorted(s["date"] for s in steps)
    first = steps[0]
    assert (first["type"], first["conditions"], first["target"]) == ("offer_talks", ["security_guarantees"], "Russia")
    assert first["outlets"] == ["Kyiv Independent"]
    lavrov = corpus.timeline("Lavrov")
    assert lavrov[0]["outlets"] == ["Kyiv Independent", "TASS"]
    assert corpus.timeline(lavrov[0]["actor_id"]) == lavrov


def test_actors_count_signals_and_carry_registry_facts(corpus):
    actors = {a["name"]: a for a in corpus.actors()}
    zelensky = actors["Volodymyr Zelensky"]
    assert zelensky["types"] == {"ceasefire": 1, "offer_talks": 2}  # "Zelenskyy" is the same actor
    assert zelensky["side"] == "UKR" and zelensky["kind"] == "person" and zelensky["wikidata"]
    assert corpus.actor("Peskov")["signals"] == 1
    assert corpus.actor(zelensky["id"])["name"] == "Volodymyr Zelensky"


def test_outlets_matrix_says_who_carried_what(corpus):
    matrix = corpus.outlets_matrix()
    assert matrix["outlets"] == ["Kyiv Independent", "Meduza", "TASS"]
    cells = {(r["actor"], r["type"]): r["outlets"] for r in matrix["rows"]}
    assert cells[("Sergey Lavrov", "reject_talks")] == {"Kyiv Independent": 1, "TASS": 1}  # registry spelling
    assert cells[("Dmitry Peskov", "dismiss")] == {"Meduza": 1}


def test_export_writes_records_and_signal_rows(corpus, tmp_path):
    assert corpus.export("jsonl", tmp_path / "records.jsonl") == 2
    lines = (tmp_path / "records.jsonl").read_text().splitlines()
    assert Record.model_validate(json.loads(lines[0])) == corpus.record(1)
    assert corpus.export("csv", tmp_path / "signals.csv") == 5
    header = (tmp_path / "signals.csv").read_text().splitlines()[0]
    assert header.startswith("id,date,type,actor")
    with pytest.raises(StoreError):
        corpus.export("xml", tmp_path / "x.xml")


def test_deleting_an_article_takes_its_rows_with_it(corpus):
    with corpus.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM articles WHERE id = 1")
    assert corpus.counts()["signals"] == 2


def test_reprocess_replaces_what_an_older_extractor_found(store, pipeline):
    text = ("Kyiv, 4 June 2024.\n\n"
            "Foreign Minister Dmytro Kuleba said on Tuesday that Ukraine was ready to hold talks "
            "with Russia if its troops left the occupied territories.\n")
    stale = make_record("old.txt", text, [])
    article_id, _ = store.add(stale, text, hints={"outlet": "Ukrainska Pravda"})
    assert store.counts()["signals"] == 0
    report = store.reprocess(pipeline)
    assert (report.articles, report.failed) == (1, [])
    record = store.record(article_id)
    assert record.outlet == "Ukrainska Pravda"  # the user's metadata survives reprocessing
    assert record.signals and store.counts()["signals"] == report.signals
    assert store.reprocess(pipeline).signals == report.signals  # idempotent


@pytest.fixture(scope="module")
def pipeline():
    from overture.pipeline import Pipeline
    return Pipeline()


def test_signals_as_parquet(corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert corpus.export("parquet", tmp_path / "signals.parquet") == 5
    table = pq.read_table(tmp_path / "signals.parquet")
    assert table.num_rows == 5 and table.column_names[:3] == ["id", "date", "type"]


def test_an_in_memory_store_is_one_database():
    store = Store("sqlite://")
    store.add(make_record("a.txt", TEXT_A, []), TEXT_A)
    assert store.counts()["articles"] == 1


def test_a_missing_database_driver_is_a_clear_error():
    pytest.importorskip("sqlalchemy")
    try:
        import MySQLdb  # noqa: F401
        pytest.skip("a MySQL driver is installed here")
    except ImportError:
        pass
    with pytest.raises(StoreError, match="driver"):
        Store("mysql+mysqldb://localhost/overture")


def test_a_grown_test_store_repeats_real_records_later_in_time(corpus, tmp_path, monkeypatch):
    """scripts/grow_store.py: each article again under a new name, its dates a few weeks on,
    until the count asked for; the source store is left as it was."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import grow_store

    target = f"sqlite:///{tmp_path / 'grown.db'}"
    monkeypatch.setattr(sys, "argv", ["grow_store.py", str(corpus.engine.url), target, "--articles", "5", "--weeks", "2"])
    grow_store.main()
    grown = Store(target)
    assert grown.counts()["articles"] == 5 and corpus.counts()["articles"] == 2
    records = [r for _, r in grown.iter_records()]
    assert [r.source for r in records] == ["a.txt", "b.txt", "r0001-a.txt", "r0001-b.txt", "r0002-a.txt"]
    assert records[2].published == records[0].published + dt.timedelta(weeks=2)
    assert records[4].signals[0].said_on == dt.date(2023, 3, 1) + dt.timedelta(weeks=4)
    assert [s.type for s in records[3].signals] == [s.type for s in records[1].signals]
    grown.close()
