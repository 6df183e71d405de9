"""The prefilter stage: skip the parse of articles in which no signal can be found.

Parsing is the expensive step, and in a news stream most articles never offer, refuse or
report talks or truces. With the prefilter on, an article where no signal cue matches its
raw text keeps its body and metadata but is not parsed, so it gets no statements, signals
or claims. An article with any cue is processed in full, which is why the figures on
negotiation articles do not move. Off by default; `overture extract --fast` and
`[stages.prefilter] enabled = true` turn it on.
"""
from __future__ import annotations

from overture.article import Article
from overture.pipeline import register_stage


def is_relevant(article: Article) -> bool:
    """True when some body paragraph holds a signal cue (the signal stage's own patterns,
    run on raw text): only such articles can yield signals."""
    from overture.signals._rules import signal_rules
    from overture.signals.stage import find_cues
    rules = signal_rules()
    return any(find_cues(article.text[s:e], rules) for s, e in article.body)


@register_stage("prefilter", requires=("body",), produces=("relevant",))
class PrefilterStage:
    """Mark whether an article needs the full parse."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled

    def __call__(self, article: Article) -> Article:
        article.hints["relevant"] = (not self.enabled) or is_relevant(article)
        return article
