"""A pool of local processes, each building the pipeline (and loading spaCy) once."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from overture.engines._work import Result, process
from overture.pipeline import Pipeline

_pipeline: Pipeline | None = None
_hints: dict[str, Any] = {}


def _start(config: dict[str, Any], hints: dict[str, Any]) -> None:
    global _pipeline, _hints
    _pipeline, _hints = Pipeline(config), hints


def run_article(article: Any) -> Result:
    """An article read by the parent process (which reads, checks duplicates and stores)."""
    assert _pipeline is not None
    return process(article, _hints, _pipeline)


def article_pool(config: dict[str, Any], workers: int) -> ProcessPoolExecutor:
    """Worker processes that run the pipeline on Article objects: `pool.map(run_article, ...)`."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(config, {}))


def run(items: Iterable[Any], hints: dict[str, Any], config: dict[str, Any], workers: int,
        batch: int = 256) -> Iterator[Any]:
    """A Result per Article of `items`, in input order, computed by `workers` processes; any
    other item (a read error) is passed through in its place. Items are taken a batch at a
    time, so a large folder is never held in memory whole."""
    from overture.article import Article
    with ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(config, hints)) as pool:
        items = iter(items)
        while chunk := list(islice(items, batch)):
            done = pool.map(run_article, [a for a in chunk if isinstance(a, Article)], chunksize=4)
            yield from (next(done) if isinstance(a, Article) else a for a in chunk)
