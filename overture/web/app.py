"""`create_app`: the FastAPI app, and the one place where errors become HTTP responses.

API routes live in `_api.py` (JSON under /api), dashboard pages in `_pages.py` (HTML). Both
raise plain exceptions (`StoreError`, `HTTPException`, validation errors); the handlers here
turn them into a JSON body for /api and an error page for everything else.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from overture.store import Store, StoreError
from overture.web._pages import templates

HERE = Path(__file__).parent

# Scripts only from this server (no inline script runs, so injected markup cannot execute);
# 'unsafe-eval' because Vega compiles its expressions with Function(). Styles may be inline
# because vega-embed adds a <style> element for its tooltip.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval'; "
                           "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(store: Store, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The API and dashboard over `store`, read-only.

    `allowed_hosts` (e.g. ["127.0.0.1", "localhost"]) refuses requests naming any other Host,
    which stops DNS-rebinding pages from reading a server bound to the loopback address.

    Example:  uvicorn.run(create_app(Store("sqlite:///talks.db")), host="127.0.0.1")
    """
    from overture import __version__
    from overture.web import _api, _pages

    # No /docs or /redoc: FastAPI's pages load Swagger UI and ReDoc from a CDN. The schema stays.
    app = FastAPI(title="overture", version=__version__, docs_url=None, redoc_url=None,
                  description="Negotiation signals, attributed and dated, from a corpus of news articles.")
    app.state.store = store
    app.include_router(_api.router)
    app.include_router(_pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    return app


# ---------------------------------------------------------------------- errors, in one place

def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, detail: object, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


async def _store_error(request: Request, exc: Exception) -> Response:
    """A malformed argument the store refused (bad cursor, bad date): the client's fault."""
    return _error(request, 422, str(exc), str(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    message = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in errors)
    return _error(request, 422, errors, message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return _error(request, exc.status_code, exc.detail, str(exc.detail))
