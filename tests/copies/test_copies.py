"""Copy detection alone: signatures and groups (no index)."""
from indexer.config import load_config
from indexer.copies import CopyFinder, CopyGroups, jaccard, signature

from wire import ALL, COPY_ONE, COPY_TWO, ORIGINAL, SAME_STORY, TRANSLATION

SETTINGS = load_config().copies


def _signature(record):
    return signature(f"{record['title']}\n\n{record['text']}", SETTINGS.num_perm, SETTINGS.shingle_words)


def test_edited_copies_are_alike_and_other_articles_are_not():
    original = _signature(ORIGINAL)
    assert jaccard(original, _signature(COPY_ONE)) >= SETTINGS.threshold
    assert jaccard(original, _signature(COPY_TWO)) >= SETTINGS.threshold
    assert jaccard(original, _signature(SAME_STORY)) < SETTINGS.threshold
    assert jaccard(original, _signature(TRANSLATION)) < 0.05


def test_groups_join_copies_of_one_language_only():
    finder = CopyFinder(SETTINGS.threshold, SETTINGS.num_perm)
    for record in ALL + [{**ORIGINAL, "id": "wire-as-if-danish", "lang": "da"}]:
        finder.add(record["id"], record["lang"], _signature(record))
    groups = finder.groups()
    assert groups.members == {"wire-copy-1": ["wire-copy-1", "wire-copy-2", "wire-original"]}
    assert groups.group("wire-original") == "wire-copy-1" and groups.size("wire-original") == 3
    assert groups.group("other-desk") == "other-desk" and groups.size("other-desk") == 1
    assert CopyGroups.from_json(groups.to_json()).members == groups.members


def test_an_article_without_words_has_no_signature_and_no_group():
    finder = CopyFinder(SETTINGS.threshold, SETTINGS.num_perm)
    assert signature("  ...  ", SETTINGS.num_perm, SETTINGS.shingle_words) is None
    finder.add("empty", "en", None)
    finder.add("also-empty", "en", None)
    assert not finder.groups()
