"""The date facet's periods: the span of the results picks days, weeks, months or years."""
import datetime as dt

from indexer.facets import NO_DATE
from indexer.store.base import SearchRequest
from indexer.store.date_facet import date_facet, granularity, period_of


def test_a_short_span_is_counted_per_day_and_undated_articles_come_last():
    values = date_facet({"2024-10-24": 2, "2024-10-20": 1, NO_DATE: 4}, SearchRequest())
    assert [(v.value, v.count, v.start, v.end) for v in values] == [
        ("2024-10-20", 1, "2024-10-20", "2024-10-20"), ("2024-10-24", 2, "2024-10-24", "2024-10-24"),
        (NO_DATE, 4, None, None)]
    assert values[-1].label == "no date"


def test_longer_spans_group_into_weeks_months_and_years():
    first = dt.date(2024, 1, 1)
    assert granularity(first, first + dt.timedelta(days=62)) == "day"
    assert granularity(first, first + dt.timedelta(days=63)) == "week"
    assert granularity(first, first + dt.timedelta(days=800)) == "month"
    assert granularity(first, first + dt.timedelta(days=366 * 9)) == "year"
    assert period_of(dt.date(2024, 10, 24), "week") == (dt.date(2024, 10, 21), dt.date(2024, 10, 27))
    assert period_of(dt.date(2024, 2, 10), "month") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    values = date_facet({"2024-01-03": 1, "2024-01-20": 2, "2026-06-01": 1}, SearchRequest())
    assert [(v.value, v.count) for v in values] == [("2024-01", 3), ("2026-06", 1)]
    assert (values[0].start, values[0].end) == ("2024-01-01", "2024-01-31")


def test_the_current_period_is_marked_selected():
    request = SearchRequest(date_from="2024-10-21", date_to="2024-10-27")
    values = date_facet({"2024-10-24": 1, "2024-08-01": 1}, request)
    assert [v.selected for v in values] == [False, True]
