"""The prefilter stage: skip the parse of articles that carry no negotiation vocabulary.

Parsing is the expensive step, and in a news stream most articles never mention talks,
truces or peace. With the prefilter on, such an article keeps its body and metadata but is
not parsed, so it gets no statements, signals or claims. An article with any such word is
processed in full, which is why the figures on negotiation articles do not move. Off by
default; `overture extract --fast` and `[stages.prefilter] enabled = true` turn it on.
"""
from __future__ import annotations

import re
from functools import cache

from overture.article import Article
from overture.pipeline import register_stage


@cache
def relevance_pattern() -> re.Pattern[str]:
    """Any word of the negotiation word classes in signals.toml, as one regex."""
    from overture.signals._rules import _toml
    words = _toml("signals.toml")["words"]
    parts = [words[k] for k in ("TALKS", "PEACE", "CEASEFIRE", "AGREEMENT")]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


def is_relevant(article: Article) -> bool:
    pattern = relevance_pattern()
    return any(pattern.search(article.text, s, e) for s, e in article.body)


@register_stage("prefilter", requires=("body",), produces=("relevant",))
class PrefilterStage:
    """Mark whether an article needs the full parse."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled

    def __call__(self, article: Article) -> Article:
        article.hints["relevant"] = (not self.enabled) or is_relevant(article)
        return article
