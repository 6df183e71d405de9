"""Writing the store out: records as JSONL, signals as CSV, JSONL or Parquet.

Signals are flattened to one row of plain columns (lists joined with "; ", spans reduced to
their text) so spreadsheets and dataframes read them without JSON.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from overture.record import Record

SIGNAL_COLUMNS = ("id", "date", "type", "actor", "actor_side", "target", "conditions", "said_on",
                  "date_text", "medium", "reported_via", "outlet", "outlets", "published", "cameo",
                  "plover", "goldstein", "evidence", "quote", "article_id", "source", "url", "title")
SIGNAL_FORMATS = ("csv", "jsonl", "parquet")


def flat_signal(signal: dict[str, Any]) -> dict[str, Any]:
    """One signal dict (as `Store.signals` returns it) as a row of plain values."""
    row = {k: signal.get(k) for k in SIGNAL_COLUMNS}
    for key in ("conditions", "reported_via", "outlets"):
        row[key] = "; ".join(signal.get(key) or [])
    for key in ("evidence", "quote"):
        row[key] = (signal.get(key) or {}).get("text")
    return row


def write_records(records: Iterable[Record], target: Path | IO[str]) -> int:
    """One contract Record per line (the shape `overture extract` prints and `overture eval` reads)."""
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8") as fh:
            return write_records(records, fh)
    n = 0
    for record in records:
        target.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_signals(signals: list[dict[str, Any]], fmt: str, target: Path | IO[str] | IO[bytes]) -> int:
    """Signals to a file or an open stream: `csv` and `parquet` flat, `jsonl` as full dicts."""
    from overture.store._store import StoreError
    if fmt not in SIGNAL_FORMATS:
        raise StoreError(f"unknown signal format '{fmt}'; use {', '.join(SIGNAL_FORMATS)}")
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise StoreError("Parquet output needs pyarrow: pip install pyarrow") from None
        table = pa.Table.from_pylist([flat_signal(s) for s in signals],
                                     schema=None if signals else pa.schema([(c, pa.string()) for c in SIGNAL_COLUMNS]))
        pq.write_table(table, target)  # type: ignore[arg-type]
        return len(signals)
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as fh:
            return write_signals(signals, fmt, fh)
    if fmt == "csv":
        writer = csv.DictWriter(target, fieldnames=SIGNAL_COLUMNS)  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(flat_signal(s) for s in signals)
    else:
        for s in signals:
            target.write(json.dumps(s, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
    return len(signals)
