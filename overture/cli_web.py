"""`overture serve`: the dashboard and JSON API over a store, run by uvicorn.

Registered on the main Typer app when overture.cli imports this module.
"""
from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from overture.cli import app, err, out
from overture.store import Store
from overture.store._store import DEFAULT_URL


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: Annotated[str, typer.Option(help="SQLAlchemy URL of the store")] = DEFAULT_URL,
    host: Annotated[str, typer.Option(help="Address to bind; other machines reach it only if not loopback")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    write_token: Annotated[str | None, typer.Option(
        envvar="OVERTURE_WRITE_TOKEN", show_default=False,
        help="Enable POST /api/ingest and /api/reprocess for requests with 'Authorization: Bearer TOKEN' "
             "(16+ characters; prefer the environment variable, which other users cannot see)")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Server processes, each with its own "
                                                "connections [default: the machine's cores, at most 4]")] = None,
) -> None:
    """Serve the dashboard (actors, timelines, signals, articles, outlets) and the JSON API.

    Read-only unless a write token is given. Binds to 127.0.0.1 unless --host says otherwise.

    Example:  OVERTURE_WRITE_TOKEN=$(openssl rand -hex 24) overture serve --db sqlite:///talks.db
    """
    import uvicorn

    from overture.web import create_app

    from overture.web._write import check_token

    write_token = write_token or None  # OVERTURE_WRITE_TOKEN="" means no token
    if write_token is not None:
        try:
            check_token(write_token)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--write-token") from None
    from overture._extract import default_workers
    workers = workers or default_workers()
    loopback = _is_loopback(host)
    if not loopback:
        err.print(f"[yellow]warning:[/yellow] serving on {host}: anyone who can reach it can read the store"
                  + (" (and, with the token, write to it: put TLS in front)" if write_token else ""),
                  highlight=False)
    store = Store(db)
    # On loopback, refuse other Host headers: a web page elsewhere cannot rebind its name to us.
    # (Starlette's host check cannot parse IPv6 Host headers, so an IPv6 bind goes without it.)
    allowed = sorted({host, "localhost", "127.0.0.1"}) if loopback and ":" not in host else None
    shown = f"[{host}]" if ":" in host else host
    mode = "writes need the token" if write_token else "read-only"
    out.print(f"overture dashboard on http://{shown}:{port}/ ({mode}; {workers} worker process{'es' if workers > 1 else ''}; "
              "API schema at /openapi.json; Ctrl+C to stop)", highlight=False)
    if workers == 1:
        try:
            uvicorn.run(create_app(store, allowed_hosts=allowed, write_token=write_token), host=host, port=port,
                        log_level="info")
        finally:
            store.close()
        return
    import json
    import os

    from overture.web._serve import ENV
    store.close()  # opened above to migrate and check the store once; each worker opens its own
    os.environ[ENV] = json.dumps({"db": db, "allowed_hosts": allowed})
    if write_token:
        os.environ["OVERTURE_WRITE_TOKEN"] = write_token
    uvicorn.run("overture.web._serve:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="info")
