"""Stories: the articles about one event, whichever outlet wrote them and however.

Two articles belong to one story when any of these holds (and stories are the connected
groups this makes):
- one copies or rewrites the other (see _copies);
- they report the same folded statement (see _fold);
- they carry a signal of the same type from the same actor towards the same counterpart,
  dated at most STORY_WINDOW_DAYS apart, and their bodies share enough wording: Jaccard of
  word 3-gram shingles at least STORY_TEXT_SIMILARITY (two reports of one event share names,
  places and phrases; two events a week apart seldom do).

An article with no signal and no link is a story of its own. A story's `id` is the smallest
article id in it (stable while its articles stay), its title that of its earliest original
article (or, when no article has a title, the wording of its most reported statement),
and its dates the span of its articles' publication dates (of its statements'
dates when no article is dated).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from overture.actors._registry import fold
from overture.analysis._copies import ArticleText, CopyLink, jaccard, shingles
from overture.analysis._fold import FoldedStatement, stance

STORY_WINDOW_DAYS = 7
STORY_TEXT_SIMILARITY = 0.08


@dataclass
class Story:
    id: int
    article_ids: list[int]
    title: str | None = None
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    statement_ids: list[int] = field(default_factory=list)


def build_stories(articles: Iterable[ArticleText], statements: list[FoldedStatement],
                  links: dict[int, CopyLink], titles: dict[int, str | None] | None = None, *,
                  days: int = STORY_WINDOW_DAYS, text_similarity: float = STORY_TEXT_SIMILARITY
                  ) -> list[Story]:
    """Group articles into stories; every article is in exactly one."""
    arts = {a.id: a for a in articles}
    parent = {i: i for i in arts}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

    for link in links.values():
        join(link.article_id, link.source_id)
    for st in statements:
        ids = st.article_ids
        for other in ids[1:]:
            join(ids[0], other)

    # same actor, counterpart and type, near in time, alike in wording
    by_key: dict[tuple, list[tuple[dt.date | None, int]]] = defaultdict(list)
    for st in statements:
        key = (st.actor_id or fold(st.actor or ""), fold(st.target or ""), stance(st.type))
        if st.actor:
            for art in st.article_ids:
                by_key[key].append((st.first_said, art))
    grams: dict[int, set[str]] = {}
    for entries in by_key.values():
        entries.sort(key=lambda e: (e[0] or dt.date.max, e[1]))
        for i, (day_a, a) in enumerate(entries):
            for day_b, b in entries[i + 1:]:
                if day_a and day_b and (day_b - day_a).days > days:
                    break  # sorted by date: the rest are later still
                if a == b or root(a) == root(b):
                    continue
                ga = grams.setdefault(a, shingles(arts[a].text, 3))
                gb = grams.setdefault(b, shingles(arts[b].text, 3))
                if jaccard(ga, gb) >= text_similarity:
                    join(a, b)

    members: dict[int, list[int]] = defaultdict(list)
    for i in arts:
        members[root(i)].append(i)
    said: dict[int, list[dt.date]] = defaultdict(list)
    statements_of: dict[int, list[int]] = defaultdict(list)
    for st in statements:
        story_root = root(st.article_ids[0])
        statements_of[story_root].append(st.id)
        said[story_root] += [m.date for m in st.mentions if m.date]
    by_id = {st.id: st for st in statements}
    stories = []
    for key, ids in members.items():
        ids.sort(key=lambda i: arts[i].order)
        days_seen = [arts[i].published for i in ids if arts[i].published] or said[key]
        originals = [i for i in ids if i not in links or links[i].kind != "copy"]
        title = next((titles[i] for i in originals + ids if titles and titles.get(i)), None)
        if title is None and statements_of[key]:  # untitled pages: the most reported statement
            main = max((by_id[i] for i in statements_of[key]), key=lambda f: (len(f.mentions), -f.id))
            title = _shorten(main.text)
        stories.append(Story(id=min(ids), article_ids=ids, title=title,
                             first_seen=min(days_seen, default=None), last_seen=max(days_seen, default=None),
                             statement_ids=sorted(statements_of[key])))
    return sorted(stories, key=lambda s: (s.first_seen or dt.date.max, s.id))


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."
