"""The manifest: a CSV naming articles (by `path` or `url`) with metadata their pages lack.

Header row required; columns `path` and/or `url`, and any of `outlet`, `published`
(YYYY-MM-DD), `language`, `title`. Relative paths are relative to the manifest's folder.
A bad row is reported (with its line number) and the others are still used.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overture._errors import InputError

HINT_COLUMNS = ("outlet", "published", "language", "title")


@dataclass
class ManifestRow:
    """One article the manifest names, with the metadata that overrides extraction."""

    where: str                      # "manifest.csv:3", for messages
    path: Path | None = None
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)


def read_manifest(path: Path) -> tuple[list[ManifestRow], list[tuple[str, str]]]:
    """The manifest's good rows, and (where, reason) for each bad one.

    Raises InputError when the file itself can't be used (missing, no `path`/`url` column)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read manifest: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if not columns & {"path", "url"}:
        raise InputError(str(path), "manifest needs a header row with a 'path' or 'url' column")
    rows, bad = [], []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        where = f"{path}:{line}"
        try:
            rows.append(_row(where, row, path.parent))
        except ValueError as exc:
            bad.append((where, str(exc)))
    return rows, bad


def _row(where: str, row: dict[str, str], base: Path) -> ManifestRow:
    if not row.get("path") and not row.get("url"):
        raise ValueError("row has neither a path nor a url")
    url = row.get("url") or None
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"url '{url}' is not an http(s) address")
    hints: dict[str, Any] = {k: row[k] for k in ("outlet", "language", "title") if row.get(k)}
    if row.get("published"):
        try:
            hints["published"] = dt.date.fromisoformat(row["published"])
        except ValueError:
            raise ValueError(f"published '{row['published']}' is not an ISO date (YYYY-MM-DD)") from None
    path = (base / row["path"]).resolve() if row.get("path") else None
    return ManifestRow(where=where, path=path, url=url, hints=hints)
