"""How many of the names a store holds on signals and statements are names a reader accepts.

Every stored speaker and signal actor is checked with `overture.actors._canonical.well_formed`
(no title in front, no clause, no generic noun, no indefinite description, no number or
document); the share is printed with the most frequent offenders, so a regression shows.

    overture ingest ../shared/corpus/cnn-2024 --db sqlite:///cnn.db
    python scripts/eval_actors.py sqlite:///cnn.db
"""
from __future__ import annotations

import argparse
from collections import Counter

from sqlalchemy import select

from overture.actors._canonical import well_formed
from overture.store import Store
from overture.store._models import SignalRow, StatementRow


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", help="the store's URL")
    ap.add_argument("--show", type=int, default=25, help="how many offending names to list")
    args = ap.parse_args()
    store = Store(args.db)
    with store._session() as s:  # noqa: SLF001 - a measurement script reads the tables directly
        names = Counter(n for n in s.scalars(select(StatementRow.speaker)) if n)
        names.update(n for n in s.scalars(select(SignalRow.actor)) if n)
    bad = Counter({n: c for n, c in names.items() if not well_formed(n)})
    total, wrong = names.total(), bad.total()
    print(f"{args.db}: {total} names on statements and signals, {len(names)} distinct; "
          f"well formed {total - wrong}/{total} ({(total - wrong) / max(total, 1):.3f})")
    for name, count in bad.most_common(args.show):
        print(f"  {count:5}  {name}")


if __name__ == "__main__":
    main()
