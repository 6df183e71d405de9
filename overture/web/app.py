"""`create_app`: the FastAPI app, its request limits, and the one place where errors become
HTTP responses.

API routes live in `_api.py` (JSON under /api), dashboard pages in `_pages.py` (HTML), write
routes in `_write.py` (only with a write token). All raise plain exceptions (`StoreError`,
`HTTPException`, validation errors); the handlers here turn them into a JSON body for /api and
an error page for everything else.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overture.store import Store, StoreError
from overture.web._pages import templates

HERE = Path(__file__).parent
MAX_BODY = 2_000_000       # bytes of a request body; more is 413
MAX_QUERY = 4096           # characters of a query string; more is 422
MAX_QUERY_PARAMS = 32      # parameters in a query string (a repeated name counts each time); more is 422

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


def create_app(store: Store, *, allowed_hosts: list[str] | None = None, write_token: str | None = None,
               pipeline: Any = None, cache_bytes: int = 64_000_000) -> FastAPI:
    """The API and dashboard over `store`; read-only unless `write_token` is given.

    `allowed_hosts` (e.g. ["127.0.0.1", "localhost"]) refuses requests naming any other Host,
    which stops DNS-rebinding pages from reading a server bound to the loopback address.
    `write_token` (16+ printable ASCII characters) adds POST /api/ingest and /api/reprocess,
    which need `Authorization: Bearer TOKEN`; without it those routes do not exist (404).
    `pipeline` is the one they extract with (default: built on first write).
    `cache_bytes`: answers kept in memory, keyed by the store's version, so a page is computed
    once per ingest, not once per request (0: none).

    Example:  uvicorn.run(create_app(Store("sqlite:///talks.db")), host="127.0.0.1")
    """
    from overture import __version__
    from overture.web import _api, _pages, _write

    # No /docs or /redoc: FastAPI's pages load Swagger UI and ReDoc from a CDN. The schema stays.
    app = FastAPI(title="overture", version=__version__, docs_url=None, redoc_url=None,
                  description="Negotiation signals, attributed and dated, from a corpus of news articles.")
    app.state.store = store
    app.include_router(_api.router)
    app.include_router(_pages.router)
    if write_token is not None:
        app.state.writer = _write.Writer(write_token, pipeline=pipeline)
        app.include_router(_write.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(RequestLimits)
    answers = AnswerCache(cache_bytes)

    @app.middleware("http")
    async def etags(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Pages and API answers change only when the store does: each GET carries an ETag
        built on the store's version, and a client that sends it back gets 304 without the
        query being run again."""
        if request.method not in ("GET", "HEAD") or request.url.path.startswith("/static/"):
            return await call_next(request)
        version = await run_in_threadpool(store.version)
        key = f"{__version__}|{version}|{request.headers.get('host')}|{request.url.path}?{request.url.query}"
        tag = f'W/"{hashlib.sha1(key.encode()).hexdigest()[:24]}"'
        if tag in (t.strip() for t in request.headers.get("if-none-match", "").split(",")):
            return Response(status_code=304, headers={"ETag": tag, "Cache-Control": "no-cache"})
        if request.method == "GET" and (hit := answers.get(key)) is not None:
            status, headers, body = hit
            return Response(content=body, status_code=status, headers=headers)
        response = await call_next(request)
        if response.status_code == 200:
            response.headers["ETag"] = tag
            response.headers.setdefault("Cache-Control", "no-cache")  # may be kept, but ask again
            if request.method == "GET":
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                answers.put(key, (response.status_code, dict(response.headers), body))
                return Response(content=body, status_code=response.status_code, headers=dict(response.headers))
        return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    return app


class AnswerCache:
    """The last answers given, by key (store version, host, path and query), up to a byte
    budget, least recently used first out. A new ingest changes the version, so an old
    answer is never served: it only ages out."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.items: OrderedDict[str, tuple[int, dict[str, str], bytes]] = OrderedDict()

    def get(self, key: str) -> tuple[int, dict[str, str], bytes] | None:
        hit = self.items.get(key)
        if hit is not None:
            self.items.move_to_end(key)
        return hit

    def put(self, key: str, answer: tuple[int, dict[str, str], bytes]) -> None:
        if len(answer[2]) > self.budget // 8 or key in self.items:
            return
        self.items[key] = answer
        self.size += len(answer[2])
        while self.size > self.budget:
            _, old = self.items.popitem(last=False)
            self.size -= len(old[2])


class RequestLimits:
    """Refuse a body over MAX_BODY bytes (413: by its Content-Length before reading it, or while
    it streams in without one) and a query string too long or with too many parameters (422)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if len(query) > MAX_QUERY or len(parse_qsl(query.decode("latin-1"), keep_blank_values=True)) > MAX_QUERY_PARAMS:
            await _plain(scope, receive, send, 422, f"query string over {MAX_QUERY} characters or "
                                                    f"{MAX_QUERY_PARAMS} parameters")
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared and not declared.isdigit():
            await _plain(scope, receive, send, 400, "Content-Length is not a number")
            return
        if declared and int(declared) > MAX_BODY:
            await _plain(scope, receive, send, 413, f"request body over {MAX_BODY:,} bytes")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:  # a chunked body with no Content-Length; FastAPI turns this into the 413
                raise StarletteHTTPException(413, f"request body over {MAX_BODY:,} bytes")
            return message

        await self.app(scope, counted, send)


async def _plain(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    request = Request(scope, receive)
    await _error(request, status, message, message)(scope, receive, send)


# ---------------------------------------------------------------------- errors, in one place

def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, detail: object, message: str,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        if status == 422 and isinstance(detail, str):  # one shape for every 422, as the schema says
            detail = [{"loc": ["query"], "msg": detail, "type": "value_error"}]
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


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
    return _error(request, exc.status_code, exc.detail, str(exc.detail), headers=exc.headers)
