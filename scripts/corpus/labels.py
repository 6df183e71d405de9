"""Turn annotators' sheet answers into overture/data/corpus/labels.jsonl (offsets + hash).

Annotators answer by sentence number (see sheets.py); this resolves numbers to offsets
through the sheets' `sentences.jsonl`, checks every answer (known document, known type,
sentence in range, document finished) and keeps only finished documents. A document that
was relabelled in full (`adj_*.jsonl`, an adjudication) takes those labels alone. Splits
come from docs.jsonl; `--resplit` sets them once, per story and stratified by signal count
(see `stratified_splits`), and freezes them there, so relabelling never moves a document.
The repository keeps file and story names only as hashes (`name_id`).

    python scripts/corpus/labels.py --work /work/labelwork
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

from overture.evaluate._corpus import name_id
from overture.record import SIGNAL_TYPES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "overture" / "data" / "corpus"


SHARES = {"train": 0.60, "dev": 0.15, "test": 0.25}


def _pattern(n: int = 20) -> list[str]:
    """Splits dealt evenly: each turn goes to the split furthest behind its share."""
    got = dict.fromkeys(SHARES, 0)
    out = []
    for k in range(1, n + 1):
        split = max(SHARES, key=lambda s: SHARES[s] * k - got[s])
        got[split] += 1
        out.append(split)
    return out


PATTERN = _pattern()  # 12 train, 3 dev, 5 test in every run of 20 stories, interleaved


def stratified_splits(docs: dict[str, dict], answers: dict[str, list], done: set[str]) -> dict[tuple, str]:
    """A split per story, so that near-copies never straddle splits and each split gets its
    share of the signals too (a hash alone sent half the CNN signals to test): within each
    corpus, stories sorted by their number of labelled signals (ties by a hash of the name)
    are dealt in turn into an interleaved pattern of 12 train, 3 dev, 5 test."""
    count: dict[tuple, int] = {}
    for doc_id, d in docs.items():
        key = (d["corpus"], d["story_id"])
        count[key] = count.get(key, 0) + (len(answers[doc_id]) if doc_id in done else 0)
    out = {}
    for corpus in sorted({c for c, _ in count}):
        keys = sorted((k for k in count if k[0] == corpus),
                      key=lambda k: (-count[k], hashlib.sha1(k[1].encode()).hexdigest()))
        for n, key in enumerate(keys):
            out[key] = PATTERN[n % len(PATTERN)]
    return out


def _key(doc: str) -> str:
    """An annotator's document id ("cnn-2024/<file name>") as the repository keeps it."""
    corpus, _, name = doc.partition("/")
    return f"{corpus}/{name_id(name)}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--resplit", action="store_true", help="set every split anew (stratified); else docs.jsonl's")
    args = ap.parse_args()
    docs = {f"{d['corpus']}/{d['file_id']}": d for d in map(json.loads, (DATA / "docs.jsonl").open())}
    sents: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for rec in map(json.loads, (args.work / "sentences.jsonl").open()):
        sents[_key(rec["doc"])].append((rec["start"], rec["end"]))
    done: set[str] = set()
    answers: dict[str, list[dict]] = defaultdict(list)
    problems = Counter()
    adjudicated: dict[str, list[dict]] = defaultdict(list)  # a full relabelling replaces the rest
    adjudicated_done: set[str] = set()
    for path in sorted((args.work / "out").glob("*.jsonl")):  # first passes, reviews, adjudications
        adj = path.name.startswith("adj_")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            try:
                rec = json.loads(line)
            except ValueError:
                problems["unreadable line"] += 1
                continue
            doc = _key(rec.get("doc") or "")
            if doc not in docs or doc not in sents:
                problems["unknown doc"] += 1
                continue
            if rec.get("done"):
                (adjudicated_done if adj else done).add(doc)
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
            (adjudicated if adj else answers)[doc].append({"start": sents[doc][i][0], "end": sents[doc][last][1],
                                 "type": rec["type"],
                                 "actor": rec["actor"], "actor_side": rec.get("actor_side") or None,
                                 "target": rec.get("target") or None,
                                 "conditions": [c for c in rec.get("conditions") or [] if isinstance(c, str)]})
    if args.resplit:  # once, when the first labels were in: splits are then frozen in docs.jsonl
        splits = stratified_splits(docs, answers, done)
        for d in docs.values():
            d["split"] = splits[d["corpus"], d["story_id"]]
        with (DATA / "docs.jsonl").open("w") as f:
            for d in docs.values():
                f.write(json.dumps(d) + "\n")
    for doc in adjudicated_done:
        answers[doc] = adjudicated[doc]
        done.add(doc)
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
        out.append({"corpus": d["corpus"], "file_id": d["file_id"], "story_id": d["story_id"], "sha256": d["sha256"],
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
