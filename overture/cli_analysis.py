"""Analysis commands: stories across outlets, actors' positions through time, and the
recompute that fills them. Each opens a Store and calls overture.store._analysis."""
from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from rich.table import Table

from overture.cli import app, err, out
from overture.store import DEFAULT_URL, Store
from overture.store._analysis import analyse, positions, stories

Db = Annotated[str, typer.Option("--db", envvar="OVERTURE_DB",
                                 help="Database URL (SQLite file by default; any SQLAlchemy URL)")]


class ViewFormat(str, Enum):
    json = "json"
    table = "table"


def _short(text: str | None, n: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 3] + "..."


@app.command("analyse")
def analyse_command(db: Db = DEFAULT_URL) -> None:
    """Recompute copies, folded statements, stories and positions over the whole store.

    Example:  overture analyse --db sqlite:///talks.db
    """
    report = analyse(Store(db))
    out.print(f"{report.articles} articles: {report.copies} copies, {report.rewrites} rewrites; "
              f"{report.mentions} signals folded into {report.folded_statements} statements; "
              f"{report.stories} stories; {report.positions} position steps in {report.seconds:.1f}s")


@app.command("stories")
def stories_command(
    db: Db = DEFAULT_URL,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format")] = ViewFormat.table,
    actor: Annotated[str | None, typer.Option(help="Only stories where this actor speaks")] = None,
) -> None:
    """Stories: the articles about one event, with each article's outlet and what it copies.

    Example:  overture stories --db sqlite:///talks.db --format json
    """
    rows = stories(Store(db), actor=actor)
    if format is ViewFormat.json:
        keep = ("source", "outlet", "copy_of")
        print(json.dumps([{"id": r["id"], "title": r["title"], "first_seen": r["first_seen"],
                           "last_seen": r["last_seen"],
                           "articles": [{k: a[k] for k in ("id", *keep)} for a in r["articles"]]}
                          for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(rows)} stories")
    for col in ("id", "first seen", "last seen", "title", "outlets", "articles"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r["id"]), r["first_seen"] or "?", r["last_seen"] or "?", _short(r["title"]),
                      f"{r['independent_outlets']} independent of {r['outlets']}",
                      "\n".join(f"{a['outlet']}: {a['source']}" + (f" (copy of {a['copy_of']})" if a["copy_of"] else "")
                                for a in r["articles"]))
    out.print(table)


@app.command("positions")
def positions_command(
    actor: Annotated[str, typer.Argument(help="Actor name (spelling variants accepted) or id")],
    db: Db = DEFAULT_URL,
    format: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format")] = ViewFormat.table,
) -> None:
    """An actor's position on talks with each counterpart through time: open, conditional,
    refusing or unknown, with the sentences that show each step.

    Example:  overture positions "Volodymyr Zelensky" --format json
    """
    rows = positions(Store(db), actor)
    if format is ViewFormat.json:
        print(json.dumps([{k: r[k] for k in ("actor", "counterpart", "state", "since", "until", "evidence")}
                          for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        err.print(f"no positions for '{actor}' (run `overture analyse`; see `overture actors`)", highlight=False)
        raise typer.Exit(1)
    table = Table(title=f"{rows[0]['actor']}: position on talks")
    for col in ("counterpart", "since", "until", "state", "conditions", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["counterpart"] or "(none named)", r["since"], r["until"] or "", r["state"],
                      ", ".join(r["conditions"]),
                      "\n".join(f"{e['date']} {e['outlet']}: {_short(e['text'])}" for e in r["evidence"][:3])
                      + (f"\n(+{len(r['evidence']) - 3} more)" if len(r["evidence"]) > 3 else ""))
    out.print(table)
