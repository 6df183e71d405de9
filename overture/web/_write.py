"""The write endpoints, mounted only when the server has a write token: POST /api/ingest and
POST /api/reprocess.

Each request must carry `Authorization: Bearer TOKEN` (compared in constant time). The work
(fetching, spaCy, the database) runs in a worker thread, one write at a time, so the event
loop keeps answering reads. URL ingest goes through `overture.ingest` with its SSRF guard on:
no loopback, private, link-local or metadata address, checked after DNS and on each redirect.
"""
from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from overture._errors import OvertureError
from overture.ingest import ingest
from overture.ingest._fetch import Resolver, system_resolve

MAX_URLS = 20           # URLs in one ingest request
MAX_URL_LENGTH = 2000
MAX_TEXT = 1_000_000    # characters of one posted article (the body cap, 2 MB, binds first for most text)
MIN_TOKEN = 16          # characters; a shorter write token is refused at start-up

router = APIRouter(prefix="/api", tags=["write"])


# ---------------------------------------------------------------------- request and response shapes

class UrlIngest(BaseModel):
    """Fetch these page or RSS/Atom feed URLs (public hosts only) and store each article once."""

    model_config = ConfigDict(extra="forbid")
    urls: list[Annotated[str, Field(min_length=1, max_length=MAX_URL_LENGTH)]] = Field(
        min_length=1, max_length=MAX_URLS)

    @field_validator("urls")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        # ingest() reads anything that is not an http(s) URL as a local path: never let that through.
        for url in urls:
            if not url.lower().startswith(("http://", "https://")) or any(c.isspace() or ord(c) < 32 for c in url):
                raise ValueError(f"not an http(s) URL: {url[:100]!r}")
            try:
                if not httpx.URL(url).host:
                    raise ValueError(f"URL has no host: {url[:100]!r}")
            except httpx.InvalidURL as exc:
                raise ValueError(f"invalid URL: {exc}") from None
        return urls


class TextIngest(BaseModel):
    """Store one article given as text: plain text, HTML or markdown."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    source: str = Field("api", min_length=1, max_length=300, description="a name for the article (shown as its source)")
    kind: Literal["text", "html", "markdown"] = "text"


class Failure(BaseModel):
    source: str
    reason: str


class IngestOut(BaseModel):
    """New and duplicate articles (their ids) and each failure with its reason."""

    new: int
    duplicate: int
    article_ids: list[int]
    failed: list[Failure]
    analysed: bool


class BodyError(BaseModel):
    """A malformed body: which field and why (FastAPI's validation error)."""

    detail: list[dict[str, Any]]


class ReprocessOut(BaseModel):
    articles: int
    signals: int
    statements: int
    claims: int
    failed: list[Failure]


# ---------------------------------------------------------------------- the work

def check_token(token: str) -> None:
    """Refuse a token that is short (guessable) or would not survive an HTTP header."""
    if len(token) < MIN_TOKEN or not token.isascii() or not token.isprintable() or " " in token:
        raise ValueError(f"the write token must be at least {MIN_TOKEN} printable ASCII characters, no spaces")


@dataclass
class Writer:
    """What the write endpoints need: the token, the pipeline (built on first use), and the HTTP
    client and resolver URL ingest uses (tests give their own; None means ingest's default)."""

    token: str
    pipeline: Any = None
    client: httpx.Client | None = None
    resolve: Resolver = system_resolve
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        check_token(self.token)

    def allows(self, authorization: str | None) -> bool:
        scheme, _, given = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def get_pipeline(self) -> Any:
        if self.pipeline is None:  # spaCy takes seconds to load; a read-only day never needs it
            from overture.pipeline import Pipeline
            self.pipeline = Pipeline()
        return self.pipeline

    def ingest_urls(self, store: Any, urls: list[str]) -> dict:
        ids: list[int] = []
        with self.lock:
            report = ingest(list(urls), store, client=self.client, pipeline=self.get_pipeline(),
                            progress=lambda o: ids.append(o.article_id) if o.article_id else None,
                            allow_private=False, resolve=self.resolve)
            analysed = self._analyse(store, report.new)
        # the ingest layer's advice names the CLI flag; over HTTP private addresses are never fetched
        failed = [{"source": s, "reason": r.replace("; pass --allow-private to fetch it", "; never fetched over the API")}
                  for s, r in report.failed]
        return {"new": report.new, "duplicate": report.duplicate, "article_ids": ids, "analysed": analysed,
                "failed": failed}

    def ingest_text(self, store: Any, body: TextIngest) -> dict:
        from overture.read import article_from_text
        from overture.record import to_record
        with self.lock:
            try:
                article = article_from_text(body.text, source=body.source, kind=body.kind)
                known = store.find(raw=article.raw)
                if known is not None:
                    return {"new": 0, "duplicate": 1, "article_ids": [known], "failed": [], "analysed": False}
                record = to_record(self.get_pipeline()(article))
                article_id, created = store.add(record, article.raw, kind=article.kind)
            except OvertureError as exc:
                reason = getattr(exc, "problem", None) or str(exc)
                return {"new": 0, "duplicate": 0, "article_ids": [], "analysed": False,
                        "failed": [{"source": body.source, "reason": reason}]}
            analysed = self._analyse(store, int(created))
        return {"new": int(created), "duplicate": int(not created), "article_ids": [article_id],
                "failed": [], "analysed": analysed}

    def reprocess(self, store: Any) -> dict:
        with self.lock:
            report = store.reprocess(self.get_pipeline())
            self._analyse(store, 1)
        return {"articles": report.articles, "signals": report.signals, "statements": report.statements,
                "claims": report.claims, "failed": [{"source": f"article {i}", "reason": r} for i, r in report.failed]}

    @staticmethod
    def _analyse(store: Any, new: int) -> bool:
        """Stories, folded statements and positions follow every change, as after `overture ingest`."""
        if not new:
            return False
        from overture.store._analysis import analyse
        analyse(store)
        return True


# ---------------------------------------------------------------------- routes

def authorised(request: Request, authorization: Annotated[str | None, Header(max_length=1000)] = None) -> Writer:
    """The writer, if the request carries its token: else 401 (no token) or 403 (a wrong one)."""
    writer: Writer = request.app.state.writer
    if not authorization:
        raise HTTPException(401, "this endpoint needs 'Authorization: Bearer TOKEN' (the server's write token)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not writer.allows(authorization):
        raise HTTPException(403, "wrong write token")
    return writer


WriterDep = Annotated[Writer, Depends(authorised)]
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No Authorization header"}, 403: {"description": "Wrong token"},
    413: {"description": "Body over the size limit"}}


def _answer(result: dict) -> dict | JSONResponse:
    """200 when something was stored (or already was); 422 with the same body when every source failed."""
    if result["failed"] and not result["article_ids"]:
        return JSONResponse(result, status_code=422)
    return result


@router.post("/ingest", response_model=IngestOut,
             responses={**AUTH_ERRORS, 422: {"model": IngestOut | BodyError, "description": "Nothing stored: every source failed "
                                             "(or, with a `detail` list, the body was malformed)"}})
async def ingest_route(request: Request, writer: WriterDep, body: UrlIngest | TextIngest) -> Any:
    """Ingest articles: `{"urls": [...]}` fetches pages or feeds (public addresses only), or
    `{"text": ..., "source": ..., "kind": "text|html|markdown"}` stores one article given inline.
    Answers when done with the stored (new or already stored) article ids and each failure;
    analysis (stories, positions) reruns after new articles."""
    store = request.app.state.store
    if isinstance(body, UrlIngest):
        return _answer(await run_in_threadpool(writer.ingest_urls, store, body.urls))
    return _answer(await run_in_threadpool(writer.ingest_text, store, body))


@router.post("/reprocess", response_model=ReprocessOut, responses=AUTH_ERRORS)
async def reprocess_route(request: Request, writer: WriterDep) -> dict:
    """Extract every stored article again with the current pipeline, then rerun the analysis."""
    return await run_in_threadpool(writer.reprocess, request.app.state.store)
