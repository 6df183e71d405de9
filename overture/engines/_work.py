"""One article's work, shaped so that any engine can ship it between processes."""
from __future__ import annotations

from typing import Any

from overture._errors import OvertureError
from overture.article import Article
from overture.pipeline import Pipeline
from overture.record import to_record

# ("ok", record as JSON-able dict) or ("error", message naming the input)
Result = tuple[str, Any]


def process(article: Article, hints: dict[str, Any], pipeline: Pipeline) -> Result:
    """Run and serialise one article already read; an overture error becomes a message."""
    try:
        article.hints.update({k: v for k, v in hints.items() if v})
        return "ok", to_record(pipeline(article)).model_dump(mode="json")
    except OvertureError as exc:
        return "error", str(exc)
