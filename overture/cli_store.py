"""Corpus commands: ingest articles into a store and look at what it holds.

Each command opens a Store, calls one or two library functions and formats the result;
library errors become messages in `overture.cli.main`.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from overture.cli import _date, app, err, field_map, out
from overture._extract import default_workers
from overture.ingest import Outcome, ingest
from overture.store import DEFAULT_URL, Store, write_signals

Db = Annotated[str, typer.Option("--db", envvar="OVERTURE_DB",
                                 help="Database URL (SQLite file by default; any SQLAlchemy URL)")]


class SignalFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False)


@app.command("ingest")
def ingest_command(
    sources: Annotated[list[str] | None, typer.Argument(help="Files, folders, page URLs or RSS/Atom feed URLs",
                                                        show_default=False)] = None,
    db: Db = DEFAULT_URL,
    manifest: Annotated[Path | None, typer.Option(help="CSV of path/url, outlet, published, language; "
                                                       "its rows are ingested too")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private",
                                                help="Also fetch URLs on loopback, private and link-local "
                                                     "addresses (refused by default)")] = False,
    fast: Annotated[bool, typer.Option("--fast/--full", help="--fast (default): parse only articles and "
                                       "paragraphs with negotiation vocabulary; --full: parse everything")] = True,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Processes extracting files "
                                                "[default: the machine's cores, at most 4]")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="For JSONL/CSV exports: map a column, "
                                                    "e.g. --field text=story_body (title, text, url, published, outlet)",
                                                    show_default=False)] = None,
) -> None:
    """Extract articles and store them, each once; list what failed and why.

    Example:  overture ingest news/ https://example.org/feed.xml --manifest news/manifest.csv
    """
    if not sources and manifest is None:
        raise typer.BadParameter("give at least one PATH, URL or FEED, or --manifest FILE")
    store = Store(db)
    counts = {"new": 0, "duplicate": 0, "failed": 0}
    with _progress() as bar:
        task = bar.add_task("starting", total=None)

        def show(outcome: Outcome) -> None:
            counts[outcome.status] += 1
            bar.update(task, completed=outcome.done, total=outcome.total,
                       description=" · ".join(f"{n} {k}" for k, n in counts.items()))

        report = ingest(list(sources or []), store, manifest=manifest, progress=show, allow_private=allow_private,
                        workers=workers or default_workers(), fast=fast, fields=field_map(field))
    out.print(f"{report.new} new, {report.duplicate} duplicate, {len(report.failed)} failed "
              f"in {report.seconds:.1f}s -> {db}")
    if report.new:
        _analyse(store)
    if report.failed:
        err.print("[red]failed:[/red]")
        for source, reason in report.failed:
            err.print(f"  {source}: {reason}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


def _analyse(store: Store) -> None:
    """Copies, folded statements, stories and positions follow every change of the corpus."""
    from overture.store._analysis import analyse
    result = analyse(store)
    out.print(f"analysed: {result.copies} copies, {result.rewrites} rewrites, {result.folded_statements} "
              f"statements, {result.stories} stories, {result.positions} position steps")


@app.command("signals")
def signals_command(
    actor: Annotated[str | None, typer.Option(help="Who made the signal (spelling variants accepted)")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Signal type, e.g. offer_talks")] = None,
    since: Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publishing outlet or intermediary (reported via)")] = None,
    format: Annotated[SignalFormat, typer.Option("--format", "-f", help="Output format")] = SignalFormat.table,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file (required for parquet)")] = None,
    db: Db = DEFAULT_URL,
) -> None:
    """List stored signals in date order, filtered.

    Example:  overture signals --actor "Dmitry Peskov" --type dismiss --since 2023-01-01 --format csv
    """
    filters = dict(actor=actor, type=type, since=_date(since), until=_date(until), outlet=outlet)
    rows = Store(db).all_signals(**filters)
    if format is SignalFormat.table:
        table = Table(title=f"{len(rows)} signals")
        for col in ("date", "type", "actor", "target", "conditions", "outlets", "evidence"):
            table.add_column(col, overflow="fold")
        for s in rows:
            ev = s["evidence"]["text"]
            table.add_row(s["date"] or "?", s["type"], s["actor"] or "?", s["target"] or "",
                          ", ".join(s["conditions"]), ", ".join(s["outlets"]),
                          ev if len(ev) <= 140 else ev[:137] + "...")
        out.print(table)
    elif format is SignalFormat.parquet and out_path is None:
        raise typer.BadParameter("parquet output needs --out FILE")
    elif out_path is not None:
        n = write_signals(rows, format.value, out_path)
        err.print(f"{n} signals written to {out_path}")
    else:
        write_signals(rows, format.value, sys.stdout)


@app.command("timeline")
def timeline_command(
    actor: Annotated[str, typer.Argument(help="Actor name (spelling variants accepted) or id")],
    db: Db = DEFAULT_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per signal")] = False,
) -> None:
    """An actor's statements in date order, each once: type, conditions, counterpart, how many
    articles and which outlets carried it.

    Example:  overture timeline "Volodymyr Zelensky" --db sqlite:///talks.db
    """
    rows = Store(db).timeline(actor)
    if not rows:
        err.print(f"no signals stored for '{actor}' (see `overture actors`)", highlight=False)
        raise typer.Exit(1)
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"{rows[0]['actor']}: {len(rows)} statements")
    for col in ("date", "type", "conditions", "counterpart", "articles", "outlets"):
        table.add_column(col, overflow="fold")
    for s in rows:
        table.add_row(s["date"] or "undated", s["type"], ", ".join(s["conditions"]), s["target"] or "",
                      str(s["articles"]), ", ".join(s["outlets"]) or "(unknown)")
    out.print(table)


@app.command("actors")
def actors_command(db: Db = DEFAULT_URL,
                   format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv")] = "table") -> None:
    """Everyone who signals or speaks in the store, most signals first: side, kind, role,
    Wikidata id and the spellings folded into each.

    Example:  overture actors --format csv --db sqlite:///talks.db > actors.csv
    """
    if format not in ("table", "json", "csv"):
        raise typer.BadParameter(f"unknown format '{format}'; use table, json or csv")
    rows = Store(db).actors()
    if format == "json":
        for a in rows:
            print(json.dumps(a, ensure_ascii=False))
        return
    if format == "csv":
        import csv
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "name", "side", "kind", "role", "wikidata", "variants", "signals", "statements"])
        for a in rows:
            writer.writerow([a["id"], a["name"], a["side"] or "", a["kind"] or "", a["role"] or "", a["wikidata"] or "",
                             "; ".join(a["variants"]), a["signals"], a["statements"]])
        return
    table = Table(title=f"{len(rows)} actors")
    for col in ("id", "name", "side", "kind", "role", "signals", "statements", "types"):
        table.add_column(col, overflow="fold")
    for a in rows:
        table.add_row(str(a["id"]), a["name"], a["side"] or "", a["kind"] or "", a["role"] or "", str(a["signals"]),
                      str(a["statements"]), ", ".join(f"{t} {n}" for t, n in a["types"].items()))
    out.print(table)


@app.command("export")
def export_command(
    db: Db = DEFAULT_URL,
    format: Annotated[ExportFormat, typer.Option("--format", "-f",
                                                 help="jsonl: one record per article; csv, parquet: one row per signal")
                      ] = ExportFormat.jsonl,
    out_path: Annotated[Path | None, typer.Option("--out", help="Output file (default: standard output)")] = None,
) -> None:
    """Write the whole store out: records as JSONL (readable by `overture eval`), or signals as CSV.

    Example:  overture export --format jsonl --out records.jsonl
    """
    store = Store(db)
    if out_path is None:
        if format is ExportFormat.parquet:
            raise typer.BadParameter("parquet output needs --out FILE")
        store.export(format.value, sys.stdout)
        return
    n = store.export(format.value, out_path)
    err.print(f"{n} rows written to {out_path}")


@app.command("reprocess")
def reprocess_command(db: Db = DEFAULT_URL) -> None:
    """Extract every stored article again with the current pipeline (after an upgrade).

    Example:  overture reprocess --db sqlite:///talks.db
    """
    store = Store(db)
    total = store.counts()["articles"]
    with _progress() as bar:
        task = bar.add_task("reprocessing", total=total)
        report = store.reprocess(progress=lambda _id, _error: bar.advance(task))
    out.print(f"{report.articles} articles re-extracted: {report.signals} signals, "
              f"{report.statements} statements, {report.claims} claims")
    _analyse(store)
    if report.failed:
        for article_id, reason in report.failed:
            err.print(f"  article {article_id}: {reason}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)
