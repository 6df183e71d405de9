"""The dashboard: server-rendered HTML pages over the same Store calls as the API.

Templates are Jinja2 with autoescaping on; no page marks any text safe. Filter forms send
empty fields as "", which means "no filter" here (the API is stricter: absent, or valid).
"""
from __future__ import annotations

from pathlib import Path as FsPath
from typing import Annotated
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from overture.record import SIGNAL_TYPES
from overture.store import _analysis as analysis
from overture.web._api import (MAX_ID, MAX_PAGE, Cursor, Name, StoreDep, actor_key, find_actor, find_story,
                               stories_of)
from overture.web._chart import position_points, positions_spec, timeline_points, timeline_spec
from overture.web._highlight import article_layers, evidence_anchor, highlight

PAGE = 50  # rows per page of the signal list
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(FsPath(__file__).parent / "templates"), autoescape=True,
    trim_blocks=True, lstrip_blocks=True))
templates.env.globals.update(signal_types=SIGNAL_TYPES, evidence_anchor=evidence_anchor)
templates.env.filters["query"] = lambda params: urlencode({k: v for k, v in params.items() if v})
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@router.get("/")
def overview(request: Request, store: StoreDep) -> HTMLResponse:
    recent, _ = store.articles(limit=10)
    return templates.TemplateResponse(request, "index.html", {
        "counts": store.counts(), "actors": store.actors(limit=12), "articles": recent})


ACTOR_PAGE = 200  # actors per page of /actors
NAME_CHOICES = 500  # actor names a filter form offers (the busiest; any other can be typed)


@router.get("/actors")
def actors(request: Request, store: StoreDep, cursor: Cursor = None) -> HTMLResponse:
    found, next_cursor = store.actor_page(limit=ACTOR_PAGE, cursor=_blank(cursor))
    return templates.TemplateResponse(request, "actors.html", {"actors": found, "next_cursor": next_cursor,
                                                               "paged": bool(_blank(cursor))})


@router.get("/actors/{key}")
def actor(request: Request, store: StoreDep, key: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    found = find_actor(store, key)
    signals = store.timeline(key if not key.isdigit() else found["id"])
    points = timeline_points(signals)
    steps = analysis.positions(store, actor_key(key, found))
    step_points = position_points(steps)
    return templates.TemplateResponse(request, "actor.html", {
        "actor": found, "signals": signals, "points": points, "spec": timeline_spec(points),
        "undated": len(signals) - len(points), "steps": steps, "step_points": step_points,
        "steps_spec": positions_spec(step_points)})


@router.get("/signals")
def signals(request: Request, store: StoreDep, actor: Name = None, type: Name = None, outlet: Name = None,
            since: Annotated[str | None, Query(max_length=10)] = None,
            until: Annotated[str | None, Query(max_length=10)] = None,
            limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = PAGE, cursor: Cursor = None) -> HTMLResponse:
    filters = {"actor": _blank(actor), "type": _blank(type), "outlet": _blank(outlet),
               "since": _blank(since), "until": _blank(until)}
    if filters["type"] and filters["type"] not in SIGNAL_TYPES:
        raise HTTPException(422, f"type: '{filters['type']}' is not one of {', '.join(SIGNAL_TYPES)}")
    rows, next_cursor = store.signals(**filters, limit=limit, cursor=_blank(cursor))
    outlets = [o for o in store.outlets_matrix()["outlets"] if not o.startswith("(")]
    return templates.TemplateResponse(request, "signals.html", {
        "signals": rows, "filters": filters, "limit": limit, "next_cursor": next_cursor,
        "paged": bool(_blank(cursor)), "actor_names": [a["name"] for a in store.actors(limit=NAME_CHOICES)], "outlets": outlets})


@router.get("/articles")
def articles(request: Request, store: StoreDep, cursor: Cursor = None) -> HTMLResponse:
    rows, next_cursor = store.articles(limit=PAGE, cursor=_blank(cursor))
    return templates.TemplateResponse(request, "articles.html", {
        "articles": rows, "next_cursor": next_cursor, "paged": bool(_blank(cursor))})


@router.get("/articles/{article_id}")
def article(request: Request, store: StoreDep, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> HTMLResponse:
    found = store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    pieces = highlight(found["indexed_text"], article_layers(found))
    return templates.TemplateResponse(request, "article.html", {"article": found, "pieces": pieces})


@router.get("/outlets")
def outlets(request: Request, store: StoreDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "outlets.html", {"matrix": store.outlets_matrix()})


STORIES_SHOWN = 100  # stories per page


@router.get("/stories")
def stories(request: Request, store: StoreDep, actor: Name = None, cursor: Cursor = None) -> HTMLResponse:
    actor = _blank(actor)
    found, next_cursor = stories_of(store, actor, STORIES_SHOWN, _blank(cursor))
    return templates.TemplateResponse(request, "stories.html", {
        "stories": found, "shown": STORIES_SHOWN, "actor": actor, "next_cursor": next_cursor,
        "paged": bool(_blank(cursor)), "actor_names": [a["name"] for a in store.actors(limit=NAME_CHOICES)]})


@router.get("/stories/{story_id}")
def story(request: Request, store: StoreDep, story_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> HTMLResponse:
    found, comparison = find_story(store, story_id)
    articles = {a["id"]: a for a in found["articles"]}
    return templates.TemplateResponse(request, "story.html", {
        "story": found, "comparison": comparison, "articles": articles,
        "compared": {s["id"]: s for s in comparison["statements"]}})
