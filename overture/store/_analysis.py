"""Analysis over a whole store: copies, folded statements, stories, positions, outlets.

`analyse(store)` reads every article and signal, runs overture.analysis over them and
replaces the analysis tables (stories, story_articles, folded_statements,
statement_mentions, positions) in one transaction: running it twice gives the same rows,
and readers never see half an analysis. Call it after ingest or reprocess; until then the
query functions below answer from the previous run (or with nothing).

The query functions return plain JSON-able dicts (dates as ISO strings), as Store does.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from overture.analysis import (ArticleText, FoldedStatement, FramingCues, Mention, StoryArticle, Cue,
                               build_stories, compare_outlets, find_copies, fold_mentions, outlet_name)
from overture.analysis import positions as position_steps
from overture.store._models import (ActorRow, ArticleRow, FoldedStatementRow, PositionRow, SignalRow,
                                    StatementMentionRow, StoryArticleRow, StoryRow)
from overture.store._store import Store, StoreError, _cursor, _iso, _uncursor, take_turn

log = logging.getLogger(__name__)

__all__ = ["AnalysisReport", "analyse", "folded_statements", "outlet_comparison", "positions", "stories", "story"]


@dataclass
class AnalysisReport:
    """What one `analyse` run found."""

    articles: int = 0
    copies: int = 0
    rewrites: int = 0
    folded_statements: int = 0
    mentions: int = 0
    stories: int = 0
    positions: int = 0
    seconds: float = 0.0


def _indexed(row: ArticleRow) -> str:
    return row.text if row.offsets == "text" and row.text is not None else row.raw


@cache
def _state_names() -> dict[str, str]:
    from overture.actors._registry import ActorRegistry
    return {a.side: a.name for a in ActorRegistry.default().actors if a.kind == "state" and a.side}


def counterpart(target: str | None) -> str | None:
    """The party a target stands for: the state of a known person or body ("Vladimir Putin",
    "the Kremlin" -> "Russia"), a known state by its name, anything else as written."""
    if not target:
        return None
    from overture.actors._registry import ActorRegistry
    found = ActorRegistry.default().lookup(target)
    if found is None:
        return target
    if found.kind == "state":
        return found.name
    return _state_names().get(found.side or "", found.name)


# ------------------------------------------------------------------------ recompute

def analyse(store: Store) -> AnalysisReport:
    """Recompute every analysis table from the articles and signals in the store."""
    started = time.perf_counter()
    report = AnalysisReport()
    cues = FramingCues.default()
    with Session(store.engine) as s:
        arts = s.scalars(select(ArticleRow).order_by(ArticleRow.id)).all()
        texts, outlets, titles, framing = [], {}, {}, {}
        for a in arts:
            indexed = _indexed(a)
            spans = [(b[0], b[1]) for b in a.body or []] or [(0, len(indexed))]
            texts.append(ArticleText(a.id, "\n".join(indexed[b:e] for b, e in spans), a.published, a.outlet))
            outlets[a.id] = outlet_name(a.outlet, a.url)
            titles[a.id] = a.title
            framing[a.id] = cues.find(indexed, spans)
        sources = {a.id: a.source for a in arts}
        names = dict(s.execute(select(ActorRow.id, ActorRow.name)).all())
        mentions = [
            Mention(signal_id=g.id, article_id=g.article_id, type=g.type, actor=g.actor, actor_id=g.actor_id,
                    target=g.target, date=g.date, conditions=tuple(g.conditions or ()),
                    evidence=(g.evidence_start, g.evidence_end, g.evidence_text),
                    quote=(g.quote_start, g.quote_end, g.quote_text or "") if g.quote_start is not None else None,
                    outlet=outlets.get(g.article_id), source=sources.get(g.article_id, ""))
            for g in s.scalars(select(SignalRow).order_by(SignalRow.id))]

    links = find_copies(texts)
    statements = fold_mentions(mentions)
    stories_found = build_stories(texts, statements, links, titles)
    steps = position_steps(statements, counterpart)
    story_of = {i: st.id for st in stories_found for i in st.article_ids}

    with Session(store.engine) as s, s.begin():
        take_turn(s.connection(), "analyse")  # one analysis writes at a time; the next sees its rows
        for model in (PositionRow, StatementMentionRow, FoldedStatementRow, StoryArticleRow, StoryRow):
            s.execute(sa.delete(model))
        by_id = {f.id: f for f in statements}
        for st in stories_found:
            said = [by_id[i] for i in st.statement_ids]
            actors = Counter(names.get(f.actor_id) or f.actor for f in said for _ in f.mentions if f.actor)
            s.add(StoryRow(id=st.id, title=st.title, first_seen=st.first_seen, last_seen=st.last_seen,
                           actors=[n for n, _ in actors.most_common()],
                           types=sorted({f.type for f in said})))
        s.flush()
        for t in texts:
            link = links.get(t.id)
            s.add(StoryArticleRow(
                article_id=t.id, story_id=story_of[t.id], outlet=outlets[t.id],
                copy_of=link.source_id if link and link.kind == "copy" else None,
                rewrite_of=link.source_id if link and link.kind == "rewrite" else None,
                similarity=link.similarity if link else None,
                framing=[{"cue": c.name, "label": c.label, "start": c.start, "end": c.end, "text": c.text}
                         for c in framing[t.id]]))
        for f in statements:
            s.add(FoldedStatementRow(
                id=f.id, story_id=story_of[f.mentions[0].article_id], actor=names.get(f.actor_id) or f.actor,
                actor_id=f.actor_id, type=f.type, target=f.target, counterpart=counterpart(f.target),
                first_said=f.first_said, last_said=f.last_said, text=f.text, conditions=f.conditions))
        s.flush()
        for f in statements:
            for m in f.mentions:
                s.add(StatementMentionRow(statement_id=f.id, signal_id=m.signal_id, article_id=m.article_id,
                                          date=m.date, outlet=m.outlet or outlets[m.article_id],
                                          conditions=list(m.conditions), dropped=f.dropped(m)))
        for p in steps:
            s.add(PositionRow(
                actor_id=p.actor_id, actor=names.get(p.actor_id) or p.actor, counterpart=p.counterpart,
                state=p.state, since=p.since, until=p.until, last_seen=p.last_seen, conditions=p.conditions,
                evidence=[_evidence(f, m, sources) for f, m in p.evidence]))

    report.articles = len(texts)
    report.copies = sum(1 for k in links.values() if k.kind == "copy")
    report.rewrites = len(links) - report.copies
    report.folded_statements = len(statements)
    report.mentions = len(mentions)
    report.stories = len(stories_found)
    report.positions = len(steps)
    report.seconds = time.perf_counter() - started
    log.info("analysis: %s", report)
    return report


def _evidence(f: FoldedStatement, m: Mention, sources: dict[int, str]) -> dict:
    start, end, text = m.evidence
    return {"article_id": m.article_id, "signal_id": m.signal_id, "statement_id": f.id,
            "source": sources.get(m.article_id, m.source), "outlet": m.outlet, "text": text, "start": start,
            "end": end, "type": m.type, "date": _iso(m.date), "conditions": list(m.conditions),
            "articles": len({x.article_id for x in f.mentions}),
            "outlets": sorted({x.outlet for x in f.mentions if x.outlet}, key=str.casefold)}


# ------------------------------------------------------------------------ queries

def _article_entries(s: Session, story_ids: list[int] | None) -> dict[int, list[dict]]:
    copied = sa.orm.aliased(ArticleRow)
    query = (select(StoryArticleRow, ArticleRow, copied.source)
             .join(ArticleRow, StoryArticleRow.article_id == ArticleRow.id)
             .outerjoin(copied, StoryArticleRow.copy_of == copied.id)
             .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.id))
    if story_ids is not None:
        query = query.where(StoryArticleRow.story_id.in_(story_ids))
    out: dict[int, list[dict]] = defaultdict(list)
    for link, art, copied_source in s.execute(query):
        out[link.story_id].append({
            "id": art.id, "source": art.source, "url": art.url, "title": art.title, "outlet": link.outlet,
            "published": _iso(art.published), "copy_of": copied_source, "copy_of_id": link.copy_of,
            "rewrite_of_id": link.rewrite_of, "similarity": link.similarity})
    return out


def _story_dict(row: StoryRow, articles: list[dict]) -> dict:
    originals = {a["outlet"] for a in articles if a["copy_of_id"] is None}
    return {"id": row.id, "title": row.title, "first_seen": _iso(row.first_seen), "last_seen": _iso(row.last_seen),
            "actors": list(row.actors or []), "types": list(row.types or []),
            "outlets": len({a["outlet"] for a in articles}), "independent_outlets": len(originals),
            "articles": articles}


def stories(store: Store, *, actor: str | None = None, limit: int | None = None) -> list[dict]:
    """Stories, most recently reported first; `actor` keeps those where the actor speaks;
    `limit` the most recent ones only (sorted and cut in SQL, their articles read for them alone)."""
    return story_page(store, actor=actor, limit=limit)[0]


def story_page(store: Store, *, actor: str | None = None, limit: int | None = None,
               cursor: str | None = None) -> tuple[list[dict], str | None]:
    """`stories()` a page at a time (keyset: the cursor is the last story's date and id), and
    the next page's cursor."""
    with Session(store.engine) as s:
        query = select(StoryRow).order_by(StoryRow.last_seen.desc().nulls_last(), StoryRow.id.desc())
        if actor:
            ids = _actor_ids(store, actor)
            query = query.where(StoryRow.id.in_(
                select(FoldedStatementRow.story_id).where(FoldedStatementRow.actor_id.in_(ids))))
        if cursor:
            key = _uncursor(cursor)
            if len(key) != 2 or not isinstance(key[1], int) or not (key[0] is None or isinstance(key[0], str)):
                raise StoreError(f"malformed cursor '{cursor}'")
            try:
                seen = dt.date.fromisoformat(key[0]) if key[0] else None
            except ValueError:
                raise StoreError(f"malformed cursor '{cursor}'") from None
            after_id = StoryRow.id < key[1]
            query = query.where(sa.and_(StoryRow.last_seen.is_(None), after_id) if seen is None else sa.or_(
                StoryRow.last_seen < seen, sa.and_(StoryRow.last_seen == seen, after_id), StoryRow.last_seen.is_(None)))
        if limit is not None:
            query = query.limit(limit + 1)
        rows = s.scalars(query).all()
        more = limit is not None and len(rows) > limit
        rows = rows[:limit] if limit is not None else rows
        articles = _article_entries(s, [r.id for r in rows])
    next_cursor = _cursor([_iso(rows[-1].last_seen), rows[-1].id]) if more and rows else None
    return [_story_dict(r, articles.get(r.id, [])) for r in rows], next_cursor


def story(store: Store, story_id: int) -> dict | None:
    """One story with its articles and its folded statements."""
    with Session(store.engine) as s:
        row = s.get(StoryRow, story_id)
        if row is None:
            return None
        out = _story_dict(row, _article_entries(s, [story_id]).get(story_id, []))
    out["statements"] = folded_statements(store, story_id=story_id)
    return out


def _actor_ids(store: Store, actor: str | int) -> list[int]:
    if isinstance(actor, int):
        return [actor]
    if re.fullmatch(r"[0-9]{1,18}", str(actor)):  # an id ('²' is a digit too, but not an id)
        return [int(actor)]
    return store._actor_ids(str(actor))


def _load_statements(s: Session, where: sa.ColumnElement[bool]) -> list[tuple[FoldedStatementRow, list[tuple]]]:
    rows = s.scalars(select(FoldedStatementRow).where(where)
                     .order_by(FoldedStatementRow.first_said.is_(None), FoldedStatementRow.first_said,
                               FoldedStatementRow.id)).all()
    mentions: dict[int, list[tuple]] = defaultdict(list)
    if rows:
        query = (select(StatementMentionRow, SignalRow, ArticleRow.source)
                 .join(SignalRow, StatementMentionRow.signal_id == SignalRow.id)
                 .join(ArticleRow, StatementMentionRow.article_id == ArticleRow.id)
                 .where(StatementMentionRow.statement_id.in_([r.id for r in rows]))
                 .order_by(StatementMentionRow.date, StatementMentionRow.article_id, SignalRow.evidence_start))
        for mention, signal, source in s.execute(query):
            mentions[mention.statement_id].append((mention, signal, source))
    return [(r, mentions[r.id]) for r in rows]


def _mention(mention: StatementMentionRow, signal: SignalRow, source: str) -> Mention:
    return Mention(signal_id=signal.id, article_id=signal.article_id, type=signal.type, actor=signal.actor,
                   actor_id=signal.actor_id, target=signal.target, date=mention.date,
                   conditions=tuple(mention.conditions or ()),
                   evidence=(signal.evidence_start, signal.evidence_end, signal.evidence_text),
                   quote=((signal.quote_start, signal.quote_end, signal.quote_text or "")
                          if signal.quote_start is not None else None),
                   outlet=mention.outlet, source=source)


def folded_statements(store: Store, *, story_id: int | None = None, actor: str | int | None = None) -> list[dict]:
    """Folded statements (of one story, or by one actor, or all), each with every mention."""
    where: sa.ColumnElement[bool] = sa.true()
    if story_id is not None:
        where = FoldedStatementRow.story_id == story_id
    if actor is not None:
        where = sa.and_(where, FoldedStatementRow.actor_id.in_(_actor_ids(store, actor)))
    with Session(store.engine) as s:
        loaded = _load_statements(s, where)
    out = []
    for row, mentions in loaded:
        out.append({
            "id": row.id, "story_id": row.story_id, "actor": row.actor, "actor_id": row.actor_id, "type": row.type,
            "target": row.target, "counterpart": row.counterpart, "first_said": _iso(row.first_said),
            "last_said": _iso(row.last_said), "text": row.text, "conditions": list(row.conditions or []),
            "mentions": [{"article_id": m.article_id, "signal_id": m.signal_id, "source": source,
                          "outlet": m.outlet, "date": _iso(m.date), "conditions": list(m.conditions or []),
                          "dropped": list(m.dropped or []),
                          "evidence": {"start": g.evidence_start, "end": g.evidence_end, "text": g.evidence_text},
                          "quote": ({"start": g.quote_start, "end": g.quote_end, "text": g.quote_text}
                                    if g.quote_start is not None else None)}
                         for m, g, source in mentions]})
    return out


def positions(store: Store, actor: str | int) -> list[dict]:
    """An actor's position towards each counterpart as steps through time, with evidence."""
    ids = _actor_ids(store, actor)
    if not ids:
        return []
    with Session(store.engine) as s:
        rows = s.scalars(select(PositionRow).where(PositionRow.actor_id.in_(ids))).all()
    rows = sorted(rows, key=lambda r: ((r.counterpart or "").casefold(), r.since, r.id))
    return [{"actor": r.actor, "actor_id": r.actor_id, "counterpart": r.counterpart, "state": r.state,
             "since": _iso(r.since), "until": _iso(r.until), "last_seen": _iso(r.last_seen),
             "conditions": list(r.conditions or []), "evidence": list(r.evidence or [])} for r in rows]


def outlet_comparison(store: Store, story_id: int) -> dict | None:
    """How each outlet told one story: signals, framing cues, statements reported or left
    out, and conditions dropped (see overture.analysis._outlets)."""
    with Session(store.engine) as s:
        row = s.get(StoryRow, story_id)
        if row is None:
            return None
        members = s.execute(select(StoryArticleRow, ArticleRow.source)
                            .join(ArticleRow, StoryArticleRow.article_id == ArticleRow.id)
                            .where(StoryArticleRow.story_id == story_id).order_by(ArticleRow.id)).all()
        types: dict[int, list[str]] = defaultdict(list)
        for article_id, kind in s.execute(select(SignalRow.article_id, SignalRow.type)
                                          .where(SignalRow.article_id.in_([m.article_id for m, _ in members]))):
            types[article_id].append(kind)
        loaded = _load_statements(s, FoldedStatementRow.story_id == story_id)
    articles = [StoryArticle(id=m.article_id, outlet=m.outlet, source=source, copy_of=m.copy_of,
                             cues=tuple(Cue(c["cue"], c["label"], c["start"], c["end"], c["text"])
                                        for c in m.framing or []))
                for m, source in members]
    statements = [FoldedStatement([_mention(*t) for t in mentions]) for _, mentions in loaded if mentions]
    out = compare_outlets(articles, statements, types)
    actors = {r.id: r.actor for r, _ in loaded}
    for st in out["statements"]:
        st["actor"] = actors.get(st["id"], st["actor"])
    return {"story_id": row.id, "title": row.title, **out}
