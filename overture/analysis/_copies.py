"""Copies and rewrites: which articles carry another article's text (MinHash-LSH).

Each article body becomes a set of word 5-gram shingles (folded: lower case, no accents or
punctuation). Two bodies are compared by the Jaccard similarity of their shingle sets,
estimated with MinHash (128 permutations) and found through datasketch's MinHashLSH, so
a corpus is never compared pair by pair.

- COPY_THRESHOLD = 0.6: at least 60% of the two bodies' 5-word runs are shared. Wire copies,
  syndicated articles and reposts with a new headline, byline or a sentence added clear it;
  an article about the same event written anew does not (typically below 0.1).
- CONTAINMENT_THRESHOLD = 0.8: a shorter republication (the wire's lead and first paragraphs,
  cut or lightly edited, on another site) shares little of the long original's text by Jaccard
  but nearly all of its own: at least 80% of the shorter body's 5-word runs are in the other
  (and it has at least MIN_CONTAINED_SHINGLES of them, so a one-line teaser is no copy).
- REWRITE_THRESHOLD = 0.25: a rewrite keeps whole passages of the original but cuts, adds or
  reorders others. A rewrite is linked (`rewrite_of`) but is not a copy.

Each article's link points to the *earliest* article it resembles (published date, then id),
so a chain of reposts points back to the first publication.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from overture.actors._registry import fold

SHINGLE_WORDS = 5
NUM_PERM = 128
COPY_THRESHOLD = 0.6
CONTAINMENT_THRESHOLD = 0.8
MIN_CONTAINED_SHINGLES = 20
REWRITE_THRESHOLD = 0.25
CANDIDATE_THRESHOLD = 0.1  # LSH proposes pairs this alike; containment and Jaccard then decide
_FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class ArticleText:
    """What copy detection needs of an article: its id, date and main text."""

    id: int
    text: str
    published: dt.date | None = None
    outlet: str | None = None

    @property
    def order(self) -> tuple[dt.date, int]:
        return (self.published or _FAR_FUTURE, self.id)


@dataclass(frozen=True)
class CopyLink:
    """`article_id` repeats text of the earlier `source_id`: a `copy` or a `rewrite`."""

    article_id: int
    source_id: int
    kind: str          # "copy" | "rewrite"
    similarity: float  # Jaccard of the shingle sets, exact


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """Word k-grams of the folded text; a text shorter than k words is one shingle."""
    words = fold(text).split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def minhash(grams: Iterable[str], num_perm: int = NUM_PERM) -> MinHash:
    m = MinHash(num_perm=num_perm)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """How much of the smaller set is in the other: 1.0 for a cut copy."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def find_copies(articles: Iterable[ArticleText], *, copy_threshold: float = COPY_THRESHOLD,
                rewrite_threshold: float = REWRITE_THRESHOLD) -> dict[int, CopyLink]:
    """For each article that repeats an earlier one, its link to the earliest such article.

    LSH proposes candidates below the rewrite threshold (a cut copy's Jaccard is low); the
    exact Jaccard and containment of the shingle sets decide, so the estimate's noise never
    makes or breaks a link on its own. Of two articles of one day, the longer comes first: a
    republication is cut from the original, seldom the other way round."""
    items = list(articles)
    grams = {a.id: shingles(a.text) for a in items}
    items.sort(key=lambda a: (a.order[0], -len(grams[a.id]), a.order[1]))
    lsh = MinHashLSH(threshold=min(rewrite_threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
    position = {a.id: i for i, a in enumerate(items)}
    kept = [a for a in items if grams[a.id]]
    hashes = dict(zip((a.id for a in kept),
                      MinHash.bulk([[g.encode("utf-8") for g in grams[a.id]] for a in kept], num_perm=NUM_PERM)))
    with lsh.insertion_session() as session:
        for a in kept:
            session.insert(a.id, hashes[a.id])
    links: dict[int, CopyLink] = {}
    for a in kept:
        earlier = sorted((c for c in lsh.query(hashes[a.id]) if position[c] < position[a.id]),
                         key=position.__getitem__)
        best: CopyLink | None = None
        for c in earlier:
            sim = jaccard(grams[a.id], grams[c])
            contained = containment(grams[a.id], grams[c]) >= CONTAINMENT_THRESHOLD \
                and min(len(grams[a.id]), len(grams[c])) >= MIN_CONTAINED_SHINGLES
            kind = "copy" if sim >= copy_threshold or contained else "rewrite" if sim >= rewrite_threshold else None
            if kind is None:
                continue
            # the earliest copy wins; a rewrite only when no copy is found
            if best is None or (best.kind == "rewrite" and kind == "copy"):
                best = CopyLink(a.id, c, kind, round(sim, 3))
            if best.kind == "copy":
                break
        if best is not None:
            links[a.id] = best
    return {k: _to_first(v, links) for k, v in links.items()}


def _to_first(link: CopyLink, links: dict[int, CopyLink]) -> CopyLink:
    """Follow a copy of a copy back to the first publication."""
    source, seen = link.source_id, {link.article_id}
    while link.kind == "copy" and source in links and links[source].kind == "copy" and source not in seen:
        seen.add(source)
        source = links[source].source_id
    return CopyLink(link.article_id, source, link.kind, link.similarity)
