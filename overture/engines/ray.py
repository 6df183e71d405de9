"""Ray Data as the engine: batches of articles mapped over a pool of actors.

Each actor builds the pipeline from the config (so it loads the spaCy model by name, once);
nothing heavy is shipped from the driver. Results come back in input order, so the output is
the local engine's, byte for byte. Point it at a cluster with `address="ray://host:10001"`
or RAY_ADDRESS; with neither, a local Ray is started.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from overture._errors import ConfigError
from overture.engines._work import Result, process


class _Extractor:
    """One Ray actor: a pipeline built once, then batch after batch of articles (pickled)."""

    def __init__(self, config: dict[str, Any], hints: dict[str, Any]) -> None:
        from overture.pipeline import Pipeline
        self.pipeline = Pipeline(config)
        self.hints = hints

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import json
        import pickle
        results = [process(pickle.loads(blob), self.hints, self.pipeline) for blob in batch["article"]]
        return {"index": batch["index"], "result": [json.dumps(r, ensure_ascii=False) for r in results]}


def run(articles: list[Any], hints: dict[str, Any], config: dict[str, Any], *, address: str | None = None,
        concurrency: int = 2, batch_size: int = 8) -> Iterator[Result]:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("the Ray engine needs Ray: pip install 'overture[ray]'") from exc
    import json
    import pickle
    if not ray.is_initialized():
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 configure_logging=False, ignore_reinit_error=True)
    ds = ray.data.from_items([{"index": i, "article": pickle.dumps(a)} for i, a in enumerate(articles)])
    ds = ds.map_batches(_Extractor, fn_constructor_kwargs={"config": config, "hints": hints},
                        concurrency=concurrency, batch_size=batch_size, batch_format="numpy")
    rows = sorted(ds.take_all(), key=lambda row: int(row["index"]))
    for row in rows:
        kind, payload = json.loads(row["result"])
        yield kind, payload
