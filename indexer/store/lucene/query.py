"""Queries for the Lucene backend: the Whoosh query tree translated, and the filters.

The query parser is Whoosh's (``whoosh_backend.make_parser``), so a query is analysed by our
chains into the same tree for every backend; ``to_lucene`` mirrors the OpenSearch backend's
``to_dsl`` node for node.
"""
from __future__ import annotations

from whoosh import query as wq

from indexer.analysis.prepared import one_word
from indexer.facets import TERM_FACETS, facet_def
from indexer.store.base import SearchRequest
from indexer.store.lucene import schema
from indexer.store.lucene.jvm import java
from indexer.store.whoosh_backend import ANY_UNIT

NUMBER_TOP = 1e18             # the open end of a number range, as in the Whoosh backend


def occur(name: str):
    return getattr(java("org.apache.lucene.search.BooleanClause$Occur"), name)


def boolean(*clauses):
    """A BooleanQuery of (query, occur name) pairs."""
    builder = java("org.apache.lucene.search.BooleanQuery$Builder")()
    for query, how in clauses:
        builder.add(query, occur(how))
    return builder.build()


# Explicit signatures: pyjnius otherwise tries every overload on each call (a query builds dozens).
TERM = "(Ljava/lang/String;Ljava/lang/String;)V"
TERM_QUERY = "(Lorg/apache/lucene/index/Term;)V"
BOOST_QUERY = "(Lorg/apache/lucene/search/Query;F)V"


def lucene_term(field: str, text: str):
    return java("org.apache.lucene.index.Term")(field, text, signature=TERM)


def term(field: str, text: str):
    return java("org.apache.lucene.search.TermQuery")(lucene_term(field, text), signature=TERM_QUERY)


def boosted(query, boost: float):
    return query if boost == 1.0 else java("org.apache.lucene.search.BoostQuery")(query, float(boost),
                                                                                   signature=BOOST_QUERY)


def match_all():
    return java("org.apache.lucene.search.MatchAllDocsQuery")()


def match_none():
    return java("org.apache.lucene.search.MatchNoDocsQuery")()


def to_lucene(query):
    """The Lucene query of a parsed Whoosh query (the parser's node types; anything else is an error)."""
    boost = getattr(query, "boost", 1.0)
    if query is wq.NullQuery:
        return match_none()
    if isinstance(query, wq.Every):
        return match_all()
    if isinstance(query, wq.Term):
        return boosted(term(query.fieldname, one_word(str(query.text))), boost)
    if isinstance(query, wq.Phrase):
        return boosted(_phrase(query.fieldname, query.words, query.slop), boost)
    if isinstance(query, wq.DisjunctionMax):
        queries = java("java.util.ArrayList")()
        for sub in query.subqueries:
            queries.add(to_lucene(sub))
        return boosted(java("org.apache.lucene.search.DisjunctionMaxQuery")(queries, float(query.tiebreak)), boost)
    if isinstance(query, wq.And):
        return boosted(boolean(*((to_lucene(q), "MUST") for q in query.subqueries)), boost)
    if isinstance(query, wq.Or):
        return boosted(boolean(*((to_lucene(q), "SHOULD") for q in query.subqueries)), boost)
    if isinstance(query, wq.Not):      # matches every document without the term, scoring nothing
        return boolean((match_all(), "FILTER"), (to_lucene(query.query), "MUST_NOT"))
    if isinstance(query, wq.AndNot):
        return boosted(boolean((to_lucene(query.a), "MUST"), (to_lucene(query.b), "MUST_NOT")), boost)
    if isinstance(query, wq.AndMaybe):
        return boosted(boolean((to_lucene(query.a), "MUST"), (to_lucene(query.b), "SHOULD")), boost)
    if isinstance(query, wq.Require):
        return boosted(boolean((to_lucene(query.a), "MUST"), (to_lucene(query.b), "FILTER")), boost)
    raise ValueError(f"no Lucene translation for the query part {query!r}")


def _phrase(field: str, words: list[str], slop: int):
    """On the phrase twin.  Whoosh's slop counts positions (1: adjacent), Lucene's the moves
    between them (0: adjacent); both in order."""
    twin = field + schema.PHRASE_SUFFIX
    if len(words) == 1:
        return term(twin, one_word(words[0]))
    span_term = java("org.apache.lucene.queries.spans.SpanTermQuery")
    clauses = [span_term(lucene_term(twin, one_word(word))) for word in words]
    return java("org.apache.lucene.queries.spans.SpanNearQuery")(clauses, max(slop - 1, 0), True)


def ids_query(doc_ids: list[str]):
    """The articles ``doc_ids`` (built by our helper in one call; ids hold no NUL character)."""
    from jnius import cast

    query = java("news.lucene.Bulk").termsQuery("id", "\0".join(doc_ids))
    return cast("org.apache.lucene.search.Query", query)


def filter_clauses(request: SearchRequest) -> list:
    """The request's filters as Lucene queries (each one must match)."""
    clauses = []
    for name in TERM_FACETS:        # several values: all of them (AND) or, one value per article, any (OR)
        terms = [term(*schema.facet_term(name, value)) for value in request.filters_for(name)]
        clauses += terms if facet_def(name).multi else [boolean(*((t, "SHOULD") for t in terms))] if terms else []
    clauses += [_number_filter(value) for value in request.numbers]
    if request.number_unit:         # every number facet key of the unit, exact ("soldiers:3000") or vague
        clauses.append(java("org.apache.lucene.search.PrefixQuery")(
            lucene_term(*schema.facet_term("number", f"{request.number_unit}:"))))
    if request.date_from or request.date_to:      # NO_DATE sorts after every digit: never in range
        field, low = schema.facet_term("date", request.date_from or "0000-00-00")
        clauses.append(java("org.apache.lucene.search.TermRangeQuery").newStringRange(
            field, low, schema.facet_term("date", request.date_to or "9999-99-99")[1], True, True))
    if request.doc_ids is not None:     # the dense channel's candidates (ranking, not a user filter)
        clauses.append(ids_query(request.doc_ids) if request.doc_ids else match_none())
    if request.num_min is not None or request.num_max is not None:
        unit = request.num_unit if request.num_unit is not None else ANY_UNIT
        low = request.num_min if request.num_min is not None else 0.0
        high = request.num_max if request.num_max is not None else NUMBER_TOP
        clauses.append(java("org.apache.lucene.document.DoublePoint").newRangeQuery(
            schema.number_field(unit), float(low), float(high)))
    return clauses


def _number_filter(value: str):
    """``unit:value`` is a facet value; a bare number matches that value in any unit."""
    if ":" in value:
        return term(*schema.facet_term("number", value))
    return java("org.apache.lucene.document.DoublePoint").newExactQuery(schema.NUMBER_POINTS, float(value))


def filtered(ranking, filters: list):
    """``ranking`` scored, ``filters`` required (not scored)."""
    if not filters:
        return ranking
    return boolean((ranking, "MUST"), *((clause, "FILTER") for clause in filters))
