"""The corpus commands, as a user types them: ingest, then look at signals, timelines, actors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import overture.cli_store  # noqa: F401  (registers the commands on the app)
from overture.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
COMMANDS = ("ingest", "signals", "timeline", "actors", "export", "reprocess")
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store holding the seed articles, ingested once for this module through the CLI."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'overture.db'}"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--manifest", str(SEEDS / "manifest.csv"), "--db", url])
    assert result.exit_code == 0, result.output
    assert "5 new, 0 duplicate, 0 failed" in result.output
    return url


def test_ingesting_again_adds_nothing(db):
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", db])
    assert result.exit_code == 0
    assert "0 new, 5 duplicate, 0 failed" in result.output


def test_ingest_names_the_broken_file_and_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "file is empty" in result.output


def test_ingest_needs_something_to_ingest(tmp_path):
    result = runner.invoke(app, ["ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2


def test_timeline_lists_zelenskys_signals_with_outlets(db):
    result = runner.invoke(app, ["timeline", "Volodymyr Zelensky", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Volodymyr Zelensky" in result.output
    assert "RT" in result.output and "Global Times" in result.output
    as_json = runner.invoke(app, ["timeline", "Zelenskyy", "--json", "--db", db])
    steps = [json.loads(line) for line in as_json.output.splitlines()]
    assert steps and all({"date", "type", "conditions", "target", "outlets"} <= set(s) for s in steps)


def test_timeline_of_an_unknown_actor_says_so(db):
    result = runner.invoke(app, ["timeline", "Nobody Inparticular", "--db", db])
    assert result.exit_code == 1 and "no signals stored" in result.output


def test_signals_as_csv_and_jsonl_with_filters(db, tmp_path):
    csv_out = runner.invoke(app, ["signals", "--type", "offer_talks", "--format", "csv", "--db", db])
    lines = csv_out.output.splitlines()
    assert lines[0].startswith("id,date,type,actor") and len(lines) > 1
    assert all(",offer_talks," in line for line in lines[1:] if line.count(",") > 3)
    jsonl = runner.invoke(app, ["signals", "--actor", "Zelensky", "--since", "2024-01-01", "--format", "jsonl",
                                "--db", db])
    rows = [json.loads(line) for line in jsonl.output.splitlines()]
    assert rows and all(r["date"] >= "2024-01-01" for r in rows)
    bad = runner.invoke(app, ["signals", "--since", "spring", "--db", db])
    assert bad.exit_code == 2


def test_signals_table_and_actors(db):
    table = runner.invoke(app, ["signals", "--outlet", "Press TV", "--db", db])
    assert table.exit_code == 0 and "signals" in table.output
    actors = runner.invoke(app, ["actors", "--db", db])
    assert actors.exit_code == 0 and "Volodymyr Zelensky" in actors.output


def test_export_records_that_eval_can_read(db, tmp_path):
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", db])
    assert result.exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 5 and all("signals" in r for r in records)
    scored = runner.invoke(app, ["eval", str(out), str(SEEDS / "gold")])
    assert scored.exit_code == 0


def test_reprocess_reextracts_every_article(db):
    result = runner.invoke(app, ["reprocess", "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 articles re-extracted" in result.output


def test_every_command_has_help_ending_in_an_example():
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and "overture " + name in result.output


def test_every_command_is_in_the_docs():
    docs = (Path(__file__).parents[1] / "docs" / "store.md").read_text()
    for name in COMMANDS:
        assert f"overture {name}" in docs


def test_signals_to_parquet_need_an_output_file(db, tmp_path):
    pytest.importorskip("pyarrow")
    assert runner.invoke(app, ["signals", "--format", "parquet", "--db", db]).exit_code == 2
    out = tmp_path / "signals.parquet"
    result = runner.invoke(app, ["signals", "--format", "parquet", "--out", str(out), "--db", db])
    assert result.exit_code == 0 and out.stat().st_size > 0
