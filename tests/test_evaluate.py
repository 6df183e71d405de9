"""overture's scorer agrees with the reference scorer, figure for figure.

The agreement tests build predictions (and, for statements, a gold copy) in tmp_path
from the seed gold records, read in place from ../shared, run shared/tools/score.py on
them with `--json`, and compare its output with `evaluate(...).as_dict()`.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from overture.evaluate._score import (
    NUMBER_WORDS,
    SIGNAL_TYPES,
    evaluate,
    figure_key,
    fold,
    format_report,
    load_records,
    name_key,
    name_variants,
    same_entity,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE_PY = SHARED / "tools" / "score.py"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SEEDS / "gold"

needs_shared = pytest.mark.skipif(not (SCORE_PY.exists() and GOLD.is_dir()),
                                  reason="../shared (reference scorer and seed gold) not present")

Record = dict[str, Any]


# --- helpers -------------------------------------------------------------------------------


def gold_records() -> list[Record]:
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(GOLD.glob("*.json"))]


def write_jsonl(path: Path, records: list[Record]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def reference(predictions: Path, gold_dir: Path, raw_dir: Path | None = None) -> dict[str, Any]:
    args = [sys.executable, str(SCORE_PY), str(predictions), str(gold_dir), "--json"]
    if raw_dir is not None:
        args.append(f"--raw={raw_dir}")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def assert_agrees(predictions: Path, gold_dir: Path = GOLD, raw_dir: Path | None = None) -> dict[str, Any]:
    """Our figures equal score.py's on every key it reports; returns ours."""
    ours = evaluate(load_records(predictions), gold_dir, raw_dir).as_dict()
    ref = reference(predictions, gold_dir, raw_dir)
    assert {k: ours[k] for k in ref} == ref
    assert set(ours) - set(ref) == {"actor_acc"}
    return ours


def shift(span: Record | None, by: int) -> Record | None:
    if not span or "start" not in span:
        return span
    return {**span, "start": span["start"] + by, "end": span["end"] + by}


VARIANTS = {"Zelensky": "Zelenskyy", "United States": "U.S.", "Russia": "Russian Federation",
            "Kyiv": "Kiev", "Vladimir Putin": "President Putin"}


def respell(name: str | None) -> str | None:
    if name is None:
        return None
    for canonical, variant in VARIANTS.items():
        name = name.replace(canonical, variant)
    return name


# --- agreement with score.py ------------------------------------------------------------------


@needs_shared
def test_gold_as_predictions_scores_perfect(tmp_path: Path) -> None:
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", gold_records()))
    assert ours["signals_ALL"]["f1"] == 1.0
    assert ours["body_f1"] == 1.0
    assert ours["actor_acc"] == 1.0


@needs_shared
def test_folder_of_json_files_reads_like_jsonl(tmp_path: Path) -> None:
    folder = tmp_path / "preds"
    folder.mkdir()
    for record in gold_records()[:3]:
        (folder / Path(record["source"]).with_suffix(".json").name).write_text(
            json.dumps(record, indent=2), encoding="utf-8")
    ours = assert_agrees(folder)
    assert ours["signals_ALL"]["fn"] > 0  # the two articles left out count as empty


@needs_shared
def test_empty_predictions(tmp_path: Path) -> None:
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", []))
    assert ours["signals_ALL"]["tp"] == 0
    assert ours["actor_acc"] == 0.0
    assert ours["statements"] == {"p": None, "r": None, "f1": None}


@needs_shared
def test_dropped_signals_and_changed_types(tmp_path: Path) -> None:
    records = gold_records()
    for record in records:
        kept = record["signals"][::2]
        for i, signal in enumerate(kept):
            if i % 3 == 1:  # a wrong type: a miss and a false positive
                signal["type"] = SIGNAL_TYPES[(SIGNAL_TYPES.index(signal["type"]) + 1) % len(SIGNAL_TYPES)]
        record["signals"] = kept + [dict(kept[0])] if kept else kept  # a repeat is ignored
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))
    assert 0 < ours["signals_ALL"]["r"] < 1


@needs_shared
def test_title_and_outlet_also_accept_what_gold_lists(tmp_path: Path) -> None:
    """Gold may list other acceptable values (`outlet_also`: "AP" for "Associated Press");
    a prediction giving one of them is right, as score.py counts it."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    preds = []
    for k, record in enumerate(gold_records()):
        record["title_also"] = ["Another headline " + str(k)]
        record["outlet_also"] = ["Outlet alias " + str(k)]
        (gold_dir / f"{k}.json").write_text(json.dumps(record), encoding="utf-8")
        pred = copy.deepcopy(record)
        if k % 2:
            pred["title"], pred["outlet"] = record["title_also"][0], record["outlet_also"][0]
        else:
            pred["title"], pred["outlet"] = "Not the headline", "Not the outlet"
        preds.append(pred)
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", preds), gold_dir, SEEDS)
    for name in ("title", "outlet"):  # right exactly where the prediction gave the alias
        scored = [k for k, p in enumerate(preds) if gold_records()[k].get(name) is not None]
        assert ours[f"{name}_acc"] == round(sum(k % 2 for k in scored) / len(scored), 3)


@needs_shared
def test_actors_respelled_and_renamed(tmp_path: Path) -> None:
    records = gold_records()
    for record in records:
        for i, signal in enumerate(record["signals"]):
            signal["actor"] = respell(signal["actor"]) if i % 4 else "Somebody Else"
            signal["target"] = respell(signal.get("target"))
            signal["reported_via"] = list(reversed(signal.get("reported_via") or []))
        for claim in record.get("claims") or []:
            claim["claimant"] = respell(claim["claimant"])
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))
    assert ours["signals_ALL"]["tp"] > 0 and ours["signals_ALL"]["fp"] > 0


@needs_shared
def test_meeting_parties_swapped(tmp_path: Path) -> None:
    records = gold_records()
    for record in records:
        for signal in record["signals"]:
            if signal["type"] == "meeting" and signal.get("target"):
                signal["actor"], signal["target"] = signal["target"], signal["actor"]
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))
    assert ours["signals_meeting"]["r"] == 1.0


@needs_shared
def test_spans_shifted_and_attributes_changed(tmp_path: Path) -> None:
    records = gold_records()
    for record in records:
        for i, signal in enumerate(record["signals"]):
            length = signal["evidence"]["end"] - signal["evidence"]["start"]
            signal["evidence"] = shift(signal["evidence"], length + 5 if i % 3 == 0 else 7)
            signal["said_on"] = "2001-01-01" if i % 2 else signal.get("said_on")
            signal["conditions"] = (signal.get("conditions") or [])[:1] + (["sanctions"] if i % 2 else [])
        for claim in record.get("claims") or []:
            claim["evidence"] = shift(claim["evidence"], 3)
        record["body"] = [[s + 10, e] for s, e in record["body"]][1:]
        record["title"] = (record.get("title") or "").upper()
        record["published"] = None
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))
    assert ours["body_r"] < 1.0 and ours["published_acc"] == 0.0


@needs_shared
def test_claim_figures_in_number_words(tmp_path: Path) -> None:
    words = {value: word for word, value in NUMBER_WORDS.items()}
    records = gold_records()
    changed = 0
    for record in records:
        for i, claim in enumerate(record.get("claims") or []):
            key = figure_key(claim["figure"])
            if key.isdigit() and int(key) in words:
                claim["figure"] = f"about {words[int(key)]}"
                changed += 1
            elif i % 2:
                claim["figure"] = "12345"
            if i % 3 == 0:
                claim["claimant"] = None
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))
    assert ours["claims"]["r"] > 0


@needs_shared
def test_text_offsets_and_junk_items(tmp_path: Path) -> None:
    """A prediction indexing its own `text`, and lists holding things that are not records."""
    records = gold_records()
    for record in records:
        raw = (SEEDS / record["source"]).read_text(encoding="utf-8")
        record["offsets"] = "text"
        record["text"] = "\n" + raw  # same words, offsets one further on
        record["body"] = [[s + 1, e + 1] for s, e in record["body"]]
        record["signals"] = record["signals"] + ["not a signal", None]
        record["claims"] = None
    assert_agrees(write_jsonl(tmp_path / "p.jsonl", records))


def gold_with_statements(tmp_path: Path) -> Path:
    """A copy of the seed gold whose records also list statements (one per signal)."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for n, record in enumerate(gold_records()):
        statements = []
        for i, signal in enumerate(record["signals"]):
            statement = {"speaker": signal["actor"], "cue": None,
                         "content": signal.get("quote") or signal["evidence"], "kind": "indirect"}
            if i % 5 == 3:
                statement["speaker"] = None
            if i % 7 == 2:
                statement["speaker_named"] = False
            statements.append(statement)
        record["statements"] = statements
        if n == 1:
            record["claims"] = None  # claims not annotated for this article
            record["signals"][0]["actor_also"] = ["Someone Acceptable"]
            record["signals"][0]["mentions"] = [{"start": 0, "end": 5, "text": "xxxxx"}]
        (gold_dir / f"{Path(record['source']).stem}.json").write_text(json.dumps(record), encoding="utf-8")
    return gold_dir


@needs_shared
def test_statements_scored_like_reference(tmp_path: Path) -> None:
    gold_dir = gold_with_statements(tmp_path)
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(gold_dir.glob("*.json"))]
    predictions = []
    for record in copy.deepcopy(golds):
        statements = []
        for i, statement in enumerate(record["statements"]):
            content = statement["content"]
            width = content["end"] - content["start"]
            if i % 4 == 1:  # keeps most of the span
                statement["content"] = shift(content, width // 3)
            elif i % 4 == 2:  # keeps too little of it
                statement["content"] = shift(content, width - 1)
            statement["speaker"] = respell(statement["speaker"]) if i % 3 else "Wrong Person"
            statements.append(statement)
        statements.append(dict(statements[0]))  # a repeat: ignored
        statements.append({"speaker": "Nobody", "content": {"start": 0, "end": 1}})  # false positive
        record["statements"] = statements
        record["signals"][0]["actor"] = "Someone Acceptable"
        predictions.append(record)
    ours = assert_agrees(write_jsonl(tmp_path / "p.jsonl", predictions), gold_dir, raw_dir=SEEDS)
    assert ours["statements"]["f1"] is not None
    assert ours["statements_speaker"]["f1"] < ours["statements"]["f1"]


@needs_shared
@pytest.mark.parametrize("seed", range(12))
def test_random_perturbations(tmp_path: Path, seed: int) -> None:
    """Many small edits mixed at random: the two scorers still agree."""
    rng = random.Random(seed)
    gold_dir = gold_with_statements(tmp_path)
    predictions = []
    for record in [json.loads(f.read_text(encoding="utf-8")) for f in sorted(gold_dir.glob("*.json"))]:
        if rng.random() < 0.15:
            continue  # article not predicted
        for key in ("signals", "statements", "claims"):
            items = [x for x in record.get(key) or [] if rng.random() > 0.2]
            items += [copy.deepcopy(rng.choice(items)) for _ in range(rng.randint(0, 2)) if items]
            for item in items:
                roll = rng.random()
                if roll < 0.15 and "type" in item:
                    item["type"] = rng.choice(SIGNAL_TYPES)
                elif roll < 0.3:
                    for span_key in ("evidence", "content"):
                        item[span_key] = shift(item.get(span_key), rng.randint(-200, 200))
                elif roll < 0.45:
                    for name_key_ in ("actor", "speaker", "claimant", "target"):
                        if name_key_ in item:
                            item[name_key_] = rng.choice([respell(item[name_key_]), "X Y", None])
                elif roll < 0.55 and "figure" in item:
                    item["figure"] = rng.choice(["one", "two dozen", "3", "hundreds", "n/a"])
                elif roll < 0.65 and "conditions" in item:
                    item["conditions"] = rng.sample(["sanctions", "neutrality", "referendum"], 2)
            rng.shuffle(items)
            record[key] = items
        predictions.append(record)
    assert_agrees(write_jsonl(tmp_path / "p.jsonl", predictions), gold_dir, raw_dir=SEEDS)


# --- names ------------------------------------------------------------------------------------


def test_same_entity_on_spelling_variants() -> None:
    same = [
        ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Volodymyr Zelensky"),
        ("President Volodymyr Zelenskyy", "Zelenskii"), ("Zelenský", "Zelensky"),
        ("U.S.", "United States"), ("USA", "the United States"), ("Washington", "America"),
        ("Moscow", "Russian Federation"), ("Kyiv", "Kiev"),
        ("Alexander Syrsky", "Aleksandr Syrskyi"), ("Sergei Lavrov", "Foreign Minister Lavrov"),
        ("Kremlin", "the Kremlin"), ("Dmitry Peskov", "Kremlin spokesman Dmitri Peskov"),
    ]
    for a, b in same:
        assert same_entity(a, b), (a, b)
        assert same_entity(b, a), (b, a)
    different = [("Zelensky", "Putin"), ("Sergei Lavrov", "Dmitry Peskov"), ("Russia", "Ukraine"),
                 ("United States", "United Kingdom"), ("Zelensky", None), (None, None), ("", "")]
    for a, b in different:
        assert not same_entity(a, b), (a, b)


def test_fold_and_name_key() -> None:
    assert fold("  Zelenskyy ") == "zelensky"
    assert fold("Élysée  Palace!") == "elysee palace"
    assert fold(None) == ""
    assert name_key("Russian Foreign Minister Sergei Lavrov") == {"lavrov"}
    assert name_key("The President") == {"the", "president"}  # nothing left: keep the words


@needs_shared
def test_variant_table_matches_reference() -> None:
    spec = importlib.util.spec_from_file_location("reference_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert dict(name_variants().aliases) == module.ALIASES
    assert name_variants().stop == module.STOP


# --- actor accuracy, on an article written for this test ----------------------------------------


def test_actor_accuracy_counts_statements(tmp_path: Path) -> None:
    text = ("The envoy of Freedonia said on Monday that talks could resume. "
            "Sylvania's premier Ana Ruiz rejected any meeting.")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    first, second = text.index("The envoy"), text.index("Sylvania")

    def span(start: int, end: int) -> dict[str, Any]:
        return {"start": start, "end": end, "text": text[start:end]}

    gold = {"source": "a.txt", "offsets": "raw", "title": None, "outlet": None, "published": None,
            "body": [[0, len(text)]], "claims": [],
            "signals": [
                {"type": "offer_talks", "actor": "Freedonia", "evidence": span(first, second - 1)},
                {"type": "reject_talks", "actor": "Ana Ruiz", "evidence": span(second, len(text))},
            ]}
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.json").write_text(json.dumps(gold), encoding="utf-8")

    # the offer is predicted as a signal; the refusal only as Ms Ruiz's statement
    cue = text.index("rejected")
    statement = {"speaker": "Premier Ana Ruiz", "cue": span(cue, cue + len("rejected")),
                 "content": span(cue + len("rejected "), len(text) - 1), "kind": "indirect"}
    pred = {"source": "a.txt", "body": [[0, len(text)]], "signals": [gold["signals"][0]],
            "statements": [statement]}
    report = evaluate({"a.txt": pred}, gold_dir)
    figures = report.as_dict()
    assert figures["signals_ALL"]["r"] == 0.5
    assert figures["actor_acc"] == 1.0
    assert "gold signals with the actor named: 1.0" in format_report(report)

    statement["speaker"] = "Freedonia"  # the wrong speaker for the refusal
    assert evaluate({"a.txt": pred}, gold_dir).as_dict()["actor_acc"] == 0.5


def test_load_records_keys_by_base_name_and_names_bad_lines(tmp_path: Path) -> None:
    from overture._errors import InputError

    good = write_jsonl(tmp_path / "p.jsonl", [{"source": "dir/one.txt"}, {"source": "two.html"}])
    assert set(load_records(good)) == {"one.txt", "two.html"}
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"source": "one.txt", "signals": []}, indent=2), encoding="utf-8")
    assert list(load_records(pretty)) == ["one.txt"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a.txt"}\n{"source": \n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2"):
        load_records(bad)
    with pytest.raises(InputError):
        load_records(tmp_path / "missing")
