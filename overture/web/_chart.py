"""The Vega-Lite spec of an actor's position timeline: one point per dated signal.

x is the signal's date (said on, else published), y its Goldstein score (cooperative above
zero, hostile below), colour its type; the tooltip carries the evidence and the outlets.
Signals on the same day with the same score are fanned out a little (`lane`) so none hides
another; the tooltip still shows the true score.
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
        lane = lanes[(s["date"], score)] = lanes.get((s["date"], score), -1) + 1
        points.append({
            "date": s["date"], "type": s["type"], "goldstein": score, "lane": lane,
            "target": s["target"] or "", "conditions": ", ".join(s["conditions"]) or "none",
            "outlets": ", ".join(s["outlets"]) or "unknown outlet",
            "evidence": _short(s["evidence"]["text"]), "title": s["title"] or s["source"],
            "href": f"/articles/{s['article_id']}#ev-{s['evidence']['start']}-{s['evidence']['end']}",
        })
    return points


def timeline_spec(points: list[dict]) -> dict:
    """A Vega-Lite spec drawing `points`; no URLs in it, so nothing is fetched."""
    return {
        "width": "container", "height": 340,
        "data": {"values": points},
        "transform": [{"calculate": "datum.goldstein + 0.45 * datum.lane", "as": "y"}],
        "mark": {"type": "point", "filled": True, "size": 140, "opacity": 0.85, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "date (said on, else published)",
                  "axis": {"format": "%Y-%m-%d", "labelAngle": -30}},
            "y": {"field": "y", "type": "quantitative", "title": "Goldstein score (cooperation > 0 > conflict)",
                  "scale": {"domain": [-10, 12]}},
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
