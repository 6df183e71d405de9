"""`Store`: the corpus of extracted records in a SQL database, and the questions asked of it.

SQLite by default (a file in the working folder, WAL mode, foreign keys on); any SQLAlchemy
URL otherwise. Opening a store brings its schema up to date with the Alembic migrations in
migrations/. Every method returns plain JSON-able dicts, so the CLI and the web layer only
format them.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy import event, func, select, type_coerce
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from overture._errors import OvertureError
from overture.record import Claim, Record, Signal, Span, Statement
from overture.store._models import ActorRow, ArticleOriginRow, ArticleRow, ClaimRow, SignalRow, StatementRow

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///overture.db"
UNKNOWN_OUTLET = "(unknown)"
_LAST_DAY = dt.date(9999, 12, 31)  # undated signals sort after every dated one
SQLITE_BUSY_MS = 30_000  # how long a SQLite writer waits for another one before giving up


class StoreError(OvertureError):
    """A store could not be opened, a write was refused (nothing half-written), or a query
    argument is malformed."""


def content_hash(raw: str) -> str:
    """The identity of an article's text: SHA-256 of the raw input with line endings unified."""
    return hashlib.sha256(raw.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """One spelling per page: courlan's normalisation (lower-case host, tracking parameters and
    fragment dropped); None for anything that is not an http(s) URL."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    from courlan import normalize_url
    try:
        return normalize_url(url, strict=True)
    except ValueError:
        return url


@dataclass
class ReprocessReport:
    """What `Store.reprocess` did: articles re-extracted, rows written, and articles that failed."""

    articles: int = 0
    statements: int = 0
    signals: int = 0
    claims: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def _engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    in_memory = parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")
    # an in-memory database lives in one connection: share it, or each thread sees an empty one
    engine = sa.create_engine(url, poolclass=sa.pool.StaticPool) if in_memory else sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(conn: Any, _record: Any) -> None:
            cur = conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")  # a second writer waits its turn
            cur.execute("PRAGMA foreign_keys=ON")
            _wal(cur)  # readers (Datasette, the web app) never block ingest
            cur.close()
    return engine


def _wal(cur: Any, tries: int = 50) -> None:
    """Switch a SQLite file to WAL once. Two processes opening a new file race for the switch,
    which SQLite refuses ('database is locked') instead of waiting: so try again briefly."""
    import sqlite3
    import time
    for attempt in range(tries):
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.1)


def take_turn(conn: sa.Connection, task: str) -> None:
    """Make this transaction the only one doing `task` until it ends; call it first thing in
    the transaction. Another process doing the same task waits here, then sees what this one
    committed. PostgreSQL: an advisory lock (other writers go on). SQLite: BEGIN IMMEDIATE,
    the database's write lock (other writers wait, up to SQLITE_BUSY_MS)."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"overture:{task}".encode()).digest()[:8], "big", signed=True)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _migrate(engine: sa.Engine) -> None:
    """Alembic `upgrade head`, run on the store's own connection; a no-op when already current."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "overture.store:migrations")
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
    with engine.begin() as conn:
        take_turn(conn, "migrate")  # two processes opening a new database: one migrates, one waits
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{name}: '{value}' is not an ISO date (YYYY-MM-DD)") from None


def _span(start: int | None, end: int | None, text: str | None) -> dict | None:
    return None if start is None else {"start": start, "end": end, "text": text}


def _cursor(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> list:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        raise StoreError(f"malformed cursor '{cursor}'") from None
    if not isinstance(key, list):
        raise StoreError(f"malformed cursor '{cursor}'")
    return key


def _jsonable_hints(hints: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in hints.items() if v}


def _extractor_version() -> str:
    import overture
    return f"overture {overture.__version__}"


class Store:
    """A corpus of articles and what was extracted from them, behind one database URL.

    Example:  with Store("sqlite:///talks.db") as store: store.timeline("Volodymyr Zelensky")
    """

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = url
        try:
            self.engine = _engine(url)
            _migrate(self.engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {url}: {exc}") from exc
        except ImportError as exc:  # e.g. postgresql+psycopg:// without the driver installed
            raise StoreError(f"cannot open store {url}: its database driver is missing "
                             f"(pip install {exc.name or 'the driver'})") from exc
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # ------------------------------------------------------------------ writing

    def find(self, *, raw: str | None = None, url: str | None = None) -> int | None:
        """The id of a stored article with this raw text, or at this URL (canonical form)."""
        conds = []
        if raw is not None:
            conds.append(ArticleRow.content_hash == content_hash(raw))
        if canonical_url(url):
            conds.append(ArticleRow.canonical_url == canonical_url(url))
        if not conds:
            return None
        with self._session() as s:
            return s.scalar(select(ArticleRow.id).where(sa.or_(*conds)).limit(1))

    def add(self, record: Record, raw: str, *, url: str | None = None, kind: str | None = None,
            hints: dict[str, Any] | None = None) -> tuple[int, bool]:
        """Store one article and its record in one transaction: (article id, created?).

        An article already stored (same raw text, or same canonical URL) is not stored
        again: its id comes back with False. `kind` and `hints` are kept so `reprocess` can
        read the raw text again as it was read the first time."""
        existing = self.find(raw=raw, url=url)
        if existing is not None:
            return existing, False
        row = ArticleRow(source=record.source, url=url, canonical_url=canonical_url(url),
                         content_hash=content_hash(raw), raw=raw, kind=kind or self._kind(record),
                         hints=_jsonable_hints(hints or {}), ingested_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
        try:
            with self._session.begin() as s:
                self._fill(s, row, record)
                s.add(row)
                s.flush()
                return row.id, True
        except IntegrityError:  # a concurrent writer stored it first
            existing = self.find(raw=raw, url=url)
            if existing is None:
                raise StoreError(f"{record.source}: refused by the database") from None
            return existing, False
        except SQLAlchemyError as exc:
            raise StoreError(f"{record.source}: could not be stored: {exc}") from exc

    @staticmethod
    def _kind(record: Record) -> str:
        if record.offsets == "text":
            return "html"
        return "markdown" if record.source.lower().endswith((".md", ".markdown", ".md.gz")) else "text"

    def _fill(self, s: Session, row: ArticleRow, record: Record) -> None:
        """Set an article row's extracted fields and children from a record."""
        row.title, row.outlet, row.published = record.title, record.outlet, record.published
        row.language, row.offsets, row.text = record.language, record.offsets, record.text
        row.body = [list(b) for b in record.body]
        row.extractor_version = _extractor_version()
        new = row.id is None
        if new:  # claim the content hash first: a concurrent duplicate fails here, early
            s.add(row)
            s.flush()
        origin = None if new else s.get(ArticleOriginRow, row.id)
        if record.wire or record.published_from:  # 0004's table: a row only when there is something to say
            origin = origin or ArticleOriginRow(article_id=row.id)
            origin.wire, origin.published_from = record.wire, record.published_from
            s.add(origin)
        elif origin is not None:
            s.delete(origin)
        actors = _ActorCache(s)
        actors.prepare([(st.speaker, st.speaker_side) for st in record.statements]
                       + [(sg.actor, sg.actor_side) for sg in record.signals])
        row.statements = [
            StatementRow(position=i, speaker=st.speaker, speaker_id=actors.id(st.speaker, st.speaker_side),
                         speaker_side=st.speaker_side, kind=st.kind,
                         content_start=st.content.start, content_end=st.content.end,
                         content_text=st.content.text,
                         cue_start=st.cue.start if st.cue else None, cue_end=st.cue.end if st.cue else None,
                         cue_text=st.cue.text if st.cue else None,
                         reported_via=list(st.reported_via), medium=st.medium)
            for i, st in enumerate(record.statements)]
        row.signals = [
            SignalRow(position=i, type=sg.type, actor=sg.actor, actor_id=actors.id(sg.actor, sg.actor_side),
                      actor_side=sg.actor_side, target=sg.target,
                      evidence_start=sg.evidence.start, evidence_end=sg.evidence.end,
                      evidence_text=sg.evidence.text,
                      quote_start=sg.quote.start if sg.quote else None,
                      quote_end=sg.quote.end if sg.quote else None,
                      quote_text=sg.quote.text if sg.quote else None,
                      conditions=list(sg.conditions), said_on=sg.said_on, date_text=sg.date_text,
                      medium=sg.medium, reported_via=list(sg.reported_via), cameo=sg.cameo,
                      plover=sg.plover, goldstein=sg.goldstein, date=sg.said_on or record.published)
            for i, sg in enumerate(record.signals)]
        row.claims = [
            ClaimRow(position=i, claimant=c.claimant, figure=c.figure, subject=c.subject,
                     evidence_start=c.evidence.start, evidence_end=c.evidence.end,
                     evidence_text=c.evidence.text, verified=c.verified)
            for i, c in enumerate(record.claims)]

    def reprocess(self, pipeline: Any = None, *,
                  progress: Callable[[int, str | None], None] | None = None) -> ReprocessReport:
        """Extract every stored article again from its raw text with `pipeline` (default: the
        current one), replacing its statements, signals and claims; one transaction per
        article, so a failure leaves that article as it was. `progress(article_id, error)`
        is called after each article."""
        from overture.pipeline import Pipeline
        from overture.read import article_from_text
        from overture.record import to_record

        pipeline = pipeline or Pipeline()
        report = ReprocessReport()
        with self._session() as s:
            ids = list(s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
        for article_id in ids:
            error = None
            try:
                with self._session.begin() as s:
                    row = s.get(ArticleRow, article_id)
                    assert row is not None
                    article = article_from_text(row.raw, row.source, row.kind)
                    article.url = row.url
                    article.hints.update(_hints_back(row.hints or {}))
                    record = to_record(pipeline(article))
                    row.statements, row.signals, row.claims = [], [], []
                    s.flush()
                    self._fill(s, row, record)
                report.articles += 1
                report.statements += len(record.statements)
                report.signals += len(record.signals)
                report.claims += len(record.claims)
            except (OvertureError, SQLAlchemyError) as exc:
                error = str(exc)
                report.failed.append((article_id, error))
            if progress:
                progress(article_id, error)
        return report

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        with self._session() as s:
            return {name: s.scalar(select(func.count()).select_from(model)) or 0
                    for name, model in (("articles", ArticleRow), ("statements", StatementRow),
                                        ("signals", SignalRow), ("claims", ClaimRow), ("actors", ActorRow))}

    def version(self) -> str:
        """A marker that changes whenever what the views show changes (an ingest, a reprocess,
        a deletion): the highest row ids and the number of articles, each read off an index.
        The web layer's ETags are built on it."""
        with self._session() as s:
            row = s.execute(select(select(func.max(ArticleRow.id)).scalar_subquery(),
                                   select(func.count(ArticleRow.id)).scalar_subquery(),
                                   select(func.max(SignalRow.id)).scalar_subquery(),
                                   select(func.max(StatementRow.id)).scalar_subquery())).one()
        return "-".join(str(v or 0) for v in row)

    def articles(self, limit: int = 50, cursor: str | None = None) -> tuple[list[dict], str | None]:
        """Stored articles, most recently ingested first, a page at a time."""
        n_signals = (select(func.count()).where(SignalRow.article_id == ArticleRow.id)
                     .correlate(ArticleRow).scalar_subquery())
        query = select(ArticleRow.id, ArticleRow.source, ArticleRow.url, ArticleRow.title, ArticleRow.outlet,
                       ArticleRow.published, ArticleRow.language, ArticleRow.ingested_at, n_signals
                       ).order_by(ArticleRow.id.desc()).limit(limit + 1)
        if cursor:
            key = _uncursor(cursor)
            if not key or not isinstance(key[0], int):
                raise StoreError(f"malformed cursor '{cursor}'")
            query = query.where(ArticleRow.id < key[0])
        with self._session() as s:
            rows = s.execute(query).all()
        page = [{"id": r[0], "source": r[1], "url": r[2], "title": r[3], "outlet": r[4],
                 "published": _iso(r[5]), "language": r[6], "ingested_at": r[7].isoformat(),
                 "signals": r[8]} for r in rows[:limit]]
        return page, (_cursor([page[-1]["id"]]) if len(rows) > limit else None)

    def record(self, id: int) -> Record | None:
        """The contract Record of one stored article."""
        with self._session() as s:
            row = s.get(ArticleRow, id)
            return None if row is None else _record(row, s.get(ArticleOriginRow, id))

    def article(self, id: int) -> dict | None:
        """One article: its record's fields, plus where it came from and the raw text kept."""
        with self._session() as s:
            row = s.get(ArticleRow, id)
            if row is None:
                return None
            record = _record(row, s.get(ArticleOriginRow, id))
            return {**record.model_dump(mode="json"), "id": row.id, "url": row.url,
                    "canonical_url": row.canonical_url, "kind": row.kind, "content_hash": row.content_hash,
                    "extractor_version": row.extractor_version, "ingested_at": row.ingested_at.isoformat(),
                    "raw": row.raw, "indexed_text": record.indexed_text(row.raw)}

    def signals(self, actor: str | None = None, type: str | None = None,
                since: dt.date | str | None = None, until: dt.date | str | None = None,
                outlet: str | None = None, limit: int = 100,
                cursor: str | None = None) -> tuple[list[dict], str | None]:
        """Signals matching every filter given, in date order, a page at a time.

        The date is when it was said, else when the article was published; undated signals
        come last. `actor` accepts spelling variants; `outlet` matches the publishing outlet
        or any intermediary in `reported_via`. Pass the returned cursor to get the next page."""
        if limit < 1:
            raise StoreError("limit must be at least 1")
        query = self._signal_query(actor, type, since, until, outlet)
        if query is None:
            return [], None
        sort_key = func.coalesce(SignalRow.date, sa.literal(_LAST_DAY, sa.Date))
        if cursor:
            key = _uncursor(cursor)
            try:
                day, last_id = dt.date.fromisoformat(key[0]), int(key[1])
            except (IndexError, TypeError, ValueError):
                raise StoreError(f"malformed cursor '{cursor}'") from None
            query = query.where(sa.or_(sort_key > day, sa.and_(sort_key == day, SignalRow.id > last_id)))
        query = query.order_by(sort_key, SignalRow.id).limit(limit + 1)
        with self._session() as s:
            rows = [_signal_dict(sig, art) for sig, art in s.execute(query)]
        page = rows[:limit]
        if len(rows) <= limit:
            return page, None
        last = page[-1]
        return page, _cursor([last["date"] or _LAST_DAY.isoformat(), last["id"]])

    def _signal_query(self, actor: str | None, type: str | None, since: dt.date | str | None,
                      until: dt.date | str | None, outlet: str | None) -> sa.Select | None:
        query = select(SignalRow, ArticleRow).join(ArticleRow, SignalRow.article_id == ArticleRow.id)
        if actor:
            ids = self._actor_ids(actor)
            if not ids:
                return None
            query = query.where(SignalRow.actor_id.in_(ids))
        if type:
            query = query.where(SignalRow.type == type)
        if (day := _day(since, "since")) is not None:
            query = query.where(SignalRow.date >= day)
        if (day := _day(until, "until")) is not None:
            query = query.where(SignalRow.date <= day)
        if outlet:
            # lower() on both sides in SQL: SQLite's and PostgreSQL's lower() differ from Python's
            via = func.lower(type_coerce(SignalRow.reported_via, sa.Text))
            quoted = json.dumps(outlet, ensure_ascii=False)  # how the name sits in the JSON list
            query = query.where(sa.or_(func.lower(ArticleRow.outlet) == func.lower(sa.literal(outlet)),
                                       via.contains(func.lower(sa.literal(quoted)))))
        return query

    def _actor_ids(self, name: str) -> list[int]:
        """Ids of stored actors that `name` names: the same name ignoring case and accents, or
        the same registry actor; failing those, a spelling variant (as the scorer judges it)."""
        from overture.actors._registry import ActorRegistry, fold
        from overture.evaluate import same_entity
        registry = ActorRegistry.default()
        hit = registry.lookup(name)
        with self._session() as s:
            rows = s.execute(select(ActorRow.id, ActorRow.name)).all()
        found = [i for i, n in rows if fold(n) == fold(name) or (hit is not None and registry.lookup(n) is hit)]
        return found or [i for i, n in rows if same_entity(n, name)]

    def actor(self, key: int | str) -> dict | None:
        """One actor by id or by name (spelling variants accepted), as `actors()` lists it."""
        ids = [int(key)] if isinstance(key, int) or str(key).isdigit() else self._actor_ids(str(key))
        found, _ = self.actor_page(include_silent=True, ids=ids[:1000]) if ids else ([], None)
        return found[0] if found else None

    def actors(self, *, include_silent: bool = False, limit: int | None = None) -> list[dict]:
        """Everyone who signals or speaks in the corpus, most signals first, with counts per type
        (`limit`: the first so many)."""
        return self.actor_page(include_silent=include_silent, limit=limit)[0]

    def actor_page(self, *, include_silent: bool = False, limit: int | None = None, cursor: str | None = None,
                   ids: list[int] | None = None) -> tuple[list[dict], str | None]:
        """Actors in `actors()` order a page at a time: sorted, counted and cut in SQL (keyset:
        the cursor is the last row's sort key), with the registry's facts and the counts per
        type looked up for that page only. Returns the page and the next page's cursor."""
        sig = select(SignalRow.actor_id.label("aid"), func.count().label("n")).group_by(SignalRow.actor_id).subquery()
        said = (select(StatementRow.speaker_id.label("aid"), func.count().label("n"))
                .group_by(StatementRow.speaker_id).subquery())
        n_sig, n_said, key = func.coalesce(sig.c.n, 0), func.coalesce(said.c.n, 0), func.lower(ActorRow.name)
        query = (select(ActorRow, n_sig, n_said, key).outerjoin(sig, sig.c.aid == ActorRow.id)
                 .outerjoin(said, said.c.aid == ActorRow.id))
        if ids is not None:
            query = query.where(ActorRow.id.in_(ids))
        if not include_silent:
            query = query.where((n_sig > 0) | (n_said > 0))
        if cursor:
            after = _uncursor(cursor)
            if len(after) != 4 or not (isinstance(after[0], int) and isinstance(after[1], int)
                                       and isinstance(after[2], str) and isinstance(after[3], int)):
                raise StoreError(f"malformed cursor '{cursor}'")
            a, b, c, d = after
            query = query.where((n_sig < a) | ((n_sig == a) & (n_said < b))
                                | ((n_sig == a) & (n_said == b) & ((key > c) | ((key == c) & (ActorRow.id > d)))))
        query = query.order_by(n_sig.desc(), n_said.desc(), key, ActorRow.id)
        if limit is not None:
            query = query.limit(limit + 1)
        with self._session() as s:
            rows = s.execute(query).all()
            more = limit is not None and len(rows) > limit
            rows = rows[:limit] if limit is not None else rows
            by_type: dict[int, dict[str, int]] = defaultdict(dict)
            page = [r[0].id for r in rows]
            for k in range(0, len(page), 900):  # a few hundred ids per query: every database takes that many
                for actor_id, kind, n in s.execute(select(SignalRow.actor_id, SignalRow.type, func.count())
                                                   .where(SignalRow.actor_id.in_(page[k:k + 900]))
                                                   .group_by(SignalRow.actor_id, SignalRow.type)):
                    by_type[actor_id][kind] = n
        out = [{"id": a.id, "name": a.name, "side": a.side, "kind": a.kind, "wikidata": a.wikidata,
                **_registry_facts(a.name), "signals": n_s, "statements": n_t,
                "types": dict(sorted(by_type[a.id].items()))} for a, n_s, n_t, _ in rows]
        last = rows[-1] if rows else None
        return out, (_cursor([last[1], last[2], last[3], last[0].id]) if more and last is not None else None)

    def timeline(self, actor: int | str) -> list[dict]:
        """An actor's statements in date order: what kind, on what conditions, towards whom
        (`target`), and which outlets carried it (`outlets`). A statement reported by several
        articles (copies, daily versions of a story, other outlets) is listed once, at its
        first report, with `articles` (how many carried it) and every outlet that did."""
        from overture.store._models import StatementMentionRow
        ids = [int(actor)] if isinstance(actor, int) or str(actor).isdigit() else self._actor_ids(str(actor))
        if not ids:
            return []
        sort_key = func.coalesce(SignalRow.date, sa.literal(_LAST_DAY, sa.Date))
        query = (select(SignalRow, ArticleRow, StatementMentionRow.statement_id)
                 .join(ArticleRow, SignalRow.article_id == ArticleRow.id)
                 .outerjoin(StatementMentionRow, StatementMentionRow.signal_id == SignalRow.id)
                 .where(SignalRow.actor_id.in_(ids)).order_by(sort_key, SignalRow.id))
        out: list[dict] = []
        first: dict[Any, tuple[dict, set[int]]] = {}
        with self._session() as s:
            for sig, art, statement_id in s.execute(query):
                entry = _signal_dict(sig, art)
                # one statement: folded by the analysis, or the same sentence (read as one kind
                # of move or two) in a copy, a daily version or the same article
                keys = [("text", " ".join((sig.evidence_text or "").split()).casefold())]
                if statement_id is not None:
                    keys.append(("statement", statement_id))
                known = next((first[k] for k in keys if k in first), None)
                if known is not None:
                    kept, articles = known
                    articles.add(sig.article_id)
                    kept["articles"] = len(articles)
                    kept["outlets"] += [o for o in entry["outlets"] if o not in kept["outlets"]]
                    kept["types"] += [] if sig.type in kept["types"] else [sig.type]
                    for k in keys:
                        first.setdefault(k, known)
                    continue
                entry["statement_id"], entry["articles"], entry["types"] = statement_id, 1, [sig.type]
                kept_entry = (entry, {sig.article_id})
                for k in keys:
                    first[k] = kept_entry
                out.append(entry)
        return out

    def outlets_matrix(self) -> dict:
        """Which outlets carried which types of signal from which actor: the outlet comparison.

        An outlet carried a signal when it published the article or is named in `reported_via`."""
        query = (select(SignalRow.actor_id, ActorRow.name, SignalRow.type, ArticleRow.outlet,
                        SignalRow.reported_via)
                 .join(ArticleRow, SignalRow.article_id == ArticleRow.id)
                 .join(ActorRow, SignalRow.actor_id == ActorRow.id))
        cells: dict[tuple[int, str, str], Counter] = defaultdict(Counter)
        outlets: set[str] = set()
        with self._session() as s:
            for actor_id, name, kind, outlet, via in s.execute(query):
                for o in _outlets(outlet, via) or [UNKNOWN_OUTLET]:
                    cells[(actor_id, name, kind)][o] += 1
                    outlets.add(o)
        rows = [{"actor": name, "actor_id": actor_id, "type": kind, "outlets": dict(sorted(c.items()))}
                for (actor_id, name, kind), c in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][2]))]
        return {"outlets": sorted(outlets, key=str.casefold),
                "types": sorted({r["type"] for r in rows}), "rows": rows}

    def iter_records(self) -> Iterator[tuple[int, Record]]:
        """Every stored article's record, oldest first."""
        with self._session() as s:
            ids = list(s.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
        for article_id in ids:
            record = self.record(article_id)
            if record is not None:
                yield article_id, record

    def export(self, fmt: str, path: str | Path | IO[Any]) -> int:
        """Write the corpus to a file (or an open stream): `jsonl` (one contract Record per
        line, readable by `overture eval`), `csv` or `parquet` (one row per signal).
        Returns the number of rows written."""
        from overture.store._export import write_records, write_signals
        target = Path(path) if isinstance(path, str) else path
        if fmt == "jsonl":
            return write_records((r for _, r in self.iter_records()), target)
        if fmt in ("csv", "parquet"):
            return write_signals(self.all_signals(), fmt, target)
        raise StoreError(f"unknown export format '{fmt}'; use jsonl, csv or parquet")

    def all_signals(self, **filters: Any) -> list[dict]:
        """Every signal matching the filters of `signals()`, in date order, without paging."""
        return list(self.iter_signals(**filters))

    def iter_signals(self, **filters: Any) -> Iterator[dict]:
        """The signals of `signals(**filters)`, page after page."""
        cursor = None
        while True:
            page, cursor = self.signals(**filters, limit=1000, cursor=cursor)
            yield from page
            if cursor is None:
                return


class _ActorCache:
    """Actor rows by name within one transaction, created on first sight. A name the
    registry knows (as a name or alias) joins its canonical actor, with side, kind and
    Wikidata id; any other name is an actor of its own."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}

    def _values(self, name: str, side: str | None) -> dict[str, Any]:
        from overture.actors._registry import ActorRegistry, fold
        hit = ActorRegistry.default().lookup(name)
        known = hit if hit and fold(name) in {fold(f) for f in (hit.name, *hit.aliases)} else None
        if known is None and " " not in name and name[:1].isupper():
            # a surname alone joins the one person of the store with that surname; with two
            # (or none) it stays apart: two people sharing a surname are never merged
            full = [n for n in self.session.scalars(select(ActorRow.name).where(
                ActorRow.name.endswith(" " + name, autoescape=True))) if 2 <= len(n.split()) <= 4]
            if len(full) == 1:
                name = full[0]
        return {"name": known.name if known else name,  # "Zelenskyy" and "Zelensky" are one actor row
                "side": (known.side if known else None) or side, "kind": known.kind if known else None,
                "wikidata": known.wikidata if known else None}

    def prepare(self, names: list[tuple[str | None, str | None]]) -> None:
        """Find or create the rows of these (name, side) pairs in one INSERT .. ON CONFLICT DO
        NOTHING, in name order: a writer creating the same actor at the same time is waited
        for, never duplicated, and two writers never wait on each other in a cycle."""
        values: dict[str, dict[str, Any]] = {}
        for name, side in names:
            if name and name not in self.ids:
                values.setdefault(name, self._values(name, side))
        rows = {v["name"]: v for v in reversed(values.values())}  # the first side seen wins
        dialect = self.session.get_bind().dialect.name
        if not rows or dialect not in ("postgresql", "sqlite"):
            return  # other databases: `id` creates rows one at a time
        insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}[dialect]
        self.session.execute(insert(ActorRow).values([rows[n] for n in sorted(rows)])
                             .on_conflict_do_nothing(index_elements=["name"]))
        found = dict(self.session.execute(select(ActorRow.name, ActorRow.id)
                                          .where(ActorRow.name.in_(list(rows)))).all())
        self.ids.update({name: found[v["name"]] for name, v in values.items()})

    def id(self, name: str | None, side: str | None) -> int | None:
        if not name:
            return None
        if name in self.ids:
            return self.ids[name]
        values = self._values(name, side)
        row = self.session.scalar(select(ActorRow).where(ActorRow.name == values["name"]))
        if row is None:
            row = ActorRow(**values)
            self.session.add(row)
            self.session.flush()
        self.ids[name] = row.id
        return row.id


def _hints_back(hints: dict[str, Any]) -> dict[str, Any]:
    """Stored hints as the clean stage wants them: dates as dates."""
    out = dict(hints)
    for key in ("published", "page_published", "path_published"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def _outlets(outlet: str | None, via: list[str] | None) -> list[str]:
    """Who carried a signal: the publishing outlet, then each intermediary, once each."""
    seen: dict[str, str] = {}
    for name in [outlet, *(via or [])]:
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


@functools.lru_cache(maxsize=65536)
def _registry_office(name: str) -> tuple[str | None, tuple[str, ...]]:
    """What the registry knows of an actor: its latest office and the other spellings of its
    name that fold into it (Zelenskyy, Selenskyj...). Exact names only: no spelling search."""
    from overture.actors._registry import ActorRegistry
    known = ActorRegistry.default().by_name(name)
    if known is None:
        return None, ()
    latest = max(known.roles, key=lambda r: (r.start or dt.date.min), default=None)
    return (latest.title if latest else None), known.aliases


def _registry_facts(name: str) -> dict:
    role, variants = _registry_office(name)
    return {"role": role, "variants": list(variants)}


def _signal_dict(sig: SignalRow, art: ArticleRow) -> dict:
    return {"id": sig.id, "article_id": sig.article_id, "position": sig.position, "type": sig.type,
            "actor": sig.actor, "actor_id": sig.actor_id, "actor_side": sig.actor_side, "target": sig.target,
            "evidence": _span(sig.evidence_start, sig.evidence_end, sig.evidence_text),
            "quote": _span(sig.quote_start, sig.quote_end, sig.quote_text),
            "conditions": list(sig.conditions or []), "said_on": _iso(sig.said_on), "date_text": sig.date_text,
            "medium": sig.medium, "reported_via": list(sig.reported_via or []), "cameo": sig.cameo,
            "plover": sig.plover, "goldstein": sig.goldstein, "date": _iso(sig.date),
            "outlet": art.outlet, "outlets": _outlets(art.outlet, sig.reported_via),
            "published": _iso(art.published), "source": art.source, "url": art.url, "title": art.title}


def _record(row: ArticleRow, origin: Any = None) -> Record:
    """Rebuild the contract Record from an article's rows."""
    def span(start: int | None, end: int | None, text: str | None) -> Span | None:
        return None if start is None or end is None else Span(start=start, end=end, text=text or "")

    return Record(
        source=row.source, offsets=row.offsets, title=row.title, outlet=row.outlet,  # type: ignore[arg-type]
        wire=origin.wire if origin else None, published=row.published,
        published_from=origin.published_from if origin else None,  # type: ignore[arg-type]
        language=row.language, text=row.text,
        body=[(s, e) for s, e in row.body or []],
        statements=[Statement(speaker=st.speaker, speaker_side=st.speaker_side,
                              cue=span(st.cue_start, st.cue_end, st.cue_text),
                              content=Span(start=st.content_start, end=st.content_end, text=st.content_text),
                              kind=st.kind, reported_via=list(st.reported_via or []),  # type: ignore[arg-type]
                              medium=st.medium) for st in row.statements],
        signals=[Signal(type=sg.type, actor=sg.actor, actor_side=sg.actor_side,  # type: ignore[arg-type]
                        target=sg.target,
                        evidence=Span(start=sg.evidence_start, end=sg.evidence_end, text=sg.evidence_text),
                        quote=span(sg.quote_start, sg.quote_end, sg.quote_text),
                        conditions=list(sg.conditions or []), said_on=sg.said_on, date_text=sg.date_text,
                        medium=sg.medium, reported_via=list(sg.reported_via or []), cameo=sg.cameo,
                        plover=sg.plover, goldstein=sg.goldstein) for sg in row.signals],
        claims=[Claim(claimant=c.claimant, figure=c.figure, subject=c.subject,
                      evidence=Span(start=c.evidence_start, end=c.evidence_end, text=c.evidence_text),
                      verified=c.verified) for c in row.claims])
