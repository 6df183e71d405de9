"""The JSON API under /api: each route validates its parameters and calls one Store method
(or one query of overture.store._analysis: stories, positions, outlet comparison)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from overture.record._models import SignalType
from overture.store import Store
from overture.store import _analysis as analysis
from overture.web._schemas import (ActorOut, ArticleOut, ArticlePage, PositionOut, SignalPage, StoryDetail, StoryOut,
                                   Timeline)

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
def actors(request: Request, response: Response, store: StoreDep,
           limit: Annotated[int, Query(ge=1, le=5000)] = 1000, cursor: Cursor = None) -> list[dict]:
    """Everyone who signals or speaks in the corpus, most signals first, `limit` at a time;
    where more follow, the `Link` header names the next page (`rel="next"`)."""
    items, next_cursor = store.actor_page(limit=limit, cursor=cursor)
    if next_cursor:
        response.headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
    return items


@router.get("/actors/{key}/timeline", response_model=Timeline, responses={404: {"description": "No such actor"}})
def timeline(store: StoreDep, key: Annotated[str, Path(max_length=200, description="actor id or name")]) -> dict:
    """An actor's signals in date order, with counterpart, conditions and outlets."""
    actor = find_actor(store, key)
    by_name = not key.isdigit()  # a name takes in every stored spelling of it, as /api/signals does
    return {"actor": actor, "signals": store.timeline(key if by_name else actor["id"])}


def actor_key(key: str, actor: dict) -> str | int:
    """What to look an actor's rows up by: a name takes in every stored spelling of it (as
    /api/signals does), a numeric id only that actor."""
    return actor["id"] if key.isdigit() else key


@router.get("/actors/{key}/positions", response_model=list[PositionOut],
            responses={404: {"description": "No such actor"}})
def actor_positions(store: StoreDep, key: Annotated[str, Path(max_length=200, description="actor id or name")]
                    ) -> list[dict]:
    """The actor's position towards each counterpart as steps through time (open, conditional,
    refusing, unknown), ordered by counterpart then `since`, each with its evidence sentences."""
    return analysis.positions(store, actor_key(key, find_actor(store, key)))


@router.get("/stories", response_model=list[StoryOut])
def stories(request: Request, response: Response, store: StoreDep, actor: Name = None,
            limit: Annotated[int, Query(ge=1, le=5000, description="stories per page")] = 500,
            cursor: Cursor = None) -> list[dict]:
    """Stories (articles about one event), most recently reported first, `limit` at a time
    (where more follow, the `Link` header names the next page); `actor` keeps those where
    that actor speaks (spelling variants accepted; an unknown actor gives an empty list)."""
    items, next_cursor = stories_of(store, actor, limit, cursor)
    if next_cursor:
        response.headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
    return items


def stories_of(store: Store, actor: str | None, limit: int | None = None,
               cursor: str | None = None) -> tuple[list[dict], str | None]:
    """A page of the stories, of `actor` if given, and the next page's cursor. A string of
    digits is an actor id to the analysis: one that is no id ("²", or past the largest) matches
    no one instead of failing there (a 500 found by schemathesis)."""
    actor = actor.strip() or None if actor else None
    if actor and actor.isdigit() and not (actor.isascii() and int(actor) <= MAX_ID):
        return [], None
    return analysis.story_page(store, actor=actor, limit=limit, cursor=cursor)


def find_story(store: Store, story_id: int) -> tuple[dict, dict]:
    """A story with its statements, and its outlet comparison; else 404."""
    found = analysis.story(store, story_id)
    comparison = analysis.outlet_comparison(store, story_id) if found else None
    if found is None or comparison is None:
        raise HTTPException(404, f"no story {story_id}")
    return found, comparison


@router.get("/stories/{story_id}", response_model=StoryDetail, responses={404: {"description": "No such story"}})
def story(store: StoreDep, story_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict:
    """One story: its articles (with copies marked), its folded statements with every mention,
    and the outlet comparison (who reported which signals, who dropped conditions, framing cues)."""
    found, comparison = find_story(store, story_id)
    return {**found, "comparison": comparison}
