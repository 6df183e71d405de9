"""The web layer: one FastAPI app serving the JSON API and the dashboard over a Store.

Thin over the library: each route reads its parameters, calls one or two `Store` methods and
formats the result. `overture serve` runs it with uvicorn.
"""
from overture.web.app import create_app

__all__ = ["create_app"]
