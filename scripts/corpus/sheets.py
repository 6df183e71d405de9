"""Write annotators' task sheets for the sampled documents (outside the repository).

Each sheet lists, per document, its body sentences as overture segments them, numbered;
`sentences.jsonl` beside the sheets keeps their offsets, so labels given by number become
offsets into the file's text (`labels.py`).

    python scripts/corpus/sheets.py --out /work/labelwork --batches 7
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from overture.evaluate._corpus import resolve_name, source_path
from overture.pipeline import Pipeline, default_config
from overture.read._files import read_article

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCS = ROOT / "overture" / "data" / "corpus" / "docs.jsonl"


def segmenter() -> Pipeline:
    config = default_config()
    config["pipeline"]["stages"] = ["clean", "prefilter", "nlp"]
    return Pipeline(config)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--batches", type=int, default=7)
    ap.add_argument("--first", type=int, default=0, help="number of the first sheet (to add sheets)")
    args = ap.parse_args()
    docs = [json.loads(line) for line in DOCS.open()]
    for d in docs:
        d["file"] = resolve_name(CORPUS.parent, d["corpus"], d["file_id"])
    index_path = args.out / "sentences.jsonl"
    if args.first:  # only documents no sheet holds yet
        seen = {json.loads(line)["doc"] for line in index_path.open()}
        docs = [d for d in docs if f"{d['corpus']}/{d['file']}" not in seen]
    pipe = segmenter()
    args.out.mkdir(parents=True, exist_ok=True)
    cnn = [d for d in docs if d["corpus"] == "cnn-2024"]
    ag = [d for d in docs if d["corpus"] != "cnn-2024"]
    n_cnn = (max(1, args.batches * 3 // 4) if ag else args.batches) if cnn else 0  # CNN pages are long
    groups = [cnn[i::n_cnn] for i in range(n_cnn)] + [ag[i::args.batches - n_cnn] for i in range(args.batches - n_cnn)]
    with index_path.open("a" if args.first else "w") as index:
        for b, group in enumerate(groups):
            lines = []
            for d in group:
                art = pipe(read_article(source_path(CORPUS.parent, d["corpus"], d["file"])))
                doc_id = f"{d['corpus']}/{d['file']}"
                lines.append(f"=== DOC {doc_id} | title: {art.title} | published: {art.published}")
                for i, s in enumerate(art.sentences):
                    text = " ".join(art.text[s.start:s.end].split())
                    lines.append(f"[{i}] {text}")
                    index.write(json.dumps({"doc": doc_id, "i": i, "start": s.start, "end": s.end}) + "\n")
                lines.append("")
            b += args.first
            (args.out / f"sheet_{b:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
            print(f"sheet_{b:02d}: {len(group)} docs, {sum(1 for x in lines if x.startswith('['))} sentences")


if __name__ == "__main__":
    main()
