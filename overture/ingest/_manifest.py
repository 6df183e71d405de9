"""The manifest: a CSV naming articles (by `path` or `url`) with metadata their pages lack.

Header row required; columns `path` and/or `url`, and any of `outlet`, `published`
(YYYY-MM-DD), `language`, `title`. Relative paths are relative to the manifest's folder.
A bad row is reported (with its line number) and the others are still used; so is an
unknown column (a misspelt `publshed` would otherwise be silently ignored).
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from overture._errors import InputError

HINT_COLUMNS = ("outlet", "published", "language", "title")
COLUMNS = ("path", "url", *HINT_COLUMNS)
MAX_MANIFEST_BYTES = 50_000_000


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
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise InputError(str(path), f"manifest is over the {MAX_MANIFEST_BYTES:,}-byte limit")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read manifest: {exc}") from exc
    if "\x00" in text:
        raise InputError(str(path), "manifest is a binary file (NUL bytes), not a CSV")
    reader = csv.DictReader(text.splitlines())
    try:
        header = [(c or "").strip().lower() for c in reader.fieldnames or []]
    except csv.Error as exc:
        raise InputError(str(path), f"manifest is not a readable CSV: {exc}") from exc
    if not set(header) & {"path", "url"}:
        raise InputError(str(path), "manifest needs a header row with a 'path' or 'url' column")
    rows, bad = [], []
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        bad.append((f"{path}:1", f"unknown column {', '.join(repr(c) for c in unknown)}; "
                                 f"known: {', '.join(COLUMNS)}"))
    try:
        for raw in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
            where = f"{path}:{reader.line_num}"
            try:
                if raw.get(None):  # DictReader files surplus values under None
                    raise ValueError(f"row has {len(raw[None])} more value(s) than the header has columns")
                rows.append(_row(where, row, path.parent))
            except ValueError as exc:
                bad.append((where, str(exc)))
    except csv.Error as exc:
        bad.append((f"{path}:{reader.line_num}", f"not readable as CSV from here on: {exc}"))
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
