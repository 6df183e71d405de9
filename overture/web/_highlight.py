"""An article's text cut at span offsets into pieces the template renders as nested marks.

The text is never turned into markup here: it is sliced into `Piece(kind="text")` runs, and
the template prints each run through Jinja's autoescaping. Tags and attribute names come only
from this module; attribute values are escaped by the template too.

Layers, outermost first: the body (main text, boilerplate outside it), signal evidence
(`<mark class="evidence">`), quotes (`<q class="quote">`), actor mentions (`<span class="actor">`).
Overlapping spans are closed and reopened where needed so the HTML nests properly.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

TAGS = {"body": "span", "evidence": "mark", "quote": "q", "actor": "span"}
RANKS = {"body": 0, "evidence": 1, "quote": 2, "actor": 3}


@dataclass(frozen=True)
class Piece:
    """One step of the rendering: open a tag, close it, or print a run of text."""

    kind: Literal["open", "close", "text"]
    tag: str = ""
    attrs: tuple[tuple[str, str], ...] = ()
    text: str = ""


@dataclass
class Layer:
    """A span to mark: which layer, where, and the attributes of its element."""

    layer: str
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return RANKS[self.layer], self.start - self.end, self.start


def highlight(text: str, layers: list[Layer]) -> list[Piece]:
    """`text` as open/close/text pieces; the text pieces joined give `text` back exactly."""
    n = len(text)
    layers = [l for l in layers if 0 <= l.start < l.end <= n]
    cuts = sorted({0, n, *(l.start for l in layers), *(l.end for l in layers)})
    pieces: list[Piece] = []
    stack: list[Layer] = []
    opened: set[int] = set()  # ids go on an element's first fragment only
    for a, b in zip(cuts, cuts[1:]):
        wanted = sorted((l for l in layers if l.start <= a and b <= l.end), key=lambda l: l.sort_key)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        for layer in reversed(stack[keep:]):
            pieces.append(Piece("close", TAGS[layer.layer]))
        for layer in wanted[keep:]:
            attrs = {k: v for k, v in layer.attrs.items() if k != "id" or id(layer) not in opened}
            opened.add(id(layer))
            pieces.append(Piece("open", TAGS[layer.layer], (("class", layer.layer), *attrs.items())))
        stack = wanted
        pieces.append(Piece("text", text=text[a:b]))
    pieces += [Piece("close", TAGS[layer.layer]) for layer in reversed(stack)]
    return pieces


def evidence_anchor(start: int, end: int) -> str:
    """The element id of an evidence span, for links from signal lists (`#ev-120-260`)."""
    return f"ev-{start}-{end}"


def article_layers(article: dict) -> list[Layer]:
    """The body, evidence, quote and actor-mention layers of one stored article (`Store.article`)."""
    text = article["indexed_text"]
    layers = [Layer("body", s, e) for s, e in article.get("body") or []]

    by_span: dict[tuple[int, int], list[dict]] = {}
    for sig in article["signals"]:
        by_span.setdefault((sig["evidence"]["start"], sig["evidence"]["end"]), []).append(sig)
    for (start, end), sigs in by_span.items():
        types = list(dict.fromkeys(s["type"] for s in sigs))
        title = "; ".join(f"{s['type']}: {s['actor'] or '?'}" + (f" -> {s['target']}" if s["target"] else "")
                          for s in sigs)
        layers.append(Layer("evidence", start, end, {"id": evidence_anchor(start, end),
                                                     "data-type": " ".join(types), "title": title}))

    quotes = {(s["quote"]["start"], s["quote"]["end"]) for s in article["signals"] if s.get("quote")}
    quotes |= {(st["content"]["start"], st["content"]["end"]) for st in article["statements"]
               if st["kind"] == "direct"}
    layers += [Layer("quote", s, e) for s, e in sorted(quotes)]
    layers += [Layer("actor", s, e, {"data-actor": name, "title": name})
               for s, e, name in actor_mentions(text, article)]
    return layers


def actor_mentions(text: str, article: dict) -> list[tuple[int, int, str]]:
    """Where actors are named: every registry name or alias, and the names the record gives
    its speakers, actors and targets; the longest wins where two overlap."""
    from overture.actors._registry import ActorRegistry

    published = article.get("published")
    day = dt.date.fromisoformat(published) if isinstance(published, str) else published
    found = [(s, e, actor.name) for s, e, actor in ActorRegistry.default().find_in(text, on=day)]
    names = {sig[k] for sig in article["signals"] for k in ("actor", "target") if sig.get(k)}
    names |= {st["speaker"] for st in article["statements"] if st.get("speaker")}
    for name in names:
        found += [(m.start(), m.end(), name) for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    kept: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, name))
    return sorted(kept)
