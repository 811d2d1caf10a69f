"""BIO tags to spans: what a tagger's labels and a NER corpus's tags both mean."""
from __future__ import annotations


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first token, end token exclusive, type)`` from clean IOB2 tags."""
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, tag_type = tag.partition("-")
        if start is not None and not (prefix == "I" and tag_type == kind):
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, tag_type
    return spans
