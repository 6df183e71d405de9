"""`ingest`: files, folders, URLs, feeds and manifests into a Store, each article once.

Every source is turned into work items (a file to read or a URL to fetch, with the
metadata hints that apply to it); a feed's items are its entries. Each item ends as one
Outcome: new, duplicate or failed with a reason. A failure never stops the others.

Duplicates are spotted before the costly extraction: by the canonical URL before a fetch,
and by the content hash before the pipeline runs; `Store.add` checks both again.

Each article is stored in its own transaction as soon as it is extracted, so a run that is
killed keeps every article finished before the kill, and running it again stores the rest
(the ones already stored are duplicates). An unexpected error on one article (a bug, not bad
input) is reported as that article's failure and the batch carries on.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from overture._errors import InputError, OvertureError
from overture.article import Article
from overture.ingest._fetch import Resolver, default_client, feed_entries, fetch, system_resolve
from overture.ingest._manifest import ManifestRow, read_manifest
from overture._extract import pipeline_config
from overture.read import article_from_text, find_inputs, read_articles
from overture.record import Record, to_record
from overture.store import Store, canonical_url

log = logging.getLogger(__name__)

from overture.read._files import MANIFEST_NAME  # a folder's own manifest is used when the folder is ingested


@dataclass
class Outcome:
    """What happened to one source; `done` of `total` known so far (feeds add to the total)."""

    source: str
    status: Literal["new", "duplicate", "failed"]
    article_id: int | None = None
    reason: str | None = None
    done: int = 0
    total: int = 0


@dataclass
class IngestReport:
    """Counts of new and duplicate articles, and each failure as (source, reason)."""

    new: int = 0
    duplicate: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class _Item:
    source: str
    path: Path | None = None
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)


class _Run:
    """One call of `ingest`: the queue of items, the pipeline (built on first need), the report."""

    def __init__(self, store: Store, client: httpx.Client | None, pipeline: Any,
                 progress: Callable[[Outcome], None] | None, allow_private: bool = False,
                 resolve: Resolver = system_resolve, workers: int = 1, fast: bool = False,
                 fields: dict[str, str] | None = None) -> None:
        self.store, self.client, self.progress = store, client, progress
        self.allow_private, self.resolve = allow_private, resolve
        self._pipeline = pipeline
        self.workers, self.fast, self.fields = workers, fast, fields
        self._pool: Any = None
        self.report = IngestReport()
        self.queue: list[_Item] = []
        self.done = 0
        self.fetched: set[str] = set()  # URLs fetched in this run: a feed that lists itself ends here

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:  # building spaCy costs seconds; not needed when all is known
            from overture.pipeline import Pipeline
            self._pipeline = Pipeline(pipeline_config(fast=self.fast))
        return self._pipeline

    def http(self) -> httpx.Client:
        if self.client is None:
            self.client = default_client()
        return self.client

    def finish(self, item: _Item | str, status: Literal["new", "duplicate", "failed"],
               article_id: int | None = None, reason: str | None = None) -> None:
        source = item if isinstance(item, str) else item.source
        if status == "new":
            self.report.new += 1
        elif status == "duplicate":
            self.report.duplicate += 1
        else:
            self.report.failed.append((source, reason or "failed"))
            log.info("ingest failed: %s: %s", source, reason)
        self.done += 1
        if self.progress:
            self.progress(Outcome(source, status, article_id, reason, self.done, self.done + len(self.queue)))

    def run(self) -> None:
        try:
            while self.queue:
                if self.workers > 1 and self.queue[0].path is not None:
                    self.files_in_parallel()
                    continue
                self.one(self.queue.pop(0))
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)

    def files_in_parallel(self) -> None:
        """The next files of the queue: read and checked here, extracted by the worker
        processes, stored here in queue order (one writer: nothing is lost or doubled)."""
        from overture.engines import local
        batch: list[tuple[_Item, Article]] = []

        def take(item: _Item) -> None:
            for sub, article in self.read(item):
                if self.fresh(sub, article):
                    batch.append((sub, article))

        while self.queue and self.queue[0].path is not None and len(batch) < 8 * self.workers:
            item = self.queue.pop(0)
            self.guarded(item, lambda: take(item))
        if not batch:
            return
        if self._pool is None:
            config = self._pipeline.config if self._pipeline is not None else pipeline_config(fast=self.fast)
            self._pool = local.article_pool(config, self.workers)
        results = self._pool.map(local.run_article, [article for _, article in batch])
        for (item, article), (kind, payload) in zip(batch, results):
            if kind != "ok":
                self.finish(item, "failed", reason=str(payload))
                continue
            self.guarded(item, lambda: self.save(item, article, Record.model_validate(payload)))

    def one(self, item: _Item) -> None:
        self.guarded(item, lambda: self.file(item) if item.path is not None else self.web(item))

    def guarded(self, item: _Item, work: Callable[[], None]) -> None:
        """Run one item's work; its failure is reported and costs no other item."""
        try:
            work()
        except OvertureError as exc:
            self.finish(item, "failed", reason=getattr(exc, "problem", None) or str(exc))
        except Exception as exc:  # a bug on one article must not cost the others
            log.exception("ingest: unexpected error on %s", item.source)
            self.finish(item, "failed", reason=f"internal error: {type(exc).__name__}: {exc}")

    def read(self, item: _Item) -> list[tuple[_Item, Article]]:
        """The articles of a file item, each with its own item (a file of rows or blocks gives
        one per row, "export.jsonl#3"); a bad row is reported as failed here."""
        if not item.path.exists():  # type: ignore[union-attr]
            raise InputError(item.source, "no such file or folder")
        found = list(read_articles(item.path, fields=self.fields))  # type: ignore[arg-type]
        out = []
        for got in found:
            sub = item
            if len(found) > 1 or "#" in got.source:
                row = got.source.rsplit("#", 1)[-1]
                sub = _Item(f"{item.source}#{row}", path=item.path, url=item.url, hints=item.hints)
            if isinstance(got, InputError):
                self.finish(sub, "failed", reason=got.problem)
                continue
            got.url = item.url or got.url
            out.append((sub, got))
        return out

    def file(self, item: _Item) -> None:
        for sub, article in self.read(item):
            self.guarded(sub, lambda: self.extract(sub, article))

    def web(self, item: _Item) -> None:
        url = item.url or item.source
        known = self.store.find(url=url)
        key = canonical_url(url) or url
        if known is not None or key in self.fetched:
            self.finish(item, "duplicate", known)
            return
        self.fetched.add(key)
        page = fetch(url, self.http(), allow_private=self.allow_private, resolve=self.resolve)
        if page.is_feed:
            entries = feed_entries(page)
            self.queue[:0] = [_Item(link, url=link, hints={**hints, **item.hints}) for link, hints in entries]
            log.info("feed %s: %d entries", url, len(entries))
            return
        article = article_from_text(page.text(), source=page.url, kind=page.kind)
        article.url = page.url
        self.extract(item, article)

    def extract(self, item: _Item, article: Article) -> None:
        """Run the pipeline on a new article and store it."""
        if self.fresh(item, article):
            self.save(item, article, to_record(self.pipeline(article)))

    def fresh(self, item: _Item, article: Article) -> bool:
        """False (and reported) when the store holds it already; else the item's hints are
        put on it (user hints win over what the page says)."""
        known = self.store.find(raw=article.raw, url=article.url)
        if known is not None:
            self.finish(item, "duplicate", known)
            return False
        article.hints.update({k: v for k, v in item.hints.items() if v})
        return True

    def save(self, item: _Item, article: Article, record: Record) -> None:
        article_id, created = self.store.add(record, article.raw, url=article.url, kind=article.kind,
                                             hints=article.hints)
        self.finish(item, "new" if created else "duplicate", article_id)


def _manifests(sources: Iterable[str | Path], manifest: Path | None) -> list[Path]:
    """The explicit manifest, then each ingested folder's own manifest.csv."""
    found = [Path(manifest)] if manifest else []
    for source in sources:
        own = Path(source) / MANIFEST_NAME
        if Path(source).is_dir() and own.is_file() and all(own.resolve() != m.resolve() for m in found):
            found.append(own)
    return found


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def ingest(sources: list[str | Path], store: Store, *, manifest: Path | None = None,
           client: httpx.Client | None = None, pipeline: Any = None,
           progress: Callable[[Outcome], None] | None = None, allow_private: bool = False,
           resolve: Resolver = system_resolve, workers: int = 1, fast: bool = False,
           fields: dict[str, str] | None = None) -> IngestReport:
    """Extract and store every article the sources name; each article is stored once.

    Sources are files, folders (every article file under them), page URLs and RSS/Atom
    feed URLs (each entry's page is fetched). A manifest CSV adds metadata that overrides
    extraction, and its own rows are ingested too; a folder's `manifest.csv` is used the
    same way. `client` fetches URLs (default: `default_client()`); `progress` is called
    once per article with its Outcome. URLs whose host is (or resolves to, by `resolve`) a
    loopback, private, link-local or metadata address are refused unless `allow_private`.
    `workers` > 1 extracts files in that many processes (stored in order, by this one);
    `fast` parses only what can carry a signal, as `overture extract` does by default.
    A file of many articles (JSON Lines, JSON, CSV, a cache of `<article>` blocks) gives one
    article per row or block; `fields` maps columns not found by their common names.

    Example:  ingest(["news/", "https://example.org/feed.xml"], Store("sqlite:///talks.db"))
    """
    started = time.perf_counter()
    run = _Run(store, client, pipeline, progress, allow_private, resolve, workers, fast, fields)
    by_path: dict[Path, ManifestRow] = {}
    by_url: dict[str, ManifestRow] = {}
    for path in _manifests(sources, manifest):
        try:
            rows, bad = read_manifest(path)
        except InputError as exc:
            run.finish(str(path), "failed", reason=exc.problem)
            continue
        for where, reason in bad:
            run.finish(where, "failed", reason=reason)
        for row in rows:
            if row.path is not None:
                by_path.setdefault(row.path, row)
            elif row.url:
                by_url.setdefault(canonical_url(row.url) or row.url, row)

    used: set[int] = set()

    def hints_for(path: Path | None, url: str | None) -> dict[str, Any]:
        row = by_path.get(path.resolve()) if path else by_url.get(canonical_url(url) or url or "")
        if row is None:
            return {}
        used.add(id(row))
        return dict(row.hints)

    for source in sources:
        text = str(source)
        if _is_url(text):
            run.queue.append(_Item(text, url=text, hints=hints_for(None, text)))
        elif not Path(text).exists():
            run.queue.append(_Item(text, path=Path(text)))
        else:
            for path in find_inputs([Path(text)]):
                run.queue.append(_Item(str(path), path=path, hints=hints_for(path, None)))
    for row in [*by_path.values(), *by_url.values()]:
        if id(row) not in used:
            source = str(row.path) if row.path else row.url or row.where
            run.queue.append(_Item(source, path=row.path, url=row.url, hints=dict(row.hints)))

    try:
        run.run()
    finally:
        if client is None and run.client is not None:
            run.client.close()
    run.report.seconds = time.perf_counter() - started
    return run.report
