"""`overture extract` from a user's point of view: files in, records out, bad files named."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import overture
from overture.cli import app

from conftest import ROOT, SHARED

runner = CliRunner()


def spans_of(record: dict) -> list[dict]:
    out = []
    for s in record["signals"]:
        out += [s["evidence"]] + ([s["quote"]] if s["quote"] else [])
    for c in record["claims"]:
        out.append(c["evidence"])
    for st in record["statements"]:
        out += [st["content"]] + ([st["cue"]] if st["cue"] else [])
    return out


def test_every_span_indexes_the_raw_text(seeds, pipeline):
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        record = overture.extract(raw, source=path.name, pipeline=pipeline).model_dump(mode="json")
        assert record["offsets"] == "raw" and record["text"] is None
        for span in spans_of(record):
            assert raw[span["start"]:span["end"]] == span["text"]
        for start, end in record["body"]:
            assert 0 <= start < end <= len(raw)


def test_record_has_exactly_the_contract_fields(seeds, pipeline):
    path = next(iter(sorted(seeds.glob("*.txt"))))
    record = overture.extract(path.read_text("utf-8"), source=path.name, pipeline=pipeline).model_dump(mode="json")
    assert set(record) == {"source", "offsets", "title", "outlet", "published", "language", "text",
                           "body", "statements", "signals", "claims",
                           "wire", "published_from"}  # the contract's fields, and where the date and story came from
    signal_fields = {"type", "actor", "actor_side", "target", "evidence", "quote", "conditions", "said_on",
                     "date_text", "medium", "reported_via", "cameo", "plover", "goldstein",
                     "actor_role"}  # the contract's, and the title or description the name lost
    assert record["signals"] and all(set(s) == signal_fields for s in record["signals"])


def test_seed_article_fields_and_body_meet_the_issue_targets(seeds, tmp_path):
    pred = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["extract", str(seeds), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    pred.write_text(result.stdout, encoding="utf-8")
    assert len(pred.read_text().splitlines()) == 5
    from overture.evaluate import evaluate, load_records
    report = evaluate(load_records(pred), seeds / "gold").as_dict()
    assert report["body_f1"] >= 0.95
    assert report["title_acc"] == 1.0 and report["outlet_acc"] == 1.0 and report["published_acc"] == 1.0


def test_eval_command_agrees_with_the_shared_scorer(seeds, tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(runner.invoke(app, ["extract", str(seeds)]).stdout, encoding="utf-8")
    ours = json.loads(runner.invoke(app, ["eval", str(pred), str(seeds / "gold"), "--json"]).stdout)
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(pred),
                                        str(seeds / "gold"), "--json"], capture_output=True, text=True,
                                       check=True).stdout)
    ours.pop("actor_acc")
    assert ours == theirs


def test_bad_inputs_are_named_and_the_rest_still_extracted(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Talks resume\n\nThe foreign minister said on Monday that his government was ready "
                    "to resume negotiations with the rebels if they agreed to a ceasefire first.\n", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Le ministre a déclaré".encode("latin-1"))
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8b not really gzip")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert "good.txt" in [r["source"] for r in records]
    for name, problem in [("empty.txt", "empty"), ("binary.txt", "binary"), ("broken.txt.gz", "gzip")]:
        assert name in result.stderr and problem in result.stderr


def test_missing_path_is_an_error_not_a_crash(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "nope.txt" in result.stderr


def test_markdown_front_matter_gzip_and_html_examples():
    result = runner.invoke(app, ["extract", str(ROOT / "examples"), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    records = {r["source"]: r for r in map(json.loads, result.stdout.splitlines())}
    md = records["energy_truce.md"]
    assert md["title"].startswith("Zelenskyy proposes") and md["published"] == "2025-03-20"
    assert md["outlet"] == "Example Daily"
    assert not any(md["text"] or "" for _ in [0])  # raw offsets for markdown
    html = records["vatican_mediation.html"]
    assert html["offsets"] == "text" and "Pope Francis offered" in html["text"]
    assert "Markets rally" not in " ".join(html["text"][s:e] for s, e in html["body"])
    assert html["published"] == "2023-05-21"
    for record in records.values():
        assert record["signals"], record["source"]


def test_gzipped_input_reads_like_the_plain_one(tmp_path):
    text = ("Ceasefire talks\n\nThe army spokesman said the military was prepared to observe a "
            "truce during the holiday if the militants stopped their attacks.\n")
    (tmp_path / "a.txt").write_text(text, "utf-8")
    with gzip.open(tmp_path / "b.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    out = [json.loads(x) for x in runner.invoke(app, ["extract", str(tmp_path)]).stdout.splitlines()]
    a, b = out
    a.pop("source"), b.pop("source")
    assert a == b


def test_options_override_what_the_page_says(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Envoy meets rebels\n\nThe envoy said on Wednesday that talks would continue next week.\n", "utf-8")
    out = json.loads(runner.invoke(app, ["extract", str(page), "--published", "2024-01-05",
                                         "--outlet", "My Wire"]).stdout)
    assert out["published"] == "2024-01-05" and out["outlet"] == "My Wire"
    bad = runner.invoke(app, ["extract", str(page), "--published", "yesterday"])
    assert bad.exit_code != 0 and "ISO date" in bad.output


def test_table_format_prints_signals():
    result = runner.invoke(app, ["extract", str(ROOT / "examples" / "kremlin_reply.txt"), "--format", "table"],
                           env={"COLUMNS": "240"})
    assert result.exit_code == 0
    assert "Negotiation signals" in result.stdout and "Dmitry Peskov" in result.stdout


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_library_refuses_empty_text(text):
    with pytest.raises(overture.InputError):
        overture.extract(text)


@pytest.mark.parametrize("text", ["Rebels say ready for talks with army",
                                  "The rebel commander said the group was ready to hold talks with the army."])
def test_a_one_line_snippet_is_all_body(text, pipeline):
    record = overture.extract(text, pipeline=pipeline)
    assert record.body == [(0, len(text))]
    assert [s.type for s in record.signals] == ["offer_talks"]


def test_markdown_with_only_front_matter_has_an_empty_body(pipeline):
    record = overture.extract("---\ntitle: x\n---\n", kind="markdown", pipeline=pipeline)
    assert record.body == [] and record.title == "x"


def test_the_signal_engine_is_chosen_by_name_and_a_wrong_name_is_refused(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Talks\n\nThe rebel commander said the group was ready to hold talks with the army.\n", "utf-8")
    for engine in ("model", "rules"):
        result = runner.invoke(app, ["extract", str(page), "--signals", engine])
        assert result.exit_code == 0, result.output
        [record] = [json.loads(line) for line in result.stdout.splitlines()]
        assert [s["type"] for s in record["signals"]] == ["offer_talks"]
    result = runner.invoke(app, ["extract", str(page), "--signals", "oracle"])
    assert result.exit_code == 2 and "unknown signal engine 'oracle'" in result.output
