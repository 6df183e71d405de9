"""Assemble the contract's Record from a finished Article."""
from __future__ import annotations

from overture.actors._canonical import canonical
from overture.article import Article
from overture.record._models import Record, Span, Statement


def to_record(article: Article) -> Record:
    """The record of a finished article; every speaker and actor name made canonical on the
    way out (titles to the role, descriptions to who they speak for: `actors._canonical`)."""
    text = article.text
    statements = []
    for d in article.statements:
        who = canonical(d.speaker, d.speaker_side, kind=d.speaker_kind, on=d.said_on or article.published)
        statements.append(Statement(speaker=who.name, speaker_side=who.side, speaker_role=who.role,
                                    cue=Span.of(text, *d.cue) if d.cue else None,
                                    content=Span.of(text, *d.content), kind=d.kind,  # type: ignore[arg-type]
                                    reported_via=list(d.reported_via), medium=d.medium))
    signals = []
    for sg in article.signals:
        who = canonical(sg.actor, sg.actor_side, on=sg.said_on or article.published)
        signals.append(sg.model_copy(update={"actor": who.name, "actor_side": who.side, "actor_role": who.role}))
    return Record(source=article.source, offsets=article.offsets,  # type: ignore[arg-type]
                  title=article.title, outlet=article.outlet, wire=article.wire,
                  published=article.published, published_from=article.published_from,  # type: ignore[arg-type]
                  language=article.language, text=text if article.offsets == "text" else None,
                  body=[(s, e) for s, e in article.body], statements=statements,
                  signals=sorted(signals, key=lambda s: (s.evidence.start, s.type)),
                  claims=sorted(article.claims, key=lambda c: c.evidence.start))
