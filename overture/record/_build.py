"""Assemble the contract's Record from a finished Article."""
from __future__ import annotations

from overture.article import Article
from overture.record._models import Record, Span, Statement


def to_record(article: Article) -> Record:
    text = article.text
    statements = [
        Statement(speaker=d.speaker, speaker_side=d.speaker_side,
                  cue=Span.of(text, *d.cue) if d.cue else None,
                  content=Span.of(text, *d.content), kind=d.kind,  # type: ignore[arg-type]
                  reported_via=list(d.reported_via), medium=d.medium)
        for d in article.statements
    ]
    return Record(source=article.source, offsets=article.offsets,  # type: ignore[arg-type]
                  title=article.title, outlet=article.outlet, wire=article.wire,
                  published=article.published, published_from=article.published_from,  # type: ignore[arg-type]
                  language=article.language, text=text if article.offsets == "text" else None,
                  body=[(s, e) for s, e in article.body], statements=statements,
                  signals=sorted(article.signals, key=lambda s: (s.evidence.start, s.type)),
                  claims=sorted(article.claims, key=lambda c: c.evidence.start))
