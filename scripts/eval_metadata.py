"""How often overture reads a page's title, outlet and date right, on real pages it did not write.

Three sets, all read in place from ../shared:
- the 181 flattened benchmark pages (bench/article-extraction-text), labelled for title, outlet
  and date where the text states them (overture/data/corpus/meta_bench.jsonl: title as offsets,
  the file's SHA-256; split dev/test by id; report test, look at dev);
- every page of corpus/cnn-2024: title = its "# " heading, published = its "Published" line, outlet CNN;
- the five seeds' gold records.
Scoring follows the contract (score.py's fold: case, accents, punctuation and whitespace;
`outlet_also` accepted), published equal; fields whose gold is null are not scored.

    python scripts/eval_metadata.py --split test
    python scripts/eval_metadata.py --split dev --show      # list the misses, for tuning
    python scripts/eval_metadata.py --store sqlite:///cnn.db  # a store: statements shown twice?
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

from overture._errors import OvertureError
from overture._extract import default_workers, extract_files
from overture.evaluate._score import fold  # the contract's comparison of article fields

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench" / "article-extraction-text" / "text"
CNN = SHARED / "corpus" / "cnn-2024"
SEEDS = SHARED / "corpus" / "seeds"


def records(paths: list[Path], workers: int) -> dict[str, object]:
    out = {}
    for rec in extract_files(paths, fast=True, workers=workers):
        if isinstance(rec, OvertureError):
            print(f"error: {rec}", file=sys.stderr)
            continue
        out[rec.source] = rec
    return out


def score(pairs: list[tuple[str, object, dict]], show: bool) -> dict[str, tuple[int, int]]:
    """(right, scored) per field over (source, record, gold) triples."""
    tally = {f: [0, 0] for f in ("title", "outlet", "published")}
    for source, rec, gold in pairs:
        for field in tally:
            want = gold.get(field)
            if want is None:
                continue
            got = getattr(rec, field, None) if rec is not None else None
            if field == "published":
                ok = got is not None and got.isoformat() == want
            else:
                ok = fold(got) in {fold(want), *(fold(a) for a in gold.get(f"{field}_also") or [])}
            tally[field][0] += ok
            tally[field][1] += 1
            if show and not ok:
                print(f"  {field:9} {source[:40]:40} got {str(got)[:70]!r} want {str(want)[:70]!r}")
    return {f: (r, n) for f, (r, n) in tally.items()}


def bench_pairs(split: str, workers: int) -> list:
    rows = [json.loads(line) for line in (ROOT / "overture/data/corpus/meta_bench.jsonl").open()]
    rows = [r for r in rows if split == "all" or r["split"] == split]
    texts = {}
    for r in rows:
        data = (BENCH / r["file"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != r["sha256"]:
            raise SystemExit(f"{r['file']}: changed since it was labelled")
        texts[r["file"]] = data.decode("utf-8")
    recs = records([BENCH / r["file"] for r in rows], workers)
    pairs = []
    for r in rows:
        text = texts[r["file"]]
        gold = {"title": text[r["title"][0]:r["title"][1]] if r["title"] else None,
                "outlet": r["outlet"], "outlet_also": r["outlet_also"], "published": r["published"]}
        pairs.append((r["file"], recs.get(r["file"]), gold))
    return pairs


def cnn_pairs(workers: int, limit: int | None) -> list:
    paths = sorted(CNN.glob("*.md"))[:limit]
    recs = records(paths, workers)
    pairs = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        head = re.match(r"#\s*(.+)", text)
        stamp = re.search(r"Published\s*:\s*`?((?:19|20)\d\d-\d\d-\d\d)", text)
        gold = {"title": head.group(1).strip() if head else None, "outlet": "CNN",
                "published": stamp.group(1) if stamp else None}
        pairs.append((path.name, recs.get(path.name), gold))
    return pairs


def seed_pairs(workers: int) -> list:
    paths = sorted(SEEDS.glob("*.txt"))
    recs = records(paths, workers)
    return [(p.name, recs.get(p.name), json.loads((SEEDS / "gold" / f"{p.stem}.json").read_text()))
            for p in paths]


def repeats(url: str) -> None:
    """Count statements a store's views would show twice: in an actor's timeline, or in the
    evidence of one position step (the same sentence, whitespace and case folded)."""
    from overture.store import Store
    from overture.store._analysis import positions
    store = Store(url)
    actors = store.actors()
    timeline = steps = 0
    for actor in actors:
        said = [" ".join(r["evidence"]["text"].split()).casefold() for r in store.timeline(actor["id"])]
        timeline += len(said) - len(set(said))
        for step in positions(store, actor["id"]):
            shown = [" ".join(e["text"].split()).casefold() for e in step["evidence"]]
            steps += len(shown) - len(set(shown))
    print(f"{url}: {len(actors)} actors; statements shown twice: {timeline} in timelines, {steps} in position evidence")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="test", help="bench pages to score")
    ap.add_argument("--cnn-limit", type=int, default=None, help="only the first N CNN pages")
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--store", help="only count repeated statements in this store's views")
    args = ap.parse_args()
    if args.store:
        return repeats(args.store)
    for name, make in ((f"bench pages ({args.split})", lambda: bench_pairs(args.split, args.workers)),
                       ("cnn-2024", lambda: cnn_pairs(args.workers, args.cnn_limit)),
                       ("seeds (smoke)", lambda: seed_pairs(args.workers))):
        started = time.perf_counter()
        if args.show:
            print(f"{name}:")
        result = score(make(), args.show)
        cells = "  ".join(f"{f} {r}/{n} ({r / n:.2f})" if n else f"{f} -" for f, (r, n) in result.items())
        print(f"{name:22} {cells}  [{time.perf_counter() - started:.0f}s]")


if __name__ == "__main__":
    main()
