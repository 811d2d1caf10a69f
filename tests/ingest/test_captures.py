"""Select-all captures of real news pages: what the cleaner makes of the page around the article.

Short made-up texts, each showing one thing such captures do (a teaser list in the middle of the
article, a live ticker's updates, a site's menu above the headline, a date line in a site's own
form).  The long captures they were drawn from are not in the repository.
"""
from __future__ import annotations

import pytest

from indexer.ingest.clean import clean_document
from indexer.ingest.lines import split_lines


def paragraphs(text: str) -> list[str]:
    body = clean_document(text).body
    return body.split("\n\n") if body else []


def test_a_teaser_list_in_the_middle_ends_at_the_next_paragraph():
    text = """\
Nordkoreanische Soldaten in Kursk eingetroffen
Erstmals hat das US-Verteidigungsministerium bestätigt, dass nordkoreanische Soldaten in Russland sind. \
Einige seien bereits in der Grenzregion Kursk.
Das Pentagon geht davon aus, dass rund 3.000 nordkoreanische Soldaten im Osten Russlands ausgebildet werden. \
"Wir haben Beweise dafür gesehen", sagte Verteidigungsminister Lloyd Austin in Rom.
Mehr zum Thema
Was will Kim Jong Un von Putin?
Südkorea erwägt Waffenlieferungen an die Ukraine
Kritik aus Seoul
Südkoreas Präsident Yoon Suk Yeol bezeichnete die Entsendung als Bedrohung für die internationale \
Sicherheit. Seine Regierung bestellte den Botschafter ein.
Der Kreml wies die Berichte zurück. Präsident Wladimir Putin sagte, es sei Sache Moskaus und Pjöngjangs.
"""
    kept = paragraphs(text)
    assert not any(gone in kept for gone in ["Mehr zum Thema", "Was will Kim Jong Un von Putin?",
                                             "Südkorea erwägt Waffenlieferungen an die Ukraine"])
    assert kept[2:] == ["Kritik aus Seoul",          # the subheading of the paragraph after the list
                        *text.splitlines()[7:9]]


def test_short_quoted_paragraphs_after_a_teaser_list_stay_and_its_headlines_go():
    text = """\
Nordkoreanske soldater er nået frem til Kursk
Nordkoreanske soldater er ankommet til den russiske region Kursk, hvor ukrainske styrker har kontrolleret \
et område siden august.
Læs også
Nordkorea sender tusindvis af soldater til Rusland
Rutte: Alvorlig optrapning af krigen
Forsvarsminister Troels Lund Poulsen (S) kalder udviklingen "dybt bekymrende".
- Det viser, at Putin er presset, siger han.
Related
Who is Kim Jong Un?
Copyright 2024 BBC. All rights reserved. The BBC is not responsible for the content of external sites.
"""
    kept = paragraphs(text)
    assert kept[1:] == ['Forsvarsminister Troels Lund Poulsen (S) kalder udviklingen "dybt bekymrende".',
                        "- Det viser, at Putin er presset, siger han."]


def test_ticker_updates_that_differ_only_in_their_numbers_are_not_duplicates():
    text = """\
Liveblog: Kämpfe in Kursk
Die ukrainische Armee meldet erste Gefechte mit nordkoreanischen Soldaten in der Region Kursk.
Update 14 Uhr: Nach ukrainischen Angaben wurden bisher 200 nordkoreanische Soldaten getötet.
Der Kreml äußert sich nicht zu den Berichten.
Update 18 Uhr: Nach ukrainischen Angaben wurden bisher 500 nordkoreanische Soldaten getötet.
Der Kreml äußert sich nicht zu den Berichten.
"""
    kept = paragraphs(text)
    assert kept == text.splitlines()[1:5]          # the repeated sentence goes, the new count stays


@pytest.mark.parametrize("stamp", ["vandaag, 14:32", "gisteren 09:15", "i går kl. 10.02", "heute, 14:32 Uhr",
                                   "vor 2 Stunden"])
def test_a_lowercase_time_stamp_under_the_headline_is_not_joined_to_it(stamp):
    headline = "Zuid-Korea overweegt wapenleveringen aan Oekraïne na inzet Noord-Koreaanse troepen"
    assert split_lines(f"{headline}\n{stamp}\nTekst.") == [headline, stamp, "Tekst."]
    assert clean_document(f"{headline}\n{stamp}\nZuid-Korea overweegt om wapens te leveren.").title == headline


def test_a_hard_wrapped_line_starting_in_lowercase_is_still_joined():
    text = "Het kabinet trekt de komende vijf jaar extra geld uit voor\nde dijken, om 14:30 uur bekendgemaakt."
    assert split_lines(text) == [text.replace("\n", " ")]


@pytest.mark.parametrize("top", [
    "Zum Inhalt springen", "Skip to content\nBBC\nHome\nNews\nSport", "Skip to main content",
    "Wij gebruiken cookies\nWij en onze partners gebruiken cookies om je een betere ervaring te geven.\n"
    "Accepteren\nInstellingen",
    "Buitenland", "NRC\nNieuws\nBuitenland", "DR\nNyheder\nUdland", "TV 2", "VG", "Aftenposten",
    "Politiken\nTorsdag 24. oktober 2024\nDebat\nKultur",
])
def test_the_headline_is_below_the_menu_skip_links_and_site_name_of_a_select_all_capture(top):
    text = (f"{top}\nNoord-Koreaanse soldaten in Rusland: een proefballon van Kim\n"
            "De inzet van Noord-Koreaanse troepen in de oorlog in Oekraïne is een test, zeggen experts.\n")
    cleaned = clean_document(text)
    assert cleaned.title == "Noord-Koreaanse soldaten in Rusland: een proefballon van Kim"
    assert cleaned.body == text.splitlines()[-1]
    assert [line for line, _ in cleaned.dropped] == top.split("\n")      # each with its reason


def test_a_one_word_headline_above_its_paragraph_stays_the_headline():
    assert clean_document("Kort\n\nDe tekst.").title == "Kort"
    assert clean_document("NOS\n").title == "NOS"               # nothing else to be the headline


def test_the_date_line_below_a_long_menu_is_found():
    menu = ["Zum Inhalt springen", "DER SPIEGEL", "Menü", "Startseite", "Ausland", "Politik", "Wirtschaft",
            "Panorama", "Sport", "Wissenschaft", "Kultur"]
    article = ["Was Kims Soldaten an der Front ausrichten können",
               "Tausende Soldaten aus Nordkorea sollen bald in der Ukraine kämpfen. Militärexperten sind skeptisch.",
               "Von Anna Schmidt, Berlin", "24.10.2024, 08.15 Uhr",
               "Nordkoreas Armee ist eine der größten der Welt, doch Kampferfahrung hat sie kaum."]
    cleaned = clean_document("\n".join(menu + article))
    assert (cleaned.title, cleaned.date) == (article[0], "2024-10-24T08:15")


def test_a_published_line_below_a_menu_of_short_links_is_found():
    menu = ["Skip to main content", "Skip to navigation", "Print subscriptions", "Sign in", "Search jobs", "Search",
            "Europe edition", "News", "Opinion", "Sport", "Culture", "Lifestyle", "World", "Europe", "US news",
            "Americas", "North Korea"]
    article = ["North Korean troops 'within days' of front line, says Seoul",
               "South Korea's spy agency says soldiers have been issued Russian uniforms",
               "Justin McCurry in Seoul", "Published on Wed 23 Oct 2024 06.40 BST",
               "South Korea's intelligence service says North Korean troops could be deployed within days."]
    assert clean_document("\n".join(menu + article)).date == "2024-10-23"


@pytest.mark.parametrize("site", ["Frankfurter Allgemeine", "Het Parool", "Dagens Næringsliv", "The Times",
                                  "Süddeutsche Zeitung", "De Standaard", "Jyllands-Posten", "Børsen", "Handelsblatt"])
def test_a_site_name_the_outlets_table_does_not_know_is_not_taken_for_the_headline(site):
    """"Frankfurter Allgemeine" was the headline, and the real one, on the next line, was lost."""
    text = (f"Zum Inhalt springen\n{site}\nVolkswagen schließt drei Werke in Deutschland\n28. Oktober 2024\n"
            "Volkswagen will mindestens drei Werke in Deutschland schließen, sagte die Betriebsrätin.\n")
    cleaned = clean_document(text)
    assert cleaned.title == "Volkswagen schließt drei Werke in Deutschland"
    assert cleaned.body == text.splitlines()[-1]
    assert (site, "site name") in cleaned.dropped


@pytest.mark.parametrize("text, title", [
    ("Brand i Vejle\nTo personer er kommet til skade ved en brand i nat.\n", "Brand i Vejle"),
    ("Brand i Vejle\n24. oktober 2024\nTo personer er kommet til skade ved en brand i nat.\n", "Brand i Vejle"),
    ("Neue Regierung\nDie Koalition steht, sagte der Kanzler.\n", "Neue Regierung"),
    ("Storm Hits Coast\nThousands without power\nA storm hit the coast on Monday, leaving thousands without power.\n",
     "Storm Hits Coast"),                                   # a headline in title case: its words are the story's
])
def test_a_short_headline_stays_the_headline(text, title):
    cleaned = clean_document(text)
    assert cleaned.title == title
    assert cleaned.body == "\n\n".join(line for line in text.splitlines()[1:] if "2024" not in line)


def test_a_headline_like_line_below_the_headline_is_never_lost():
    text = ("Winter in Oslo\nKulda setter rekord i hele Østlandet\n"
            "Det var 25 kuldegrader i Oslo natt til mandag, opplyser Meteorologisk institutt.\n")
    cleaned = clean_document(text)
    assert cleaned.title == "Winter in Oslo"
    assert "Kulda setter rekord i hele Østlandet" in cleaned.body


@pytest.mark.parametrize("heading", ["Lees ook:", "Les også", "Mehr zum Thema", "Read more"])
def test_an_article_sentence_after_a_read_also_heading_is_no_teaser(heading):
    """"Lees ook:" and then a sentence of the article ending in a full stop: that sentence was dropped
    with the heading as a teaser block."""
    text = (f"Kabinet wil 2 miljard bezuinigen op onderwijs\n"
            "Het kabinet wil de komende jaren 2 miljard euro bezuinigen op onderwijs en onderzoek.\n"
            f"{heading}\nUniversiteiten protesteren tegen de plannen en dreigen met acties.\n"
            'De oppositie noemt de bezuinigingen "desastreus voor de kenniseconomie".\n')
    kept = paragraphs(text)
    assert kept == [line for line in text.splitlines()[1:] if line != heading]
    linked = text.replace(heading, f"{heading}\nStudenten gaan de straat op")     # a teaser link: it goes
    assert paragraphs(linked) == kept


@pytest.mark.parametrize("heading", ["Reacties (23)", "Reageer", "Kommentare", "12 Kommentare", "Kommentieren",
                                     "Kommentarer (4)", "Comments", "Comments (12)"])
def test_a_comment_section_ends_the_article(heading):
    text = ("Kabinet valt over asielwetten\n"
            "Het kabinet is gevallen. Premier Schoof heeft het ontslag van alle ministers aangeboden.\n"
            "De reacties in de Tweede Kamer waren verdeeld, zei een woordvoerder.\n"
            f"Deel dit artikel\n{heading}\nJan123: Eindelijk! Dit kabinet had nooit mogen beginnen.\n"
            "Pietje_K: Wat een chaos weer in Den Haag.\n")
    cleaned = clean_document(text)
    assert paragraphs(text) == text.splitlines()[1:3]        # the sentence with "reacties" stays
    assert ("Pietje_K: Wat een chaos weer in Den Haag.", "comment section") in cleaned.dropped


@pytest.mark.parametrize("headline", ["Ukraine sender 12.000 ton korn ad Donau",
                                      "Polizei erstattet Anzeige gegen 12 Demonstranten",
                                      "Super Bowl ad costs record $7m", "Werbung für Zigaretten wird verboten"])
def test_a_headline_with_the_word_for_an_advert_is_no_advert(headline):
    text = f"{headline}\nDer Text des Artikels steht hier, sagte ein Sprecher.\nAnzeige\n"
    cleaned = clean_document(text)
    assert cleaned.title == headline
    assert cleaned.dropped == [("Anzeige", "advertisement marker")]


@pytest.mark.parametrize("marker", ["Anzeige", "ANZEIGE", "Werbung", "Advertisement", "Ad", "Annonce", "Advertentie",
                                    "Reklame", "- Annonce -", "Advertisement:", "Annonse", "Werbung · Anzeige",
                                    "Advertisement - Scroll to continue"])
def test_an_advert_marker_alone_on_its_line_is_dropped(marker):
    text = f"Kop\nDe eerste zin van het artikel.\n{marker}\nDe tweede zin van het artikel.\n"
    assert paragraphs(text) == ["De eerste zin van het artikel.", "De tweede zin van het artikel."]


@pytest.mark.parametrize("notice", [
    "This article is for subscribers only. Subscribe for full access. Already a subscriber? Log in",
    "Dit artikel is alleen voor abonnees. Word abonnee of log in.",
    "Dieser Artikel ist nur für Abonnenten verfügbar.",
    "Denne artikel er kun for abonnenter. Køb abonnement",
    "Denne artikkelen er for abonnenter.",
])
def test_a_paywall_notice_is_not_article_text(notice):
    text = ("Nestlé chief executive ousted after sales slump\n"
            "Nestlé has replaced its chief executive after two years of weak sales, the Swiss food group said.\n"
            f"{notice}\nShare this article\n")
    cleaned = clean_document(text)
    assert paragraphs(text) == [text.splitlines()[1]]
    assert (notice, "paywall notice") in cleaned.dropped
