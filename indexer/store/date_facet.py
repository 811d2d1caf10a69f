"""The date facet: articles per day, week or month, the period chosen by the span of the results.

Every backend counts matching articles per day (``YYYY-MM-DD``; ``NO_DATE`` for an article without
a date); this module groups those days into the periods shown, so the chart looks the same on every
backend: days when the results span up to ``DAY_SPAN`` days, ISO weeks up to ``WEEK_SPAN``, months
up to ``MONTH_SPAN``, else years (at most about a hundred bars).  Each period knows its first and last day, which become ``date_from`` / ``date_to``.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from indexer.facets import NO_DATE
from indexer.store.base import FacetValue, SearchRequest

DAY_SPAN = 62
WEEK_SPAN = 366 * 2
MONTH_SPAN = 366 * 8
NO_DATE_LABEL = "no date"


def date_facet(day_counts: dict[str, int], request: SearchRequest) -> list[FacetValue]:
    """The periods with articles, oldest first, then the articles without a date."""
    days = {_day(value): count for value, count in day_counts.items() if value and value != NO_DATE}
    days = {day: count for day, count in days.items() if day is not None}
    periods: Counter = Counter()
    unit = granularity(min(days), max(days)) if days else "day"
    for day, count in days.items():
        periods[period_of(day, unit)] += count
    values = [_value(start, end, unit, count, request) for (start, end), count in sorted(periods.items())]
    undated = day_counts.get(NO_DATE, 0)
    if undated:
        values.append(FacetValue(value=NO_DATE, label=NO_DATE_LABEL, count=undated))
    return values


def granularity(first: dt.date, last: dt.date) -> str:
    span = (last - first).days
    return "day" if span <= DAY_SPAN else "week" if span <= WEEK_SPAN else "month" if span <= MONTH_SPAN else "year"


def period_of(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the day, ISO week, month or year ``day`` falls in."""
    if unit == "day":
        return day, day
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if unit == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def _value(start: dt.date, end: dt.date, unit: str, count: int, request: SearchRequest) -> FacetValue:
    label = {"day": start.isoformat(), "week": f"week of {start.isoformat()}",
             "month": start.strftime("%Y-%m"), "year": str(start.year)}[unit]
    selected = request.date_from == start.isoformat() and request.date_to == end.isoformat()
    return FacetValue(value=start.isoformat() if unit in ("day", "week") else label, label=label,
                      count=count, selected=selected, start=start.isoformat(), end=end.isoformat())


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
