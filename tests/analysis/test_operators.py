"""``analysis.operators``: what a query wants and what it excludes, read once for every backend."""
import pytest

from indexer.analysis.operators import QueryParts, split_query


@pytest.mark.parametrize("query, wanted, excluded", [
    ("Putin NOT Kursk", "Putin", "Kursk"),
    ("Putin -Kursk", "Putin", "Kursk"),
    ('Putin NOT "Kim Jong-un" troepen', "Putin troepen", '"Kim Jong-un"'),
    ('Putin -"Kim Jong-un"', "Putin", '"Kim Jong-un"'),
    ("Putin AND Kursk OR Koersk", "Putin Kursk Koersk", ""),
    ("NOT Kursk", "", "Kursk"),
    ("Putin NOT", "Putin", ""),
    ("Nord-Korea -5 Grad", "Nord-Korea -5 Grad", ""),          # a negative number, a hyphen inside a word
    ("Not der Soldaten", "Not der Soldaten", ""),              # German "Not" (need) is a word
    ('"NOT Putin"', '"NOT Putin"', ""),                       # inside a phrase, NOT is a word of it
    ("", "", ""),
])
def test_a_query_is_split_into_what_it_wants_and_what_it_excludes(query, wanted, excluded):
    assert split_query(query) == QueryParts(wanted, excluded)
