"""Actors and places: one id per real-world entity, whatever the language or spelling."""
from __future__ import annotations

import re

import pytest

from indexer.config import load_config
from indexer.entities.extractor import EntityExtractor
from indexer.entities.gazetteer import cache_key, load_gazetteer
from indexer.entities.mentions import consistent_model_spans
from indexer.records import Article, EntityMention

from conftest import REPO
SEED_LANGS = {"000": "nl", "001": "nb", "002": "da", "003": "nl", "004": "de"}

KP, KR, RU, UA, US = "place:KP", "place:KR", "place:RU", "place:UA", "place:US"
KURSK, YAKUTIA = "place:RU-KRS", "place:RU-SA"
PUTIN, RUTTE, ZELENSKY = "actor:vladimir-putin", "actor:mark-rutte", "actor:volodymyr-zelensky"
NATO, UN, KREMLIN = "actor:nato", "actor:un", "actor:kremlin"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(load_config())


@pytest.fixture(scope="module")
def tables(gazetteer):
    """The extractor without a model: tables, rules and in-article resolution only."""
    return EntityExtractor(gazetteer, tagger=None)


@pytest.fixture(scope="module")
def full():
    """The configured extractor: with the NER models where they exist."""
    return EntityExtractor.from_config(load_config())


class FakeTagger:
    """A stand-in NER model: marks the given strings wherever they occur."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def has_model(self, lang):
        return True

    def spans_many(self, texts, lang):
        return [self._spans(text) for text in texts]

    def _spans(self, text):
        spans = []
        for name, etype in self.names.items():
            spans += [(m.start(), m.end(), etype) for m in re.finditer(re.escape(name), text)]
        return spans


def with_model(gazetteer, names):
    return EntityExtractor(gazetteer, tagger=FakeTagger(names))


def ids(mentions, kind=None):
    return {m.id for m in mentions if kind is None or m.kind == kind}


def seed_text(prefix: str) -> str:
    """A seed's body as the cleaner leaves it: no teaser block, no photo credits."""
    path = next((REPO / "corpus").glob(prefix + "_*.txt"))
    text = path.read_text(encoding="utf-8")
    if "Meer uit Buitenland" in text:
        text = text[: text.index("Meer uit Buitenland")]
    return "\n".join(line for line in text.splitlines() if not line.startswith("Foto:"))


# -- the seeds ---------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["tables", "full"])
def seeds(request, tables, full):
    extractor = tables if request.param == "tables" else full
    return {prefix: extractor.extract(seed_text(prefix), lang) for prefix, lang in SEED_LANGS.items()}


def test_seed_actors(seeds):
    assert {p for p, m in seeds.items() if PUTIN in ids(m)} == {"000", "001", "004"}
    assert {p for p, m in seeds.items() if RUTTE in ids(m)} == {"000", "001", "004"}
    assert {p for p, m in seeds.items() if NATO in ids(m)} == {"000", "001", "002", "004"}
    assert {p for p, m in seeds.items() if UN in ids(m)} >= {"000", "001", "002", "004"}
    assert {p for p, m in seeds.items() if KREMLIN in ids(m)} == {"000", "001", "003", "004"}
    assert {p for p, m in seeds.items() if ZELENSKY in ids(m)} == {"002", "003", "004"}
    assert "actor:alexander-lukashenko" in ids(seeds["000"])
    assert "actor:valery-gerasimov" in ids(seeds["002"])


def test_seed_places(seeds):
    for prefix, mentions in seeds.items():
        assert KP in ids(mentions, "place"), prefix
        assert RU in ids(mentions, "place"), prefix
        assert UA in ids(mentions, "place"), prefix
    assert {p for p, m in seeds.items() if KURSK in ids(m)} == {"001", "002", "004"}
    assert YAKUTIA in ids(seeds["000"])
    moscow = {m.id for m in seeds["001"] if m.text == "Moskva"}
    assert len(moscow) == 1 and moscow <= ids(seeds["003"])
    vladivostok = {m.id for m in seeds["000"] if m.text == "Vladivostok"}
    assert len(vladivostok) == 1 and vladivostok <= ids(seeds["003"])


def test_seed_surface_forms(seeds):
    surfaces = {(m.id, m.text) for mentions in seeds.values() for m in mentions}
    for expected in [(PUTIN, "Poetin"), (PUTIN, "Wladimir Putin"), (PUTIN, "Putins"), (NATO, "NAVO"),
                     (NATO, "NATOs"), (UN, "Verenigde Naties"), (UN, "FN"), (UN, "Vereinten Nationen"),
                     (KREMLIN, "Kreml"), (ZELENSKY, "Wolodymyr Selenskyj"), (ZELENSKY, "Volodymyr Zelensky"),
                     (YAKUTIA, "Jakoetië"), (KP, "Noord-Korea"), (KP, "Nordkoreas"), (RU, "Russlands"),
                     ("actor:valery-gerasimov", "Gerassimow"), ("actor:lloyd-austin", "Austin")]:
        assert expected in surfaces


def test_labels_are_english(seeds):
    labels = {m.id: m.label for mentions in seeds.values() for m in mentions}
    assert labels[KP] == "North Korea"
    assert labels[PUTIN] == "Vladimir Putin"
    assert labels[UN] == "United Nations"
    assert labels[KURSK] == "Kursk"


def test_demonyms_are_derived_not_facet_values(seeds):
    adjectives = [m for mentions in seeds.values() for m in mentions
                  if m.kind == "place" and re.search(r"(?i)koreaan|koreansk|koreanisch|russisk|russisch|ukrainsk",
                                                     m.text)]
    assert adjectives and all(m.derived for m in adjectives)
    assert {m.id for m in adjectives} >= {KP, RU}
    assert all(not m.derived for mentions in seeds.values() for m in mentions if m.kind == "actor")


def test_derived_place_adjectives(tables):
    found = {(m.text, m.id) for m in tables.extract("Noord-Koreaanse troepen en Russische soldaten.", "nl")
             if m.derived}
    assert found == {("Noord-Koreaanse", KP), ("Russische", RU)}
    found = {(m.text, m.id) for m in tables.extract("südkoreanische Regierung, ukrainischen Armee", "de")}
    assert found == {("südkoreanische", KR), ("ukrainischen", UA)}
    assert not tables.extract("Finish the job quickly.", "en")
    assert not tables.spans("Noord-Koreaanse troepen", "nl")


@pytest.mark.parametrize("text, lang", [("Loekasjenko, de president van Wit-Rusland, zei dat.", "nl"),
                                         ("Lukaschenko, der Präsident von Weißrussland, sagte das.", "de"),
                                         ("Lukasjenko, Hvideruslands præsident, sagde det.", "da"),
                                         ("Lukasjenko, presidenten i Hviterussland, sa det.", "nb")])
def test_belarus_by_its_old_names_is_not_russia(tables, text, lang):
    """Wit-Rusland holds "Rusland": the longer name wins, in articles and in queries."""
    assert {m.id for m in tables.extract(text, lang) if m.kind == "place"} == {"place:BY"}
    assert "place:RU" not in tables.link(text)


@pytest.mark.parametrize("text, lang, actor", [("De G7 en de G20 overleggen.", "nl", {"actor:g7", "actor:g20"}),
                                                ("Der IWF und die Weltbank warnen.", "de", {"actor:imf", "actor:world-bank"}),
                                                ("Røde Kors og WHO advarer.", "da", {"actor:red-cross", "actor:who"})])
def test_organisations_by_their_names_in_each_language(tables, text, lang, actor):
    """A curated code of one letter and digits ("G7") is a name too."""
    assert {m.id for m in tables.extract(text, lang) if m.kind == "actor"} == actor


SEA, ECB, DR_CONGO = ("place", "place:baltic-sea"), ("actor", "actor:ecb"), ("place", "place:CD")


@pytest.mark.parametrize("text, lang, entity", [
    ("Een kabel in de Oostzee is beschadigd.", "nl", SEA), ("Ein Kabel in der Ostsee wurde beschädigt.", "de", SEA),
    ("Et kabel i Østersøen er beskadiget.", "da", SEA), ("En kabel i Østersjøen er skadet.", "nb", SEA),
    ("A cable in the Baltic Sea was damaged.", "en", SEA),
    ("De ECB verlaagt de rente, zegt de Europese Centrale Bank.", "nl", ECB),
    ("Die EZB senkt den Leitzins, teilte die Europäische Zentralbank mit.", "de", ECB),
    ("ECB sænker renten, oplyser Den Europæiske Centralbank.", "da", ECB),
    ("ESB kutter renten, opplyser Den europeiske sentralbanken.", "nb", ECB),
    ("The ECB cut rates, the European Central Bank said.", "en", ECB),
    ("The outbreak began in the Democratic Republic of Congo.", "en", DR_CONGO),      # not Republic, Missouri
    ("Der Ausbruch begann in der Demokratischen Republik Kongo.", "de", DR_CONGO),
    ("De uitbraak begon in de Democratische Republiek Congo.", "nl", DR_CONGO)])
def test_seas_central_banks_and_long_country_names_are_one_entity_in_every_language(full, text, lang, entity):
    kind, entity_id = entity
    assert {m.id for m in full.extract(text, lang) if m.kind == kind} == {entity_id}


def test_a_bare_english_sea_adjective_is_no_place(tables):
    assert not [m for m in tables.extract("The Baltic states and The Atlantic magazine.", "en") if m.kind == "place"]


def test_joined_agency_credits_are_no_actors(full):
    mentions = full.extract("Moskva (NTB-AFP): Vladimir Putin lovet torsdag svar. Kilde: ANP/AFP", "nb")
    assert {m.id for m in mentions if m.kind == "actor"} == {PUTIN}


def test_two_word_english_demonyms_name_one_place(tables):
    """English writes "North Korean" in two words; "Korean" alone is no place, "African" another."""
    text = "About 3,000 North Korean troops, South African mediators and the Russian army met."
    found = {(m.text, m.id) for m in tables.extract(text, "en") if m.derived}
    assert found == {("North Korean", KP), ("South African", "place:ZA"), ("Russian", RU)}


def test_spans_point_into_the_text(seeds):
    for prefix, mentions in seeds.items():
        text = seed_text(prefix)
        for mention in mentions:
            assert text[mention.start:mention.end] == mention.text
            assert mention.kind == ("place" if mention.type == "LOC" else "actor")


# -- table matching rules ----------------------------------------------------------------
def test_word_edges_and_compounds(tables):
    mentions = tables.extract("De NAVO-chef sprak met Noord-Koreaanse soldaten in Oost-Rusland.", "nl")
    facets = [m for m in mentions if not m.derived]
    assert ids(facets) == {NATO, RU}
    assert [m.text for m in facets] == ["NAVO", "Rusland"]


def test_genitives(tables):
    text = "Putin's war. NATOs generalsekretær. Nordkoreas Führung. FNs sikkerhetsråd."
    found = {(m.id, m.text) for m in tables.extract(text, "nb")}
    assert (PUTIN, "Putin's") in found
    assert (NATO, "NATOs") in found
    assert (KP, "Nordkoreas") in found
    assert ("actor:un-security-council", "FNs sikkerhetsråd") in found
    assert (UN, "FNs sikkerhetsråd") in found           # the Security Council names the UN


def test_case_rules(tables):
    assert not tables.extract("we went to split the bill, said the man from nice", "en")
    assert not tables.extract("Let us go. It is good for us.", "en")
    assert ids(tables.extract("The US and the EU agreed.", "en")) == {US, "actor:eu"}
    assert not tables.extract("Er sagte, dass die Länder das Essen teilen.", "de")


def test_common_words_need_context(tables):
    assert not tables.extract("Man kann nicht alles haben.", "de")
    assert not tables.extract("Split decisions were made.", "en")


def test_shouting_and_datelines(tables):
    assert RU not in ids(tables.extract("BREAKING NEWS: RUSSIA INVADES AGAIN", "en"))
    assert "place:geonames:1835848" in ids(tables.extract("SEOUL (Reuters) - North Korea fired a missile.", "en"))


def test_junk_is_not_an_entity(gazetteer):
    extractor = with_model(gazetteer, {"Foto": "ORG", "Getty Images": "ORG", "AFP": "ORG", "X": "ORG"})
    assert not extractor.extract("Foto: Getty Images / AFP. Er schrieb auf X.", "de")


# -- model spans -------------------------------------------------------------------------
def test_model_names_are_linked_by_key(gazetteer):
    extractor = with_model(gazetteer, {"Valerij Gerasimow": "PER", "Zelenskyi": "PER", "Medvedjev": "PER"})
    found = {m.text: m.id for m in extractor.extract("Valerij Gerasimow en Zelenskyi spraken Medvedjev.", "nl")}
    assert found["Valerij Gerasimow"] == "actor:valery-gerasimov"
    assert found["Zelenskyi"] == ZELENSKY
    assert found["Medvedjev"] == "actor:dmitry-medvedev"


def test_unknown_names_get_minted_ids_and_surnames_resolve(gazetteer):
    text = ("Pentagon-talskvinne Sabrina Singh sa at Russland ... «Dette er alvorlig,» sa Singh. "
            "Singhs uttalelse kom mandag.")
    extractor = with_model(gazetteer, {"Pentagon-talskvinne Sabrina Singh": "PER"})
    mentions = extractor.extract(text, "nb")
    people = {m.text: (m.id, m.label) for m in mentions if m.type == "PER"}
    assert people["Sabrina Singh"] == ("actor:key:sabrina-singh", "Sabrina Singh")
    assert people["Singh"] == people["Sabrina Singh"]
    assert people["Singhs"] == people["Sabrina Singh"]
    assert "actor:pentagon" in ids(mentions)


def test_surname_beats_city_inside_an_article(tables):
    mentions = tables.extract("Lloyd Austin bezocht Seoul. Volgens Austin is het ernstig.", "nl")
    assert [m.id for m in mentions if m.text == "Austin"] == ["actor:lloyd-austin"]
    mentions = tables.extract("Kim Jong Un inspected troops. Kim said the drills would go on.", "en")
    assert [m.id for m in mentions if m.text == "Kim"] == ["actor:kim-jong-un"]


def test_a_short_name_the_model_took_alone_is_the_person_named_in_full(gazetteer):
    """The model tags "Kim" (or "Kims") as a name of its own, before or after "Kim Jong-un":
    it is still him, not a minted actor "Kim"."""
    extractor = with_model(gazetteer, {"Kim Jong-un": "PER", "Kims": "ORG", "Kim ": "PER"})
    text = "Putin og Kim signerte avtalen. Kims regime sender soldater. Kim Jong-un har sendt dem."
    assert ids(extractor.extract(text, "nb"), "actor") == {PUTIN, "actor:kim-jong-un"}


def test_a_curated_full_name_is_the_person_whatever_type_the_model_gives(gazetteer):
    """"Sergej Sjojgu" tagged ORG by the model is still Shoigu (it was minted an actor of its
    own); a single word keeps the model's type ("Washington" may be the city or the state)."""
    extractor = with_model(gazetteer, {"Sergej Sjojgu": "ORG"})
    mentions = extractor.extract("Sekretæren i sikkerhetsrådet, Sergej Sjojgu, har møtt Kim Jong-un.", "nb")
    assert "actor:sergei-shoigu" in ids(mentions)
    assert not any(m.id.startswith("actor:key:") for m in mentions)


def test_a_sentence_end_is_not_part_of_a_name(gazetteer):
    """A model's span "Koersk." at the end of a sentence loses its full stop; an
    abbreviation keeps its dot."""
    extractor = with_model(gazetteer, {"Koersk.": "LOC", "Jr.": "PER"})
    mentions = extractor.extract("De troepen gingen naar Koersk. Daarna niet meer.", "nl")
    assert [m.text for m in mentions if m.id == KURSK] == ["Koersk"]
    assert consistent_model_spans("Martin Luther King Jr.", [(0, 22, "PER")], "en") == [(0, 22, "PER")]


def test_korea_alone_is_the_peninsula(tables):
    for text, lang in (("Korea har været delt siden 1953.", "da"), ("Spenningen på Korea-halvøya øker.", "nb"),
                       ("Korea is sinds 1953 verdeeld.", "nl")):
        assert ids(tables.extract(text, lang)) == {"place:korean-peninsula"}, text


def test_inhabitants_in_the_plural_are_their_country_and_never_a_minted_place(gazetteer):
    """"Noord-Koreanen", "Nordkoreaner", "nordkoreanere": searchable as North Korea, as the
    adjectives are; the model's LOC tag on them minted a place "Nord-Koreanen"."""
    for word, lang, country in (("Noord-Koreanen", "nl", KP), ("Nordkoreaner", "de", KP),
                                ("nordkoreanere", "da", KP), ("Sydkoreanere", "nb", "place:KR"),
                                ("Nordkoreanern", "de", KP)):
        mentions = with_model(gazetteer, {word: "LOC"}).extract(f"Tusinder {word} i Kursk.", lang)
        assert [(m.id, m.derived) for m in mentions if m.text == word] == [(country, True)], word


def test_a_ministry_named_by_its_portfolio_alone_is_no_actor(gazetteer):
    extractor = with_model(gazetteer, {"Buitenlandse Zaken": "ORG"})
    assert ids(extractor.extract("Dat zei de minister van Buitenlandse Zaken.", "nl")) == set()


def test_a_town_that_says_something_is_the_person_with_that_last_name(tables):
    """English has no model: "Austin told reporters" was Austin, Texas."""
    for text, lang in (("Austin told reporters that the troops were in Kursk.", "en"),
                       ("Austin zei dat de troepen in Koersk waren.", "nl")):
        assert [m.id for m in tables.extract(text, lang) if m.text == "Austin"] == ["actor:lloyd-austin"], text
    assert [m.id for m in tables.extract("The conference in Austin ended.", "en")] == ["place:geonames:4671654"]
    assert ids(tables.extract("Berlin sagte, die Lage sei ernst.", "de")) == {"place:geonames:2950159"}


def test_model_wins_for_a_longer_name_of_another_kind(gazetteer):
    extractor = with_model(gazetteer, {"Michael Jordan": "PER", "The Kyiv Independent": "ORG"})
    mentions = extractor.extract("Michael Jordan read The Kyiv Independent.", "nl")
    assert ids(mentions) == {"actor:key:michael-iordan", "actor:key:the-kiv-independent"}


def test_adjectives_found_by_a_model_are_not_places(gazetteer):
    extractor = with_model(gazetteer, {"Noord-Koreaanse": "LOC"})
    mentions = extractor.extract("Er zijn Noord-Koreaanse troepen gezien.", "nl")
    assert [(m.id, m.derived) for m in mentions] == [(KP, True)]


def test_spans(tables):
    text = "De NAVO-chef Mark Rutte bezocht Kyiv."
    spans = tables.spans(text, "nl")
    assert (text.index("Mark"), text.index(" bezocht"), "PER") in spans
    assert (text.index("Kyiv"), text.index("."), "LOC") in spans
    assert all(text[s:e] != "NAVO" for s, e, _ in spans)          # part of the word NAVO-chef
    assert tables.spans_many([text, ""], "nl") == [spans, []]


def test_spans_keep_agencies_the_facets_leave_out(gazetteer):
    """A news agency is boilerplate to the facets but an organisation to NER scoring."""
    extractor = with_model(gazetteer, {"Reuters": "ORG", "A": "PER"})
    text = "Dat meldt persbureau Reuters . A ."
    assert all(m.text != "Reuters" for m in extractor.extract(text, "nl"))
    spans = extractor.spans(text, "nl")
    assert (text.index("Reuters"), text.index("Reuters") + 7, "ORG") in spans
    assert [text[s:e] for s, e, _ in spans] == ["Reuters"]          # "A" is too short


def test_spans_take_the_model_span_of_a_hyphenated_name(gazetteer):
    """Where a table name is only the first part of a hyphenated word the model tagged as a
    whole ("Brussel-Zuid"), the model's span is scored; "NAVO-chef" (no model span) is not."""
    extractor = with_model(gazetteer, {"Brussel-Zuid": "LOC"})
    text = "De trein naar Brussel-Zuid en de NAVO-chef."
    spans = extractor.spans(text, "nl")
    assert [text[s:e] for s, e, _ in spans] == ["Brussel-Zuid"]


def test_one_name_one_type_in_an_article():
    """The model's majority type wins for every mention of a name in the article; a person or
    organisation it tagged somewhere is found where it missed it, a place is not (the tables
    find places), nor a name inside a compound or in lowercase; a tie leaves each its own."""
    text = "Tectrade groeit.\nTectrade en Swissair.\nBij Tectrade en Gent.\nTectrade-topman, tectrade, Gent."
    at = [m.start() for m in re.finditer("Tectrade", text)]
    model = [(at[0], at[0] + 8, "ORG"), (at[1], at[1] + 8, "LOC"), (at[2], at[2] + 8, "ORG"),
             (text.index("Swissair"), text.index("Swissair") + 8, "ORG"), (text.index("Gent"), text.index("Gent") + 4, "LOC")]
    spans = consistent_model_spans(text, model, "nl")
    assert [(text[s:e], t) for s, e, t in spans] == [
        ("Tectrade", "ORG"), ("Tectrade", "ORG"), ("Swissair", "ORG"), ("Tectrade", "ORG"), ("Gent", "LOC")]
    missed = "Napster groeit. Later kocht Bertelsmann Napster."
    spans = consistent_model_spans(missed, [(0, 7, "ORG")], "nl")
    assert [missed[s:e] for s, e, _ in spans] == ["Napster", "Napster"]
    tie = [(0, 7, "ORG"), (missed.rindex("Napster"), len(missed) - 1, "PER")]
    assert consistent_model_spans(missed, tie, "nl") == tie
    assert consistent_model_spans(missed, [], "nl") == []
    assert consistent_model_spans(missed, [(0, 7, "ORG")], "de") == [(0, 7, "ORG")]     # German nouns: capitalised


def test_the_extractor_keeps_a_name_consistent_in_its_article(gazetteer):
    text = "Cofinimmo kocht.\nVolgens Cofinimmo gaat het goed."

    class OneSpan(FakeTagger):
        def _spans(self, text):
            return [(0, 9, "ORG")]

    mentions = EntityExtractor(gazetteer, tagger=OneSpan({})).extract(text, "nl")
    assert [(m.text, m.type, m.start) for m in mentions] == [("Cofinimmo", "ORG", 0), ("Cofinimmo", "ORG", 25)]
    assert len({m.id for m in mentions}) == 1


# -- link ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("Gerassimow", "actor:valery-gerasimov"),
    ("poetin", PUTIN),
    ("Wladiwostok", "place:geonames:2013348"),
    ("Noord-Korea", KP),
    ("noord-koreaanse troepen", KP),
    ("nordkoreanske soldater", KP),
    ("südkoreanische Regierung", KR),
    ("russische soldaten", RU),
    ("Ukrainian drones", UA),
    ("Zelenskyi", ZELENSKY),
    ("Jakutien", YAKUTIA),
    ("Kursk oblast", KURSK),
    ("FN sikkerhetsråd", UN),
])
def test_link(tables, query, expected):
    assert expected in tables.link(query)


def test_link_ignores_words(tables):
    assert tables.link("man split the bar") == []
    assert tables.link("let us see") == []
    assert tables.link("Kim") == []


def test_a_quoted_phrase_links_only_as_a_whole_name(tables):
    """A phrase asks for its words in that order: the names inside it are not matched alone."""
    assert tables.link('"Rutte zei" gisteren') == []
    assert tables.link('"Poetin"') == [PUTIN] and tables.link('"Wladimir Putin" Rutte') == [RUTTE, PUTIN]
    assert tables.link('"se" kræftceller') == [] and tables.link('"Noord-Koreaanse"') == []
    assert tables.link('"unbalanced Rutte') == [RUTTE]


# -- corpus-level merging -----------------------------------------------------------------
def _mention(entity_id, text, etype="PER"):
    return EntityMention(kind="actor" if etype != "LOC" else "place", type=etype, id=entity_id, label=text,
                         text=text, start=0, end=len(text))


def test_merge_variants(gazetteer):
    extractor = EntityExtractor(gazetteer)
    docs = {
        "nl1": [_mention("actor:key:oleksi-chernishov", "Oleksij Tsjernysjov")],
        "de1": [_mention("actor:key:oleksi-chernishov", "Olexij Tschernyschow")],
        "en1": [_mention("actor:key:oleksi-chernishov", "Oleksiy Chernyshov")],
        "en2": [_mention("actor:key:oleksi-chernishev", "Oleksiy Chernyshev")],
        "nl2": [_mention("actor:key:chernishov", "Tsjernysjov")],
        "da1": [_mention("actor:key:sabrina-singh", "Sabrina Singh"), _mention(NATO, "NATO", "ORG")],
    }
    extractor.merge_variants(docs, langs={"en1": "en", "en2": "en"})
    merged = {m.id for key in ("nl1", "de1", "en1", "en2", "nl2") for m in docs[key]}
    assert merged == {"actor:key:oleksi-chernishov"}
    assert {m.label for key in ("nl1", "de1", "en1", "nl2") for m in docs[key]} == {"Oleksiy Chernyshov"}
    assert [m.text for m in docs["nl1"]] == ["Oleksij Tsjernysjov"]           # surface forms stay
    assert {m.id for m in docs["da1"]} == {"actor:key:sabrina-singh", NATO}
    assert "actor:key:oleksi-chernishov" in extractor.link("Tschernyschow")
    fresh = EntityExtractor(gazetteer)  # as the search side: variants come with the index
    assert "actor:key:oleksi-chernishov" not in fresh.link("Tschernyschow")
    fresh.use_learned_variants(extractor.learned_variants())
    assert "actor:key:oleksi-chernishov" in fresh.link("Tschernyschow")


def test_a_query_names_a_minted_person_by_last_name_alone(gazetteer):
    """Only full names were seen ("Kyrylo Boedanov", "Kyrylo Budanow"); a query types "Budanov".
    A last name two people carry links to neither."""
    built = EntityExtractor(gazetteer)
    built.merge_variants({"nl": [_mention("actor:key:kirilo-budanov", "Kyrylo Boedanov")],
                          "de": [_mention("actor:key:kirilo-budanov", "Kyrylo Budanow")],
                          "da": [_mention("actor:key:anna-singh", "Anna Singh"),
                                 _mention("actor:key:sabrina-singh", "Sabrina Singh")]})
    searching = EntityExtractor(gazetteer)
    searching.use_learned_variants(built.learned_variants())
    for typed in ("Budanov", "Boedanov", "budanov"):
        assert searching.link(typed) == ["actor:key:kirilo-budanov"], typed
    assert searching.link("Singh") == []


def test_merge_variants_rewrites_articles(gazetteer):
    extractor = EntityExtractor(gazetteer)
    articles = [Article(doc_id=str(i), title="", body="", lang=lang, actors=[_mention(mid, text)])
                for i, (mid, text, lang) in enumerate([("actor:key:sergei-surovikin", "Sergej Soerovikin", "nl"),
                                                       ("actor:key:sergei-surovikin", "Sergei Surovikin", "en")])]
    extractor.merge_variants(articles)
    assert {m.label for article in articles for m in article.actors} == {"Sergei Surovikin"}


# -- configuration -------------------------------------------------------------------------
def test_from_config_without_ner(tmp_path):
    config = load_config()
    config.extract.use_ner = False
    extractor = EntityExtractor.from_config(config)
    assert extractor.tagger is None
    assert PUTIN in ids(extractor.extract("Poetin sprak.", "nl"))


def test_missing_models_are_tolerated(tmp_path, caplog):
    config = load_config()
    config.extract.ner_models_dir = str(tmp_path / "no-models")
    extractor = EntityExtractor.from_config(config)
    assert PUTIN in ids(extractor.extract("Wladimir Putin sprach.", "de"))


def test_cache_key_follows_the_curated_table(tmp_path):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("entities: []\n", encoding="utf-8")
    first = cache_key(aliases)
    aliases.write_text("entities: []\ncommon_words: [Man]\n", encoding="utf-8")
    assert cache_key(aliases) != first


def test_a_title_glued_before_a_name_is_no_part_of_it(gazetteer):
    """A model span that starts with a title or role ("Topman", "Borgmester", "Forsvarsminister",
    a compound ending in one) is the name without it; lower-case words after a name are cut."""
    spans = {"Topman Vincent Clerc": "PER", "Borgmester Jens Ejner Christensen": "PER",
             "Havnedirektør Dennis Jul Pedersen": "PER", "Rotterdam for": "LOC"}
    extractor = with_model(gazetteer, spans)
    text = ("Topman Vincent Clerc zei het. Borgmester Jens Ejner Christensen er bekymret. "
            "Havnedirektør Dennis Jul Pedersen svarede. Skibet sejlede fra Rotterdam for to dage siden.")
    found = {(m.text, m.label) for m in extractor.extract(text, "da")}
    assert {("Vincent Clerc", "Vincent Clerc"), ("Jens Ejner Christensen", "Jens Ejner Christensen"),
            ("Dennis Jul Pedersen", "Dennis Jul Pedersen"), ("Rotterdam", "Rotterdam")} <= found, found


def test_the_end_of_a_name_given_in_full_is_that_person(gazetteer):
    """"Barth Eide" after "Espen Barth Eide" is one person, as "Eide" alone is."""
    extractor = with_model(gazetteer, {"Espen Barth Eide": "PER", "Barth Eide": "PER", "Eide": "PER"})
    text = "Utenriksminister Espen Barth Eide sa torsdag at Norge støtter planen. Barth Eide la til mer. Eide smilte."
    assert {m.id for m in extractor.extract(text, "nb") if m.kind == "actor"} == {"actor:key:espen-barth-eide"}


def test_a_last_name_two_people_share_is_the_one_named_last_before_it(gazetteer):
    extractor = with_model(gazetteer, {"Lars Frederiksen": "PER", "Mette Frederiksen": "PER", "Frederiksen": "PER"})
    first_mette = "Mette Frederiksen besøgte Vejle. Lars Frederiksen viste rundt. Frederiksen forventer, at vandet falder."
    first_lars = "Lars Frederiksen viste rundt. Mette Frederiksen besøgte Vejle. Frederiksen lovede hjælp."
    for text, expected in ((first_mette, "actor:key:lars-frederiksen"), (first_lars, "actor:mette-frederiksen")):
        last = max((m for m in extractor.extract(text, "da") if m.text == "Frederiksen"), key=lambda m: m.start)
        assert (last.start, last.id) == (text.rindex("Frederiksen"), expected), text


def test_a_query_with_another_first_name_is_not_the_person_of_that_last_name(gazetteer):
    """The corpus minted Boris Johnson: "Mike Johnson" is someone else, "Johnson" and "President
    Johnson" may be him.  A listed person comes before a minted one for a last name alone."""
    extractor = EntityExtractor(gazetteer, tagger=None)
    extractor.use_learned_variants({"boris iohnson": ("actor:key:boris-iohnson", "Boris Johnson"),
                                    "iohnson": ("actor:key:boris-iohnson", "Boris Johnson"),
                                    "frederiksen": ("actor:key:lars-frederiksen", "Lars Frederiksen")})
    assert extractor.link("Mike Johnson") == []
    assert extractor.link("Johnson") == extractor.link("President Johnson") == ["actor:key:boris-iohnson"]
    assert extractor.link("Boris Johnson") == ["actor:key:boris-iohnson"]
    assert extractor.link("Frederiksen") == ["actor:mette-frederiksen"]


def test_a_country_adjective_the_model_took_into_a_place_name_is_left_out(gazetteer):
    extractor = with_model(gazetteer, {"Duitse Flensburg": "LOC", "Deense Sønderborg": "ORG"})
    mentions = extractor.extract("De storm trof de Duitse Flensburg en de Deense Sønderborg.", "nl")
    assert {m.label for m in mentions if m.kind == "place" and not m.derived} == {"Flensburg", "Sønderborg"}


def test_a_word_after_a_country_s_genitive_is_no_town_of_another_country(gazetteer):
    """ "Norges Bank", "Danske Bank": "Bank" is also a town in India (a weak name: a word too),
    which only its own country's adjective makes sure of."""
    extractor = with_model(gazetteer, {"Norges Bank": "ORG", "Danske Bank": "ORG"})
    mentions = extractor.extract("Norges Bank og Danske Bank holdt renten uendret.", "nb")
    assert [m.kind for m in mentions] == ["actor", "actor"]


def test_a_country_before_a_person_s_full_name_is_no_part_of_it(gazetteer):
    extractor = with_model(gazetteer, {"Englands Cole Palmer": "PER", "Cole Palmer": "PER"})
    ids = {m.id for m in extractor.extract("Før Englands Cole Palmer udlignede. Cole Palmer scorede.", "da")
           if m.kind == "actor"}
    assert ids == {"actor:key:kole-palmer"}


def test_a_filter_typed_as_a_name_finds_the_entity_of_that_kind(gazetteer):
    """The query linker reads "Sønderborg" as the actor a build minted (from "Deense Sønderborg")
    and skips three-letter words; a place or actor filter typed as a name takes the entity of its
    kind that the name is exactly."""
    extractor = EntityExtractor(gazetteer, tagger=None)
    extractor.use_learned_variants({"sonderborg": ("actor:key:sonderborg", "Sønderborg"),
                                    "dsv": ("actor:key:dsv", "DSV")})
    assert extractor.id_named("Sønderborg", "place") == extractor.id_named("sonderborg", "place") == "place:geonames:2613102"
    assert extractor.id_named("DSV", "actor") == "actor:key:dsv"
    assert extractor.id_named("DSV", "place") is None and extractor.id_named("Putin", "place") is None


def test_a_fuzzy_match_differs_only_in_vowels_or_an_ending(gazetteer):
    """"Valkenburg" scores 90 against Wałbrzych's German name "Waldenburg": another consonant is
    another name.  Spelling variants still meet ("Kalfornien", "Weißen Hauses")."""
    extractor = with_model(gazetteer, {"Valkenburg": "LOC", "Kalfornien": "LOC", "Weißen Hauses": "ORG"})
    found = {m.text: m.label for m in extractor.extract("In Valkenburg, Kalfornien und beim Weißen Hauses.", "de")}
    assert found["Valkenburg"] != "Wałbrzych" and found["Kalfornien"] == "California", found
    assert found["Weißen Hauses"] == "White House"


def test_a_name_ending_in_s_is_not_a_shorter_name_in_the_genitive(gazetteer):
    """"Hamas" in a headline the model reads as a place is Hamas, not Hama's (Ḩamāh, Syria)."""
    extractor = with_model(gazetteer, {"Hamas": "LOC"})
    assert [m.id for m in extractor.extract("Waffenruhe in Gaza: Hamas lässt weitere Geiseln frei", "de")
            if m.text == "Hamas"] == ["actor:hamas"]


def test_a_listed_persons_last_name_in_a_spelling_the_table_lacks_is_that_person(tables):
    """"Netanjahoe" (Dutch) is in no table, but its name key is Netanyahu's, as the query linker
    reads it; short keys meet other words ("Schools" is not Scholz)."""
    found = {(m.text, m.id) for m in tables.extract("Premier Netanjahoe zei dat de Schools dicht blijven.", "nl")}
    assert ("Netanjahoe", "actor:benjamin-netanyahu") in found
    assert not any(m_id == "actor:olaf-scholz" for _, m_id in found)


def test_a_name_minted_as_an_actor_here_and_a_place_there_is_one_entity_of_the_commoner_kind():
    """The models read an unknown name ("Maersk", "Donggala") as an organisation in some texts and
    a place in others: one facet value, of the kind most of its mentions have."""
    from indexer.entities.variants import merge_variants

    def mention(kind, etype):
        return EntityMention(kind=kind, type=etype, id=f"{kind}:key:maersk", label="Maersk", text="Maersk",
                             start=0, end=6)

    articles = [Article(doc_id=str(i), path=str(i), title="", body="Maersk ...", lang="da",
                        actors=[mention("actor", "ORG")] if i < 2 else [],
                        places=[] if i < 2 else [mention("place", "LOC")]) for i in range(3)]
    learned = merge_variants(articles, None, 90.0)
    assert [(len(a.actors), len(a.places)) for a in articles] == [(1, 0), (1, 0), (1, 0)]
    assert {(m.id, m.kind, m.type) for a in articles for m in a.actors} == {("actor:key:maersk", "actor", "ORG")}
    assert learned["maersk"][0] == "actor:key:maersk"
