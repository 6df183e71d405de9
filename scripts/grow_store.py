"""Grow a large test store from a real one, for load benchmarks at 10,000 and 100,000 articles.

Every article of the source store is stored again, round after round, under a new source
name, with its publication date and every signal's date shifted by a whole
number of weeks per round, until the target count. The words, speakers, signals and their
mix stay those of real news, so stories, positions and timelines come out as they would on a
long-running tracker; only their number grows. The analysis (copies, stories, positions) is
run once at the end, as `overture ingest` does. One limit: each round's text is the same
words, so the copy finder marks the copies (`copy_of`) and stories gain articles rather than
number (10,000 articles from cnn-2024: 1,120 stories, each round's articles in them).

    overture ingest ../shared/corpus/cnn-2024 --db sqlite:///cnn.db
    python scripts/grow_store.py sqlite:///cnn.db sqlite:///cnn-10k.db --articles 10000
    python scripts/bench_load.py sqlite:///cnn-10k.db --clients 10 --requests 1200
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from rich.progress import Progress

from overture.record import Record
from overture.store import Store
from overture.store import _analysis as analysis


def shifted(record: Record, weeks: int, round_no: int) -> Record:
    """The record as if published `weeks` weeks later, under a name of its own."""
    delta = dt.timedelta(weeks=weeks)

    def later(day: dt.date | None) -> dt.date | None:
        return day + delta if day else None

    return record.model_copy(update={
        "source": f"r{round_no:04d}-{record.source}" if round_no else record.source,
        "published": later(record.published),
        "signals": [s.model_copy(update={"said_on": later(s.said_on)}) for s in record.signals],
    })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", help="the store to copy from (a database URL)")
    ap.add_argument("target", help="the store to grow (a database URL; created if new)")
    ap.add_argument("--articles", type=int, required=True, help="stop when the target holds this many")
    ap.add_argument("--weeks", type=int, default=3, help="how far each round moves the dates")
    args = ap.parse_args()
    source, target = Store(args.source), Store(args.target)
    ids, cursor = [], None
    while True:  # every stored id, a page at a time; then each article read once, record and raw text
        page, cursor = source.articles(limit=500, cursor=cursor)
        ids += [a["id"] for a in page]
        if cursor is None:
            break
    originals = []
    for article_id in sorted(ids):
        stored = source.article(article_id)
        record = Record.model_validate({k: v for k, v in stored.items() if k in Record.model_fields})
        originals.append((record, stored["raw"], stored["kind"]))
    if not originals:
        sys.exit(f"{args.source}: holds no articles to copy")
    have = target.counts()["articles"]
    t0, round_no = time.perf_counter(), have // len(originals)
    with Progress() as progress:
        task = progress.add_task("storing", total=args.articles, completed=have)
        while have < args.articles:
            for record, raw, kind in originals:
                if have >= args.articles:
                    break
                copy = shifted(record, args.weeks * round_no, round_no)
                # the raw text must differ for the store to keep it apart: a trailing line leaves every offset as it was
                _, created = target.add(copy, f"{raw}\n\n[copy {round_no}]\n" if round_no else raw, kind=kind)
                have += created
                progress.advance(task, int(created))
            round_no += 1
    stored_s = time.perf_counter() - t0
    report = analysis.analyse(target)
    print(f"{args.target}: {have} articles ({stored_s:.0f} s to store, {time.perf_counter() - t0 - stored_s:.0f} s "
          f"to analyse: {report})")


if __name__ == "__main__":
    main()
