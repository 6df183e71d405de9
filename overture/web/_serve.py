"""The app as uvicorn's worker processes build it: each process opens the store named in the
environment (set by `overture serve`), since a Store cannot be handed across processes."""
from __future__ import annotations

import json
import os

from fastapi import FastAPI

ENV = "OVERTURE_SERVE"  # JSON: {"db": URL, "allowed_hosts": [...] or null}; the token stays in its own variable


def app_from_env() -> FastAPI:
    from overture.store import Store
    from overture.web import create_app
    settings = json.loads(os.environ[ENV])
    token = os.environ.get("OVERTURE_WRITE_TOKEN") or None
    return create_app(Store(settings["db"]), allowed_hosts=settings["allowed_hosts"], write_token=token)
