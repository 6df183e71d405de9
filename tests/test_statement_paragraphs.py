"""REGRESSION FLOORS on the invented attribution passages (tests/data/statement_paragraphs.jsonl).

A stand-in for the held-out set of real annotated attributions: statements are matched as
the contract says (content spans overlapping by half the shorter; then the same speaker).
The floors sit a little under what overture reached when they were set (content F1 0.964,
content+speaker F1 0.880); RAISE THEM as attribution improves. Scoring and the errors:
scripts/eval_statements.py --errors.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_statements.py"

CONTENT_F1_FLOOR = 0.94
SPEAKER_F1_FLOOR = 0.86
KIND_AGREEMENT_FLOOR = 0.9


def _script():
    spec = importlib.util.spec_from_file_location("eval_statements", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_statements"] = module
    spec.loader.exec_module(module)
    return module


def test_statements_on_the_passages_stay_above_their_floors():
    script = _script()
    items = script.load()
    assert len(items) >= 100 and sum(not i["statements"] for i in items) >= 10  # some with none
    report, kinds, _, by_note = script.measure(items)
    content, speaker = report.statements.rounded(), report.statements_speaker.rounded()
    errors = "\n".join(block for blocks in by_note.values() for block in blocks)
    assert content["f1"] >= CONTENT_F1_FLOOR, errors
    assert speaker["f1"] >= SPEAKER_F1_FLOOR, errors
    assert kinds[0] >= KIND_AGREEMENT_FLOOR * kinds[1]
