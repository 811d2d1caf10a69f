"""The geometry of the page's two inline SVG charts, computed here and drawn by the templates
(no script: the Content-Security-Policy allows none inline, and none is needed).

- ``date_chart``: one bar per period of the date facet (the articles without a date last,
  greyed), each bar a link narrowing the search to its period.
- ``timeline``: one mark per claim, date across (undated claims in a column of their own at the
  right), value up (a log scale when values span more than ``LOG_RATIO``), a vague quantity as a
  bar over its range, coloured by source.
"""
from __future__ import annotations

import datetime as dt
import math

PALETTE = ("#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#8d6e63", "#3d5a80", "#80b918",
           "#c05299", "#5c677d")
NO_SOURCE_COLOUR = "#888888"
LOG_RATIO = 10
MAX_BAR = 24            # px: a few periods do not make slabs
SPREAD = 7              # px between the marks of different sources at one date (they would hide each other)


def date_chart(values: list[dict], width: int = 260, height: int = 80) -> dict:
    """Bars for the date facet values (``value``, ``label``, ``count``, ``toggle_url``)."""
    if not values:
        return {"width": width, "height": height, "bars": []}
    top = max(value["count"] for value in values)
    step = min(MAX_BAR + 2, width / len(values))
    bars = []
    for i, value in enumerate(values):
        bar_height = max(2.0, (height - 14) * value["count"] / top)
        bars.append({"x": round(i * step + 1, 1), "y": round(height - 12 - bar_height, 1),
                     "width": round(max(1.0, step - 2), 1), "height": round(bar_height, 1),
                     "url": value.get("toggle_url"), "undated": value.get("start") is None,
                     "selected": value.get("selected", False),
                     "title": f"{value['label']}: {value['count']} article{'' if value['count'] == 1 else 's'}"})
    return {"width": width, "height": height, "bars": bars, "first": values[0]["label"],
            "last": values[-1]["label"]}


def source_colours(sources: list[str]) -> dict[str, str]:
    return {source: (PALETTE[i % len(PALETTE)] if source else NO_SOURCE_COLOUR) for i, source in enumerate(sources)}


def timeline(groups: list[dict], sources: list[str], width: int = 640, height: int = 240) -> dict:
    """Marks for every claim of the claims result's ``groups``."""
    claims = [claim for group in groups for claim in group["claims"]]
    if not claims:
        return {"width": width, "height": height, "marks": [], "ticks": [], "dates": []}
    colours = source_colours(sources)
    left, right, top, bottom = 70, 60, 10, 30
    scale = _value_scale(claims, top, height - bottom)
    place = _date_scale(claims, left, width - right - 20)
    marks = []
    for claim in claims:
        low, high = _bounds(claim)
        x = place(claim["date"]) if claim["date"] else width - right / 2
        x += (sources.index(claim["source"] or "") - (len(sources) - 1) / 2) * SPREAD
        marks.append({"x": round(x, 1), "y1": round(scale(high), 1), "y2": round(scale(low), 1),
                      "vague": claim["value"] is None, "colour": colours.get(claim["source"] or "", NO_SOURCE_COLOUR),
                      "title": f"{claim['label']} · {claim['source'] or 'unknown source'} · {claim['date'] or 'no date'}"
                               f" · {claim['title']}", "url": claim.get("article_url")})
    return {"width": width, "height": height, "marks": marks, "left": left, "plot_right": width - right,
            "ticks": _ticks(claims, scale), "dates": _date_labels(claims, place),
            "undated_x": width - right / 2, "has_undated": any(not c["date"] for c in claims)}


def _bounds(claim: dict) -> tuple[float, float]:
    if claim["value"] is not None:
        return claim["value"], claim["value"]
    return claim["low"] or 1.0, claim["high"] or claim["low"] or 1.0


def _value_scale(claims: list[dict], top: float, bottom: float):
    values = [v for claim in claims for v in _bounds(claim) if v > 0] or [1.0]
    low, high = min(values), max(values)
    log = high / low > LOG_RATIO
    lo, hi = (math.log10(low), math.log10(high)) if log else (0.0, high)
    if hi <= lo:
        hi = lo + 1

    def scale(value: float) -> float:
        v = math.log10(max(value, 1e-9)) if log else value
        return bottom - (bottom - top) * (v - lo) / (hi - lo)
    return scale


def _date_scale(claims: list[dict], left: float, right: float):
    days = [_day(c["date"]) for c in claims if c["date"]]
    first, last = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    span = max(1, (last - first).days)

    def place(date: str) -> float:
        return left + (right - left) * ((_day(date) - first).days / span if last != first else 0.5)
    return place


def _ticks(claims: list[dict], scale) -> list[dict]:
    values = sorted({v for claim in claims for v in _bounds(claim)})
    shown, last_y = [], None
    for value in values:
        y = scale(value)
        if last_y is None or abs(last_y - y) >= 14:
            shown.append({"y": round(y, 1), "label": f"{value:,.0f}"})
            last_y = y
    return shown


def _date_labels(claims: list[dict], place) -> list[dict]:
    dates = sorted({c["date"][:10] for c in claims if c["date"]})
    return [{"x": round(place(date), 1), "label": date} for date in (dates[:1] + dates[-1:] if len(dates) > 1 else dates)]


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(date[:10])
