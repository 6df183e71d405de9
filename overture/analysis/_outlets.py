"""Outlets side by side: who carried a story, which signals, how, and what they left out.

- `outlet_facts(name, url)`: the registry entry (overture/data/outlets.jsonl) for an
  article's outlet, by name or alias, else by the domain of its URL.
- `FramingCues`: the cues of overture/data/framing.toml (Kiev/Kyiv spelling, 'regime',
  'so-called', scare quotes...) found in an article's body.
- `compare_outlets(...)`: per story, each outlet's articles (originals apart from copies),
  the signal types it carried, its framing cues; for each folded statement, which outlets
  reported it and which did not ('reported by A, absent from B'), and which mentions
  dropped conditions that other mentions carry.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from overture.actors._registry import Outlet, OutletRegistry
from overture.analysis._fold import FoldedStatement

UNKNOWN_OUTLET = "(unknown)"


def outlet_facts(name: str | None, url: str | None = None) -> Outlet | None:
    """The registry's outlet for a name ("the BBC") or, failing that, a URL's domain."""
    registry = OutletRegistry.default()
    found = registry.lookup(name) if name else None
    if found is None and url and url.lower().startswith(("http://", "https://")):
        found = registry.by_domain(url)
    return found


def outlet_name(name: str | None, url: str | None = None) -> str:
    """The outlet's canonical name when the registry knows it, else the name given, else (unknown)."""
    found = outlet_facts(name, url)
    return found.name if found else (name or UNKNOWN_OUTLET)


@dataclass(frozen=True)
class Cue:
    name: str
    label: str
    start: int
    end: int
    text: str


class FramingCues:
    """Framing cues as data: read once from framing.toml, matched against body text."""

    def __init__(self, cues: list[dict]) -> None:
        self.cues = [(c["name"], c.get("label", c["name"]),
                      re.compile(c["pattern"], 0 if c.get("case") else re.IGNORECASE)) for c in cues]

    @staticmethod
    @cache
    def default() -> FramingCues:
        data = tomllib.loads(files("overture.data").joinpath("framing.toml").read_text("utf-8"))
        return FramingCues(data["cue"])

    @property
    def labels(self) -> dict[str, str]:
        return {name: label for name, label, _ in self.cues}

    def find(self, text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[Cue]:
        """Cues in `text` (within `spans` of it when given), in text order; offsets index `text`."""
        found = []
        for start, end in (spans if spans is not None else [(0, len(text))]):
            part = text[start:end]
            for name, label, pattern in self.cues:
                for m in pattern.finditer(part):
                    s, e = (m.start("words") - 1, m.end("words") + 1) if "words" in pattern.groupindex else m.span()
                    found.append(Cue(name, label, start + s, start + e, text[start + s:start + e]))
        return sorted(found, key=lambda c: (c.start, c.name))


@dataclass(frozen=True)
class StoryArticle:
    """What the comparison needs of one article in a story."""

    id: int
    outlet: str
    source: str
    copy_of: int | None = None
    cues: tuple[Cue, ...] = ()


def compare_outlets(articles: list[StoryArticle], statements: list[FoldedStatement],
                    types_by_article: dict[int, list[str]]) -> dict:
    """The outlet comparison of one story (see the module docstring); plain dicts."""
    by_outlet: dict[str, list[StoryArticle]] = defaultdict(list)
    for a in articles:
        by_outlet[a.outlet].append(a)
    outlet_of = {a.id: a.outlet for a in articles}
    outlets = []
    for name, arts in sorted(by_outlet.items(), key=lambda kv: kv[0].casefold()):
        facts = outlet_facts(name)
        originals = [a.id for a in arts if a.copy_of is None]
        outlets.append({
            "outlet": name, "country": facts.country if facts else None,
            "state_affiliated": facts.state_affiliated if facts else None,
            "articles": [a.id for a in arts], "copies": [a.id for a in arts if a.copy_of is not None],
            "independent": bool(originals),
            "signals": dict(sorted(Counter(t for a in arts for t in types_by_article.get(a.id, [])).items())),
            "framing": dict(sorted(Counter(c.name for a in arts for c in a.cues).items()))})
    everyone = [o["outlet"] for o in outlets]
    rows = []
    for st in statements:
        reported = list(dict.fromkeys(outlet_of.get(m.article_id, UNKNOWN_OUTLET) for m in st.mentions))
        dropped = []
        for m in st.mentions:
            if missing := st.dropped(m):
                dropped.append({"outlet": outlet_of.get(m.article_id, UNKNOWN_OUTLET), "article_id": m.article_id,
                                "signal_id": m.signal_id, "conditions": missing})
        rows.append({"id": st.id, "actor": st.actor, "type": st.type, "text": st.text,
                     "conditions": st.conditions, "reported_by": reported,
                     "absent_from": [o for o in everyone if o not in reported], "dropped": dropped})
    framing = [{"article_id": a.id, "outlet": a.outlet, "cue": c.name, "label": c.label, "text": c.text,
                "start": c.start, "end": c.end} for a in articles for c in a.cues]
    return {"outlets": outlets, "statements": rows, "framing": framing,
            "independent_outlets": sum(o["independent"] for o in outlets),
            "copying_outlets": sum(not o["independent"] for o in outlets)}
