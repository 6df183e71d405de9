"""The command line: thin over the library. Errors become messages here, and only here."""
from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from overture._errors import OvertureError
from overture._extract import SIGNAL_ENGINES, default_workers, extract_files

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Negotiation signals, attributed and dated, from raw news pages.")
out = Console()
if not out.is_terminal:  # piped or captured: don't squeeze the table into 80 columns
    out.width = max(out.width, 200)
err = Console(stderr=True)


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


def field_map(pairs: list[str] | None) -> dict[str, str] | None:
    """--field text=story_body ... as {"text": "story_body"}; names checked here, so a typo
    is an error before any file is read."""
    from overture.read._formats import FIELD_NAMES
    if not pairs:
        return None
    found = {}
    for pair in pairs:
        key, sep, column = pair.partition("=")
        if not sep or not column.strip() or key.strip() not in FIELD_NAMES:
            raise typer.BadParameter(f"--field '{pair}': expected FIELD=COLUMN with FIELD one of "
                                     f"{', '.join(FIELD_NAMES)}")
        found[key.strip()] = column.strip()
    return found


def _signal_table(records: list) -> Table:
    table = Table(title="Negotiation signals", show_lines=False)
    for col in ("article", "type", "actor", "target", "said on", "conditions", "via", "evidence"):
        table.add_column(col, overflow="fold")
    for rec in records:
        for s in rec.signals:
            ev = s.evidence.text
            table.add_row(rec.source, s.type, s.actor or "?", s.target or "",
                          s.said_on.isoformat() if s.said_on else (s.date_text or ""),
                          ", ".join(s.conditions), " > ".join(s.reported_via),
                          ev if len(ev) <= 140 else ev[:137] + "...")
    return table


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders: pages (.txt .md .html), exports (.jsonl .json .csv), "
                                                      "caches; optionally .gz")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format")] = Format.jsonl,
    published: Annotated[str | None, typer.Option(help="Publication date for every input, YYYY-MM-DD")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for every input")] = None,
    fast: Annotated[bool, typer.Option("--fast/--full", help="--fast (default): parse only articles and paragraphs "
                                       "with negotiation vocabulary; --full: parse everything (statements and "
                                       "claims of every article)")] = True,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Processes (or Ray actors) to run "
                                                "[default: the machine's cores, at most 4]")] = None,
    signals: Annotated[str, typer.Option(help="Signal engine: model (trained classifier) or rules (cue rules alone)")] = "model",
    engine: Annotated[str, typer.Option(help="local or ray")] = "local",
    ray_address: Annotated[str | None, typer.Option(help="Ray cluster address (default: RAY_ADDRESS or a local Ray)")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="For JSONL/CSV exports: map a column, "
                                                    "e.g. --field text=story_body (title, text, url, published, outlet)",
                                                    show_default=False)] = None,
) -> None:
    """Extract one record per article and print it.

    Example:  overture extract news/ --format jsonl --workers 2 > records.jsonl
    """
    day = _date(published)
    if signals not in SIGNAL_ENGINES:
        raise typer.BadParameter(f"unknown signal engine '{signals}'; choose one of {', '.join(SIGNAL_ENGINES)}")
    records, failures = [], 0
    for item in extract_files(paths, published=day, outlet=outlet, fast=fast, workers=workers or default_workers(),
                              engine=engine, ray_address=ray_address, signals=signals,
                              fields=field_map(field)):
        if isinstance(item, OvertureError):
            failures += 1
            err.print(f"[red]error:[/red] {item}", highlight=False)
            continue
        if format is Format.table:
            records.append(item)
        elif format is Format.json:
            print(json.dumps(item.model_dump(mode="json"), ensure_ascii=False, indent=2))
        else:
            print(json.dumps(item.model_dump(mode="json"), ensure_ascii=False))
        sys.stdout.flush()
    if format is Format.table:
        out.print(_signal_table(records))
    if failures:
        err.print(f"{failures} input(s) failed")
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    predictions: Annotated[Path, typer.Argument(help="JSONL of records, or a folder of .json records")],
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold .json records")],
    raw: Annotated[Path | None, typer.Option(help="Folder of the raw inputs (default: the gold folder's parent)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Score predictions against gold records with the contract's rules.

    Example:  overture eval records.jsonl ../shared/corpus/seeds/gold
    """
    from overture.evaluate import evaluate, format_report, load_records
    for p in (predictions, gold_dir):
        if not p.exists():
            raise typer.BadParameter(f"{p}: no such file or folder")
    report = evaluate(load_records(predictions), gold_dir, raw)
    print(json.dumps(report.as_dict()) if as_json else format_report(report))


def main() -> None:
    """The console script: library errors become one-line messages and a non-zero exit."""
    try:
        app()
    except OvertureError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise SystemExit(1) from exc


# Commands over the store (ingest, signals, timeline, actors, export, reprocess) register on `app`.
import overture.cli_store  # noqa: E402,F401
import overture.cli_web  # noqa: E402,F401  (serve)
import overture.cli_analysis  # noqa: E402,F401  (analyse, stories, positions)
