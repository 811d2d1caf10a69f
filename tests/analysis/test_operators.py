"""``analysis.operators``: what a query wants and what it excludes, read once for every backend."""
import pytest

from indexer.analysis.operators import QueryParts, split_query


@pytest.mark.parametrize("query, wanted, excluded", [
    ("Putin NOT Kursk", "Putin", "Kursk"),
    ('Putin NOT "Kim Jong-un" troepen', "Putin troepen", '"Kim Jong-un"'),
    ("Putin -Kursk", "Putin -Kursk", ""),                          # a minus is no operator:
    ("Privatpersonen und -organisationen", "Privatpersonen und -organisationen", ""),   # half a word pair
    ("Putin AND Kursk OR Koersk", "Putin Kursk Koersk", ""),
    ("NOT Kursk", "", "Kursk"),
    ("Putin NOT", "Putin", ""),
    ('"Havet er vores": Bolivia', '"Havet er vores": Bolivia', ""),    # without an operator: as typed
    ("Not der Soldaten", "Not der Soldaten", ""),              # German "Not" (need) is a word
    ('"NOT Putin"', '"NOT Putin"', ""),                       # inside a phrase, NOT is a word of it
    ("", "", ""),
])
def test_a_query_is_split_into_what_it_wants_and_what_it_excludes(query, wanted, excluded):
    assert split_query(query) == QueryParts(wanted, excluded)
