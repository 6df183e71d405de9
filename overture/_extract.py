"""The library's front door: paths or text in, Records out."""
from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from overture._errors import ConfigError, InputError, OvertureError
from overture.pipeline import Pipeline, default_config
from overture.article import Article
from overture.read import article_from_text, find_inputs, read_articles
from overture.record import Record, to_record

ENGINES = ("local", "ray")
SIGNAL_ENGINES = ("model", "rules")


def pipeline_config(*, fast: bool = False, signals: str = "model") -> dict[str, Any]:
    """The default config, with the prefilter switched on for `fast`, and the signal
    engine: "model" (the trained classifier, default) or "rules" (the cue rules alone)."""
    if signals not in SIGNAL_ENGINES:
        raise ConfigError(f"unknown signal engine '{signals}'; choose one of {', '.join(SIGNAL_ENGINES)}")
    config = copy.deepcopy(default_config())
    if fast:
        config.setdefault("stages", {}).setdefault("prefilter", {})["enabled"] = True
    if signals == "rules":
        config.setdefault("stages", {}).setdefault("signals", {})["model"] = None
    return config


def default_workers() -> int:
    """Processes for a batch: the machine's cores, at most four (each holds a spaCy model)."""
    return max(1, min(os.cpu_count() or 1, 4))


def read_inputs(paths: Iterable[Path | str], fields: dict[str, str] | None = None
                ) -> Iterator[Article | OvertureError]:
    """Every article under `paths`, in order: one per page, one per row or block of an
    export or a cache; whatever cannot be read is an error naming it, in its place."""
    for path in find_inputs([Path(p) for p in paths]):
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
            continue
        try:
            yield from read_articles(path, fields=fields)
        except InputError as exc:
            yield exc


def extract_files(paths: Iterable[Path | str], *, published: dt.date | None = None,
                  outlet: str | None = None, pipeline: Pipeline | None = None, fast: bool = False,
                  workers: int = 1, engine: str = "local", ray_address: str | None = None,
                  signals: str = "model", fields: dict[str, str] | None = None
                  ) -> Iterator[Record | OvertureError]:
    """One Record per article under `paths` (a file of rows gives one per row), or the error
    that stopped it, in input order. `fields` maps an export's columns ({"text": "story"}).

    `workers` > 1 runs a pool of local processes; `engine="ray"` runs on Ray Data. All give
    the same records."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}")
    hints = {k: v for k, v in {"published": published, "outlet": outlet}.items() if v}
    config = pipeline.config if pipeline is not None else pipeline_config(fast=fast, signals=signals)
    items = read_inputs(paths, fields)
    if engine == "ray":
        from overture.engines import ray as ray_engine
        found = list(items)
        articles = [a for a in found if isinstance(a, Article)]
        done = iter(ray_engine.run(articles, hints, config, address=ray_address, concurrency=max(1, workers)))
        results: Iterator[Any] = (next(done) if isinstance(a, Article) else a for a in found)
    elif workers > 1:
        from overture.engines import local
        results = local.run(items, hints, config, workers)
    else:
        from overture.engines._work import process
        pipeline = pipeline or Pipeline(config)
        results = (process(a, hints, pipeline) if isinstance(a, Article) else a for a in items)
    for result in results:
        if isinstance(result, OvertureError):
            yield result
        else:
            kind, payload = result
            yield Record.model_validate(payload) if kind == "ok" else OvertureError(payload)


def extract(text: str, *, source: str = "<text>", kind: str = "text", published: dt.date | None = None,
            outlet: str | None = None, pipeline: Pipeline | None = None) -> Record:
    """The Record of one article given as a string (plain text, markdown or HTML)."""
    article = article_from_text(text, source, kind)
    article.hints.update({k: v for k, v in {"published": published, "outlet": outlet}.items() if v})
    return to_record((pipeline or Pipeline())(article))
