"""Score overture's statements (content span + speaker) on short news passages.

A stand-in for a held-out set of real annotated attributions: invented wire-style
passages (tests/data/statement_paragraphs.jsonl) over many conflicts and attribution
forms, some with no statement at all.

Usage:
    .venv/bin/python scripts/eval_statements.py            # figures
    .venv/bin/python scripts/eval_statements.py --errors   # plus every miss, FP, wrong speaker

Data: one JSON object a line, {"text", "statements": [{"content", "speaker", "kind"}],
"note"}. `content` is an exact substring of `text` (inside the marks for a direct quote);
`speaker` is a canonical name or null (an unnamed source: never wrong on speaker).
`note` names the attribution form tested and only groups the errors.

Matching is the contract's (shared/spec/record.md, "Statements") as scored by
overture.evaluate: a prediction matches a gold statement when their content spans
overlap by at least half of the shorter one's characters; then the speaker must name
the same entity (`same_entity`). Predicted offsets index the passage as given.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import overture
from overture.evaluate import Report, same_entity
from overture.evaluate._score import _score_statements, match_items, same_statement

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "statement_paragraphs.jsonl"


def gold_statements(item: dict) -> list[dict]:
    """Gold statements with content spans found in the passage text."""
    out = []
    for g in item["statements"]:
        start = item["text"].index(g["content"])
        out.append({**g, "content": {"start": start, "end": start + len(g["content"]),
                                     "text": g["content"]}})
    return out


def predicted_statements(text: str) -> list[dict]:
    record = overture.extract(text, kind="text")
    own = record.indexed_text(text)
    assert own == text, "record offsets do not index the passage as given"
    return [s.model_dump(mode="json") for s in record.statements]


def errors_of(preds: list[dict], golds: list[dict]) -> list[str]:
    """Misses, false positives and wrong speakers, as the scorer counts them."""
    matching = match_items(preds, golds, same_statement)
    matched_p = [id(p) for p, _ in matching.pairs]
    matched_g = [id(g) for _, g in matching.pairs]
    lines = [f"  MISS  [{g['speaker']}] {g['content']['text']!r}"
             for g in golds if id(g) not in matched_g]
    lines += [f"  FP    [{p['speaker']}] {p['content']['text']!r}"
              for p in preds if id(p) not in matched_p and not any(same_statement(p, g) for g in golds)]
    lines += [f"  SPKR  got {p['speaker']!r}, want {g['speaker']!r}: {g['content']['text'][:60]!r}"
              for p, g in matching.pairs
              if g["speaker"] is not None and not same_entity(p["speaker"], g["speaker"])]
    return lines


def measure(items: list[dict]):
    """(report with statement tallies, [kind agreements, matched pairs], predicted count,
    errors by note) over the passages."""
    report = Report()  # only its statement tallies are used
    by_note: dict[str, list[str]] = defaultdict(list)
    kinds = [0, 0]
    n_pred = 0
    for item in items:
        golds, preds = gold_statements(item), predicted_statements(item["text"])
        _score_statements(report, preds, golds)
        n_pred += len(preds)
        pairs = match_items(preds, golds, same_statement).pairs
        kinds[0] += sum(p["kind"] == g["kind"] for p, g in pairs)
        kinds[1] += len(pairs)
        errors = errors_of(preds, golds)
        if errors:
            by_note[item["note"]].append(item["text"].replace("\n", " / ")[:160] + "\n" + "\n".join(errors))
    return report, kinds, n_pred, by_note


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="print every error, by note")
    args = parser.parse_args()

    items = load(args.data)
    report, kinds, n_pred, by_note = measure(items)
    c, s = report.statements, report.statements_speaker
    print(f"passages {len(items)}  gold statements {c.tp + c.fn}  predicted {n_pred}")
    for name, counts in (("content", c), ("content+speaker", s)):
        r = counts.rounded()
        print(f"{name:16} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}  "
              f"(tp {counts.tp} fp {counts.fp} fn {counts.fn})")
    print(f"kind agrees on {kinds[0]}/{kinds[1]} matched statements")
    print(f"passages with an error: {sum(map(len, by_note.values()))}")
    if args.errors:
        for note in sorted(by_note):
            print(f"\n== {note}")
            for block in by_note[note]:
                print(block)


if __name__ == "__main__":
    main()
