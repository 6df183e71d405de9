"""Sample real articles for labelling and write the annotators' task sheets.

Why: the signal classifier must learn from real news nobody here wrote. This picks one
version per CNN story (near-copies clustered with MinHash, so a story never straddles
splits), a slice of AG News world items, and assigns each story to train/dev/test by a
hash of its cluster. The sheets (numbered body sentences, as overture segments them) go to
a work folder outside the repository, because they hold article text; the repository keeps
only `overture/data/corpus/docs.jsonl`: file name, SHA-256 of the file's text, split.

    python scripts/corpus/sample.py --out /work/labelwork --cnn 200 --ag 1000
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from overture.evaluate._corpus import PLACES, name_id, sha256, source_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCS = ROOT / "overture" / "data" / "corpus" / "docs.jsonl"
TALK = re.compile(r"(?i)\b(ceasefire|cease-fire|truce|negotiat\w*|talks|peace|mediat\w*|hostage deal|"
                  r"summit|envoy|diplomat\w*|armistice|deal)\b")


def split_of(key: str) -> str:
    """train 60%, dev 15%, test 25%, fixed by the story's key."""
    h = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 60 else "dev" if h < 75 else "test"


def clusters(paths: list[Path]) -> dict[Path, str]:
    """Story key per file: the earliest file of its near-copy cluster."""
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    key: dict[Path, str] = {}
    for p in sorted(paths):
        words = re.findall(r"\w+", p.read_text(encoding="utf-8", errors="replace").lower())
        m = MinHash(num_perm=64)
        for i in range(max(1, len(words) - 4)):
            m.update(" ".join(words[i:i + 5]).encode())
        near = lsh.query(m)
        key[p] = key[Path(min(near))] if near else p.name  # min: set order varies by process
        lsh.insert(str(p), m)
    return key


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cnn", type=int, default=200)
    ap.add_argument("--ag", type=int, default=1000)
    ap.add_argument("--ag-talk", type=int, default=0, help="then this many more AG items with a talks word")
    ap.add_argument("--cnn-talk", type=int, default=0, help="then this many more CNN stories with a talks word")
    ap.add_argument("--cnn-versions", type=int, default=0,
                    help="then the latest daily version of this many talks-rich stories (same split as the story)")
    ap.add_argument("--bench", action="store_true", help="then the 181 benchmark pages (mostly negatives)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    cnn = [p for p in (CORPUS / "cnn-2024").glob("*.md") if p.stat().st_size > 1500]
    key = clusters(cnn)
    reps: dict[str, Path] = {}
    for p in sorted(cnn):
        reps.setdefault(key[p], p)
    hits = {p: len(TALK.findall(p.read_text(encoding="utf-8"))) for p in reps.values()}
    rich = [p for p in reps.values() if hits[p] >= 3]
    some = [p for p in reps.values() if 1 <= hits[p] < 3]
    none = [p for p in reps.values() if hits[p] == 0]
    for group in (rich, some, none):
        rng.shuffle(group)
    n_rich = min(len(rich), int(args.cnn * 0.55))
    n_some = min(len(some), int(args.cnn * 0.30))
    chosen = rich[:n_rich] + some[:n_some] + none[:args.cnn - n_rich - n_some]

    ag = sorted((CORPUS / "agnews-world").glob("*.txt"))
    rng.shuffle(ag)
    chosen_ag = ag[:args.ag]
    # enrichment, drawn after the random sample so that it stays as it was
    chosen_ag += [p for p in ag[args.ag:] if TALK.search(p.read_text(encoding="utf-8"))][:args.ag_talk]
    chosen += [p for p in rich[n_rich:] + some[n_some:] if hits[p] >= 2][:args.cnn_talk]

    if args.cnn_versions:
        latest: dict[str, Path] = {}
        for p in sorted(cnn):
            latest[key[p]] = p
        talky = [p for p in rich + some if hits[p] >= 3 and p in chosen]
        chosen += [latest[key[p]] for p in talky if latest[key[p]] != p][:args.cnn_versions]
    wanted = [("cnn-2024", p.name, key[p]) for p in chosen]
    wanted += [("agnews-world", p.name, p.name) for p in chosen_ag]
    if args.bench:
        wanted += [("bench", p.name, p.name) for p in sorted((CORPUS.parent / PLACES["bench"]).glob("*.txt"))]
    # the sample only grows: documents already in docs.jsonl keep their entry (and split)
    docs = [json.loads(line) for line in DOCS.open()] if DOCS.exists() else []
    have = {(d["corpus"], d["file_id"]) for d in docs}
    added = 0
    for corpus, name, story in wanted:
        if (corpus, name_id(name)) in have:
            continue
        text = source_path(CORPUS.parent, corpus, name).read_text(encoding="utf-8")
        docs.append({"corpus": corpus, "file_id": name_id(name), "story_id": name_id(story), "sha256": sha256(text),
                     "split": split_of(corpus + "/" + name_id(story))})  # provisional: labels.py --resplit
        added += 1
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    with DOCS.open("w") as f:
        for d in docs:
            f.write(json.dumps(d) + "\n")
    print(f"{len(docs)} docs ({added} new): {len(chosen)} CNN ({n_rich} rich, {n_some} some), {len(chosen_ag)} AG; "
          f"split {[sum(d['split'] == s for d in docs) for s in ('train', 'dev', 'test')]}")


if __name__ == "__main__":
    main()
