"""The layout of a Lucene index generation, shared by the writer and the reader."""
from __future__ import annotations

from indexer.analysis.prepared import PHRASE_SUFFIX  # noqa: F401 (part of the layout)
from indexer.facets import FACET_NAMES, facet_def
from indexer.store.lucene.jvm import java
from indexer.store.whoosh_backend import ANY_UNIT

INDEX_FOLDER = "lucene"              # the Lucene index inside the generation folder
DOCS_FILE = "lucene-docs.json"       # [[id, lang], ...] by document number
STORED = "doc"                       # one stored JSON field: what a hit shows
DATE = "date"                        # sorted doc values: browsing lists newest first (ties: id)
ENTITY_IDS = "entity_ids"            # the entity channel's ids, a whitespace field
NUMBER_POINTS = "numval"             # numbers as points; "numval:<unit>" per unit


def facets_config():
    config = java("org.apache.lucene.facet.FacetsConfig")()
    for name in FACET_NAMES:
        if facet_def(name).multi:
            config.setMultiValued(name, True)
    return config


FACETS_FIELD = "$facets"             # where FacetsConfig.build indexes each value's drill-down term
FACET_DELIM = "\u001f"               # FacetsConfig.DELIM_CHAR, between a facet and its value


def facet_term(facet: str, value: str) -> tuple[str, str]:
    """The (field, term) of the documents with ``value`` in ``facet``: the drill-down term that
    ``FacetsConfig.build`` indexes beside the counted doc values (a filter needs no field of its own)."""
    return FACETS_FIELD, f"{facet}{FACET_DELIM}{value}"


def number_field(unit: str) -> str:
    """The points field of a unit (``ANY_UNIT``: every number, whatever its unit)."""
    return NUMBER_POINTS if unit == ANY_UNIT else f"{NUMBER_POINTS}:{unit}"


def bytes_ref(text: str):
    return java("org.apache.lucene.util.BytesRef")(text.encode("utf-8"))


def directory(path):
    """The Lucene directory at ``path`` (memory-mapped)."""
    return java("org.apache.lucene.store.FSDirectory").open(java("java.io.File")(str(path)).toPath())
