"""The sources stage: one outlet per article, from metadata, domain or credit, and the agencies cited."""
import pytest

from indexer.config import load_config
from indexer.build.pipeline import Pipeline
from indexer.ingest.clean import clean_document
from indexer.ingest.files import read_file
from indexer.records import Article
from indexer.sources import attribute, registered_domain
from indexer.sources.credits import closing_lines
from indexer.sources.names import fold


def attributed(body: str, source=None, url=None, raw=None) -> Article:
    article = Article("x", "Kop", body, "nl", source=source, url=url)
    attribute(article, raw_text=raw)
    return article


@pytest.mark.parametrize("written, outlet", [
    ("NOS Nieuws", "NOS"), ("nos.nl", "NOS"), ("www.NOS.nl", "NOS"), ("DER SPIEGEL", "Der Spiegel"),
    ("  Omroep   West ", "Omroep West"),          # not in the table: kept as written, spaces collapsed
])
def test_a_source_field_is_normalised_to_one_name_per_outlet(written, outlet):
    assert attributed("Tekst.", source=written).source == outlet


def test_a_source_field_holding_an_address_names_the_site():
    assert attributed("Tekst.", source="https://www.nrk.no/urix/x-1.2").source == "NRK"
    assert attributed("Tekst.", source="https://nieuws.example-krant.nl/a").source == "example-krant.nl"


@pytest.mark.parametrize("title, headline, outlet", [
    ("Poetin dreigt met vergelding | NU.nl", "Poetin dreigt met vergelding", "NU.nl"),
    ("Oorlog in Oekraïne - NOS", "Oorlog in Oekraïne", "NOS"),
    ("Nordkorea sender soldater – www.dr.dk", "Nordkorea sender soldater", "DR"),
    ("Soldater til Rusland - www.example-avis.no", "Soldater til Rusland", "example-avis.no"),
    ("NATO bestätigt Präsenz | Krieg in der Ukraine", "NATO bestätigt Präsenz | Krieg in der Ukraine", None),
    ("Biden - Trump debate", "Biden - Trump debate", None),
    ("Kursk - de strijd gaat door - NOS", "Kursk - de strijd gaat door", "NOS"),
])
def test_an_outlet_closing_the_headline_is_the_source_and_leaves_it(title, headline, outlet):
    article = Article("x", title, "Tekst.", "nl")
    attribute(article)
    assert (article.title, article.source) == (headline, outlet)


def test_the_registered_domain_of_the_url_names_an_outlet_without_metadata():
    assert registered_domain("https://www.bbc.co.uk/news/world-1") == "bbc.co.uk"
    assert attributed("Tekst.", url="https://www.bbc.co.uk/news/world-1").source == "BBC News"
    assert attributed("Tekst.", url="https://nieuws.example-krant.co.uk/a/b").source == "example-krant.co.uk"
    assert attributed("Tekst.", url="not a url").source is None


def test_metadata_wins_over_the_domain_and_the_domain_over_a_credit():
    body = "BERLIN (dpa) - Tekst."
    assert attributed(body, source="Tagesschau", url="https://www.spiegel.de/x").source == "Tagesschau"
    assert attributed(body, url="https://www.spiegel.de/x").source == "Der Spiegel"
    assert attributed(body).source == "dpa"


def test_a_dateline_credit_names_every_agency_even_one_the_table_does_not_know():
    article = attributed("SEOUL/VLADIVOSTOK (ANP/RTR/AFP) - Noord-Korea heeft soldaten gestuurd.\nMeer tekst.")
    assert article.source == "ANP"
    assert article.agencies == ["ANP", "Reuters", "AFP"]
    unknown = attributed("KYIV (BNO/Ukrinform) - Tekst.")
    assert unknown.agencies == ["BNO", "Ukrinform"]


@pytest.mark.parametrize("body, agencies", [
    ("Berlin (dpa) - Die Bundesregierung hat entschieden.", ["dpa"]),
    ("Oslo (NTB): Regjeringen vil endre loven.", ["NTB"]),
    ("Moskva (NTB-AFP): Den russiske presidenten lovet svar.", ["NTB", "AFP"]),
    ("Seoul/Moskva (NTB-AFP-Reuters): Nord-Korea har sendt soldater.", ["NTB", "AFP", "Reuters"]),
])
def test_a_dateline_after_a_place_in_mixed_case_credits_known_agencies(body, agencies):
    article = attributed(body)
    assert article.agencies == agencies
    assert article.source == agencies[0]


def test_a_speaker_and_party_opening_a_paragraph_is_no_dateline():
    article = attributed("Geert Wilders (PVV): het kabinet moet weg.\nMark Rutte (VVD) - niet nu.")
    assert article.agencies == [] and article.source is None


def test_agencies_cited_in_running_text_and_after_an_agency_word():
    article = attributed("Volgens het Russische persbureau Tass en de Nachrichtenagentur Kyodo. Reuters meldt ook iets.")
    assert set(article.agencies) == {"TASS", "Kyodo", "Reuters"}
    assert article.source is None            # cited is not credited: the outlet stays unknown


def test_short_ambiguous_forms_count_only_inside_a_credit():
    assert attributed("Het AP-examen en de TT-race in Assen.").agencies == []
    assert attributed("Tekst.\n\n(AP)").agencies == ["AP"]
    assert attributed("Tekst over Kursk.\n\nKursk, Russland\n").agencies == []


def test_a_closing_credit_the_cleaner_dropped_is_read_from_the_raw_page():
    raw = "Kop\nTekst van het artikel, laatste zin.\n\nMed Post ledninger\n\nDele\nExit mobile version\n"
    assert closing_lines(raw, "Tekst van het artikel, laatste zin.") == "Med Post ledninger\nDele\nExit mobile version"
    article = attributed("Tekst van het artikel, laatste zin.", raw=raw)
    assert article.source == "New York Post" and article.agencies == []
    assert attributed("Tekst.", raw="Tekst.\nKilde: Ritzau\n").agencies == ["Ritzau"]


def test_fold_ignores_case_spacing_and_www():
    assert fold("www.NOS.nl") == fold("nos.nl") == "nosnl"
    assert fold("NOS  Nieuws") == "nosnieuws"


def test_html_metadata_gives_the_outlet(tmp_path):
    config = load_config()
    body = "<p>" + "Het leger meldt dat 3000 soldaten naar het front zijn gestuurd. " * 5 + "</p>"
    pages = {"og.html": '<meta property="og:site_name" content="NOS Nieuws">',
             "ld.html": '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
                        '"headline":"Kop","publisher":{"@type":"Organization","name":"De Telegraaf"}}</script>'}
    found = {}
    for name, head in pages.items():
        path = tmp_path / name
        path.write_text(f"<html><head><title>Kop</title>{head}</head><body><article><h1>Kop</h1>{body}"
                        "</article></body></html>", encoding="utf-8")
        document = next(read_file(path, config.ingest))
        found[name] = Pipeline(config).prepare(document).source
    assert found == {"og.html": "NOS", "ld.html": "De Telegraaf"}


@pytest.mark.parametrize("top, outlet", [("NRC\nNieuws\nBuitenland", "NRC"), ("TV 2", "TV 2"), ("VG", "VG"),
                                         ("Skip to content\nBBC\nHome", "BBC News"), ("Buitenland", None)])
def test_a_site_name_alone_above_the_headline_names_the_outlet(top, outlet):
    raw = f"{top}\nKop\nMoskva (Ritzau): Tekst van het artikel.\n"
    assert attributed("Moskva (Ritzau): Tekst van het artikel.", raw=raw).source == (outlet or "Ritzau")


def test_a_site_name_above_the_headline_comes_after_the_address_and_the_headline_suffix():
    raw = "NRC\nKop\nTekst.\n"
    assert attributed("Tekst.", url="https://www.nos.nl/x", raw=raw).source == "NOS"
    article = Article("x", "Kop | NU.nl", "Tekst.", "nl")
    attribute(article, raw_text="NRC\nKop | NU.nl\nTekst.\n")
    assert article.source == "NU.nl"
    assert attributed("Tekst. NRC", raw="Kop\nTekst. NRC\nNRC\n").source is None     # below the headline
    assert attributed("Tekst.", raw="Kop\nDER SPIEGEL\nHamburg (AFP) - Tekst.\n").source == "Der Spiegel"   # right under it
    assert attributed("Tekst.", raw="Kop\nTekst.\nNRC\n").source is None


@pytest.mark.parametrize("top, outlet", [
    ("Oberhessische Presse", "Oberhessische Presse"), ("Leidsch Dagblad", "Leidsch Dagblad"),
    ("The Shetland Times", "The Shetland Times"), ("Zum Inhalt springen\nMärkische Allgemeine", "Märkische Allgemeine"),
    ("Flensborg Avis\nErhverv", "Flensborg Avis"), ("Fyens Stiftstidende", "Fyens Stiftstidende"),
    ("Buitenland", None), ("Ukraine", None)])
def test_a_site_name_the_table_does_not_know_names_the_outlet_when_nothing_else_does(top, outlet):
    raw = f"{top}\nVolkswagen schließt drei Werke\nVolkswagen will drei Werke schließen, sagte sie.\n"
    article = Article("x", "Volkswagen schließt drei Werke", "Volkswagen will drei Werke schließen, sagte sie.", "de")
    attribute(article, raw_text=raw, site=clean_document(raw).site)      # the name the cleaner took off the top
    assert article.source == outlet
    credited = raw.replace("Volkswagen will", "Wolfsburg (dpa) - Volkswagen will")
    assert attributed(credited.splitlines()[-1], raw=credited).source == "dpa"       # a credit comes first


@pytest.mark.parametrize("top, headline, body, outlet, agencies", [
    ("DR Nyheder", "Finsk politi bordede tankskib", "Politiet har beslaglagt skibet.\nKilde: Ritzau", "DR", ["Ritzau"]),
    ("", "Tanker festgesetzt - WELT", "Helsinki (dpa) - Die Polizei hat den Tanker festgesetzt.", "Die Welt", ["dpa"]),
    ("Frankfurter Allgemeine", "Volkswagen schließt Werke", "Berlin (dpa) - VW will Werke schließen.",
     "Frankfurter Allgemeine", ["dpa"]),
])
def test_an_outlet_the_table_knows_comes_before_the_agency_it_credits(top, headline, body, outlet, agencies):
    """A known outlet's masthead above the headline, or its name after the headline, is the
    outlet; the agency the text credits is its agency, not the outlet."""
    article = Article("x", headline, body, "de")
    attribute(article, raw_text=f"{top}\n{headline}\n{body}\n")
    assert (article.source, article.agencies, article.title) == (outlet, agencies, headline.removesuffix(" - WELT"))


@pytest.mark.parametrize("body, agencies", [
    ("KYIV, Oct 24 (Reuters) - The first North Korean troops have arrived in Kursk.", ["Reuters"]),
    ("MOSCOW, October 24 (BNO) - The Kremlin declined to comment.", ["BNO"]),
    ("BERLIN, 24. Oktober 2024 (dpa) - Rheinmetall baut eine Munitionsfabrik in Litauen.", ["dpa"]),
    ("LONDON, October 24, 2024 (Reuters) - Shares fell.", ["Reuters"]),
    ("Oslo, 24.10.2024 (NTB): Regjeringen vil endre loven.", ["NTB"]),
])
def test_a_dateline_with_its_date_credits_the_agency(body, agencies):
    article = attributed(body)
    assert (article.source, article.agencies) == (agencies[0], agencies)


def test_a_photo_credit_after_the_article_is_no_agency_the_article_cites():
    raw = "Kop\nHij zei dat na een overleg in Brussel.\nMark Rutte in Brussel\nFoto: ANP\nBild: dpa\nKilde: Ritzau\n"
    article = attributed("Hij zei dat na een overleg in Brussel.", raw=raw)
    assert (article.agencies, article.source) == (["Ritzau"], "Ritzau")


def test_the_build_names_the_outlet_by_the_site_name_the_cleaner_took_off_the_top():
    from indexer.records import SourceDocument

    raw = "Het Parool\nGemeente schrapt drie buslijnen\nDe gemeente schrapt drie buslijnen, zei de wethouder.\n"
    article = Pipeline(load_config()).prepare(SourceDocument(doc_id="x", path="x.txt", text=raw))
    assert (article.title, article.source) == ("Gemeente schrapt drie buslijnen", "Het Parool")
