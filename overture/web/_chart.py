"""The Vega-Lite specs of the actor page: the signal timeline and the position step chart.

Signal timeline: one point per dated signal.

x is the signal's date (said on, else published); y its type, one row per type ordered by the
type's Goldstein score (most cooperative at the top), so a move from offers to refusals reads
as a drop; colour is the type too. Signals of one type on the same day are spread across their
row (`lane`) so none hides another. The tooltip carries the evidence and the outlets.

Position step chart: one line per counterpart through the states refusing < conditional <
open, with unknown drawn apart below them; one step per row of `positions()`, drawn as a bar
from `since` to `until` (or to the last date the actor's steps know), with a clickable point
where it starts. Lines of different counterparts are nudged apart so none hides another.
"""
from __future__ import annotations

import datetime as dt
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


# y level of each position state; unknown sits apart, below the ordered three
STATE_LEVELS = {"open": 3.0, "conditional": 2.0, "refusing": 1.0, "unknown": -0.2}
STEP_EVIDENCE = 3  # evidence sentences in one step's tooltip; the table under the chart lists all


def _evidence_line(ev: dict) -> str:
    return f"“{_short(ev['text'])}” ({ev.get('outlet') or 'unknown outlet'}, {ev.get('date') or 'undated'})"


def position_points(steps: list[dict]) -> list[dict]:
    """The step chart's rows: one per position step (`positions()`), with where it ends on the
    chart, its y level and the link to its first evidence sentence."""
    if not steps:
        return []
    days = [dt.date.fromisoformat(d) for s in steps for d in (s["since"], s["until"], s["last_seen"]) if d]
    first, last = min(days), max(days)
    pad = dt.timedelta(days=max(7, (last - first).days // 40))  # an open step on the last day still shows
    counterparts = sorted({s["counterpart"] or "(anyone)" for s in steps}, key=str.casefold)
    nudge = {c: 0.07 * (i - (len(counterparts) - 1) / 2) for i, c in enumerate(counterparts)}
    points = []
    for s in steps:
        counterpart = s["counterpart"] or "(anyone)"
        since = dt.date.fromisoformat(s["since"])
        end = dt.date.fromisoformat(s["until"]) if s["until"] else max(last, since + pad)
        evidence = s["evidence"]
        first_ev = evidence[0] if evidence else None
        lines = [_evidence_line(ev) for ev in evidence[:STEP_EVIDENCE]]
        if len(evidence) > STEP_EVIDENCE:
            lines.append(f"… and {len(evidence) - STEP_EVIDENCE} more (listed under the chart)")
        points.append({
            "counterpart": counterpart, "state": s["state"], "level": STATE_LEVELS[s["state"]] + nudge[counterpart],
            "since": s["since"], "end": end.isoformat(), "until": s["until"] or "still holds",
            "conditions": ", ".join(s["conditions"]) or "none",
            "outlets": ", ".join(dict.fromkeys(ev.get("outlet") or "unknown outlet" for ev in evidence)) or "none",
            "evidence": "\n".join(lines) or "(no evidence stored)",
            "href": (f"/articles/{first_ev['article_id']}#ev-{first_ev['start']}-{first_ev['end']}"
                     if first_ev else None),
        })
    return points


def positions_spec(points: list[dict]) -> dict:
    """A Vega-Lite spec drawing `points` as step lines; no URLs in it, so nothing is fetched."""
    x = {"field": "since", "type": "temporal", "title": "date", "axis": {"format": "%Y-%m-%d", "labelAngle": -30}}
    y = {"field": "level", "type": "quantitative", "title": "position on talks",
         "scale": {"domain": [-0.6, 3.4], "nice": False, "zero": False},
         "axis": {"values": [-0.2, 1, 2, 3], "grid": True, "labelPadding": 6,
                  "labelExpr": "datum.value > 2.5 ? 'open' : datum.value > 1.5 ? 'conditional' : "
                               "datum.value > 0.5 ? 'refusing' : 'unknown'"}}
    color = {"field": "counterpart", "type": "nominal", "title": "towards", "scale": {"scheme": "category10"}}
    tooltip = [
        {"field": "counterpart", "type": "nominal", "title": "towards"},
        {"field": "state", "type": "nominal"},
        {"field": "since", "type": "temporal", "format": "%Y-%m-%d"},
        {"field": "until", "type": "nominal"},
        {"field": "conditions", "type": "nominal"},
        {"field": "outlets", "type": "nominal", "title": "reported by"},
        {"field": "evidence", "type": "nominal"},
    ]
    unknown = {"field": "state", "equal": "unknown"}
    return {
        "width": "container", "height": 260, "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": points},
        "encoding": {"x": x, "y": y, "color": color},
        "layer": [
            # the risers between steps: a step-after line per counterpart
            {"mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 1, "opacity": 0.5}},
            # each step, from since to its end: a flat bar (dashed while the state is unknown)
            {"mark": {"type": "rule", "strokeWidth": 4, "cursor": "pointer"},
             "encoding": {"x2": {"field": "end"}, "tooltip": tooltip,
                          "strokeDash": {"condition": {"test": {"field": "state", "equal": "unknown"},
                                                       "value": [4, 3]}, "value": [1, 0]}}},
            # where each step starts: the point to hover and click
            {"mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"},
             "encoding": {"tooltip": tooltip, "shape": {"condition": {"test": unknown, "value": "diamond"},
                                                        "value": "circle"}}},
        ],
    }
