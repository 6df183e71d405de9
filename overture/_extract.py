"""The library's front door: paths or text in, Records out."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from overture._errors import InputError, OvertureError
from overture.article import Article
from overture.pipeline import Pipeline
from overture.read import article_from_text, find_inputs, read_article
from overture.record import Record, to_record


def _articles(paths: Iterable[Path], hints: dict) -> Iterator[Article | OvertureError]:
    for path in find_inputs(list(paths)):
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
            continue
        try:
            article = read_article(path)
        except OvertureError as exc:
            yield exc
            continue
        article.hints.update({k: v for k, v in hints.items() if v})
        yield article


def extract_files(paths: Iterable[Path | str], *, published: dt.date | None = None,
                  outlet: str | None = None, pipeline: Pipeline | None = None
                  ) -> Iterator[Record | OvertureError]:
    """One Record per article file under `paths`, or the error that stopped it, in order."""
    pipeline = pipeline or Pipeline()
    hints = {"published": published, "outlet": outlet}
    for item in _articles((Path(p) for p in paths), hints):
        if isinstance(item, OvertureError):
            yield item
            continue
        try:
            yield to_record(pipeline(item))
        except OvertureError as exc:
            yield exc


def extract(text: str, *, source: str = "<text>", kind: str = "text", published: dt.date | None = None,
            outlet: str | None = None, pipeline: Pipeline | None = None) -> Record:
    """The Record of one article given as a string (plain text, markdown or HTML)."""
    article = article_from_text(text, source, kind)
    article.hints.update({k: v for k, v in {"published": published, "outlet": outlet}.items() if v})
    return to_record((pipeline or Pipeline())(article))
