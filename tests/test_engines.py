"""Every way of running the pipeline gives the same records: one process, a pool, Ray, and
the fast path on articles that can carry signals."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import overture
from overture.cli import app

runner = CliRunner()


def _jsonl(args: list[str]) -> str:
    result = runner.invoke(app, ["extract", *args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_process_pool_gives_the_same_records(seeds):
    assert _jsonl([str(seeds), "--workers", "2"]) == _jsonl([str(seeds)])


def test_the_prefilter_changes_no_signal_and_no_score_on_negotiation_articles(seeds):
    from overture.evaluate import evaluate
    fast = {r.source: r for r in overture.extract_files([seeds], fast=True)}
    full = {r.source: r for r in overture.extract_files([seeds])}
    for source, record in full.items():
        assert fast[source].signals == record.signals
        assert fast[source].body == record.body and fast[source].title == record.title
    as_dicts = lambda records: {k: r.model_dump(mode="json") for k, r in records.items()}  # noqa: E731
    assert evaluate(as_dicts(fast), seeds / "gold").as_dict() == evaluate(as_dicts(full), seeds / "gold").as_dict()


def test_the_prefilter_skips_the_parse_of_unrelated_articles(tmp_path):
    (tmp_path / "markets.txt").write_text(
        "Markets\n\nShares rose on Tuesday after the central bank kept rates on hold, traders said. "
        "Technology stocks led the gains.\n", "utf-8")
    (tmp_path / "truce.txt").write_text(
        "Truce\n\nThe rebel spokesman said on Monday that the movement was ready to observe a truce "
        "and to resume talks with the government.\n", "utf-8")
    fast = {r.source: r for r in overture.extract_files([tmp_path], fast=True)}
    full = {r.source: r for r in overture.extract_files([tmp_path])}
    assert fast["markets.txt"].body == full["markets.txt"].body
    assert fast["markets.txt"].statements == [] and full["markets.txt"].statements
    assert fast["truce.txt"] == full["truce.txt"] and fast["truce.txt"].signals


def test_an_unknown_engine_is_a_clear_error(tmp_path):
    with pytest.raises(overture.ConfigError, match="unknown engine"):
        list(overture.extract_files([tmp_path], engine="spark"))


def test_ray_engine_gives_byte_identical_jsonl(seeds):
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             ignore_reinit_error=True)
    try:
        local = _jsonl([str(seeds)])
        on_ray = _jsonl([str(seeds), "--engine", "ray", "--workers", "2"])
    finally:
        ray.shutdown()
    assert on_ray == local
    assert len([json.loads(line) for line in on_ray.splitlines()]) == 5
