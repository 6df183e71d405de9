"""Turn annotators' sheet answers into overture/data/corpus/labels.jsonl (offsets + hash).

Annotators answer by sentence number (see sheets.py); this resolves numbers to offsets
through the sheets' `sentences.jsonl`, checks every answer (known document, known type,
sentence in range, document finished) and keeps only finished documents.

    python scripts/corpus/labels.py --work /work/labelwork
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from overture.record import SIGNAL_TYPES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "overture" / "data" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    args = ap.parse_args()
    docs = {f"{d['corpus']}/{d['file']}": d for d in map(json.loads, (DATA / "docs.jsonl").open())}
    sents: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for rec in map(json.loads, (args.work / "sentences.jsonl").open()):
        sents[rec["doc"]].append((rec["start"], rec["end"]))
    done: set[str] = set()
    answers: dict[str, list[dict]] = defaultdict(list)
    problems = Counter()
    for path in sorted((args.work / "out").glob("*.jsonl")):  # first passes and reviews
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            try:
                rec = json.loads(line)
            except ValueError:
                problems["unreadable line"] += 1
                continue
            doc = rec.get("doc")
            if doc not in docs or doc not in sents:
                problems["unknown doc"] += 1
                continue
            if rec.get("done"):
                done.add(doc)
                continue
            i, last = rec.get("i"), rec.get("last", rec.get("i"))
            if rec.get("type") not in SIGNAL_TYPES:
                problems["unknown type"] += 1
                continue
            if not (isinstance(i, int) and isinstance(last, int) and 0 <= i <= last < len(sents[doc])):
                problems["sentence out of range"] += 1
                continue
            if not rec.get("actor"):
                problems["no actor"] += 1
                continue
            answers[doc].append({"start": sents[doc][i][0], "end": sents[doc][last][1], "type": rec["type"],
                                 "actor": rec["actor"], "actor_side": rec.get("actor_side") or None,
                                 "target": rec.get("target") or None,
                                 "conditions": [c for c in rec.get("conditions") or [] if isinstance(c, str)]})
    out = []
    for doc_id, d in docs.items():
        if doc_id not in done:
            continue
        seen, sigs = set(), []
        for s in answers[doc_id]:
            key = (s["start"], s["end"], s["type"], s["actor"], s["target"])
            if key not in seen:
                seen.add(key)
                sigs.append(s)
        out.append({"corpus": d["corpus"], "file": d["file"], "story": d["story"], "sha256": d["sha256"],
                    "split": d["split"],
                    "sentences": sents[doc_id], "signals": sigs})
    with (DATA / "labels.jsonl").open("w") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    by_split = Counter(r["split"] for r in out)
    n_sent = sum(len(r["sentences"]) for r in out)
    types = Counter(s["type"] for r in out for s in r["signals"])
    print(f"{len(out)} documents labelled ({dict(by_split)}), {n_sent} sentences, "
          f"{sum(types.values())} signals: {dict(types.most_common())}")
    if problems:
        print("dropped answers:", dict(problems))


if __name__ == "__main__":
    main()
