"""The store on PostgreSQL as well as SQLite, and several writers at once.

PostgreSQL tests run against a real server: OVERTURE_TEST_PG (default
postgresql+psycopg://postgres@127.0.0.1:5432) must answer with a user allowed to create
databases. Each test session creates a fresh `overture_test_<random>` database and drops it at
the end. Without a server or without psycopg the PostgreSQL cases are skipped with the reason;
set OVERTURE_REQUIRE_PG=1 (as CI does) to make that a failure instead.

The backend-neutral tests of test_store.py run here again over both backends: they are
imported below and pick up this module's `store` fixture.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from overture.store import Store

# the backend-neutral store tests, run here on both backends (they use this module's `store`)
from test_store import (TEXT_A, corpus, make_record,  # noqa: F401
                        test_actors_count_signals_and_carry_registry_facts,
                        test_add_stores_each_article_once, test_article_round_trips_the_record_and_keeps_the_raw_text,
                        test_articles_are_listed_newest_first_a_page_at_a_time,
                        test_deleting_an_article_takes_its_rows_with_it, test_export_writes_records_and_signal_rows,
                        test_migration_creates_exactly_the_models, test_outlets_matrix_says_who_carried_what,
                        test_reopening_keeps_the_data, test_reprocess_replaces_what_an_older_extractor_found,
                        test_signal_pages_follow_each_other_without_gaps, test_signals_filter_by_actor_with_spelling_variants,
                        test_signals_filter_by_type_dates_and_outlet,
                        test_the_same_url_is_one_article_even_if_the_page_changed,
                        test_timeline_lists_conditions_counterpart_and_outlets)

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("OVERTURE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
BACKENDS = ["sqlite", "postgresql"]


def _unavailable(reason: str) -> None:
    if os.environ.get("OVERTURE_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required (OVERTURE_REQUIRE_PG=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def new_pg_database():
    """A factory of fresh, empty databases on the test server (URLs); all dropped at the end."""
    if importlib.util.find_spec("psycopg") is None:
        _unavailable("psycopg is not installed (pip install 'psycopg[binary]')")
    admin = sa.create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT",
                             poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        _unavailable(f"no PostgreSQL server answers at {SERVER}: {str(exc.orig).strip().splitlines()[0]}")
    made: list[str] = []

    def create() -> str:
        name = f"overture_test_{secrets.token_hex(5)}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{SERVER}/{name}"

    yield create
    with admin.connect() as conn:
        for name in made:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session")
def pg_url(new_pg_database) -> str:
    """One database for the session; each test empties it (see `store`)."""
    return new_pg_database()


def _url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """An empty store on each backend; on PostgreSQL ids restart at 1, as in a new SQLite file."""
    with Store(_url(request.param, request, tmp_path)) as s:
        if s.engine.dialect.name == "postgresql":
            tables = [t for t in sa.inspect(s.engine).get_table_names() if t != "alembic_version"]
            with s.engine.begin() as conn:
                conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        yield s


# ---------------------------------------------------------------------------- PostgreSQL schema


def test_postgresql_gets_the_same_plain_tables_and_constraints(pg_url):
    with Store(pg_url) as store:
        inspector = sa.inspect(store.engine)
        tables = set(inspector.get_table_names())
        assert {"articles", "statements", "signals", "claims", "actors", "alembic_version"} <= tables
        types = {str(c["type"]) for t in tables for c in inspector.get_columns(t)}
        unique = {u["name"] for t in tables for u in inspector.get_unique_constraints(t)}
    assert types <= {"INTEGER", "TEXT", "DATE", "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE", "DOUBLE PRECISION",
                     "FLOAT", "BOOLEAN"} | {f"VARCHAR({n})" for n in (8, 16, 32, 64, 200, 300, 2048)}
    assert {"uq_articles_content_hash", "uq_articles_canonical_url", "uq_actors_name"} <= unique


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_ingested_at_is_utc_whatever_the_server_zone(store):
    """Naive UTC timestamps go in; a session in another time zone must not shift them."""
    store.add(make_record("a.txt", TEXT_A, []), TEXT_A)
    url = sa.make_url(store.url).update_query_dict({"options": "-c timezone=Asia/Kolkata"})
    with Store(url.render_as_string(hide_password=False)) as other:
        stamp = dt.datetime.fromisoformat(other.articles()[0][0]["ingested_at"])
    assert abs(stamp - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=1)


# ---------------------------------------------------------------------------- several writers


def _race_record(i: int, copy: int | None = None):
    """Article i (or a different copy of it): a registry actor, and a new actor shared by the
    article and its copies, so writers adding different articles race to create that actor."""
    text = (f"The president said talks could resume in round {i}{f' (copy {copy})' if copy is not None else ''}. "
            f"The mediator of that round urged both sides to talk.")
    return make_record(f"race_{i}_{copy}.txt", text, [
        dict(type="offer_talks", actor="Volodymyr Zelenskyy", actor_side="UKR", evidence="The president"),
        dict(type="urge_talks", actor=f"Mediator Of Round {i}", evidence="The mediator"),
    ], published="2024-05-01"), text


def test_two_writers_at_once_store_each_article_and_each_actor_once(store):
    """Each round both writers add, at the same moment, each its own article naming the same
    new actor (one actor row, both articles stored), then the same article (one stores it, the
    other is told it is a duplicate)."""
    n = 15
    barrier = threading.Barrier(2, timeout=60)
    results: dict[int, list] = {0: [], 1: []}
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with Store(store.url) as own:
                for i in range(n):
                    barrier.wait()
                    mine = own.add(*_race_record(i, copy=k))
                    barrier.wait()
                    results[k].append((own.add(*_race_record(i)), mine))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=writer, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for ((id0, new0), own0), ((id1, new1), own1) in zip(results[0], results[1]):
        assert id0 == id1 and new0 != new1  # one stored it, the other found it
        assert own0[1] and own1[1] and own0[0] != own1[0]
    counts = store.counts()
    assert (counts["articles"], counts["signals"]) == (3 * n, 6 * n)
    assert counts["actors"] == 1 + n  # Zelensky (registry) and one mediator per round
    assert store.actor("Zelensky")["signals"] == 3 * n
    assert all(a["signals"] == 3 for a in store.actors() if a["name"].startswith("Mediator"))


def _invented_articles(folder: Path, n: int = 20) -> None:
    """Short dated articles in which named officials offer talks on conditions and others refuse."""
    speakers = [("Foreign Minister Dmytro Kuleba", "Ukraine", "Russia"),
                ("Kremlin spokesman Dmitry Peskov", "Russia", "Ukraine"),
                ("President Volodymyr Zelensky", "Ukraine", "Moscow"),
                ("Foreign Minister Sergei Lavrov", "Russia", "Kyiv")]
    conditions = ["its troops left the occupied territories", "the shelling of cities stopped first",
                  "the talks were held in a neutral country", "prisoners were exchanged beforehand",
                  "international observers were present"]
    months = ["January", "February", "March", "April", "May"]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        speaker, side, other = speakers[i % 4]
        (folder / f"article_{i:02d}.txt").write_text(
            f"Geneva, {3 + i} {months[i // 4 % 5]} 2024.\n\n"
            f"{speaker} said on Tuesday that {side} was ready to hold talks with {other} "
            f"if {conditions[i % 5]}.\n\n"
            f"Officials in {other} rejected the offer and said there would be no negotiations this year.\n\n"
            f"Observers expected further contacts in the spring (bulletin {i}).\n", encoding="utf-8")


_SUMMARY = re.compile(r"(\d+) new, (\d+) duplicate, (\d+) failed")


@pytest.fixture(scope="module")
def invented_news(tmp_path_factory, pipeline):
    """The folder of invented articles, and what one process alone makes of it: (folder,
    counts, [(actor, signals)])."""
    from overture.ingest import ingest
    folder = tmp_path_factory.mktemp("invented") / "news"
    _invented_articles(folder)
    with Store(f"sqlite:///{folder.parent / 'alone.db'}") as alone:
        assert ingest([folder], alone, pipeline=pipeline).new == 20
        return folder, alone.counts(), sorted((a["name"], a["signals"]) for a in alone.actors())


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_ingesting_one_folder_store_every_article_once(backend, request, tmp_path, invented_news):
    """Two `overture ingest` processes over the same folder into one new database at once
    (both also race to create the schema): every article is stored once, and the corpus is
    the one a single process would have built."""
    folder, expected_counts, expected_actors = invented_news
    url = (f"sqlite:///{tmp_path / 'shared.db'}" if backend == "sqlite"
           else request.getfixturevalue("new_pg_database")())
    command = [sys.executable, "-m", "overture", "ingest", str(folder), "--db", url]
    started = time.perf_counter()
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    seconds = time.perf_counter() - started
    assert [p.returncode for p in procs] == [0, 0], "\n----\n".join(out[-2500:] for out in outputs)
    summaries = [tuple(map(int, _SUMMARY.findall(out)[-1])) for out in outputs]
    new, duplicate, failed = (sum(s[k] for s in summaries) for k in range(3))
    print(f"\n{backend}: two processes {summaries} (new, duplicate, failed) in {seconds:.1f}s")
    assert (new, duplicate, failed) == (20, 20, 0)

    with Store(url) as shared:
        assert shared.counts() == expected_counts
        assert sorted((a["name"], a["signals"]) for a in shared.actors()) == expected_actors
        with shared.engine.connect() as conn:
            twice = conn.exec_driver_sql(
                "SELECT article_id, position FROM signals GROUP BY article_id, position "
                "HAVING count(*) > 1").all()
            heads = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    assert twice == [] and len(heads) == 1


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_analysis_answers_the_same_on_postgresql_as_on_sqlite(corpus, tmp_path):
    """The same corpus, copied into SQLite article by article, analysed on both backends."""
    from overture.store import _analysis as analysis
    with Store(f"sqlite:///{tmp_path / 'copy.db'}") as lite:
        for article_id, record in corpus.iter_records():
            article = corpus.article(article_id)
            lite.add(record, article["raw"], url=article["url"], kind=article["kind"])
        answers = []
        for s in (corpus, lite):
            report = analysis.analyse(s)
            answers.append((report.stories, report.folded_statements, report.positions, analysis.stories(s),
                            analysis.folded_statements(s), analysis.positions(s, "Zelensky"),
                            analysis.outlet_comparison(s, 1)))
    assert answers[0][0] > 0 and answers[0][3]
    assert answers[0] == answers[1]
