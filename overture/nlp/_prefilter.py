"""The prefilter stage: skip the parse of articles in which no signal can be found.

Parsing is the expensive step, and in a news stream most articles never offer, refuse or
report talks or truces. With the prefilter on, an article where no signal cue matches its
raw text keeps its body and metadata but is not parsed, so it gets no statements, signals
or claims; in an article with cues, the paragraphs after the paragraph that follows the
last cue are not parsed either (they can hold no signal and give no context to one). The
signals of negotiation articles do not move; statements and claims in skipped paragraphs
are not extracted. Off by default; `overture extract --fast` and
`[stages.prefilter] enabled = true` turn it on.
"""
from __future__ import annotations

import re

from overture.article import Article
from overture.pipeline import register_stage


_FIGURE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|"
                     r"dozens?|scores)\b", re.I)


def cue_paragraphs(article: Article) -> list[int]:
    """Indexes of the body paragraphs that hold a negotiation topic word or a signal cue
    (run on raw text): the classifier finds signals near such paragraphs only."""
    from overture.signals._model import stem_pattern
    from overture.signals._rules import signal_rules
    from overture.signals.stage import find_cues
    rules = signal_rules()
    topics = stem_pattern("signal_topics.txt")
    return [i for i, (s, e) in enumerate(article.body)
            if topics.search(article.text, s, e) or find_cues(article.text[s:e], rules)]


@register_stage("prefilter", requires=("body",), produces=("relevant",))
class PrefilterStage:
    """Mark whether an article needs the full parse."""

    def __init__(self, enabled: bool = False) -> None:
        self.enabled = enabled

    def __call__(self, article: Article) -> Article:
        if not self.enabled:
            article.hints["relevant"] = True
            return article
        hits = cue_paragraphs(article)
        article.hints["relevant"] = bool(hits)
        if hits:  # everything before the last cue is context (names, titles, speakers); after
            # it only paragraphs with a figure in them (claims) still need the parse
            last = min(hits[-1] + 1, len(article.body) - 1)
            article.hints["parse_until"] = article.body[last][1]
            article.hints["parse_also"] = [(s, e) for s, e in article.body[last + 1:]
                                           if _FIGURE.search(article.text, s, e)]
        return article
