"""A pool of local processes, each building the pipeline (and loading spaCy) once."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from overture.engines._work import Result, process
from overture.pipeline import Pipeline

_pipeline: Pipeline | None = None
_hints: dict[str, Any] = {}


def _start(config: dict[str, Any], hints: dict[str, Any]) -> None:
    global _pipeline, _hints
    _pipeline, _hints = Pipeline(config), hints


def _task(path: str) -> Result:
    assert _pipeline is not None
    return process(path, _hints, _pipeline)


def run_article(article: Any) -> Result:
    """An article already read (ingest reads and checks for duplicates in its own process)."""
    from overture._errors import OvertureError
    from overture.record import to_record
    assert _pipeline is not None
    try:
        return "ok", to_record(_pipeline(article)).model_dump(mode="json")
    except OvertureError as exc:
        return "error", str(exc)


def article_pool(config: dict[str, Any], workers: int) -> ProcessPoolExecutor:
    """Worker processes that run the pipeline on Article objects: `pool.map(run_article, ...)`."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(config, {}))


def run(paths: list[str], hints: dict[str, Any], config: dict[str, Any], workers: int) -> Iterator[Result]:
    """Results in input order, computed by `workers` processes."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(config, hints)) as pool:
        yield from pool.map(_task, paths, chunksize=4)
