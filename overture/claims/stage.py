"""The claims stage: how many or how much, who says so, and whether it was checked."""
from __future__ import annotations

from overture.article import Article
from overture.claims._find import ClaimRules, find_claims
from overture.pipeline import register_stage


@register_stage("claims", requires=("sentences", "statements"), produces=("claims",))
class ClaimStage:
    """Find numeric claims in the parsed body; the lexicons are read once, here."""

    def __init__(self, lexicon: str = "claims.toml") -> None:
        self.rules = ClaimRules.load(lexicon)

    def __call__(self, article: Article) -> Article:
        article.claims = find_claims(article, self.rules)
        return article
