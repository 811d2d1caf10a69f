"""The geometry of the page's two inline SVG charts, computed here and drawn by the templates
(no script: the Content-Security-Policy allows none inline, and none is needed).

- ``date_chart``: one bar per period of the date facet (the articles without a date last,
  greyed), each bar a link narrowing the search to its period.
- ``timeline``: one mark per claim, date across (undated claims in a column of their own at the
  right), value up (a log scale when values span more than ``LOG_RATIO``), a vague quantity as a
  bar over its range; each source its colour and shape (``source_styles``), listed by ``legend``.
"""
from __future__ import annotations

import datetime as dt
import math

PALETTE = ("#1b6ca8", "#d1495b", "#2a9d8f", "#e9a03b", "#6a4c93", "#8d6e63", "#3d5a80", "#80b918",
           "#c05299", "#5c677d")
# Past ten sources colours repeat: each round of the palette takes the next shape, so the first
# forty sources each have a mark of their own (colour and shape), in the chart and its legend.
SHAPES = ("circle", "square", "triangle", "diamond")
NO_SOURCE_STYLE = {"colour": "#888888", "shape": "circle"}
LOG_RATIO = 10
MAX_BAR = 24            # px: a few periods do not make slabs
MAX_PERIODS = 200       # empty periods are drawn between the first and last only up to this many bars
SPREAD = 7              # px between the marks of different sources at one date (they would hide each other)
MAX_OFFSET = 14         # px: a mark stays this close to its date, and in its own half of the way to the next
MARK_R = 6
LEFT, TOP, BOTTOM, EDGE = 70, 10, 30, 10     # px: value labels, top margin, date labels, right margin
UNDATED_COLUMN = 30     # px from the right edge: the centre of the "no date" column
DATED_GAP = 110         # px from the right edge to the last date: its label and "no date" stay apart
DATE_LABEL_WIDTH = 70   # px: "2025-04-28" at 11 px, with room around it


def date_chart(values: list[dict], width: int = 260, height: int = 80) -> dict:
    """Bars for the date facet values (``value``, ``label``, ``count``, ``toggle_url``), the
    periods without articles between the first and the last drawn empty: a gap shows as one."""
    if not values:
        return {"width": width, "height": height, "bars": []}
    values = with_empty_periods(values)
    top = max(value["count"] for value in values) or 1
    step = min(MAX_BAR + 2, width / len(values))
    bars = []
    for i, value in enumerate(values):
        bar_height = max(1.0 if not value["count"] else 2.0, (height - 14) * value["count"] / top)
        bars.append({"x": round(i * step + 1, 1), "y": round(height - 12 - bar_height, 1),
                     "width": round(max(1.0, step - 2), 1), "height": round(bar_height, 1),
                     "url": value.get("toggle_url"), "undated": value.get("start") is None,
                     "empty": not value["count"], "selected": value.get("selected", False),
                     "title": f"{value['label']}: {value['count']} article{'' if value['count'] == 1 else 's'}"})
    return {"width": width, "height": height, "bars": bars, "first": values[0]["label"],
            "last": values[-1]["label"]}


def with_empty_periods(values: list[dict]) -> list[dict]:
    """The facet lists only the periods with articles; the chart needs the empty ones between."""
    dated = [value for value in values if value.get("start")]
    undated = [value for value in values if not value.get("start")]
    filled = []
    for value in dated:
        if filled:
            filled += _periods_between(filled[-1], value)
        filled.append(value)
        if len(filled) > MAX_PERIODS:
            return values           # a span too long to draw period by period: as counted
    return filled + undated


def _periods_between(before: dict, after: dict) -> list[dict]:
    """Zero-count periods, as long as ``before``'s, from the day after it to the day before ``after``."""
    first, last = _day(before["start"]), _day(before["end"])
    length = (last - first).days
    gap, until = [], _day(after["start"])
    start = last + dt.timedelta(days=1)
    while start < until and len(gap) <= MAX_PERIODS:
        end = _period_end(start, length)
        gap.append({"value": start.isoformat(), "label": f"{start.isoformat()} – {end.isoformat()}"
                    if end != start else start.isoformat(), "count": 0, "start": start.isoformat(),
                    "end": end.isoformat(), "toggle_url": None})
        start = end + dt.timedelta(days=1)
    return gap


def _period_end(start: dt.date, length: int) -> dt.date:
    """The last day of the period starting at ``start`` that is as long as one of ``length + 1``
    days: a day or a week as it is; a month or a year to the end of its calendar month or year."""
    if length < 7:
        return start + dt.timedelta(days=length)
    if length < 31:
        return (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start.replace(month=12, day=31)


def source_styles(sources: list[str]) -> dict[str, dict]:
    """Each source's colour and shape (the articles without a source: grey circles)."""
    named = [source for source in sources if source]
    styles = {source: {"colour": PALETTE[i % len(PALETTE)], "shape": SHAPES[i // len(PALETTE) % len(SHAPES)]}
              for i, source in enumerate(named)}
    return {source: styles.get(source, NO_SOURCE_STYLE) for source in sources}


def source_colours(sources: list[str]) -> dict[str, str]:
    return {source: style["colour"] for source, style in source_styles(sources).items()}


def legend(sources: list[str]) -> list[dict]:
    """The legend's entries: each source's mark, drawn as in the chart (in a 12 px square)."""
    styles = source_styles(sources)
    return [{"source": source, "colour": styles[source]["colour"],
             "glyph": glyph(styles[source]["shape"], 6, 6, 5)} for source in sources]


def glyph(shape: str, x: float, y: float, r: float) -> dict:
    """An SVG element for a mark of ``shape`` centred on (x, y): its tag and attributes."""
    if shape == "square":
        side = r * 1.6
        return {"tag": "rect", "attrs": {"x": round(x - side / 2, 1), "y": round(y - side / 2, 1),
                                         "width": round(side, 1), "height": round(side, 1)}}
    if shape in ("triangle", "diamond"):
        corners = ([(0, -r), (r, r * 0.8), (-r, r * 0.8)] if shape == "triangle"
                   else [(0, -r * 1.15), (r * 1.15, 0), (0, r * 1.15), (-r * 1.15, 0)])
        return {"tag": "polygon", "attrs": {"points": " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)}}
    return {"tag": "circle", "attrs": {"cx": round(x, 1), "cy": round(y, 1), "r": r}}


def timeline(groups: list[dict], sources: list[str], width: int = 640, height: int = 240) -> dict:
    """Marks for every claim of the claims result's ``groups``."""
    claims = [claim for group in groups for claim in group["claims"]]
    if not claims:
        return {"width": width, "height": height, "marks": [], "ticks": [], "dates": []}
    styles = source_styles(sources)
    has_undated = any(not claim["date"] for claim in claims)
    undated_x = width - UNDATED_COLUMN
    # the dates end well before the "no date" column, so that their labels and marks stay apart
    place = _date_scale(claims, LEFT + 2 * MARK_R + 10, width - (DATED_GAP if has_undated else 3 * UNDATED_COLUMN))
    scale = _value_scale(claims, TOP, height - BOTTOM)
    centre = {id(claim): place(claim["date"]) if claim["date"] else undated_x for claim in claims}
    offsets = _offsets(claims, centre, sources, (LEFT + MARK_R + 1, width - EDGE - MARK_R))
    marks = []
    for claim in claims:
        low, high = _bounds(claim)
        style = styles.get(claim["source"] or "", NO_SOURCE_STYLE)
        x, vague = offsets[id(claim)], claim["value"] is None
        y = scale(high) if not vague else (scale(high) + scale(low)) / 2
        marks.append({"x": round(x, 1), "y1": round(scale(high), 1), "y2": round(scale(low), 1), "vague": vague,
                      "colour": style["colour"], "glyph": glyph(style["shape"], x, y, 3.5 if vague else MARK_R),
                      "title": f"{claim['label']} · {claim['source'] or 'unknown source'} · {claim['date'] or 'no date'}"
                               f" · {claim['title']}", "url": claim.get("article_url")})
    return {"width": width, "height": height, "marks": marks, "left": LEFT, "plot_right": width - EDGE,
            "ticks": _ticks(claims, scale), "dates": _date_labels(claims, place),
            "undated_x": undated_x, "has_undated": has_undated}


def _offsets(claims: list[dict], centre: dict, sources: list[str], bounds: tuple[float, float]) -> dict:
    """Each claim's x: its date's, moved aside by its source's rank among the sources at that date
    (else marks of one value hide each other), at most halfway to the next date's column and
    ``MAX_OFFSET``, and never out of the plot."""
    at = {}
    for claim in claims:
        at.setdefault(centre[id(claim)], set()).add(claim["source"] or "")
    columns = sorted(at)
    shifted = {}
    for i, x in enumerate(columns):
        gaps = [abs(x - other) for other in columns[max(0, i - 1):i + 2] if other != x]
        room = max(0.0, min([MAX_OFFSET] + [gap / 2 - 1 for gap in gaps]))
        ranked = sorted(at[x], key=lambda source: sources.index(source) if source in sources else len(sources))
        step = min(SPREAD, 2 * room / (len(ranked) - 1)) if len(ranked) > 1 else 0
        for rank, source in enumerate(ranked):
            shifted[(x, source)] = min(bounds[1], max(bounds[0], x + (rank - (len(ranked) - 1) / 2) * step))
    return {id(claim): shifted[(centre[id(claim)], claim["source"] or "")] for claim in claims}


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
    """The first and the last date, the last left out when it would overlap the first."""
    dates = sorted({c["date"][:10] for c in claims if c["date"]})
    shown = dates[:1] + [date for date in dates[-1:] if place(date) - place(dates[0]) >= DATE_LABEL_WIDTH]
    return [{"x": round(place(date), 1), "label": date} for date in shown]


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(date[:10])
