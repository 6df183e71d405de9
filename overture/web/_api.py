"""The JSON API under /api: each route validates its parameters and calls one Store method."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from overture.record._models import SignalType
from overture.store import Store
from overture.web._schemas import ActorOut, ArticleOut, ArticlePage, SignalPage, Timeline

MAX_PAGE = 500   # the most rows one request can ask for
MAX_ID = 2**63 - 1  # larger ids cannot be in a SQL integer column
router = APIRouter(prefix="/api", tags=["api"])


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]
Cursor = Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")]
Name = Annotated[str | None, Query(max_length=200)]


def find_actor(store: Store, key: str) -> dict:
    """An actor by numeric id or by name (spelling variants accepted), else 404."""
    actor = None
    if key.isascii() and key.isdigit():
        actor = store.actor(int(key)) if int(key) <= MAX_ID else None
    elif not key.isdigit() and key.strip():  # "²" is a digit to str.isdigit but no number
        actor = store.actor(key)
    if actor is None:
        raise HTTPException(404, f"no actor '{key}'")
    return actor


@router.get("/articles", response_model=ArticlePage)
def articles(store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
             cursor: Cursor = None) -> dict:
    """Stored articles, most recently ingested first."""
    items, next_cursor = store.articles(limit=limit, cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/articles/{article_id}", response_model=ArticleOut, responses={404: {"description": "No such article"}})
def article(store: StoreDep, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict:
    """One article's record, its raw input and the text its spans index."""
    found = store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


@router.get("/signals", response_model=SignalPage)
def signals(store: StoreDep, actor: Name = None, type: SignalType | None = None,
            since: dt.date | None = None, until: dt.date | None = None, outlet: Name = None,
            limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100, cursor: Cursor = None) -> dict:
    """Signals matching every filter, in date order (said on, else published; undated last).

    `actor` accepts spelling variants; `outlet` matches the publishing outlet or any outlet
    the signal was reported via."""
    items, next_cursor = store.signals(actor=actor, type=type, since=since, until=until, outlet=outlet,
                                       limit=limit, cursor=cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/actors", response_model=list[ActorOut])
def actors(store: StoreDep) -> list[dict]:
    """Everyone who signals or speaks in the corpus, most signals first."""
    return store.actors()


@router.get("/actors/{key}/timeline", response_model=Timeline, responses={404: {"description": "No such actor"}})
def timeline(store: StoreDep, key: Annotated[str, Path(max_length=200, description="actor id or name")]) -> dict:
    """An actor's signals in date order, with counterpart, conditions and outlets."""
    actor = find_actor(store, key)
    by_name = not key.isdigit()  # a name takes in every stored spelling of it, as /api/signals does
    return {"actor": actor, "signals": store.timeline(key if by_name else actor["id"])}
