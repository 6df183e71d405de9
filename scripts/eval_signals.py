"""Score overture's signals on a split of the labelled real-news corpus (the contract's rules).

Runs `overture extract` (the default pipeline, as a user runs it) on the split's files,
writes their gold from overture/data/corpus/labels.jsonl to a temporary folder and scores
with ../shared/tools/score.py. Prints P/R/F1 overall and per type, per source corpus, and
how many signal-free documents got signals. The test split is for reporting only: never
tune on it.

    python scripts/eval_signals.py --split test
    python scripts/eval_signals.py --split dev --rules     # the cue rules alone, for comparison
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from overture._errors import OvertureError
from overture._extract import extract_files
from overture.evaluate._corpus import load_labelled, write_gold
from overture.record import SIGNAL_TYPES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "tools" / "score.py"


def run(docs, rules: bool, workers: int, out: Path, full: bool = False) -> dict:
    """Extract the documents, score them; the predictions stay in `out`."""
    paths = [d.path(SHARED) for d in docs]
    preds = out / "preds.jsonl"
    with preds.open("w") as f:  # as `overture extract` runs by default (prefilter on) unless `full`
        for rec in extract_files(paths, fast=not full, signals="rules" if rules else "model", workers=workers):
            if isinstance(rec, OvertureError):
                print(f"error: {rec}", file=sys.stderr)
                continue
            f.write(rec.model_dump_json() + "\n")
    return score(preds, docs, out)


def score(preds: Path, docs, out: Path) -> dict:
    """score.py's figures for these documents, plus how many signal-free ones got signals."""
    write_gold(docs, out / "gold")
    res = subprocess.run([sys.executable, str(SCORE), str(preds), str(out / "gold"), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout)
    by_source = {json.loads(line)["source"]: json.loads(line) for line in preds.open()}
    free = [d for d in docs if not d.signals]
    scores["free_docs"] = len(free)
    scores["free_docs_with_signals"] = sum(1 for d in free if by_source.get(d.file, {}).get("signals"))
    return scores


def table(name: str, s: dict) -> None:
    a = s["signals_ALL"]
    print(f"\n{name}: {s['articles']} documents; signals P {a['p']:.3f} R {a['r']:.3f} F1 {a['f1']:.3f} "
          f"(tp {a['tp']}, fp {a['fp']}, fn {a['fn']}); signal-free documents with signals: "
          f"{s['free_docs_with_signals']} of {s['free_docs']}")
    print(f"  {'type':18} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for t in SIGNAL_TYPES:
        c = s[f"signals_{t}"]
        print(f"  {t:18} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f} {c['tp'] + c['fn']:5d}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--rules", action="store_true", help="the cue rules alone (no model)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--full", action="store_true", help="parse every article (`overture extract --full`)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    docs = list(load_labelled(SHARED, (args.split,)))
    t0 = time.time()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["all"] = run(docs, args.rules, args.workers, Path(tmp), args.full)
        preds = Path(tmp) / "preds.jsonl"
        for sub in ("cnn-2024", "agnews-world", "bench"):  # per source collection, from the same predictions
            results[sub] = score(preds, [d for d in docs if d.corpus == sub], Path(tmp) / sub)
    label = "rules" if args.rules else "model"
    for name, s in results.items():
        table(f"{args.split} split, {name} ({label})", s)
    print(f"\n({time.time() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
