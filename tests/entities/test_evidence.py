from indexer.entities.evidence import mark_weak_names
from indexer.records import Article, EntityMention


def mention(entity_id, text, kind="actor", start=0):
    return EntityMention(kind=kind, type="PER" if kind == "actor" else "LOC", id=entity_id, label=text, text=text,
                         start=start, end=start + len(text))


def facet_ids(article):
    return {m.id for m in article.actors + article.places if not m.derived}


def test_table_names_stay_and_minted_names_need_evidence():
    body = "Sa Singh. Militært samarbejde er vigtigt."
    one = Article("1", "", body, "da", actors=[mention("actor:nato", "NATO"), mention("actor:key:militaert", "Militært", start=body.index("Mil")),
                                             mention("actor:key:den-ukrainske", "Den ukrainske utenriksministeren"),
                                             mention("actor:key:ola-nordmann", "Ola Nordmann"),
                                             mention("actor:key:singh", "Singh", start=3), mention("actor:key:singh", "Singh", start=3)],
                  places=[mention("place:key:brotherhood", "Brotherhood", "place")])
    island = "Vi bor på Kvitsøy."
    two = Article("2", "", island, "nb", places=[mention("place:key:kvitsoy", "Kvitsøy", "place", start=10)])
    three = Article("3", "", island, "nl", places=[mention("place:key:kvitsoy", "Kvitsøy", "place", start=10)])
    mark_weak_names([one, two, three])
    assert facet_ids(one) == {"actor:nato", "actor:key:ola-nordmann", "actor:key:singh"}
    assert facet_ids(two) == facet_ids(three) == {"place:key:kvitsoy"}  # seen in two articles
    assert len(one.actors) == 6  # nothing is lost: the rest stays searchable
