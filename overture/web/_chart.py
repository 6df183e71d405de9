"""The Vega-Lite spec of an actor's position timeline: one point per dated signal.

x is the signal's date (said on, else published); y its type, one row per type ordered by the
type's Goldstein score (most cooperative at the top), so a move from offers to refusals reads
as a drop; colour is the type too. Signals of one type on the same day are spread across their
row (`lane`) so none hides another. The tooltip carries the evidence and the outlets.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

from overture.record import SIGNAL_TYPES

EVIDENCE_CHARS = 240  # tooltips show the start of the evidence; the article page shows it all


@cache
def default_goldstein() -> dict[str, float]:
    """The contract's Goldstein value per signal type, for signals stored without one."""
    table = tomllib.loads(files("overture.data").joinpath("signal_codes.toml").read_text("utf-8"))
    return {kind: float(row["goldstein"]) for kind, row in table.items() if "goldstein" in row}


def _short(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1].rstrip() + "…"


def timeline_points(signals: list[dict]) -> list[dict]:
    """The chart's rows: the dated signals of a timeline (`Store.timeline`), in order."""
    points, lanes = [], {}
    for s in signals:
        if not s.get("date"):
            continue
        score = s["goldstein"] if s["goldstein"] is not None else default_goldstein().get(s["type"], 0.0)
        lane = lanes[(s["date"], s["type"])] = lanes.get((s["date"], s["type"]), -1) + 1
        points.append({
            "date": s["date"], "type": s["type"], "goldstein": score, "lane": lane,
            "target": s["target"] or "", "conditions": ", ".join(s["conditions"]) or "none",
            "outlets": ", ".join(s["outlets"]) or "unknown outlet",
            "evidence": _short(s["evidence"]["text"]), "title": s["title"] or s["source"],
            "href": f"/articles/{s['article_id']}#ev-{s['evidence']['start']}-{s['evidence']['end']}",
        })
    return points


def type_order() -> list[str]:
    """The signal types from most cooperative to most hostile (Goldstein score, then name)."""
    scores = default_goldstein()
    return sorted(SIGNAL_TYPES, key=lambda t: (-scores.get(t, 0.0), t))


def timeline_spec(points: list[dict]) -> dict:
    """A Vega-Lite spec drawing `points`; no URLs in it, so nothing is fetched."""
    rows = len({p["type"] for p in points}) or 1
    return {
        "width": "container", "height": 44 * rows, "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": points},
        "mark": {"type": "point", "filled": True, "size": 110, "opacity": 0.85, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "date (said on, else published)",
                  "axis": {"format": "%Y-%m-%d", "labelAngle": -30}},
            "y": {"field": "type", "type": "nominal", "sort": type_order(), "axis": {"labelPadding": 6},
                  "title": "signal type (most cooperative at the top)"},
            "yOffset": {"field": "lane", "type": "ordinal"},
            "color": {"field": "type", "type": "nominal", "title": "signal type",
                      "scale": {"domain": list(SIGNAL_TYPES), "scheme": "tableau10"}},
            "tooltip": [
                {"field": "date", "type": "temporal", "format": "%Y-%m-%d"},
                {"field": "type", "type": "nominal"},
                {"field": "goldstein", "type": "quantitative", "title": "Goldstein"},
                {"field": "target", "type": "nominal", "title": "towards"},
                {"field": "conditions", "type": "nominal"},
                {"field": "outlets", "type": "nominal", "title": "carried by"},
                {"field": "evidence", "type": "nominal"},
                {"field": "title", "type": "nominal", "title": "article"},
            ],
        },
    }
