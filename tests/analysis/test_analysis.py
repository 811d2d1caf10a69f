"""The analysis chains: tokenizer, stop words, folding, stemming, compounds, place names,
pickling, and a small Whoosh index searched across the language fields."""
from __future__ import annotations

import pickle

import pytest

from indexer import lang as lang_data
from indexer.analysis import compounds
from indexer.lang.folding import fold_for_search
from indexer.analysis.analyzers import LanguageAnalyzer, analyze, build_analyzer, default_settings
from indexer.config import AnalyzerSettings

LANGS = ("nl", "de", "da", "nb", "en")


def tokens_at(text, lang):
    """{position: [token texts]} of ``text`` through ``lang``'s chain."""
    found: dict[int, list[str]] = {}
    for t in build_analyzer(lang, default_settings(lang))(text, positions=True):
        found.setdefault(t.pos, []).append(t.text)
    return found


# -- tokenizer -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,lang,whole,parts", [
    ("Noord-Korea", "nl", "noord-korea", ["noord", "korea"]),
    ("Cho Tae-yong", "en", "tae-yong", ["tae", "yong"]),
    ("Kursk-regionen", "nb", "kursk-region", ["kursk", "region"]),
    ("COVID-19", "de", "covid-19", ["covid", "19"]),
])
def test_hyphenated_names_are_one_token_with_their_parts_at_the_same_position(text, lang, whole, parts):
    by_pos = tokens_at(f"{text} sagt", lang)
    [group] = [texts for texts in by_pos.values() if whole in texts]
    assert group[0] == whole
    for part in parts:
        assert part in group


@pytest.mark.parametrize("text,lang,expected", [
    ("12.000 soldater", "da", "12.000"),
    ("600 000 mennesker", "nb", "600 000"),
    ("600\u00a0000 mennesker", "nb", "600 000"),
    ("2,5 procent", "nl", "2,5"),
    ("1.234.567,89 Euro", "de", "1.234.567,89"),
])
def test_digit_groups_stay_one_token(text, lang, expected):
    by_pos = tokens_at(text, lang)
    assert expected in by_pos[0]


def test_grouped_numbers_meet_across_languages():
    assert "12000" in analyze("12.000", "de")
    assert "12000" in analyze("12,000", "en")
    assert "12000" in analyze("12 000", "nb")
    assert analyze("2,5", "nl") == ["2.5", "2,5"]     # a decimal is not a group: it is written with a point
    assert analyze("in 2019 100 Leute", "de")[:2] == ["2019", "100"]   # 4 digits do not start a group


@pytest.mark.parametrize("local, lang, english, both", [("14,3 mia.", "da", "14.3 billion", "14.3"),
                                                        ("2,1 meter", "nb", "2.1 metres", "2.1"),
                                                        ("1.234,5 Tonnen", "de", "1,234.5 tonnes", "1234.5"),
                                                        ("14,3 mia. euro", "da", "€14.3bn", "14.3"),
                                                        ("500 Milliarden", "de", "up to €500bn", "500"),
                                                        ("300 milliarder dollar", "nb", "$300bn", "300"),
                                                        ("55 miljoen euro", "nl", "£55M", "55")])
def test_decimal_numbers_meet_across_languages(local, lang, english, both):
    assert both in analyze(local, lang) and both in analyze(english, "en")


def test_positions_are_consecutive_after_stop_words_and_extra_tokens():
    by_pos = tokens_at("De troepen van Noord-Korea en de forsvarsminister", "nl")
    assert sorted(by_pos) == list(range(len(by_pos)))
    assert by_pos[0] == ["troep"]
    assert "korea" in by_pos[1]


def test_apostrophes_drop_the_possessive():
    assert analyze("Korea's leger", "nl")[0] == "korea"
    assert analyze("Korea\u2019s army", "en")[0] == "korea"


# -- stop words, folding, stemming -----------------------------------------------------------

@pytest.mark.parametrize("lang,text,stops", [
    ("nl", "de troepen van het leger", {"de", "van", "het"}),
    ("de", "die Soldaten und der Krieg", {"die", "und", "der"}),
    ("da", "det er soldaterne og hæren", {"det", "er", "og"}),
    ("nb", "det er soldatene og hæren", {"det", "er", "og"}),
    ("en", "the soldiers and the army", {"the", "and"}),
])
def test_stop_words_are_dropped(lang, text, stops):
    assert not stops & set(analyze(text, lang))
    assert len(analyze(text, lang)) == 2


def test_stop_words_come_from_data_files():
    for lang in LANGS:
        assert len(lang_data.stopwords(lang)) > 50
    assert "dass" in lang_data.stopwords("de")


def test_acronyms_in_capitals_are_not_stop_words():
    assert "is" in analyze("IS fighters", "en")
    assert "is" not in analyze("it is", "en")


@pytest.mark.parametrize("a,b,lang", [
    ("Oekraïne", "Oekraine", "nl"),
    ("Zürich", "Zurich", "de"),
    ("Bjørn", "Björn", "nb"),
    ("Århus", "Aarhus", "da"),
    ("Straße", "Strasse", "de"),
    ("Ålesund", "Aalesund", "nb"),
])
def test_folding_lets_spellings_meet(a, b, lang):
    assert analyze(a, lang) == analyze(b, lang)
    assert analyze(a, lang)[0].isascii()


def test_folding_maps():
    assert fold_for_search("oekraïne") == "oekraine"
    assert fold_for_search("sør") == "sor"
    assert fold_for_search("æble") == "aeble"
    assert fold_for_search("århus") == "aarhus"
    assert fold_for_search("straße") == "strasse"


def test_stem_then_fold():
    # The Danish stemmer needs "ø" to strip "-ene"; folding first would break it.
    assert analyze("bøgerne", "da") == analyze("bøger", "da")
    assert analyze("Häuser", "de") == analyze("Hauser", "de")


@pytest.mark.parametrize("lang,forms", [
    ("nl", ["troepen", "troep"]),
    ("de", ["Soldat", "Soldaten"]),
    ("da", ["regeringen", "regering"]),
    ("nb", ["regjeringen", "regjering"]),
    ("en", ["soldiers", "soldier"]),
])
def test_stemming_per_language(lang, forms):
    stems = {analyze(form, lang)[0] for form in forms}
    assert len(stems) == 1


def test_soldat_meets_soldaten_in_german():
    assert set(analyze("Soldat", "de")) <= set(analyze("Soldaten", "de"))


def test_troepen_meets_troepen_and_not_unrelated_words():
    query = set(analyze("troepen", "nl"))
    assert query <= set(analyze("De troepen trokken zich terug", "nl"))
    unrelated = "tropen Europa trouwen troost toerisme trein tropisch de troep is weg".split()
    unrelated.remove("troep")
    for word in unrelated:
        assert not query & set(analyze(word, "nl")), word


def test_stemmer_none_keeps_words():
    settings = AnalyzerSettings(stemmer="none", stopwords=False, fold_diacritics=False, split_compounds=False)
    assert analyze("De Troepen in Oekraïne", "nl", settings) == ["de", "troepen", "in", "oekraïne"]


# -- compounds and place names ---------------------------------------------------------------

KOREA_FORMS = [
    ("Nordkorea", "da"), ("Nordkorea", "de"), ("Nordkorea", "nb"),
    ("nordkoreanske", "da"), ("nordkoreanske", "nb"),
    ("Noord-Koreaanse", "nl"), ("Noordkoreaanse", "nl"),
    ("nordkoreanischen", "de"), ("Nordkoreas", "de"), ("südkoreanische", "de"), ("Südkorea", "de"),
    ("Sydkorea", "da"), ("sydkoreanske", "da"), ("Sør-Korea", "nb"), ("sørkoreanske", "nb"),
    ("Zuid-Korea", "nl"), ("Koreas", "da"), ("North Korean", "en"), ("Korea's", "nl"),
]


def test_korea_is_one_form_in_every_chain():
    assert {tuple(analyze("Korea", lang)) for lang in LANGS} == {("korea",)}


@pytest.mark.parametrize("text,lang", KOREA_FORMS)
def test_korea_meets_every_form_across_chains(text, lang):
    document = set(analyze(f"Tropper fra {text} ved grænsen", lang))
    for query_lang in LANGS:
        assert set(analyze("Korea", query_lang)) <= document, (query_lang, sorted(document))


@pytest.mark.parametrize("adjective,lang,place", [
    ("ukrainske", "nb", "ukraina"), ("ukrainischen", "de", "ukraine"), ("Oekraïense", "nl", "oekraine"),
    ("syriske", "da", "syrien"), ("Syrische", "nl", "syrie"), ("Berliner", "de", "berlin"),
    ("amerikanske", "da", "amerika"), ("russischen", "de", "russland"), ("Chinese", "en", "china"),
    ("japanske", "nb", "japan"), ("Oslos", "nb", "oslo"), ("europæiske", "da", "europa"),
])
def test_place_adjectives_meet_their_place(adjective, lang, place):
    assert place in analyze(adjective, lang)


@pytest.mark.parametrize("word,lang,parts", [
    ("forsvarsminister", "da", ["forsvar", "minist"]),
    ("udenrigsminister", "da", ["minist"]),
    ("statsminister", "nb", ["minist"]),
    ("barnehage", "nb", ["barn", "hag"]),
    ("Bundesregierung", "de", ["regier"]),
    ("Verteidigungsminister", "de", ["minist"]),
    ("Krankenhaus", "de", ["haus"]),
    ("regeringsleider", "nl", ["reger", "leider"]),
    ("gemeenteraad", "nl", ["gemeent", "rad"]),
    ("veiligheidsraad", "nl", ["veilig", "rad"]),
    ("Ostukraine", "de", ["ukraine"]),
])
def test_compounds_split_into_real_parts(word, lang, parts):
    found = analyze(word, lang)
    assert len(found) > 1
    for part in parts:
        assert part in found, (part, found)


def test_compound_parts_share_the_position_of_the_whole_word():
    by_pos = tokens_at("Der Verteidigungsminister sprach", "de")
    assert by_pos[0][0] == "verteidigungsminist"
    assert "minist" in by_pos[0]
    assert by_pos[1] == ["sprach"]


@pytest.mark.parametrize("word,lang", [
    (w, "de") for w in ["Regierung", "Wirtschaft", "Mannschaft", "Untersuchung", "Vereinbarung", "Unternehmen",
                        "allerdings", "Mitarbeiter", "Präsident", "Programm", "Bevölkerung", "Verhandlungen",
                        "Demokraten", "Soldaten"]
] + [
    (w, "nl") for w in ["verklaring", "belangrijke", "procent", "verkiezingen", "onderzoek", "ondertussen",
                        "werkelijk", "troepen", "voorzitter", "verleden", "verlangen", "president"]
] + [
    (w, "da") for w in ["regeringen", "virksomheden", "befolkningen", "politiet", "præsident", "demokrater",
                        "soldaterne"]
] + [
    (w, "nb") for w in ["regjeringen", "soldaten", "befolkningen", "flytende", "plassering", "demokrater",
                        "politiet", "president"]
])
def test_normal_words_are_not_split(word, lang):
    assert len(analyze(word, lang)) == 1, analyze(word, lang)


def test_short_words_are_never_split():
    for lang in ("de", "nl", "da", "nb"):
        assert compounds.split_compound(lang, "haustür"[:6]) == ()


def test_no_part_is_shorter_than_three_letters():
    for lang, word in [("de", "Weltgesundheitsorganisation"), ("nb", "stortingsvalget"), ("nl", "vluchtelingenkamp")]:
        parts = compounds.split_compound(lang, word.lower())
        assert parts and all(len(p) >= 3 for p in parts)


def test_english_does_not_split_compounds_by_default():
    assert analyze("newsroom", "en") == ["newsroom"]


# -- analyzers: pickling, caching, Whoosh ----------------------------------------------------

def test_analyzer_pickles_without_its_word_lists():
    analyzer = build_analyzer("de", default_settings("de"))
    analyzer("Nordkorea")                      # lexicons loaded
    blob = pickle.dumps(analyzer)
    assert len(blob) < 1000
    assert b"minister" not in blob
    restored = pickle.loads(blob)
    assert isinstance(restored, LanguageAnalyzer)
    assert restored == analyzer
    assert [t.text for t in restored("Nordkoreas Truppen")] == [t.text for t in analyzer("Nordkoreas Truppen")]


def test_whoosh_schema_pickles_small():
    from whoosh.fields import TEXT, Schema
    schema = Schema(**{f"body_{lang}": TEXT(analyzer=build_analyzer(lang, default_settings(lang)), phrase=True)
                       for lang in LANGS})
    blob = pickle.dumps(schema)
    assert len(blob) < 20_000
    assert pickle.loads(blob)["body_da"].analyzer == schema["body_da"].analyzer


def test_analyze_caches_per_language_and_settings():
    plain = AnalyzerSettings(stemmer="none", stopwords=False, fold_diacritics=False, split_compounds=False)
    assert analyze("Troepen", "nl") == ["troep"]
    assert analyze("Troepen", "nl", plain) == ["troepen"]
    assert analyze("Troepen", "nl") == ["troep"]


def test_unknown_language_falls_back_to_plain_processing():
    assert analyze("Les troupes", "fr", AnalyzerSettings(stemmer="none")) == ["les", "troupes"]


def test_search_across_language_fields(tmp_path):
    from whoosh import index, qparser
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.query import Phrase

    fields = {f"body_{lang}": TEXT(analyzer=build_analyzer(lang, default_settings(lang)), phrase=True)
              for lang in LANGS}
    ix = index.create_in(str(tmp_path), Schema(id=ID(stored=True), **fields))
    docs = {
        "da": ("da1", "Nordkoreanske soldater er sendt til Kursk-regionen."),
        "nb": ("nb1", "Sør-Korea sier at 12 000 soldater fra Nord-Korea er i Russland."),
        "de": ("de1", "Die nordkoreanischen Truppen kämpfen an der Seite Russlands."),
        "nl": ("nl1", "De Noord-Koreaanse troepen zijn in Koersk aangekomen."),
        "en": ("en1", "Officials said the troops came from the Korean peninsula."),
    }
    with ix.writer() as writer:
        for lang, (doc_id, text) in docs.items():
            writer.add_document(id=doc_id, **{f"body_{lang}": text})
        writer.add_document(id="other", body_nl="Het weer in Europa is vandaag mooi.")
    ix = index.open_dir(str(tmp_path))              # the schema comes back from its pickle
    parser = qparser.MultifieldParser(list(fields), ix.schema, group=qparser.OrGroup)
    with ix.searcher() as searcher:
        found = {hit["id"] for hit in searcher.search(parser.parse("Korea"), limit=None)}
        assert found == {"da1", "nb1", "de1", "nl1", "en1"}
        found = {hit["id"] for hit in searcher.search(parser.parse("troepen"), limit=None)}
        assert found == {"nl1"}
        # A phrase is built from one token per position (expand=False, the default when Whoosh's
        # parser tokenizes a phrase): extra tokens sit at the positions of their words in the
        # index, so the phrase of whole words matches.
        found = {hit["id"] for hit in searcher.search(parser.parse('"Noord-Koreaanse troepen"'), limit=None)}
        assert found == {"nl1"}
        found = {hit["id"] for hit in searcher.search(parser.parse('"troepen Noord-Koreaanse"'), limit=None)}
        assert found == set()
        analyzer = ix.schema["body_nl"].analyzer
        words = [t.text for t in analyzer("Noord-Koreaanse troepen", mode="query", expand=False)]
        assert words == ["noord-koreaan", "troep"]
        found = {hit["id"] for hit in searcher.search(Phrase("body_nl", words), limit=None)}
        assert found == {"nl1"}
        found = {hit["id"] for hit in searcher.search(Phrase("body_nl", ["korea", "troep"]), limit=None)}
        assert found == {"nl1"}
        found = {hit["id"] for hit in searcher.search(parser.parse("12.000"), limit=None)}
        assert found == {"nb1"}


def test_lexicon_script_reads_place_names():
    from indexer.train import lexicons as script

    assert script._single_names("North Korea") == ["korea"]
    assert set(script._single_names("Noord-Korea")) == {"noord-korea", "korea"}
    assert script._single_names("Man") == []
    assert script._single_names("USA") == ["usa"]


def test_shipped_word_lists_are_small_and_loaded():
    for lang in ("nl", "de", "da", "nb"):
        path = lang_data.DATA_DIR / "lexicon" / f"{lang}.txt"
        assert path.stat().st_size < 1_500_000
        assert len(lang_data.lexicon(lang)) > 20_000
    assert {"korea", "nordkorea", "noord-korea", "oekraïne", "berlin"} <= lang_data.places()
