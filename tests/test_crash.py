"""Crash safety, for real: `python -m overture ingest` is SIGKILLed in the middle of a folder,
several times, then run to the end; every article is stored exactly once, with all of its
rows, and the SQLite file is consistent.

Each article is committed in its own transaction, so a kill loses at most the article being
written, and the next run stores it (the ones already stored are duplicates, skipped before
extraction). The articles are invented here: 60 short reports with negotiation language.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from overture.read import read_article
from overture.record import to_record

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 60
KILL_AFTER = (8, 25, 42)  # stored articles seen before each SIGKILL

PLACES = ["Arden", "Belmora", "Corvia", "Dastra", "Elmland", "Fenwick", "Galvia", "Hestor", "Istria", "Jorvik"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
MOVES = [
    "was ready to hold talks with {other} on a ceasefire if its troops left the border region",
    "rejected any negotiations with {other} while the shelling of its towns continued",
    "proposed a new round of peace talks with {other} in a neutral capital",
    "urged {other} to return to the negotiating table without preconditions",
    "accused {other} of violating the ceasefire agreed last month",
    "welcomed the offer from {other} to resume negotiations on prisoner exchanges",
]


def article(i: int) -> str:
    """One invented report; every one differs (place, date, move and number)."""
    place, other = PLACES[i % 10], PLACES[(i + 3) % 10]
    move = MOVES[i % len(MOVES)].format(other=other)
    return (f"{place}, {1 + i % 27} {MONTHS[i // 6 % 10]} 2023.\n\n"
            f"The foreign minister of {place} said on Tuesday that the government {move}.\n\n"
            f"\"We are prepared to talk, but not at any price,\" the minister told reporters after meeting "
            f"{i + 2} envoys in the capital.\n\n"
            f"Officials in {other} said they would study the statement before answering it.\n")


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def start(folder: Path, db: Path, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "OVERTURE_DB"}
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "overture", "ingest", str(folder), "--db", f"sqlite:///{db}"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "news"
    folder.mkdir()
    for i in range(ARTICLES):
        (folder / f"report{i:02d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def test_sigkill_midway_then_rerun_stores_every_article_once(corpus, tmp_path, pipeline):
    db, log = tmp_path / "corpus.db", tmp_path / "ingest.log"
    kills = []
    for target in KILL_AFTER:
        proc = start(corpus, db, log)
        deadline = time.monotonic() + 240
        while stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"ingest ended before it could be killed:\n{log.read_text()}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        kills.append(stored(db))
    print(f"SIGKILLed with {kills} articles stored")
    assert kills == sorted(kills) and kills[0] >= KILL_AFTER[0] and kills[-1] < ARTICLES

    final = subprocess.run([sys.executable, "-m", "overture", "ingest", str(corpus), "--db", f"sqlite:///{db}"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stdout + final.stderr
    assert f"{ARTICLES - kills[-1]} new, {kills[-1]} duplicate, 0 failed" in final.stdout

    # what each article's rows must be: the same pipeline, run here, uninterrupted
    expected = {}
    for path in sorted(corpus.iterdir()):
        record = to_record(pipeline(read_article(path)))
        expected[path.name] = (len(record.signals), len(record.statements), len(record.claims))
    assert all(signals for signals, _, _ in expected.values())  # every invented report carries a signal

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        per_source = dict(conn.execute("SELECT source, COUNT(*) FROM articles GROUP BY source").fetchall())
        assert per_source == {name: 1 for name in expected}
        rows = conn.execute(
            "SELECT a.source,"
            " (SELECT COUNT(*) FROM signals s WHERE s.article_id = a.id),"
            " (SELECT COUNT(*) FROM statements t WHERE t.article_id = a.id),"
            " (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id) FROM articles a").fetchall()
        assert {source: counts for source, *counts in rows} == {k: list(v) for k, v in expected.items()}
